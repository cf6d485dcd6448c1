package display

import (
	"bytes"
	"fmt"
	"math"

	"github.com/gocell/gocell/dnn/chart"
	"github.com/gocell/gocell/kernel/session"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The size a plot is shown at when PlotOptions leaves it out: 640×400 CSS
// pixels, a comfortable width in a notebook column.
const (
	DefaultPlotWidth  = 640 * vg.Inch / cssPixelsPerInch
	DefaultPlotHeight = 400 * vg.Inch / cssPixelsPerInch
)

// cssPixelsPerInch is what browsers take an inch to be.
const cssPixelsPerInch = 96

// defaultScale draws two image pixels per CSS pixel: sharp on high-density
// screens, and a modest file on ordinary ones.
const defaultScale = 2

// maxPlotPixels bounds the image a plot is drawn into (about 200 MB of RGBA)
// so that a mistaken size gives an error, not an exhausted machine.
const maxPlotPixels = 50_000_000

// PlotOptions says how to render a plot. The zero value gives a PNG of
// DefaultPlotWidth×DefaultPlotHeight at twice that resolution.
type PlotOptions struct {
	// Width and Height are the size the plot is shown at; zero means the
	// defaults. Fonts and lines keep their sizes in points, so a larger
	// plot has more room, not larger text.
	Width, Height vg.Length
	// SVG renders an SVG document instead of a PNG.
	SVG bool
	// Scale is the number of PNG pixels per CSS pixel; zero means 2.
	Scale float64
}

// Plot shows p as a PNG that is sharp on high-density screens.
func Plot(p *plot.Plot) { publish(plotBundle(p, PlotOptions{})) }

// SVGPlot shows p as SVG.
func SVGPlot(p *plot.Plot) { publish(plotBundle(p, PlotOptions{SVG: true})) }

// PlotWith shows p rendered as o says.
func PlotWith(p *plot.Plot, o PlotOptions) { publish(plotBundle(p, o)) }

// RenderPlot renders p as o says, to a MIME bundle and its metadata (the
// PNG's logical width and height), ready for BundleMeta or a Handle.
func RenderPlot(p *plot.Plot, o PlotOptions) (data, metadata map[string]interface{}, err error) {
	b, err := plotBundle(p, o)
	return b.Data, b.Metadata, err
}

func plotBundle(p *plot.Plot, o PlotOptions) (b session.Bundle, err error) {
	if p == nil {
		return session.Bundle{}, errorf("Plot: nil plot")
	}
	// A plot from plot.New would leave Japanese text out, silently.
	chart.Japanese(p)
	w, h := o.Width, o.Height
	if w == 0 {
		w = DefaultPlotWidth
	}
	if h == 0 {
		h = DefaultPlotHeight
	}
	scale := o.Scale
	if scale == 0 {
		scale = defaultScale
	}
	lw, lh := cssPixels(w), cssPixels(h)
	if !(w > 0 && h > 0 && lw >= 1 && lh >= 1) {
		return session.Bundle{}, errorf("Plot: size %v×%v is not positive", w, h)
	}
	if !(scale > 0) || float64(lw)*float64(lh)*scale*scale > maxPlotPixels {
		return session.Bundle{}, errorf("Plot: %d×%d at scale %v is too large an image", lw, lh, scale)
	}
	// gonum/plot panics on some data it cannot draw (an empty range, for
	// one); a bad plot must not take the kernel down.
	defer func() {
		if r := recover(); r != nil {
			err = errorf("Plot: drawing failed: %v", r)
		}
	}()
	text := fmt.Sprintf("<plot %d×%d>", lw, lh)
	if p.Title.Text != "" {
		text = fmt.Sprintf("<plot %q %d×%d>", p.Title.Text, lw, lh)
	}
	var buf bytes.Buffer
	if o.SVG {
		c := vgsvg.New(w, h)
		p.Draw(draw.New(c))
		if _, err := c.WriteTo(&buf); err != nil {
			return session.Bundle{}, errorf("Plot: writing SVG: %w", err)
		}
		return session.Bundle{Data: map[string]interface{}{mimeSVG: buf.String(), mimeText: text}}, nil
	}
	dpi := int(math.Round(cssPixelsPerInch * scale))
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))
	p.Draw(draw.New(c))
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return session.Bundle{}, errorf("Plot: writing PNG: %w", err)
	}
	px := c.Image().Bounds()
	b = pixelBundle(buf.Bytes(), mimePNG, px.Dx(), px.Dy(), lw, lh)
	b.Data[mimeText] = text
	return b, nil
}

// cssPixels converts a length to CSS pixels, rounded.
func cssPixels(l vg.Length) int {
	return int(math.Round(float64(l / vg.Inch * cssPixelsPerInch)))
}
