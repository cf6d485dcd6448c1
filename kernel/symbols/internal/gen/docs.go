package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"

	"github.com/gocell/gocell/kernel/symbols/internal/docfmt"
)

const (
	indexFile   = docfmt.IndexFile
	membersFile = docfmt.MembersFile
)

// maxValueLen bounds the initializer shown in a var or const signature; a
// longer one (a table literal) says nothing useful in a tooltip.
const maxValueLen = 120

// listed is what `go list` says about one package.
type listed struct {
	ImportPath string
	Name       string
	Dir        string
	GoFiles    []string
	Error      *struct{ Err string }
}

// buildDocs reads the sources of every standard library table and every
// extracted table and encodes their docs, members limited to the names the
// tables hold (what a cell can really use).
func buildDocs(dir string, extracted []table) (index, members []byte, err error) {
	tables := stdlibTables()
	for _, t := range extracted {
		tables[t.path] = t
	}
	paths := make([]string, 0, len(tables))
	for p := range tables {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	pkgs, err := goList(dir, paths)
	if err != nil {
		return nil, nil, err
	}
	var (
		entries []docfmt.Package
		lists   [][]docfmt.Member
	)
	for _, lp := range pkgs {
		if lp.Error != nil {
			return nil, nil, fmt.Errorf("gen: docs of %s: %s", lp.ImportPath, lp.Error.Err)
		}
		entry, ms, err := packageDocs(lp, tables[lp.ImportPath].names)
		if err != nil {
			return nil, nil, err
		}
		entries = append(entries, entry)
		lists = append(lists, ms)
	}
	if len(entries) != len(paths) {
		return nil, nil, fmt.Errorf("gen: go list answered for %d of %d packages", len(entries), len(paths))
	}
	return docfmt.Encode(runtime.Version(), entries, lists)
}

// goList asks the go command where each package's files are, with build
// constraints applied for this GOOS and GOARCH.
func goList(dir string, paths []string) ([]listed, error) {
	args := append([]string{"list", "-e", "-json=ImportPath,Name,Dir,GoFiles,Error"}, paths...)
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("gen: go list: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var pkgs []listed
	defer func() { sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].ImportPath < pkgs[j].ImportPath }) }()
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var lp listed
		if err := dec.Decode(&lp); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("gen: go list output: %w", err)
		}
		pkgs = append(pkgs, lp)
	}
	return pkgs, nil
}

func packageDocs(lp listed, names map[string]bool) (docfmt.Package, []docfmt.Member, error) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range lp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(lp.Dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return docfmt.Package{}, nil, fmt.Errorf("gen: docs of %s: %w", lp.ImportPath, err)
		}
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, lp.ImportPath)
	if err != nil {
		return docfmt.Package{}, nil, fmt.Errorf("gen: docs of %s: %w", lp.ImportPath, err)
	}
	m := memberList{fset: fset, names: names}
	m.values(p.Consts, "const")
	m.values(p.Vars, "var")
	m.funcs(p.Funcs, "")
	for _, t := range p.Types {
		if !names[t.Name] {
			// The type itself is not in the table (generic, say), but its
			// constructors and constants may be.
			m.values(t.Consts, "const")
			m.values(t.Vars, "var")
			m.funcs(t.Funcs, "")
			continue
		}
		m.typ(t)
	}
	sort.Slice(m.out, func(i, j int) bool { return m.out[i].Name < m.out[j].Name })
	entry := docfmt.Package{Path: lp.ImportPath, Name: p.Name, Synopsis: p.Synopsis(p.Doc), Doc: p.Doc}
	return entry, m.out, nil
}

// memberList collects one package's members.
type memberList struct {
	fset  *token.FileSet
	names map[string]bool
	out   []docfmt.Member
}

func (m *memberList) add(name, kind, sig, text string) {
	m.out = append(m.out, docfmt.Member{Name: name, Kind: kind, Signature: sig, Doc: strings.TrimSpace(text)})
}

func (m *memberList) print(n any) string {
	var b strings.Builder
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&b, m.fset, n); err != nil {
		return ""
	}
	return b.String()
}

// funcs adds functions, or methods of recv when recv is not empty.
func (m *memberList) funcs(fs []*doc.Func, recv string) {
	for _, f := range fs {
		name := f.Name
		kind := "func"
		if recv != "" {
			name, kind = recv+"."+f.Name, "method"
		} else if !m.names[f.Name] {
			continue
		}
		decl := *f.Decl
		decl.Doc, decl.Body = nil, nil
		m.add(name, kind, m.print(&decl), f.Doc)
	}
}

