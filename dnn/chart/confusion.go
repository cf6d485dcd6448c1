package chart

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Confusion draws a confusion matrix as a heat map with the count in each
// cell: m.At(i, j) counts examples of true class i predicted as class j,
// rows top to bottom, columns left to right. classLabels names the classes
// (nil numbers them from 0).
func Confusion(m *mat.Dense, classLabels []string) *plot.Plot {
	p, err := confusion(m, classLabels)
	if err != nil {
		return errorPlot(err)
	}
	return p
}

func confusion(m *mat.Dense, classLabels []string) (*plot.Plot, error) {
	if m == nil || m.IsEmpty() {
		return nil, fmt.Errorf("chart: Confusion: no matrix")
	}
	r, c := m.Dims()
	switch {
	case r != c:
		return nil, fmt.Errorf("chart: Confusion: matrix is %d×%d, want a square one", r, c)
	case classLabels != nil && len(classLabels) != r:
		return nil, fmt.Errorf("chart: Confusion: %d labels for %d classes", len(classLabels), r)
	}
	n := r
	if classLabels == nil {
		classLabels = make([]string, n)
		for i := range classLabels {
			classLabels[i] = fmt.Sprint(i)
		}
	}
	var top float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := m.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("chart: Confusion: cell (%d, %d) is %v, not finite", i, j, v)
			}
			top = math.Max(top, v)
		}
	}
	p := bare("confusion matrix", "predicted", "true")
	h := newHandler()
	grid := &cells{n: n, fill: make([]color.Color, n*n)}
	labels := &plotter.Labels{}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := m.At(i, j)
			t := 0.0
			if top > 0 {
				t = v / top
			}
			grid.fill[i*n+j] = blues.at(t)
			ink := color.Color(color.Black)
			if t > 0.55 {
				ink = color.White
			}
			sty := textStyle(h, tickSize, draw.XCenter, draw.YCenter)
			sty.Color = ink
			labels.XYs = append(labels.XYs, plotter.XY{X: float64(j), Y: float64(n - 1 - i)})
			labels.Labels = append(labels.Labels, trimFloat(v, 'f', 2))
			labels.TextStyle = append(labels.TextStyle, sty)
		}
	}
	p.Add(grid, labels)
	xt, yt := make([]plot.Tick, n), make([]plot.Tick, n)
	for i, l := range classLabels {
		xt[i] = plot.Tick{Value: float64(i), Label: l}
		yt[i] = plot.Tick{Value: float64(n - 1 - i), Label: l}
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks(xt), plot.ConstantTicks(yt)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5, -0.5, float64(n)-0.5
	return p, nil
}

// cells draws an n×n heat map as one filled rectangle per cell, row i of
// the matrix at y = n-1-i, column j at x = j, each spanning ±0.5 around
// its tick. Vector rectangles stay aligned with the ticks whatever the
// canvas: a raster image (plotter.Image) was letterboxed by SVG viewers,
// which keep an <image>'s aspect ratio, so in SVG the cells slid off
// their ticks into a staircase.
type cells struct {
	n    int
	fill []color.Color // row-major, fill[i*n+j] for cell (i, j)
}

// seam widens each cell under its right and lower neighbours, so that the
// anti-aliased edges of two abutting fills do not let the white
// background show through as a faint line between them.
const seam = vg.Length(0.3)

// Plot implements plot.Plotter.
func (g *cells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := 0; i < g.n; i++ {
		y := float64(g.n - 1 - i)
		for j := 0; j < g.n; j++ {
			x := float64(j)
			x0, x1 := trX(x-0.5), trX(x+0.5)
			y0, y1 := trY(y-0.5), trY(y+0.5)
			if j < g.n-1 {
				x1 += seam
			}
			if i < g.n-1 {
				y0 -= seam
			}
			c.FillPolygon(g.fill[i*g.n+j], []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		}
	}
}

// DataRange implements plot.DataRanger: the cells' outer edges.
func (g *cells) DataRange() (xmin, xmax, ymin, ymax float64) {
	e := float64(g.n) - 0.5
	return -0.5, e, -0.5, e
}
