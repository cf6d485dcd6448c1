package symbols

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// module is the import path prefix of gocell's own packages.
const module = "github.com/gocell/gocell/"

// TestOwnPackagesFitYaegi checks gocell's own preloaded packages against the
// rules that let cells use all of their API through yaegi: no generic
// functions or types (yaegi extract skips them), no variadic parameters of
// an interface type (interpreted values cannot be passed in them), and no
// exported variables (a cell cannot assign a compiled package variable).
func TestOwnPackagesFitYaegi(t *testing.T) {
	for _, path := range ownPreloaded(t) {
		dir := filepath.Join("..", "..", strings.TrimPrefix(path, module))
		for _, problem := range yaegiProblems(t, dir) {
			t.Errorf("%s: %s", path, problem)
		}
	}
}

// ownPreloaded lists the packages.txt lines that name gocell's packages.
func ownPreloaded(t *testing.T) []string {
	f, err := os.Open("packages.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var paths []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, module) {
			paths = append(paths, line)
		}
	}
	if len(paths) == 0 {
		t.Fatal("packages.txt lists none of gocell's own packages")
	}
	return paths
}

// yaegiProblems parses the package in dir (tests excluded) and describes
// each exported declaration that breaks a rule.
func yaegiProblems(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var out []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			out = append(out, declProblems(decl)...)
		}
	}
	return out
}

func declProblems(decl ast.Decl) []string {
	var out []string
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if !d.Name.IsExported() {
			return nil
		}
		if d.Type.TypeParams != nil {
			out = append(out, "func "+d.Name.Name+" is generic")
		}
		if ps := d.Type.Params.List; len(ps) > 0 {
			if e, ok := ps[len(ps)-1].Type.(*ast.Ellipsis); ok && isInterface(e.Elt) {
				out = append(out, "func "+d.Name.Name+" is variadic in an interface type")
			}
		}
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				if s.Name.IsExported() && s.TypeParams != nil {
					out = append(out, "type "+s.Name.Name+" is generic")
				}
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.IsExported() && d.Tok == token.VAR {
						out = append(out, "exported variable "+n.Name)
					}
				}
			}
		}
	}
	return out
}

// isInterface reports whether a parameter type is an interface: a literal
// interface, any, or error.
func isInterface(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.InterfaceType:
		return true
	case *ast.Ident:
		return x.Name == "any" || x.Name == "error"
	}
	return false
}

func TestDeclProblems(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{"func F(xs ...float64) {}", 0},
		{"func F(xs ...interface{}) {}", 1},
		{"func F(xs ...any) {}", 1},
		{"func F[T any](x T) {}", 1},
		{"type G[T any] struct{ x T }", 1},
		{"var V = 1", 1},
		{"var v = 1", 0},
		{"const C = 1", 0},
		{"func f(xs ...any) {}", 0},
	}
	for _, tt := range tests {
		f, err := parser.ParseFile(token.NewFileSet(), "x.go", "package p\n"+tt.src, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := declProblems(f.Decls[0]); len(got) != tt.want {
			t.Errorf("%s: problems %q, want %d", tt.src, got, tt.want)
		}
	}
}
