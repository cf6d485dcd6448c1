package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"regexp"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// diagonal is a 10-class confusion matrix with a strong diagonal and
// small, varied counts elsewhere: the case whose cells were drawn off
// their ticks.
func diagonal() *mat.Dense {
	m := mat.NewDense(10, 10, nil)
	for i := 0; i < 10; i++ {
		for j := 0; j < 10; j++ {
			v := float64((i*3 + j*7) % 5)
			if i == j {
				v = 90
			}
			m.Set(i, j, v)
		}
	}
	return m
}

// cellBox is where cell (i, j) of an n-class confusion plot p must be, in
// the points of a w×h canvas (y up): ±0.5 around the ticks of column j
// and row i.
func cellBox(p *plot.Plot, w, h vg.Length, n, i, j int) vg.Rectangle {
	c := draw.New(vgsvg.New(w, h))
	dc := p.DataCanvas(c)
	trX, trY := p.Transforms(&dc)
	x, y := float64(j), float64(n-1-i)
	return vg.Rectangle{
		Min: vg.Point{X: trX(x - 0.5), Y: trY(y - 0.5)},
		Max: vg.Point{X: trX(x + 0.5), Y: trY(y + 0.5)},
	}
}

// near reports whether two colours differ by at most tol in each channel.
func near(a, b color.Color, tol int) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	for _, d := range [][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}} {
		if diff := int(d[0]>>8) - int(d[1]>>8); diff > tol || diff < -tol {
			return false
		}
	}
	return true
}

// TestConfusionPNGCellsAreBoxes renders the diagonal case at several
// sizes and checks that cell (0, 0) is filled with its colour out to its
// corners, while the pixels just right of and just below it belong to
// the neighbouring cells.
func TestConfusionPNGCellsAreBoxes(t *testing.T) {
	m := diagonal()
	dark, right, below := blues.at(1), blues.at(m.At(0, 1)/90), blues.at(m.At(1, 0)/90)
	tests := []struct {
		w, h vg.Length
		dpi  float64
	}{
		{6 * vg.Inch, 4 * vg.Inch, 96},
		{4 * vg.Inch, 6 * vg.Inch, 150},
		{3.5 * vg.Inch, 3 * vg.Inch, 96},
		{640 * vg.Inch / 96, 400 * vg.Inch / 96, 192},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v×%v@%v", tt.w, tt.h, tt.dpi), func(t *testing.T) {
			p := Confusion(m, nil)
			b, err := PNG(p, tt.w, tt.h, tt.dpi)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			box := cellBox(p, tt.w, tt.h, 10, 0, 0)
			// px converts canvas points to a pixel, y down from the top.
			height := img.Bounds().Dy()
			px := func(x, y vg.Length) image.Point {
				return image.Point{
					X: int(math.Floor(x.Dots(tt.dpi))),
					Y: height - 1 - int(math.Floor(y.Dots(tt.dpi))),
				}
			}
			cw, ch := box.Size().X, box.Size().Y
			ix, iy := cw*0.12, ch*0.12 // inside the corners, clear of the count's text
			gap := vg.Length(3 * 72 / tt.dpi)
			cases := []struct {
				name string
				at   image.Point
				want color.Color
			}{
				{"bottom-left", px(box.Min.X+ix, box.Min.Y+iy), dark},
				{"bottom-right", px(box.Max.X-ix, box.Min.Y+iy), dark},
				{"top-left", px(box.Min.X+ix, box.Max.Y-iy), dark},
				{"top-right", px(box.Max.X-ix, box.Max.Y-iy), dark},
				{"left middle", px(box.Min.X+ix, box.Min.Y+ch/2), dark},
				{"right of the cell", px(box.Max.X+gap, box.Max.Y-iy), right},
				{"below the cell", px(box.Min.X+ix, box.Min.Y-gap), below},
			}
			for _, c := range cases {
				if got := img.At(c.at.X, c.at.Y); !near(got, c.want, 12) {
					t.Errorf("%s of cell (0, 0) at pixel %v is %v, want %v", c.name, c.at, got, c.want)
				}
			}
		})
	}
}

// svgFill matches the closed, filled paths vgsvg writes for FillPolygon.
var svgFill = regexp.MustCompile(`<path d="M([^"]*)Z" style="fill:#([0-9A-Fa-f]{6})"`)

// TestConfusionSVGCellsOnTicks checks the SVG of a non-square chart: every
// cell must be a filled shape in its colour covering exactly its box
// around the ticks. A raster image there is stretched or letterboxed at
// the viewer's whim (browsers keep its aspect ratio), which slid the cells
// off their ticks.
func TestConfusionSVGCellsOnTicks(t *testing.T) {
	m := diagonal()
	w, h := 6*vg.Inch, 4*vg.Inch
	p := Confusion(m, nil)
	s, err := SVG(p, w, h)
	if err != nil {
		t.Fatal(err)
	}
	// Bounding boxes of the filled paths, by colour.
	boxes := map[string][]vg.Rectangle{}
	for _, f := range svgFill.FindAllStringSubmatch(string(s), -1) {
		r := vg.Rectangle{Min: vg.Point{X: math.MaxFloat64, Y: math.MaxFloat64}, Max: vg.Point{X: -math.MaxFloat64, Y: -math.MaxFloat64}}
		for _, pt := range regexp.MustCompile(`[ML]`).Split(f[1], -1) {
			if pt == "" {
				continue
			}
			var x, y float64
			xy := bytes.Split([]byte(pt), []byte(","))
			if len(xy) != 2 {
				t.Fatalf("path point %q", pt)
			}
			x, _ = strconv.ParseFloat(string(xy[0]), 64)
			y, _ = strconv.ParseFloat(string(xy[1]), 64)
			r.Min.X, r.Min.Y = min(r.Min.X, vg.Length(x)), min(r.Min.Y, vg.Length(y))
			r.Max.X, r.Max.Y = max(r.Max.X, vg.Length(x)), max(r.Max.Y, vg.Length(y))
		}
		key := fmt.Sprintf("%02X%02X%02X", mustHex(t, f[2][0:2]), mustHex(t, f[2][2:4]), mustHex(t, f[2][4:6]))
		boxes[key] = append(boxes[key], r)
	}
	// Each edge may sit up to the seam overlap plus SVG's rounding away.
	const tol = seam + 0.05
	for i := 0; i < 10; i++ {
		for j := 0; j < 10; j++ {
			c := blues.at(m.At(i, j) / 90)
			key := fmt.Sprintf("%02X%02X%02X", c.R, c.G, c.B)
			want := cellBox(p, w, h, 10, i, j)
			found := false
			for _, r := range boxes[key] {
				if math.Abs(float64(r.Min.X-want.Min.X)) <= float64(tol) && math.Abs(float64(r.Max.X-want.Max.X)) <= float64(tol) &&
					math.Abs(float64(r.Min.Y-want.Min.Y)) <= float64(tol) && math.Abs(float64(r.Max.Y-want.Max.Y)) <= float64(tol) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("cell (%d, %d): no shape filled #%s over %v; shapes of that colour: %v", i, j, key, want, boxes[key])
			}
		}
	}
}

func mustHex(t *testing.T, s string) uint8 {
	t.Helper()
	v, err := strconv.ParseUint(s, 16, 8)
	if err != nil {
		t.Fatalf("colour %q: %v", s, err)
	}
	return uint8(v)
}
