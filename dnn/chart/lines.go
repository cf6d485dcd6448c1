package chart

import (
	"fmt"
	"image/color"
	"math"

	"github.com/gocell/gocell/dnn"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one line of a chart. X nil means 0, 1, 2, ... as long as Y.
// Name, when not empty, is its legend entry.
type Series struct {
	Name string
	X, Y []float64
}

// Lines draws one or more series as lines in the colour cycle, with a
// legend of the named ones.
func Lines(title, xlabel, ylabel string, series ...Series) *plot.Plot {
	p, err := lines(title, xlabel, ylabel, series)
	if err != nil {
		return errorPlot(err)
	}
	return p
}

func lines(title, xlabel, ylabel string, series []Series) (*plot.Plot, error) {
	p := New(title, xlabel, ylabel)
	var names []string
	var thumbs [][]plot.Thumbnailer
	for i, s := range series {
		xy, err := seriesXYs(s)
		if err != nil {
			return nil, fmt.Errorf("chart: Lines: series %d (%q): %w", i, s.Name, err)
		}
		l := &plotter.Line{XYs: xy, LineStyle: lineStyle(Color(i), 1.5)}
		p.Add(l)
		names = append(names, s.Name)
		thumbs = append(thumbs, []plot.Thumbnailer{l})
	}
	margin(p, 0.03, 0.05)
	addLegend(p, names, thumbs)
	return p, nil
}

// seriesXYs checks a series and returns its points.
func seriesXYs(s Series) (plotter.XYs, error) {
	if len(s.Y) == 0 {
		return nil, fmt.Errorf("no Y values")
	}
	if s.X != nil && len(s.X) != len(s.Y) {
		return nil, fmt.Errorf("%d X values but %d Y values", len(s.X), len(s.Y))
	}
	xy := make(plotter.XYs, len(s.Y))
	for i, y := range s.Y {
		x := float64(i)
		if s.X != nil {
			x = s.X[i]
		}
		if math.IsInf(x, 0) || math.IsNaN(x) || math.IsInf(y, 0) || math.IsNaN(y) {
			return nil, fmt.Errorf("point %d is (%v, %v), not finite", i, x, y)
		}
		xy[i] = plotter.XY{X: x, Y: y}
	}
	return xy, nil
}

func lineStyle(c color.Color, width float64) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(width)}
}

// faded returns c at the given opacity.
func faded(c color.Color, alpha float64) color.Color {
	r, g, b, _ := c.RGBA()
	a := alpha * 0xffff
	return color.RGBA64{uint16(float64(r) * alpha), uint16(float64(g) * alpha), uint16(float64(b) * alpha), uint16(a)}
}

// Loss draws a loss curve against the iteration: the raw losses faint, and
// over them their moving average over smooth iterations (smooth ≤ 1 draws
// the raw curve only, in full colour).
func Loss(losses []float64, smooth int) *plot.Plot {
	p, err := loss(losses, smooth)
	if err != nil {
		return errorPlot(err)
	}
	return p
}

func loss(losses []float64, smooth int) (*plot.Plot, error) {
	p := New("loss", "iteration", "loss")
	raw, err := seriesXYs(Series{Y: losses})
	if err != nil {
		return nil, fmt.Errorf("chart: Loss: %w", err)
	}
	if smooth <= 1 {
		p.Add(&plotter.Line{XYs: raw, LineStyle: lineStyle(Color(0), 1.5)})
		margin(p, 0.02, 0.05)
		return p, nil
	}
	faint := &plotter.Line{XYs: raw, LineStyle: lineStyle(faded(Color(0), 0.3), 1)}
	sm, _ := seriesXYs(Series{Y: dnn.Smooth(losses, smooth)})
	line := &plotter.Line{XYs: sm, LineStyle: lineStyle(Color(0), 2)}
	p.Add(faint, line)
	margin(p, 0.02, 0.05)
	addLegend(p, []string{"raw", fmt.Sprintf("mean of %d", smooth)},
		[][]plot.Thumbnailer{{faint}, {line}})
	return p, nil
}

// Accuracy draws train and test accuracy per epoch (epoch 1 is the first
// value) on a 0–1 scale, with markers, as the lessons do after training.
// Either may be nil.
func Accuracy(train, test []float64) *plot.Plot {
	p, err := accuracy(train, test)
	if err != nil {
		return errorPlot(err)
	}
	return p
}

func accuracy(train, test []float64) (*plot.Plot, error) {
	if len(train) == 0 && len(test) == 0 {
		return nil, fmt.Errorf("chart: Accuracy: no values")
	}
	p := New("accuracy", "epoch", "accuracy")
	var names []string
	var thumbs [][]plot.Thumbnailer
	for i, s := range []struct {
		name  string
		ys    []float64
		glyph draw.GlyphDrawer
	}{{"train", train, draw.CircleGlyph{}}, {"test", test, draw.SquareGlyph{}}} {
		if len(s.ys) == 0 {
			continue
		}
		xs := make([]float64, len(s.ys))
		for j := range xs {
			xs[j] = float64(j + 1)
		}
		xy, err := seriesXYs(Series{X: xs, Y: s.ys})
		if err != nil {
			return nil, fmt.Errorf("chart: Accuracy: %s: %w", s.name, err)
		}
		l := &plotter.Line{XYs: xy, LineStyle: lineStyle(Color(i), 1.5)}
		sc := &plotter.Scatter{XYs: xy, GlyphStyle: draw.GlyphStyle{Color: Color(i), Radius: vg.Points(2.5), Shape: s.glyph}}
		p.Add(l, sc)
		names = append(names, s.name)
		thumbs = append(thumbs, []plot.Thumbnailer{l, sc})
	}
	margin(p, 0.05, 0)
	p.Y.Min, p.Y.Max = min(0, p.Y.Min), max(1, p.Y.Max)
	p.Legend.Top = false
	p.Legend.YOffs = vg.Points(8)
	addLegend(p, names, thumbs)
	return p, nil
}
