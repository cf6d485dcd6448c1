package chart

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
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
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	labels := &plotter.Labels{}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := m.At(i, j)
			t := 0.0
			if top > 0 {
				t = v / top
			}
			img.SetRGBA(j, i, blues.at(t))
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
	p.Add(plotter.NewImage(pixelated(img), -0.5, -0.5, float64(n)-0.5, float64(n)-0.5), labels)
	xt, yt := make([]plot.Tick, n), make([]plot.Tick, n)
	for i, l := range classLabels {
		xt[i] = plot.Tick{Value: float64(i), Label: l}
		yt[i] = plot.Tick{Value: float64(n - 1 - i), Label: l}
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks(xt), plot.ConstantTicks(yt)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5, -0.5, float64(n)-0.5
	return p, nil
}

// pixelated enlarges img by repeating pixels, so that gonum's smooth
// scaling keeps the cells' edges sharp.
func pixelated(img *image.RGBA) *image.RGBA {
	b := img.Bounds()
	k := max(1, 240/max(b.Dx(), b.Dy()))
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()*k, b.Dy()*k))
	for y := 0; y < b.Dy()*k; y++ {
		for x := 0; x < b.Dx()*k; x++ {
			out.SetRGBA(x, y, img.RGBAAt(x/k, y/k))
		}
	}
	return out
}
