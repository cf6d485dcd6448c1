package display_test

import (
	"testing"

	"github.com/gocell/gocell/kernel/display"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

func benchPlot(b *testing.B) *plot.Plot {
	p := plot.New()
	p.Title.Text = "loss"
	xys := make(plotter.XYs, 1000)
	for i := range xys {
		xys[i].X, xys[i].Y = float64(i), 1/float64(i+1)
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		b.Fatal(err)
	}
	p.Add(l)
	return p
}

// BenchmarkRenderPlotPNG measures a 640×400 plot of 1000 points drawn at 2x,
// the cost of each redraw of a live loss curve.
func BenchmarkRenderPlotPNG(b *testing.B) {
	p := benchPlot(b)
	for b.Loop() {
		if _, _, err := display.RenderPlot(p, display.PlotOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderPlotSVG is the same plot as SVG.
func BenchmarkRenderPlotSVG(b *testing.B) {
	p := benchPlot(b)
	for b.Loop() {
		if _, _, err := display.RenderPlot(p, display.PlotOptions{SVG: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderMatrix renders a 1000×1000 matrix, which elision keeps
// cheap whatever the size.
func BenchmarkRenderMatrix(b *testing.B) {
	m := mat.NewDense(1000, 1000, nil)
	for b.Loop() {
		display.Render(m)
	}
}
