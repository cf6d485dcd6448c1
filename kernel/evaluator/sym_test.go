package evaluator

import (
	"context"
	"strings"
	"testing"

	"github.com/gocell/gocell/kernel/symbols"
)

// Preloaded packages are imported by use, and an unavailable import lists
// them.
func TestPreloaded(t *testing.T) {
	s, err := New(Options{Symbols: symbols.Symbols})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct{ code, result, evalue string }{
		{"m := mat.NewDense(2, 2, []float64{1, 2, 3, 4})\nm.At(1, 1)", "4", ""},
		{"floats.Sum([]float64{1, 2})", "3", ""},
		{"draw.Src", "1", ""}, // image/draw, not vg/draw
		{"import \"gonum.org/v1/nope\"", "", "gonum.org/v1/gonum/floats, gonum.org/v1/gonum/mat"},
	} {
		o := run(t, s, c.code)
		if o.result != c.result || (c.evalue == "" && o.ename != "") || !strings.Contains(o.evalue, c.evalue) {
			t.Errorf("%q: result %q, error %s: %s", c.code, o.result, o.ename, o.evalue)
		}
	}
}

// Without the display layer's rendering, a gonum matrix shows as rows of
// numbers, with the corners of a large one.
func TestMatrixValue(t *testing.T) {
	noRich := func(any) (map[string]any, map[string]any, bool) { return nil, nil, false }
	s, err := New(Options{Symbols: symbols.Symbols, Rich: noRich})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct{ code, result string }{
		{"mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5.5, 6})", "2x3\n⎡1    2  3⎤\n⎣4  5.5  6⎦"},
		{"mat.NewVecDense(2, []float64{1, 2})", "2x1\n⎡1⎤\n⎣2⎦"},
		{"mat.NewDense(1, 12, nil)", "1x12\n[0  0  0  0  0  ...  0  0  0  0  0]"},
		{"mat.Formatted(mat.NewDense(1, 1, []float64{7}))", "[7]"},
	} {
		o := run(t, s, c.code)
		if o.result != c.result {
			t.Errorf("%s: result\n%s\nwant\n%s\n(%s %s)", c.code, o.result, c.result, o.ename, o.evalue)
		}
	}
}

// Inspecting a method of a variable's compiled type shows its doc.
func TestInspectCompiledMethod(t *testing.T) {
	s, err := New(Options{Symbols: symbols.Symbols})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	run(t, s, "m := mat.NewDense(1, 1, nil)\ntype P struct{}\n// Hello greets.\nfunc (P) Hello() {}\np := P{}")
	for _, c := range []struct{ code, want string }{
		{"m.Mul", "func (m *Dense) Mul(a, b Matrix)"},
		{"p.Hello", "Hello greets."},
	} {
		got, err := s.Inspect(context.Background(), c.code, len(c.code), 0)
		if err != nil || !got.Found {
			t.Fatalf("Inspect(%q) = %+v, %v", c.code, got, err)
		}
		if text, _ := got.Data.Data["text/plain"].(string); !strings.Contains(text, c.want) {
			t.Errorf("Inspect(%q) = %q, want %q in it", c.code, text, c.want)
		}
	}
}
