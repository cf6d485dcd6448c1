package chart

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"regexp"
	"strconv"
	"testing"

	"gonum.org/v1/plot/vg"
)

// svgImage matches the <image> elements vgsvg writes.
var svgImage = regexp.MustCompile(`<image x="[^"]*" y="[^"]*" width="([^"]*)" height="([^"]*)" xlink:href="data:image/[a-z]+;base64,([^"]*)"`)

// TestDecisionBoundarySVGImageFitsItsBox checks that the class map in a
// DecisionBoundary SVG has the aspect ratio of the box it is placed in:
// viewers keep an <image>'s own ratio, so any other one is letterboxed
// away from the data it colours.
func TestDecisionBoundarySVGImageFitsItsBox(t *testing.T) {
	ring := func(x, y float64) int {
		if math.Hypot(x, y) < 1 {
			return 0
		}
		return 1
	}
	xs, ys, labels := []float64{-2, 2, 0, 0}, []float64{0, 0, -2, 2}, []int{1, 1, 0, 0}
	for _, size := range [][2]vg.Length{{6 * vg.Inch, 3 * vg.Inch}, {3 * vg.Inch, 6 * vg.Inch}, {4 * vg.Inch, 4 * vg.Inch}} {
		t.Run(fmt.Sprintf("%v×%v", size[0], size[1]), func(t *testing.T) {
			s, err := SVG(DecisionBoundary(ring, xs, ys, labels), size[0], size[1])
			if err != nil {
				t.Fatal(err)
			}
			ms := svgImage.FindAllStringSubmatch(string(s), -1)
			if len(ms) != 1 {
				t.Fatalf("%d <image> elements, want 1", len(ms))
			}
			w, _ := strconv.ParseFloat(ms[0][1], 64)
			h, _ := strconv.ParseFloat(ms[0][2], 64)
			raw, err := base64.StdEncoding.DecodeString(ms[0][3])
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			box, raster := w/h, float64(b.Dx())/float64(b.Dy())
			if math.Abs(raster/box-1) > 0.02 {
				t.Errorf("box %.1f×%.1f pt (ratio %.3f) holds a %v raster (ratio %.3f)", w, h, box, b.Size(), raster)
			}
		})
	}
}

func TestAspectResample(t *testing.T) {
	// A 2×2 checker of distinct colours.
	src := image.NewRGBA(image.Rect(0, 0, 2, 2))
	cs := []color.RGBA{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {0, 0, 0, 255}}
	for i, c := range cs {
		src.SetRGBA(i%2, i/2, c)
	}
	tests := []struct {
		name      string
		w, h      float64
		wantW     int
		wantH     int
		unchanged bool
	}{
		{"wide", 300, 100, 12, 4, false},
		{"tall", 100, 200, 4, 8, false},
		{"square", 50, 50, 4, 4, false},
		{"zero width", 0, 100, 2, 2, true},
		{"infinite", math.Inf(1), 100, 2, 2, true},
		{"too many pixels", 1e9, 1, 2, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := aspectResample(src, tt.w, tt.h)
			if tt.unchanged {
				if out != image.Image(src) {
					t.Fatalf("resampled to %v, want the image unchanged", out.Bounds())
				}
				return
			}
			if got := out.Bounds().Size(); got != image.Pt(tt.wantW, tt.wantH) {
				t.Fatalf("size %v, want %dx%d", got, tt.wantW, tt.wantH)
			}
			// Each quadrant keeps its source pixel's colour.
			for i, c := range cs {
				x := (i%2)*tt.wantW/2 + tt.wantW/4
				y := (i/2)*tt.wantH/2 + tt.wantH/4
				if got := color.RGBAModel.Convert(out.At(x, y)); got != c {
					t.Errorf("pixel (%d, %d) is %v, want %v", x, y, got, c)
				}
			}
		})
	}
}
