package chart

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Images shows square greyscale images in a grid, cols to a row, each
// titled with its label (labels may be nil, or have "" entries). Each row
// of pixels is one image of side×side values, row by row, as MNIST's 784
// values are 28×28: white ink on black, as matplotlib's gray map shows
// them. Values are taken as 0–1, or as 0–255 when any exceeds 1.
func Images(pixels [][]float64, labels []string, cols int) *Grid {
	g, err := images(pixels, labels, cols)
	if err != nil {
		return GridOf(1, errorPlot(err))
	}
	return g
}

func images(pixels [][]float64, labels []string, cols int) (*Grid, error) {
	switch {
	case len(pixels) == 0:
		return nil, fmt.Errorf("chart: Images: no images")
	case labels != nil && len(labels) != len(pixels):
		return nil, fmt.Errorf("chart: Images: %d labels for %d images", len(labels), len(pixels))
	case cols < 1:
		return nil, fmt.Errorf("chart: Images: %d columns, want at least 1", cols)
	}
	cols = min(cols, len(pixels))
	g := NewGrid((len(pixels)+cols-1)/cols, cols)
	// Size the figure so that each image's area is square: a cell is the
	// image plus its title line.
	pad := vg.Points(5)
	g.tiles = &draw.Tiles{PadX: pad, PadY: pad, PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad}
	cell, titleH := 1.1*vg.Inch, vg.Points(labelSize*1.12+2)
	if labels == nil {
		titleH = 0
	}
	g.Width = vg.Length(cols)*cell + vg.Length(cols+1)*pad
	g.Height = vg.Length(g.Rows)*(cell+titleH) + vg.Length(g.Rows+1)*pad
	for i, px := range pixels {
		img, err := grayImage(px)
		if err != nil {
			return nil, fmt.Errorf("chart: Images: image %d: %w", i, err)
		}
		label := ""
		if labels != nil {
			label = labels[i]
		}
		p := bare(label, "", "")
		p.Title.TextStyle.Font.Size = vg.Points(labelSize)
		p.Title.Padding = vg.Points(2)
		p.Add(plotter.NewImage(img, 0, 0, 1, 1))
		p.HideAxes()
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
		g.Plots[i] = p
	}
	return g, nil
}

// grayImage turns side×side values into an image.
func grayImage(px []float64) (*image.Gray, error) {
	side := int(math.Round(math.Sqrt(float64(len(px)))))
	if side == 0 || side*side != len(px) {
		return nil, fmt.Errorf("%d values do not make a square image", len(px))
	}
	scale := 255.0
	for _, v := range px {
		if v > 1 {
			scale = 1
			break
		}
	}
	// Each value becomes a k×k block: gonum scales images smoothly, which
	// would blur pixels the lessons want seen as pixels.
	k := max(1, (240+side-1)/side)
	img := image.NewGray(image.Rect(0, 0, side*k, side*k))
	for i, v := range px {
		if math.IsNaN(v) {
			return nil, fmt.Errorf("value %d is NaN", i)
		}
		g := color.Gray{uint8(math.Round(math.Max(0, math.Min(255, v*scale))))}
		x0, y0 := (i%side)*k, (i/side)*k
		for y := y0; y < y0+k; y++ {
			for x := x0; x < x0+k; x++ {
				img.SetGray(x, y, g)
			}
		}
	}
	return img, nil
}
