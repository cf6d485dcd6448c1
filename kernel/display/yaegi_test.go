package display_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/gocell/gocell/kernel/symbols"
)

// Cells see the package through the kernel's generated preload tables
// (package symbols); these tests use the same tables.

// newInterp returns an interpreter with the standard library and this
// package loaded and imported, as a cell has them.
func newInterp(t *testing.T) *interp.Interpreter {
	t.Helper()
	i := interp.New(interp.Options{})
	if err := i.Use(symbols.Exports()); err != nil {
		t.Fatal(err)
	}
	for _, imp := range []string{`import "fmt"`, `import "github.com/gocell/gocell/kernel/display"`} {
		if _, err := i.Eval(imp); err != nil {
			t.Fatalf("%s: %v", imp, err)
		}
	}
	return i
}

func TestCellCallsDisplay(t *testing.T) {
	r, errs := record(t)
	i := newInterp(t)
	cells := []string{
		`display.HTML("<b>こんにちは</b>")`,
		`h := display.NewHandle()`,
		`for k := 1; k <= 3; k++ { h.Text(fmt.Sprint("epoch ", k)) }`,
		`display.Show(display.Table{Header: []string{"k"}, Rows: [][]interface{}{{1}, {2}}})`,
		`display.Clear(true)`,
	}
	for _, c := range cells {
		if _, err := i.Eval(c); err != nil {
			t.Fatalf("cell %q: %v", c, err)
		}
	}
	v, err := i.Eval(`h.ID()`)
	if err != nil {
		t.Fatal(err)
	}
	id := v.String()

	got := r.got()
	if len(got) != 5 {
		t.Fatalf("%d displays, want 5: %+v", len(got), got)
	}
	if got[0].Data["text/html"] != "<b>こんにちは</b>" || got[0].ID != "" {
		t.Errorf("HTML display %+v", got[0])
	}
	for k, d := range got[1:4] {
		want := "epoch " + string(rune('1'+k))
		if d.ID != id || d.Update != (k > 0) || d.Data["text/plain"] != want {
			t.Errorf("handle output %d: id %q update %v text %q, want %q %v %q",
				k, d.ID, d.Update, d.Data["text/plain"], id, k > 0, want)
		}
	}
	if html, _ := got[4].Data["text/html"].(string); !strings.Contains(html, "<th>k</th>") {
		t.Errorf("table display %+v", got[4])
	}
	if len(r.clears) != 1 || !r.clears[0] {
		t.Errorf("clears %v, want [true]", r.clears)
	}
	if errs.Len() > 0 {
		t.Errorf("error reports: %s", errs)
	}
}

// TestCellRender checks that a cell gets a rich bundle back from Render
// and a rich display from Show of a compiled value.
func TestCellRender(t *testing.T) {
	r, _ := record(t)
	i := newInterp(t)
	v, err := i.Eval(`
	data, _, ok := display.Render(display.Table{Header: []string{"層"}, Rows: [][]interface{}{{"出力層"}}})
	display.Show(data["text/plain"])
	ok`)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := v.Interface().(bool); !ok {
		t.Errorf("Render in a cell gave ok %v", v)
	}
	if d := only(t, r); d.Data["text/plain"] != "層\n------\n出力層" {
		t.Errorf("the cell showed %q", d.Data["text/plain"])
	}
}

// TestAPIFitsYaegi checks the package's exported API against the rules for
// preloaded packages (no exported variables, no generics, no variadic
// interface parameters) and that the generated table is up to date (run
// go generate when it fails).
func TestAPIFitsYaegi(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var names []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				if d.Type.TypeParams != nil {
					t.Errorf("%s is generic", d.Name)
				}
				if ps := d.Type.Params.List; len(ps) > 0 {
					if e, ok := ps[len(ps)-1].Type.(*ast.Ellipsis); ok {
						t.Errorf("%s is variadic in %s", d.Name, typeName(e.Elt))
					}
				}
				if d.Recv == nil {
					names = append(names, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							names = append(names, s.Name.Name)
							if s.TypeParams != nil {
								t.Errorf("type %s is generic", s.Name)
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() && d.Tok == token.VAR {
								t.Errorf("exported variable %s", n)
							}
							if n.IsExported() {
								names = append(names, n.Name)
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(names)
	var table []string
	for name := range symbols.Symbols["github.com/gocell/gocell/kernel/display/display"] {
		if !strings.HasPrefix(name, "_") {
			table = append(table, name)
		}
	}
	sort.Strings(table)
	if !reflect.DeepEqual(names, table) {
		t.Errorf("the yaegi table is stale (run go generate ./kernel/symbols):\n source %v\n  table %v", names, table)
	}
}

// typeName names an expression's type for messages.
func typeName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return "a composite type"
}
