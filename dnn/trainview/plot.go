package trainview

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"math"

	"github.com/gocell/gocell/dnn"
	"github.com/gocell/gocell/dnn/chart"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The figure: the loss beside the accuracy, as wide as a notebook column.
// Live frames are drawn at screen resolution, four times fewer pixels than
// the final one, which is sharp on high-density screens; both show at the
// same size, so the picture does not jump when the final one arrives.
const (
	figWidth  = 9.6 * vg.Inch
	figHeight = 3.4 * vg.Inch
	liveDPI   = 96
	finalDPI  = chart.DefaultDPI
	// maxBuckets bounds the points drawn per curve: each bucket of steps
	// gives its minimum and maximum to the raw curve. More than the
	// figure's pixels would only cost drawing time.
	maxBuckets = 400
)

// plotBundle draws r's loss and accuracy into a PNG bundle with its size
// in CSS pixels as metadata.
func plotBundle(r run, window int, dpi float64) (data, meta map[string]interface{}, err error) {
	b, err := drawFigure([]*plot.Plot{lossPlot(r.losses, window), accuracyPlot(r.trainAcc, r.testAcc, r.epochs)}, dpi)
	if err != nil {
		return nil, nil, fmt.Errorf("trainview: drawing the plot: %w", err)
	}
	desc := fmt.Sprintf("training plot: %d steps", len(r.losses))
	if n := len(r.losses); n > 0 {
		desc += ", last loss " + formatLoss(r.losses[n-1])
	}
	if n := len(r.trainAcc); n > 0 {
		desc += fmt.Sprintf(", train accuracy %.3f", r.trainAcc[n-1])
	}
	if n := len(r.testAcc); n > 0 {
		desc += fmt.Sprintf(", test accuracy %.3f", r.testAcc[n-1])
	}
	data = map[string]interface{}{"image/png": b, "text/plain": desc}
	meta = map[string]interface{}{"image/png": map[string]interface{}{
		"width":  int(math.Round(float64(figWidth / vg.Inch * 96))),
		"height": int(math.Round(float64(figHeight / vg.Inch * 96))),
	}}
	return data, meta, nil
}

// lossPlot draws the losses as chart.Loss does (the raw curve faint, its
// moving average over window steps on top), from at most a few thousand
// points. Steps whose loss is not finite are left out, so a run that
// diverges still shows how it got there.
func lossPlot(losses []float64, window int) *plot.Plot {
	p := chart.New("loss", "iteration", "loss")
	raw := envelope(losses, maxBuckets)
	if len(raw) == 0 {
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
		return p
	}
	if window <= 1 {
		p.Add(&plotter.Line{XYs: raw, LineStyle: lineStyle(chart.Color(0), 1.5)})
	} else {
		faint := &plotter.Line{XYs: raw, LineStyle: lineStyle(fade(chart.Color(0), 0.3), 1)}
		line := &plotter.Line{XYs: thin(dnn.Smooth(finite(losses), window), maxBuckets), LineStyle: lineStyle(chart.Color(0), 2)}
		p.Add(faint, line)
		p.Legend.Add("raw", faint)
		p.Legend.Add(fmt.Sprintf("mean of %d", window), line)
	}
	widen(&p.X, 0.02)
	widen(&p.Y, 0.05)
	return p
}

// accuracyPlot is chart.Accuracy over all the run's epochs, with empty axes
// before the first epoch ends.
func accuracyPlot(train, test []float64, epochs int) *plot.Plot {
	var p *plot.Plot
	if len(train) > 0 || len(test) > 0 {
		p = chart.Accuracy(train, test)
	} else {
		p = chart.New("accuracy", "epoch", "accuracy")
		p.Y.Min, p.Y.Max = 0, 1
	}
	if n := max(epochs, len(train), len(test)); n > 1 || len(train)+len(test) == 0 {
		pad := 0.05 * float64(max(n-1, 1))
		p.X.Min, p.X.Max = 1-pad, float64(max(n, 1))+pad
	}
	return p
}

