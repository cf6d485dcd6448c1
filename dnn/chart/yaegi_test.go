package chart_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"image/png"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/gocell/gocell/kernel/symbols"
)

// TestCellsUseChart runs the helpers from interpreted code, as cells do,
// including Go functions defined in the cell (Contour's f and
// DecisionBoundary's predict) and plots passed from one helper to another.
func TestCellsUseChart(t *testing.T) {
	i := interp.New(interp.Options{})
	// The kernel's own generated preload tables: what a cell sees.
	if err := i.Use(symbols.Exports()); err != nil {
		t.Fatal(err)
	}
	cells := []string{
		`import "github.com/gocell/gocell/dnn/chart"`,
		`losses := []float64{2.3, 1.7, 1.2, 0.9, 0.7, 0.6}`,
		`loss := chart.Loss(losses, 2)`,
		`f := func(x, y float64) float64 { return x*x/20 + y*y }`,
		`c := chart.Contour(f, -10, 10, -5, 5, chart.Path{Name: "SGD", X: []float64{-7, -6}, Y: []float64{2, -1}})`,
		`pred := func(x, y float64) int { if x > 0 { return 1 }; return 0 }`,
		`d := chart.DecisionBoundary(pred, []float64{-1, 1}, []float64{0, 0}, []int{0, 1})`,
		`g := chart.GridOf(2, loss, c, d)`,
		`g.Title = "学習"`,
		`h := chart.Lines("t", "x", "y", chart.Series{Name: "a", Y: []float64{1, 2}}, chart.Series{Name: "b", Y: []float64{2, 1}})`,
	}
	for _, c := range cells {
		if _, err := i.Eval(c); err != nil {
			t.Fatalf("cell %q: %v", c, err)
		}
	}
	for _, tc := range []struct{ expr, want string }{
		{`g.MIMEBundle()["text/plain"]`, `chart.Grid 2x2 "学習"`},
		{`c.Title.Text`, ``}, // no error title: Contour drew f
		{`d.Title.Text`, ``},
		{`chart.DecisionBoundary(nil, nil, nil, nil).Title.Text`, `chart: DecisionBoundary: nil predict function`},
	} {
		v, err := i.Eval(tc.expr)
		if err != nil {
			t.Fatalf("%s: %v", tc.expr, err)
		}
		if got := v.Interface(); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.expr, got, tc.want)
		}
	}
	if _, err := i.Eval(`b, perr := chart.PNG(h, 0, 0, 96)`); err != nil {
		t.Fatal(err)
	}
	if v, err := i.Eval(`perr`); err != nil || !v.IsNil() {
		t.Fatalf("PNG from a cell: %v %v", v, err)
	}
	v, err := i.Eval(`b`)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := v.Interface().([]byte)
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("PNG from a cell: %v", err)
	}
	if img.Bounds().Dx() != 576 {
		t.Errorf("PNG from a cell is %v, want 576 pixels wide (6 in at 96 dpi)", img.Bounds())
	}
}

// TestAPIFitsYaegi checks the rules for preloaded packages: no generics,
// no variadic interface parameters, no exported variables; and that the
// generated symbol table is up to date with the exported names.
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
						if _, isIface := e.Elt.(*ast.InterfaceType); isIface {
							t.Errorf("%s is variadic in an interface type", d.Name)
						}
						if id, ok := e.Elt.(*ast.Ident); ok && id.Name == "any" {
							t.Errorf("%s is variadic in any", d.Name)
						}
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
	for name := range symbols.Symbols["github.com/gocell/gocell/dnn/chart/chart"] {
		if !strings.HasPrefix(name, "_") {
			table = append(table, name)
		}
	}
	sort.Strings(table)
	if !reflect.DeepEqual(names, table) {
		t.Errorf("symbol table out of date (go generate ./kernel/symbols):\nexported %v\ntable    %v", names, table)
	}
}
