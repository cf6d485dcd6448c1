package chart

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The size of a single chart, as matplotlib's default figure nearly is,
// and the resolution PNGs are drawn at: twice a browser's 96 pixels per
// inch, sharp on high-density screens.
const (
	DefaultWidth  = 6 * vg.Inch
	DefaultHeight = 4 * vg.Inch
	DefaultDPI    = 192
)

// Font sizes in points, matplotlib's defaults.
const (
	titleSize = 12
	labelSize = 10
	tickSize  = 9
)

// tab10 is matplotlib's default colour cycle.
var tab10 = [...]color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xff, 0x7f, 0x0e, 0xff}, {0x2c, 0xa0, 0x2c, 0xff},
	{0xd6, 0x27, 0x28, 0xff}, {0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff},
	{0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff}, {0xbc, 0xbd, 0x22, 0xff},
	{0x17, 0xbe, 0xcf, 0xff},
}

// Color returns the i-th colour of the chart colour cycle (matplotlib's
// tab10); i wraps around, and a negative i counts from the end.
func Color(i int) color.Color {
	n := len(tab10)
	return tab10[((i%n)+n)%n]
}

var (
	gridColor = color.Gray{0xe5}
	axisColor = color.Gray{0x40}
)

// New returns an empty plot with the chart defaults: Latin text in
// Liberation Sans and other text (Japanese) in the CJK font, a light grid
// behind the data, thin axes and ticks, and the legend at the top right.
// The helpers start from it; use it for charts of your own.
func New(title, xlabel, ylabel string) *plot.Plot {
	p := bare(title, xlabel, ylabel)
	g := plotter.NewGrid()
	g.Vertical = draw.LineStyle{Color: gridColor, Width: vg.Points(0.6)}
	g.Horizontal = g.Vertical
	p.Add(g)
	return p
}

// bare is New without the grid, for images and heat maps.
func bare(title, xlabel, ylabel string) *plot.Plot {
	h := newHandler()
	p := plot.New()
	p.TextHandler = h
	p.Title.Text = title
	p.Title.TextStyle = textStyle(h, titleSize, draw.XCenter, draw.YTop)
	p.Title.Padding = vg.Points(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle = textStyle(h, labelSize, draw.XCenter, draw.YBottom)
		a.Tick.Label.Handler = h
		a.Tick.Label.Font = font.From(latinFont, tickSize)
		a.Tick.Label.Color = axisColor
		a.LineStyle = draw.LineStyle{Color: axisColor, Width: vg.Points(0.8)}
		a.Tick.LineStyle = draw.LineStyle{Color: axisColor, Width: vg.Points(0.8)}
		a.Tick.Length = vg.Points(3.5)
		a.Padding = 0
		a.Tick.Marker = ticks{}
	}
	p.X.Label.Text, p.Y.Label.Text = xlabel, ylabel
	p.X.Label.Padding, p.Y.Label.Padding = vg.Points(3), vg.Points(3)
	p.Legend = plot.NewLegend()
	p.Legend.TextStyle = textStyle(h, tickSize, draw.XLeft, draw.YBottom)
	p.Legend.Top = true
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(8), -vg.Points(6)
	p.Legend.ThumbnailWidth = vg.Points(20)
	p.Legend.Padding = vg.Points(2)
	return p
}

func textStyle(h text.Handler, size float64, x text.XAlignment, y text.YAlignment) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(latinFont, vg.Points(size)),
		XAlign:  x,
		YAlign:  y,
		Handler: h,
	}
}

// ticks marks an axis as matplotlib does: about six round values, labels
// without trailing zeros, no minor ticks.
type ticks struct{}

// Ticks implements plot.Ticker.
func (ticks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(min, 0) || math.IsInf(max, 0) {
		return nil
	}
	step := niceStep((max - min) / 6)
	prec := 0
	if step < 1 {
		prec = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	var out []plot.Tick
	for v := math.Ceil(min/step-1e-9) * step; v <= max+step*1e-9; v += step {
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, plot.Tick{Value: v, Label: formatTick(v, prec)})
	}
	return out
}

// niceStep rounds x up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if x <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

func formatTick(v float64, prec int) string {
	if a := math.Abs(v); a != 0 && (a >= 1e6 || a < 1e-4) {
		return trimFloat(v, 'e', 1)
	}
	return trimFloat(v, 'f', prec+1)
}

// trimFloat formats v with at most prec decimals, dropping trailing zeros.
func trimFloat(v float64, f byte, prec int) string {
	s := strconv.FormatFloat(v, f, prec, 64)
	mant, exp, isExp := strings.Cut(s, "e")
	if strings.Contains(mant, ".") {
		mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
	}
	if mant == "-0" {
		mant = "0"
	}
	if isExp {
		return mant + "e" + exp
	}
	return mant
}

// margin widens p's axes by the fraction f of their range on each side,
// as matplotlib leaves room around the data.
func margin(p *plot.Plot, fx, fy float64) {
	for _, a := range []struct {
		ax *plot.Axis
		f  float64
	}{{&p.X, fx}, {&p.Y, fy}} {
		if d := a.ax.Max - a.ax.Min; d > 0 && !math.IsInf(d, 0) {
			a.ax.Min -= a.f * d
			a.ax.Max += a.f * d
		}
	}
}
