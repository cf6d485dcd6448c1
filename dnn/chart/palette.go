package chart

import (
	"image/color"
	"math"
)

// ramp is a colour map: colours at evenly spaced stops, blended between.
type ramp []color.RGBA

// viridis and blues follow matplotlib's maps of those names, the defaults
// for contours and for confusion matrices.
var (
	viridis = ramp{
		{0x44, 0x01, 0x54, 0xff}, {0x48, 0x28, 0x78, 0xff}, {0x3e, 0x4a, 0x89, 0xff},
		{0x31, 0x68, 0x8e, 0xff}, {0x26, 0x82, 0x8e, 0xff}, {0x1f, 0x9e, 0x89, 0xff},
		{0x35, 0xb7, 0x79, 0xff}, {0x6d, 0xcd, 0x59, 0xff}, {0xb4, 0xde, 0x2c, 0xff},
		{0xfd, 0xe7, 0x25, 0xff},
	}
	blues = ramp{
		{0xf7, 0xfb, 0xff, 0xff}, {0xde, 0xeb, 0xf7, 0xff}, {0xc6, 0xdb, 0xef, 0xff},
		{0x9e, 0xca, 0xe1, 0xff}, {0x6b, 0xae, 0xd6, 0xff}, {0x42, 0x92, 0xc6, 0xff},
		{0x21, 0x71, 0xb5, 0xff}, {0x08, 0x51, 0x9c, 0xff}, {0x08, 0x30, 0x6b, 0xff},
	}
)

// at returns the colour at t in [0, 1] (clamped).
func (r ramp) at(t float64) color.RGBA {
	if math.IsNaN(t) || t <= 0 {
		return r[0]
	}
	if t >= 1 {
		return r[len(r)-1]
	}
	f := t * float64(len(r)-1)
	i := int(f)
	f -= float64(i)
	a, b := r[i], r[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// colors returns n colours spread over the map, for palette.Palette.
func (r ramp) colors(n int) []color.Color {
	out := make([]color.Color, n)
	for i := range out {
		t := 0.0
		if n > 1 {
			t = float64(i) / float64(n-1)
		}
		out[i] = r.at(t)
	}
	return out
}

// pal adapts a list of colours to palette.Palette.
type pal []color.Color

// Colors implements palette.Palette.
func (p pal) Colors() []color.Color { return p }
