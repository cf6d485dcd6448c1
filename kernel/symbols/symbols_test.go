package symbols

import (
	"bufio"
	"bytes"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// listed reads packages.txt the way the generator does.
func listed(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("packages.txt")
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if line = strings.TrimSpace(line); line != "" {
			paths = append(paths, line)
		}
	}
	return paths
}

func TestEveryListedPackageHasATableAndDocs(t *testing.T) {
	exports := Exports()
	for _, p := range listed(t) {
		found := false
		for key, syms := range exports {
			if strings.HasPrefix(key, p+"/") && !strings.Contains(key[len(p)+1:], "/") && len(syms) > 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no symbol table in Exports()", p)
		}
		pkg, ok := Lookup(p)
		if !ok || len(pkg.Members) == 0 {
			t.Errorf("%s: no docs", p)
		}
	}
	for key := range stdlib.Symbols {
		if _, ok := exports[key]; !ok {
			t.Errorf("Exports() lacks standard library table %s", key)
		}
	}
}

func TestPackages(t *testing.T) {
	pkgs := Packages()
	want := map[string]string{
		"fmt":                        "fmt",
		"math/rand":                  "rand",
		"gonum.org/v1/gonum/mat":     "mat",
		"gonum.org/v1/plot/vg/vgimg": "vgimg",
	}
	for i, p := range pkgs {
		if p.Members != nil {
			t.Errorf("Packages()[%d] (%s) carries members", i, p.Path)
		}
		if i > 0 && pkgs[i-1].Path >= p.Path {
			t.Errorf("not sorted: %s before %s", pkgs[i-1].Path, p.Path)
		}
		if name, ok := want[p.Path]; ok {
			if p.Name != name || !strings.HasPrefix(p.Synopsis, "Package "+name+" ") || !strings.HasPrefix(p.Doc, "Package "+name+" ") {
				t.Errorf("%s: name %q synopsis %q doc %.40q", p.Path, p.Name, p.Synopsis, p.Doc)
			}
			delete(want, p.Path)
		}
	}
	for p := range want {
		t.Errorf("Packages() lacks %s", p)
	}
	if _, ok := Lookup("no/such/pkg"); ok {
		t.Error("Lookup of an unknown path succeeded")
	}
	if _, ok := LookupMember("fmt", "NoSuchFunc"); ok {
		t.Error("LookupMember of an unknown name succeeded")
	}
	// Generic functions are not in yaegi's tables, so not in the docs.
	if _, ok := LookupMember("slices", "Sort"); ok {
		t.Error("slices.Sort is documented but yaegi cannot call it")
	}
}

func TestLookupReturnsACopy(t *testing.T) {
	p, _ := Lookup("fmt")
	p.Members[0].Name = "changed"
	q, _ := Lookup("fmt")
	if q.Members[0].Name == "changed" {
		t.Error("a caller's change to Lookup's result leaked into the docs")
	}
}

// The cell a first lesson runs: a matrix product and a line plot rendered
// to PNG bytes, all through the preloaded tables.
const plotCell = `
import (
	"bytes"
	"fmt"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

func render() ([]byte, string) {
	a := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	var c mat.Dense
	c.Mul(a, a)
	p := plot.New()
	p.Title.Text = "x^2"
	pts := make(plotter.XYs, 10)
	for i := range pts {
		pts[i].X = float64(i)
		pts[i].Y = float64(i * i)
	}
	line, err := plotter.NewLine(pts)
	if err != nil {
		panic(err)
	}
	p.Add(line)
	w, err := p.WriterTo(3*vg.Inch, 2*vg.Inch, "png")
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		panic(err)
	}
	return buf.Bytes(), fmt.Sprint(mat.Formatted(&c), " ", floats.Sum(c.RawMatrix().Data))
}
`

func TestInterpreterRunsAPlotCell(t *testing.T) {
	i := interp.New(interp.Options{})
	if err := i.Use(Exports()); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(plotCell); err != nil {
		t.Fatalf("cell: %v", err)
	}
	v, err := i.Eval("render")
	if err != nil {
		t.Fatal(err)
	}
	render, ok := v.Interface().(func() ([]byte, string))
	if !ok {
		t.Fatalf("render is %T", v.Interface())
	}
	pngBytes, text := render()
	if want := "⎡ 7  10⎤\n⎣15  22⎦ 54"; text != want {
		t.Errorf("matrix product: got %q, want %q", text, want)
	}
	img, err := png.Decode(bytes.NewReader(pngBytes))
	if err != nil {
		t.Fatalf("rendered bytes are not a PNG: %v", err)
	}
	// 3x2 inches at vgimg's default 96 dpi.
	if b := img.Bounds(); b.Dx() != 288 || b.Dy() != 192 {
		t.Errorf("image is %dx%d, want 288x192", b.Dx(), b.Dy())
	}
}
