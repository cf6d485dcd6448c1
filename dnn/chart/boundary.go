package chart

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// boundarySteps is the resolution of the class map behind the data: fine
// enough for smooth edges, few enough calls (22,500) that a predict
// function interpreted in a cell still answers within a second.
const boundarySteps = 150

// DecisionBoundary shows a classifier of 2-D points: the area around the
// data (xs[i], ys[i]) is coloured by the class predict gives at each point,
// in light shades of the colour cycle, and the data are drawn over it in
// full colour by their labels, so that misclassified points stand out.
// Classes are small non-negative integers (class k gets colour k).
func DecisionBoundary(predict func(x, y float64) int, xs, ys []float64, labels []int) *plot.Plot {
	p, err := decisionBoundary(predict, xs, ys, labels)
	if err != nil {
		return errorPlot(err)
	}
	return p
}

func decisionBoundary(predict func(x, y float64) int, xs, ys []float64, labels []int) (p *plot.Plot, err error) {
	switch {
	case predict == nil:
		return nil, fmt.Errorf("chart: DecisionBoundary: nil predict function")
	case len(xs) == 0:
		return nil, fmt.Errorf("chart: DecisionBoundary: no points")
	case len(ys) != len(xs) || len(labels) != len(xs):
		return nil, fmt.Errorf("chart: DecisionBoundary: %d xs, %d ys and %d labels; want as many of each", len(xs), len(ys), len(labels))
	}
	classes := 0
	for i, l := range labels {
		if l < 0 {
			return nil, fmt.Errorf("chart: DecisionBoundary: label %d is %d, want a class ≥ 0", i, l)
		}
		classes = max(classes, l+1)
	}
	xmin, xmax, err := padRange(xs)
	if err != nil {
		return nil, fmt.Errorf("chart: DecisionBoundary: x: %w", err)
	}
	ymin, ymax, err := padRange(ys)
	if err != nil {
		return nil, fmt.Errorf("chart: DecisionBoundary: y: %w", err)
	}
	img, err := classMap(predict, xmin, xmax, ymin, ymax)
	if err != nil {
		return nil, err
	}
	p = New("", "x1", "x2")
	p.Add(&fitImage{img: img, xmin: xmin, ymin: ymin, xmax: xmax, ymax: ymax})
	var names []string
	var thumbs [][]plot.Thumbnailer
	for k := 0; k < classes; k++ {
		var xy plotter.XYs
		for i, l := range labels {
			if l == k {
				xy = append(xy, plotter.XY{X: xs[i], Y: ys[i]})
			}
		}
		if len(xy) == 0 {
			continue
		}
		s := &plotter.Scatter{XYs: xy, GlyphStyle: draw.GlyphStyle{Color: Color(k), Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}}
		ring := &plotter.Scatter{XYs: xy, GlyphStyle: draw.GlyphStyle{Color: color.White, Radius: vg.Points(2.5), Shape: draw.RingGlyph{}}}
		p.Add(s, ring)
		names = append(names, fmt.Sprintf("class %d", k))
		thumbs = append(thumbs, []plot.Thumbnailer{s})
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	addLegend(p, names, thumbs)
	return p, nil
}

// padRange returns the range of vs widened by a tenth on each side.
func padRange(vs []float64) (lo, hi float64, err error) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for i, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, 0, fmt.Errorf("value %d is %v, not finite", i, v)
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	pad := (hi - lo) * 0.1
	if pad == 0 {
		pad = 1
	}
	return lo - pad, hi + pad, nil
}

// classMap colours a grid over the area by predict's class at each cell's
// centre; image row 0 is the top (ymax) edge.
func classMap(predict func(x, y float64) int, xmin, xmax, ymin, ymax float64) (img *image.RGBA, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("chart: DecisionBoundary: predict panicked: %v", r)
		}
	}()
	n := boundarySteps
	img = image.NewRGBA(image.Rect(0, 0, n, n))
	for row := 0; row < n; row++ {
		y := ymax - (float64(row)+0.5)*(ymax-ymin)/float64(n)
		for col := 0; col < n; col++ {
			x := xmin + (float64(col)+0.5)*(xmax-xmin)/float64(n)
			k := predict(x, y)
			c := color.RGBA{0xf0, 0xf0, 0xf0, 0xff} // no class
			if k >= 0 {
				c = tint(tab10[k%len(tab10)], 0.3)
			}
			img.SetRGBA(col, row, c)
		}
	}
	return img, nil
}

// tint mixes c with white, keeping the fraction f of c.
func tint(c color.RGBA, f float64) color.RGBA {
	m := func(v uint8) uint8 { return uint8(math.Round(255 - f*(255-float64(v)))) }
	return color.RGBA{m(c.R), m(c.G), m(c.B), 0xff}
}