// envelope returns the finite points of ys, at their index, thinned to the
// minimum and maximum of each of at most buckets runs of steps, in step
// order, so that the faint raw curve keeps the band it fills.
func envelope(ys []float64, buckets int) plotter.XYs {
	size := (len(ys) + buckets - 1) / max(buckets, 1)
	if size <= 2 {
		size = 1
	}
	var out plotter.XYs
	for lo := 0; lo < len(ys); lo += size {
		hi := min(lo+size, len(ys))
		imin, imax := -1, -1
		for i := lo; i < hi; i++ {
			if !isFinite(ys[i]) {
				continue
			}
			if imin < 0 || ys[i] < ys[imin] {
				imin = i
			}
			if imax < 0 || ys[i] > ys[imax] {
				imax = i
			}
		}
		switch {
		case imin < 0:
		case imin == imax:
			out = append(out, plotter.XY{X: float64(imin), Y: ys[imin]})
		case imin < imax:
			out = append(out, plotter.XY{X: float64(imin), Y: ys[imin]}, plotter.XY{X: float64(imax), Y: ys[imax]})
		default:
			out = append(out, plotter.XY{X: float64(imax), Y: ys[imax]}, plotter.XY{X: float64(imin), Y: ys[imin]})
		}
	}
	return out
}

// finite returns ys with the values that are not finite replaced by the
// last finite one, so that a moving average over it stays finite.
func finite(ys []float64) []float64 {
	out := make([]float64, len(ys))
	last := 0.0
	for i, y := range ys {
		if isFinite(y) {
			last = y
		}
		out[i] = last
	}
	return out
}

// thin returns at most about n points of ys, evenly spaced, always with
// the last one; a smooth curve loses nothing visible.
func thin(ys []float64, n int) plotter.XYs {
	stride := max((len(ys)+n-1)/max(n, 1), 1)
	var out plotter.XYs
	for i := 0; i < len(ys); i += stride {
		out = append(out, plotter.XY{X: float64(i), Y: ys[i]})
	}
	if last := len(ys) - 1; last >= 0 && last%stride != 0 {
		out = append(out, plotter.XY{X: float64(last), Y: ys[last]})
	}
	return out
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func lineStyle(c color.Color, width float64) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(width)}
}

// fade returns c at opacity alpha, premultiplied as image/color expects.
func fade(c color.Color, alpha float64) color.RGBA64 {
	r, g, b, _ := c.RGBA()
	return color.RGBA64{uint16(float64(r) * alpha), uint16(float64(g) * alpha), uint16(float64(b) * alpha), uint16(alpha * 0xffff)}
}

// widen adds the fraction f of an axis's range on each side.
func widen(a *plot.Axis, f float64) {
	if d := a.Max - a.Min; d > 0 && !math.IsInf(d, 0) {
		a.Min -= f * d
		a.Max += f * d
	} else if d == 0 {
		a.Min, a.Max = a.Min-0.5, a.Max+0.5
	}
}

// figureTiles spaces the plots side by side as chart's grids do.
var figureTiles = draw.Tiles{
	Rows: 1, PadX: vg.Points(14),
	PadTop: vg.Points(4), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(10),
}

// drawFigure draws plots side by side, aligned, into a figWidth×figHeight
// PNG. It is chart.Grid's PNG with the fastest compression: encoding took
// two thirds of a frame at the default level, and a frame's time matters
// most right after a stop request. gonum/plot panics on some data; that
// becomes an error.
func drawFigure(plots []*plot.Plot, dpi float64) (b []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("trainview: drawing failed: %v", r)
		}
	}()
	c := vgimg.NewWith(vgimg.UseWH(figWidth, figHeight), vgimg.UseDPI(int(dpi)), vgimg.UseBackgroundColor(color.White))
	tiles := figureTiles
	tiles.Cols = len(plots)
	canvases := plot.Align([][]*plot.Plot{plots}, tiles, draw.New(c))
	for i, p := range plots {
		p.Draw(canvases[0][i])
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, c.Image()); err != nil {
		return nil, fmt.Errorf("trainview: writing PNG: %w", err)
	}
	return buf.Bytes(), nil
}
