package chart

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Path is a sequence of points drawn over a contour, such as the steps an
// optimizer took. Name, when not empty, is its legend entry.
type Path struct {
	Name string
	X, Y []float64
}

// contourSteps is the number of grid points along each axis f is sampled
// at; contourLevels the number of contour lines.
const (
	contourSteps  = 120
	contourLevels = 10
)

// Contour draws contour lines of f over [xmin, xmax]×[ymin, ymax] and the
// paths over them as lines with a marker at every point, in the colour
// cycle starting at red, as the lessons compare optimizers on
// f(x, y) = x²/20 + y². The levels are evenly spaced in the square root of
// f's range above its minimum, so that a bowl shows rings evenly spaced
// instead of crowded at its rim. A cross marks the grid's lowest point.
func Contour(f func(x, y float64) float64, xmin, xmax, ymin, ymax float64, paths ...Path) *plot.Plot {
	p, err := contour(f, xmin, xmax, ymin, ymax, paths)
	if err != nil {
		return errorPlot(err)
	}
	return p
}

func contour(f func(x, y float64) float64, xmin, xmax, ymin, ymax float64, paths []Path) (p *plot.Plot, err error) {
	if f == nil {
		return nil, fmt.Errorf("chart: Contour: nil function")
	}
	if !finiteRange(xmin, xmax) || !finiteRange(ymin, ymax) {
		return nil, fmt.Errorf("chart: Contour: [%v, %v]×[%v, %v] is not a finite area", xmin, xmax, ymin, ymax)
	}
	g := sample(f, xmin, xmax, ymin, ymax)
	if err := g.err; err != nil {
		return nil, fmt.Errorf("chart: Contour: %w", err)
	}
	p = New("", "x", "y")
	levels := make([]float64, contourLevels)
	for i := range levels {
		t := float64(i+1) / float64(contourLevels+1)
		levels[i] = g.lo + (g.hi-g.lo)*t*t
	}
	c := plotter.NewContour(g, levels, pal(viridis.colors(contourLevels)))
	c.LineStyles = []draw.LineStyle{lineStyle(nil, 1)}
	p.Add(c)
	min := &plotter.Scatter{XYs: plotter.XYs{{X: g.xs[g.minC], Y: g.ys[g.minR]}},
		GlyphStyle: draw.GlyphStyle{Color: axisColor, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}}
	p.Add(min)
	var names []string
	var thumbs [][]plot.Thumbnailer
	for i, path := range paths {
		xy, err := seriesXYs(Series{X: path.X, Y: path.Y})
		if err != nil || path.X == nil {
			if err == nil {
				err = fmt.Errorf("no X values")
			}
			return nil, fmt.Errorf("chart: Contour: path %d (%q): %w", i, path.Name, err)
		}
		col := Color(3 + i)
		l := &plotter.Line{XYs: xy, LineStyle: lineStyle(col, 1.2)}
		s := &plotter.Scatter{XYs: xy, GlyphStyle: draw.GlyphStyle{Color: col, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}}
		p.Add(l, s)
		names = append(names, path.Name)
		thumbs = append(thumbs, []plot.Thumbnailer{l, s})
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	addLegend(p, names, thumbs)
	return p, nil
}

func finiteRange(lo, hi float64) bool {
	return !math.IsInf(lo, 0) && !math.IsInf(hi, 0) && lo < hi
}

// funcGrid is f sampled on a regular grid: a plotter.GridXYZ.
type funcGrid struct {
	xs, ys     []float64
	z          [][]float64 // z[row][col], row along y
	lo, hi     float64
	minR, minC int
	err        error
}

func sample(f func(x, y float64) float64, xmin, xmax, ymin, ymax float64) (g *funcGrid) {
	g = &funcGrid{xs: linspace(xmin, xmax, contourSteps), ys: linspace(ymin, ymax, contourSteps)}
	defer func() {
		if r := recover(); r != nil {
			g.err = fmt.Errorf("the function panicked: %v", r)
		}
	}()
	g.lo, g.hi = math.Inf(1), math.Inf(-1)
	g.z = make([][]float64, len(g.ys))
	for r, y := range g.ys {
		g.z[r] = make([]float64, len(g.xs))
		for c, x := range g.xs {
			v := f(x, y)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				g.err = fmt.Errorf("f(%v, %v) = %v, not finite", x, y, v)
				return g
			}
			g.z[r][c] = v
			if v < g.lo {
				g.lo, g.minR, g.minC = v, r, c
			}
			g.hi = math.Max(g.hi, v)
		}
	}
	if g.lo == g.hi {
		g.err = fmt.Errorf("f is constant (%v) over the area", g.lo)
	}
	return g
}

func linspace(lo, hi float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = lo + (hi-lo)*float64(i)/float64(n-1)
	}
	return out
}

// Dims implements plotter.GridXYZ.
func (g *funcGrid) Dims() (c, r int) { return len(g.xs), len(g.ys) }

// Z implements plotter.GridXYZ.
func (g *funcGrid) Z(c, r int) float64 { return g.z[r][c] }

// X implements plotter.GridXYZ.
func (g *funcGrid) X(c int) float64 { return g.xs[c] }

// Y implements plotter.GridXYZ.
func (g *funcGrid) Y(r int) float64 { return g.ys[r] }
