package chart

import (
	"image"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// fitImage is a plotter.Image whose raster is resampled, when drawn, to
// the aspect ratio of the box it fills. vgsvg writes an <image> without
// preserveAspectRatio="none", so SVG viewers keep the raster's own aspect
// ratio and letterbox it inside the box: a square class map over a wide
// plot shrank into its middle, no longer under the points it classifies.
// A raster already shaped like its box looks the same either way.
type fitImage struct {
	img                    image.Image
	xmin, ymin, xmax, ymax float64
}

// maxFitPixels bounds the resampled raster; beyond it the image is drawn
// unresampled rather than exhausting memory on an absurd canvas.
const maxFitPixels = 4_000_000

// Plot implements plot.Plotter.
func (f *fitImage) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	w := math.Abs(float64(trX(f.xmax) - trX(f.xmin)))
	h := math.Abs(float64(trY(f.ymax) - trY(f.ymin)))
	plotter.NewImage(aspectResample(f.img, w, h), f.xmin, f.ymin, f.xmax, f.ymax).Plot(c, p)
}

// DataRange implements plot.DataRanger.
func (f *fitImage) DataRange() (xmin, xmax, ymin, ymax float64) {
	return f.xmin, f.xmax, f.ymin, f.ymax
}

// aspectResample returns img repeated nearest-neighbour into a raster
// whose width:height is w:h, at no less than twice img's resolution in
// either direction, so that the uneven repetition is too fine to see.
func aspectResample(img image.Image, w, h float64) image.Image {
	b := img.Bounds()
	dx, dy := float64(b.Dx()), float64(b.Dy())
	if !(w > 0 && h > 0) || dx == 0 || dy == 0 || math.IsInf(w+h, 0) {
		return img
	}
	s := 2 * math.Max(dx/w, dy/h)
	nw, nh := int(math.Round(w*s)), int(math.Round(h*s))
	if nw < 1 || nh < 1 || float64(nw)*float64(nh) > maxFitPixels {
		return img
	}
	out := image.NewRGBA(image.Rect(0, 0, nw, nh))
	for y := 0; y < nh; y++ {
		sy := b.Min.Y + y*b.Dy()/nh
		for x := 0; x < nw; x++ {
			out.Set(x, y, img.At(b.Min.X+x*b.Dx()/nw, sy))
		}
	}
	return out
}
