package chart_test

import (
	"bytes"
	"image/png"
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
