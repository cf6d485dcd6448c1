package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// stderr receives the package's notices; tests capture it.
var stderr io.Writer = os.Stderr

// maxPixels bounds the images drawn (about 200 MB of RGBA), so that a
// mistaken size gives an error rather than an exhausted machine.
const maxPixels = 50_000_000

// PNG draws p into a w×h PNG at dpi dots per inch. Zero w, h or dpi take
// DefaultWidth, DefaultHeight and DefaultDPI.
func PNG(p *plot.Plot, w, h vg.Length, dpi float64) ([]byte, error) {
	if p == nil {
		return nil, fmt.Errorf("chart: PNG: nil plot")
	}
	return drawPNG(func(c draw.Canvas) { p.Draw(c) }, w, h, dpi)
}

// SVG draws p into a w×h SVG document; zero w or h take the defaults.
// Fonts are named, not embedded: browsers substitute a similar font.
func SVG(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	if p == nil {
		return nil, fmt.Errorf("chart: SVG: nil plot")
	}
	return drawSVG(func(c draw.Canvas) { p.Draw(c) }, w, h)
}

func sizeOr(w, h vg.Length, dw, dh vg.Length) (vg.Length, vg.Length, error) {
	if w == 0 {
		w = dw
	}
	if h == 0 {
		h = dh
	}
	if !(w > 0 && h > 0) || math.IsInf(float64(w+h), 0) {
		return 0, 0, fmt.Errorf("chart: size %v×%v is not positive", w, h)
	}
	return w, h, nil
}

func drawPNG(drawFn func(draw.Canvas), w, h vg.Length, dpi float64) (b []byte, err error) {
	w, h, err = sizeOr(w, h, DefaultWidth, DefaultHeight)
	if err != nil {
		return nil, err
	}
	if dpi == 0 {
		dpi = DefaultDPI
	}
	px := float64(w/vg.Inch) * dpi * float64(h/vg.Inch) * dpi
	if !(dpi > 0) || !(px <= maxPixels) {
		return nil, fmt.Errorf("chart: %v×%v at %v dpi is too large an image", w, h, dpi)
	}
	defer recoverDraw(&err)
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(int(math.Round(dpi))), vgimg.UseBackgroundColor(color.White))
	drawFn(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: writing PNG: %w", err)
	}
	return buf.Bytes(), nil
}

func drawSVG(drawFn func(draw.Canvas), w, h vg.Length) (b []byte, err error) {
	w, h, err = sizeOr(w, h, DefaultWidth, DefaultHeight)
	if err != nil {
		return nil, err
	}
	defer recoverDraw(&err)
	c := vgsvg.New(w, h)
	drawFn(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: writing SVG: %w", err)
	}
	return buf.Bytes(), nil
}

// recoverDraw turns a panic while drawing (gonum/plot panics on some data
// it cannot draw) into an error, so a bad chart cannot end the kernel.
func recoverDraw(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("chart: drawing failed: %v", r)
	}
}

// errorPlot is what a helper returns for input it cannot draw: a chart
// that says what was wrong, in red, so that the cell shows the reason
// where the chart would have been. The reason also goes to stderr.
func errorPlot(err error) *plot.Plot {
	fmt.Fprintln(stderr, err)
	p := New(err.Error(), "", "")
	p.Title.TextStyle.Color = tab10[3]
	p.HideAxes()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	return p
}
