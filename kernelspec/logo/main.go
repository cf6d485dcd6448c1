// Command logo draws gocell's kernelspec logos, logo-32x32.png and
// logo-64x64.png: a Go-blue rounded square holding a white notebook cell
// bracket around a "G". Run by `go generate ./kernelspec`.
//
// Shapes are signed-distance functions sampled 8x8 times per pixel, so the
// edges are smooth at both sizes without an external rasterizer.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
)

var (
	goBlue = color.NRGBA{0x00, 0xAD, 0xD8, 0xFF}
	white  = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
)

// Coordinates are in the unit square, origin top left. A shape is inside
// where its distance is negative.
type shape func(x, y float64) float64

func roundedSquare(margin, radius float64) shape {
	return func(x, y float64) float64 {
		// Distance to a rounded box centred at 0.5.
		h := 0.5 - margin - radius
		dx := math.Max(math.Abs(x-0.5)-h, 0)
		dy := math.Max(math.Abs(y-0.5)-h, 0)
		return math.Hypot(dx, dy) - radius
	}
}

func rect(x0, y0, x1, y1 float64) shape {
	return func(x, y float64) float64 {
		return math.Max(math.Max(x0-x, x-x1), math.Max(y0-y, y-y1))
	}
}

func union(shapes ...shape) shape {
	return func(x, y float64) float64 {
		d := math.Inf(1)
		for _, s := range shapes {
			d = math.Min(d, s(x, y))
		}
		return d
	}
}

// letterG is a ring open on the right above its crossbar, with the bar
// reaching in to the centre.
func letterG(cx, cy, r, w float64) shape {
	ring := func(x, y float64) float64 {
		d := math.Abs(math.Hypot(x-cx, y-cy)-r) - w/2
		// Cut the opening: the sector from 0 to 50 degrees above the
		// horizontal on the right.
		a := math.Atan2(cy-y, x-cx) * 180 / math.Pi
		if a > 0 && a < 50 {
			return math.Max(d, 0.02)
		}
		return d
	}
	bar := rect(cx, cy-w/2, cx+r+w/2, cy+w/2)
	return union(ring, bar)
}

// bracket is a notebook cell's "[" (or "]" when mirrored) as three bars.
func bracket(x0, y0, x1, y1, w float64, mirrored bool) shape {
	if mirrored {
		return union(rect(x1-w, y0, x1, y1), rect(x0, y0, x1, y0+w), rect(x0, y1-w, x1, y1))
	}
	return union(rect(x0, y0, x0+w, y1), rect(x0, y0, x1, y0+w), rect(x0, y1-w, x1, y1))
}

func draw(size int) *image.NRGBA {
	bg := roundedSquare(0.02, 0.18)
	fg := union(
		bracket(0.16, 0.22, 0.27, 0.78, 0.07, false),
		bracket(0.73, 0.22, 0.84, 0.78, 0.07, true),
		letterG(0.5, 0.5, 0.17, 0.085),
	)
	const ss = 8
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var inBG, inFG int
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / float64(size)
					y := (float64(py) + (float64(sy)+0.5)/ss) / float64(size)
					if bg(x, y) < 0 {
						inBG++
						if fg(x, y) < 0 {
							inFG++
						}
					}
				}
			}
			if inBG == 0 {
				continue // transparent
			}
			// Blend white over blue by the foreground's share of the
			// covered samples; alpha is the background's coverage.
			t := float64(inFG) / float64(inBG)
			mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a)*(1-t) + float64(b)*t)) }
			img.SetNRGBA(px, py, color.NRGBA{
				R: mix(goBlue.R, white.R),
				G: mix(goBlue.G, white.G),
				B: mix(goBlue.B, white.B),
				A: uint8(math.Round(255 * float64(inBG) / ss / ss)),
			})
		}
	}
	return img
}

func main() {
	dir := flag.String("dir", ".", "where to write the PNG files")
	flag.Parse()
	for _, size := range []int{32, 64} {
		var buf bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(&buf, draw(size)); err != nil {
			fmt.Fprintln(os.Stderr, "logo:", err)
			os.Exit(1)
		}
		name := filepath.Join(*dir, fmt.Sprintf("logo-%dx%d.png", size, size))
		if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "logo:", err)
			os.Exit(1)
		}
	}
}
