package chart

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// The golden images in testdata/golden are what the helpers drew when they
// were last accepted; after a deliberate change in the look, regenerate
// them with
//
//	go test ./dnn/chart -update
//
// and look at each before committing it.
var update = flag.Bool("update", false, "rewrite testdata/golden/*.png from the current rendering")

// Golden images are drawn small (at 96 dpi) to keep the repository light.
const goldenDPI = 96

// A golden comparison passes when at most this fraction of pixels differ
// by more than pixelTolerance in some channel: enough for anti-aliasing
// that shifts between library versions, far too little for a missing
// line, label or colour.
const (
	maxDiffFraction = 0.004
	pixelTolerance  = 24
)

// bowl is the lessons' function for comparing optimizers.
func bowl(x, y float64) float64 { return x*x/20 + y*y }

// sgdPath is plain gradient descent on bowl, from (-7, 2) with rate 0.95.
func sgdPath() Path {
	x, y := -7.0, 2.0
	p := Path{Name: "SGD"}
	for i := 0; i < 30; i++ {
		p.X, p.Y = append(p.X, x), append(p.Y, y)
		x, y = x-0.95*x/10, y-0.95*2*y
	}
	return p
}

// digit draws a ring in a 28×28 image: a stand-in for an MNIST zero.
func digit(r float64) []float64 {
	px := make([]float64, 784)
	for i := range px {
		dx, dy := float64(i%28)-13.5, float64(i/28)-13.5
		d := math.Abs(math.Hypot(dx/0.7, dy) - r)
		px[i] = math.Max(0, 1-d/2)
	}
	return px
}

// activations returns n values spread like a layer's sigmoid outputs:
// pushed to 0 and 1 for a wide spread of inputs, centred for a narrow one.
func activations(n int, spread float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		u := (float64(i)+0.5)/float64(n)*2 - 1 // evenly in (-1, 1)
		z := spread * math.Tan(u*1.4)
		out[i] = 1 / (1 + math.Exp(-z))
	}
	return out
}

type golden struct {
	name string
	w, h vg.Length
	png  func(w, h vg.Length) ([]byte, error)
}

// plotPNG renders a single chart at the case's size.
func plotPNG(p *plot.Plot) func(w, h vg.Length) ([]byte, error) {
	return func(w, h vg.Length) ([]byte, error) { return PNG(p, w, h, goldenDPI) }
}

// gridPNG renders a grid at its own size.
func gridPNG(g *Grid) func(w, h vg.Length) ([]byte, error) {
	return func(vg.Length, vg.Length) ([]byte, error) { return g.PNG(goldenDPI) }
}

func goldenCases() []golden {
	losses := make([]float64, 300)
	for i := range losses {
		losses[i] = 2.3*math.Exp(-float64(i)/60) + 0.1 + 0.25*math.Sin(float64(i)*1.7)*math.Exp(-float64(i)/200)
	}
	var xs, ys []float64
	var labels []int
	for i := 0; i < 60; i++ {
		a := float64(i) * 2 * math.Pi / 30
		r := 1.0 + 0.3*math.Sin(float64(i)*7)
		if i >= 30 {
			r += 1.8
		}
		xs, ys = append(xs, r*math.Cos(a)), append(ys, r*math.Sin(a))
		labels = append(labels, i/30)
	}
	ring := func(x, y float64) int {
		if math.Hypot(x, y) < 1.9 {
			return 0
		}
		return 1
	}
	conf := mat.NewDense(3, 3, []float64{50, 2, 0, 5, 40, 8, 1, 3, 45})
	return []golden{
		{name: "lines", w: 4 * vg.Inch, h: 3 * vg.Inch, png: plotPNG(Lines("sin and cos", "x", "y",
			Series{Name: "sin", X: linspace(0, 6.3, 60), Y: apply(math.Sin, linspace(0, 6.3, 60))},
			Series{Name: "cos", X: linspace(0, 6.3, 60), Y: apply(math.Cos, linspace(0, 6.3, 60))}))},
		{name: "loss", w: 4 * vg.Inch, h: 3 * vg.Inch, png: plotPNG(Loss(losses, 20))},
		{name: "accuracy", w: 4 * vg.Inch, h: 3 * vg.Inch, png: plotPNG(Accuracy(
			[]float64{0.62, 0.81, 0.87, 0.9, 0.92, 0.93, 0.94, 0.95},
			[]float64{0.6, 0.79, 0.85, 0.88, 0.9, 0.9, 0.91, 0.91}))},
		{name: "contour", w: 4 * vg.Inch, h: 3 * vg.Inch, png: plotPNG(Contour(bowl, -10, 10, -5, 5, sgdPath()))},
		{name: "boundary", w: 4 * vg.Inch, h: 3.5 * vg.Inch, png: plotPNG(DecisionBoundary(ring, xs, ys, labels))},
		{name: "confusion", w: 3.5 * vg.Inch, h: 3 * vg.Inch, png: plotPNG(Confusion(conf, []string{"cat", "dog", "bird"}))},
		{name: "histograms", png: gridPNG(Histograms("activations", [][]float64{
			activations(1000, 4), activations(1000, 1), activations(1000, 0.3)}, nil, 30, 0, 1))},
		{name: "images", png: gridPNG(Images([][]float64{digit(8), digit(6), digit(10), digit(4), digit(9), digit(7)},
			[]string{"0", "1", "2", "3", "4", "5"}, 3))},
		{name: "grid2x2", png: gridPNG(func() *Grid {
			g := GridOf(2, Loss(losses, 0), Accuracy([]float64{0.5, 0.7, 0.8}, nil),
				Lines("", "", "", Series{Y: []float64{3, 1, 2}}), nil)
			g.Title = "2×2"
			g.Width, g.Height = 6*vg.Inch, 4.5*vg.Inch
			return g
		}())},
	}
}