func (m *memberList) values(vs []*doc.Value, kind string) {
	tok := token.CONST
	if kind == "var" {
		tok = token.VAR
	}
	for _, v := range vs {
		var typ ast.Expr // an iota group's later specs inherit the type
		for _, s := range v.Decl.Specs {
			spec, ok := s.(*ast.ValueSpec)
			if !ok {
				continue
			}
			if spec.Type != nil {
				typ = spec.Type
			} else if len(spec.Values) > 0 {
				typ = nil
			}
			// A spec's own comment is the more specific; the group's doc
			// follows it, as it often explains what the group is for.
			text := v.Doc
			var own *ast.CommentGroup
			if own = spec.Doc; own == nil {
				own = spec.Comment
			}
			if own != nil {
				text = strings.TrimSpace(own.Text() + "\n" + v.Doc)
			}
			for i, id := range spec.Names {
				if !id.IsExported() || !m.names[id.Name] {
					continue
				}
				one := &ast.ValueSpec{Names: []*ast.Ident{id}, Type: typ}
				if spec.Type != nil {
					one.Type = spec.Type
				}
				if len(spec.Values) == len(spec.Names) {
					one.Values = []ast.Expr{spec.Values[i]}
					if len(m.print(spec.Values[i])) > maxValueLen {
						one.Values = nil
					}
				}
				m.add(id.Name, kind, m.print(&ast.GenDecl{Tok: tok, Specs: []ast.Spec{one}}), text)
			}
		}
	}
}

func (m *memberList) typ(t *doc.Type) {
	for _, s := range t.Decl.Specs {
		spec, ok := s.(*ast.TypeSpec)
		if !ok || spec.Name.Name != t.Name {
			continue
		}
		one := *spec
		one.Doc, one.Comment = nil, nil
		m.add(t.Name, "type", m.print(&ast.GenDecl{Tok: token.TYPE, Specs: []ast.Spec{&one}}), t.Doc)
		switch u := spec.Type.(type) {
		case *ast.StructType:
			m.fields(t.Name, u.Fields)
		case *ast.InterfaceType:
			m.ifaceMethods(t.Name, u.Methods)
		}
	}
	m.values(t.Consts, "const")
	m.values(t.Vars, "var")
	m.funcs(t.Funcs, "")
	m.funcs(t.Methods, t.Name)
}

func fieldText(f *ast.Field) string {
	if f.Doc != nil {
		return f.Doc.Text()
	}
	if f.Comment != nil {
		return f.Comment.Text()
	}
	return ""
}

func (m *memberList) fields(typeName string, fl *ast.FieldList) {
	for _, f := range fl.List {
		typ := m.print(f.Type)
		if len(f.Names) == 0 { // embedded: the field is named after its type
			name := embeddedName(f.Type)
			if ast.IsExported(name) {
				m.add(typeName+"."+name, "field", typ, fieldText(f))
			}
			continue
		}
		for _, id := range f.Names {
			if id.IsExported() {
				m.add(typeName+"."+id.Name, "field", id.Name+" "+typ, fieldText(f))
			}
		}
	}
}

func embeddedName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return embeddedName(x.X)
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return embeddedName(x.X)
	case *ast.IndexListExpr:
		return embeddedName(x.X)
	}
	return ""
}

// ifaceMethods lists an interface's methods as "I.M" with a receiver of the
// interface type, so completion after a value of it works like for a struct.
func (m *memberList) ifaceMethods(typeName string, fl *ast.FieldList) {
	for _, f := range fl.List {
		ft, ok := f.Type.(*ast.FuncType)
		if !ok {
			continue // an embedded interface or a constraint term
		}
		for _, id := range f.Names {
			if !id.IsExported() {
				continue
			}
			decl := &ast.FuncDecl{
				Recv: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent(typeName)}}},
				Name: id,
				Type: ft,
			}
			m.add(typeName+"."+id.Name, "method", m.print(decl), fieldText(f))
		}
	}
}

// compareDocs compares the docs on disk (curIndex and dir's members file)
// with freshly generated ones, decoded; it returns "" when they agree.
func compareDocs(curIndex, newIndex []byte, dir string, newMembers []byte) string {
	cur, err := docfmt.DecodeIndex(curIndex)
	if err != nil {
		return indexFile + ": unreadable: " + err.Error()
	}
	fresh, err := docfmt.DecodeIndex(newIndex)
	if err != nil {
		return "generated docs unreadable: " + err.Error()
	}
	curMembers, err := os.ReadFile(filepath.Join(dir, membersFile))
	if err != nil {
		return membersFile + ": missing"
	}
	note := ""
	if cur.GoVersion != fresh.GoVersion {
		note = fmt.Sprintf(" (docs on disk are from %s, this is %s)", cur.GoVersion, fresh.GoVersion)
	}
	byPath := map[string]docfmt.Package{}
	for _, p := range cur.Packages {
		byPath[p.Path] = p
	}
	var diffs []string
	for _, np := range fresh.Packages {
		cp, ok := byPath[np.Path]
		delete(byPath, np.Path)
		if !ok {
			diffs = append(diffs, np.Path+" missing")
			continue
		}
		if cp.Name != np.Name || cp.Synopsis != np.Synopsis || cp.Doc != np.Doc {
			diffs = append(diffs, np.Path+" package doc differs")
			continue
		}
		cm, err1 := docfmt.DecodeMembers(curMembers, cp)
		nm, err2 := docfmt.DecodeMembers(newMembers, np)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(cm, nm) {
			diffs = append(diffs, np.Path+" members differ")
		}
	}
	for p := range byPath {
		diffs = append(diffs, p+" left over")
	}
	if len(diffs) == 0 {
		return ""
	}
	sort.Strings(diffs)
	if len(diffs) > 5 {
		diffs = append(diffs[:5], fmt.Sprintf("and %d more", len(diffs)-5))
	}
	return "docs out of date" + note + ": " + strings.Join(diffs, ", ")
}