func apply(f func(float64) float64, xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// TestGolden draws every helper with fixed data and compares the PNG with
// testdata/golden/NAME.png. The fonts are fixed to Liberation Sans alone
// (no CJK font), so the images do not depend on the fonts installed.
func TestGolden(t *testing.T) {
	withFonts(t, "")
	for _, c := range goldenCases() {
		t.Run(c.name, func(t *testing.T) {
			checkGolden(t, c)
		})
	}
}

// TestGoldenJapanese draws Japanese title, labels and legend with the CJK
// font found on this machine.
func TestGoldenJapanese(t *testing.T) {
	fs, _ := findFonts(os.Getenv("GOCELL_CJK_FONT"), cjkPaths)
	if fs.cjk == "" {
		t.Skip("no CJK font installed (install fonts-ipaexfont or fonts-noto-cjk, or set GOCELL_CJK_FONT); skipping the Japanese golden image")
	}
	withFonts(t, fs.path)
	p := Lines("損失関数の推移", "エポック", "損失", Series{Name: "訓練データ", Y: []float64{2.3, 1.2, 0.8, 0.6, 0.5}},
		Series{Name: "テストデータ", Y: []float64{2.3, 1.4, 1.0, 0.9, 0.85}})
	c := golden{name: "japanese", w: 4 * vg.Inch, h: 3 * vg.Inch, png: plotPNG(p)}
	if base := filepath.Base(fs.path); base != "ipaexg.ttf" && base != "fonts-japanese-gothic.ttf" {
		// The golden was drawn in IPAexGothic; another font draws other
		// shapes, so only check that it draws.
		if _, err := c.png(c.w, c.h); err != nil {
			t.Fatal(err)
		}
		t.Skipf("CJK font %s is not IPAexGothic, which the golden image was drawn with; drew it without comparing", fs.path)
	}
	checkGolden(t, c)
}

// withFonts makes charts drawn during t use the CJK font at path (none
// for ""), restoring the fonts after.
func withFonts(t *testing.T, path string) {
	t.Helper()
	prev := fonts()
	if err := SetFont(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		fontsMu.Lock()
		current = prev
		fontsMu.Unlock()
	})
}

func checkGolden(t *testing.T, c golden) {
	t.Helper()
	got, err := c.png(c.w, c.h)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden", c.name+".png")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if msg := comparePNG(got, want); msg != "" {
		out := filepath.Join(t.TempDir(), c.name+".png")
		os.WriteFile(out, got, 0o644)
		t.Errorf("%s: %s; this rendering is in %s (go test -update accepts it)", path, msg, out)
	}
}

// comparePNG returns "" when a and b are the same size and differ in few
// enough pixels, and otherwise what differs.
func comparePNG(a, b []byte) string {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return fmt.Sprintf("rendering is not a PNG: %v", err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return fmt.Sprintf("golden is not a PNG: %v", err)
	}
	if ia.Bounds() != ib.Bounds() {
		return fmt.Sprintf("size %v, golden %v", ia.Bounds().Size(), ib.Bounds().Size())
	}
	n := diffPixels(ia, ib)
	r := ia.Bounds()
	if limit := int(maxDiffFraction * float64(r.Dx()*r.Dy())); n > limit {
		return fmt.Sprintf("%d pixels differ (at most %d may)", n, limit)
	}
	return ""
}

// diffPixels counts the pixels of two same-sized images that differ by
// more than pixelTolerance in some channel.
func diffPixels(a, b image.Image) int {
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			for _, d := range [][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}, {a1, a2}} {
				if diff := int(d[0]>>8) - int(d[1]>>8); diff > pixelTolerance || diff < -pixelTolerance {
					n++
					break
				}
			}
		}
	}
	return n
}
