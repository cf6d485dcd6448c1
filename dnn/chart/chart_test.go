package chart

import (
	"bytes"
	"encoding/base64"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// TestMain keeps the notices of error charts out of the test output.
func TestMain(m *testing.M) {
	stderr = io.Discard
	os.Exit(m.Run())
}

// captureStderr collects the package's notices during t.
func captureStderr(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	stderr = &buf
	t.Cleanup(func() { stderr = io.Discard })
	return &buf
}

func TestErrorNotice(t *testing.T) {
	buf := captureStderr(t)
	Loss(nil, 3)
	if got := buf.String(); got != "chart: Loss: no Y values\n" {
		t.Errorf("notice %q, want the error on one line", got)
	}
}

func TestNoCJKNoticeOnce(t *testing.T) {
	withFonts(t, "")
	buf := captureStderr(t)
	notice = sync.Once{}
	for _, s := range []string{"loss", "損失", "精度", "acc"} {
		if _, err := PNG(New(s, "", ""), 2*vg.Inch, vg.Inch, 50); err != nil {
			t.Fatal(err)
		}
	}
	if got := buf.String(); strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, "chart: no CJK font found") {
		t.Errorf("notices %q, want one line saying no CJK font was found", got)
	}
}

// TestBadInput checks that each helper rejects input it cannot draw with
// an error naming the helper and the problem, and that the exported
// helper then returns a chart that shows that error.
func TestBadInput(t *testing.T) {
	nan := math.NaN()
	bowlPanics := func(x, y float64) float64 { panic("boom") }
	tests := []struct {
		name   string
		err    func() error
		shown  func() *plot.Plot
		reason string
	}{
		{"lines lengths", func() error {
			_, err := lines("", "", "", []Series{{Name: "a", X: []float64{1, 2}, Y: []float64{1}}})
			return err
		},
			func() *plot.Plot { return Lines("", "", "", Series{Name: "a", X: []float64{1, 2}, Y: []float64{1}}) }, `Lines: series 0 ("a"): 2 X values but 1 Y values`},
		{"lines empty", func() error { _, err := lines("", "", "", []Series{{}}); return err }, nil, "no Y values"},
		{"lines NaN", func() error { _, err := lines("", "", "", []Series{{Y: []float64{1, nan}}}); return err }, nil, "point 1 is (1, NaN), not finite"},
		{"loss empty", func() error { _, err := loss(nil, 10); return err }, func() *plot.Plot { return Loss(nil, 10) }, "Loss: no Y values"},
		{"accuracy empty", func() error { _, err := accuracy(nil, nil); return err }, func() *plot.Plot { return Accuracy(nil, nil) }, "Accuracy: no values"},
		{"accuracy NaN", func() error { _, err := accuracy([]float64{0.5}, []float64{nan}); return err }, nil, "Accuracy: test: point 0"},
		{"histograms none", func() error { _, err := histograms("", nil, nil, 10, 0, 1); return err }, nil, "Histograms: no data"},
		{"histograms labels", func() error { _, err := histograms("", [][]float64{{1}}, []string{"a", "b"}, 10, 0, 1); return err }, nil, "2 labels for 1 data sets"},
		{"histograms bins", func() error { _, err := histograms("", [][]float64{{1}}, nil, 0, 0, 1); return err }, nil, "0 bins"},
		{"histograms range", func() error { _, err := histograms("", [][]float64{{1}}, nil, 5, 1, 0); return err }, nil, "range [1, 0]"},
		{"contour nil", func() error { _, err := contour(nil, 0, 1, 0, 1, nil); return err }, func() *plot.Plot { return Contour(nil, 0, 1, 0, 1) }, "Contour: nil function"},
		{"contour area", func() error { _, err := contour(bowl, 1, 1, 0, 1, nil); return err }, nil, "not a finite area"},
		{"contour panics", func() error { _, err := contour(bowlPanics, 0, 1, 0, 1, nil); return err }, nil, "the function panicked: boom"},
		{"contour constant", func() error { _, err := contour(func(x, y float64) float64 { return 3 }, 0, 1, 0, 1, nil); return err }, nil, "f is constant (3)"},
		{"contour path", func() error { _, err := contour(bowl, 0, 1, 0, 1, []Path{{Name: "p", Y: []float64{1}}}); return err }, nil, `path 0 ("p"): no X values`},
		{"boundary nil", func() error { _, err := decisionBoundary(nil, []float64{1}, []float64{1}, []int{0}); return err }, nil, "nil predict function"},
		{"boundary lengths", func() error {
			_, err := decisionBoundary(func(x, y float64) int { return 0 }, []float64{1, 2}, []float64{1}, []int{0, 1})
			return err
		}, nil, "2 xs, 1 ys and 2 labels"},
		{"boundary label", func() error {
			_, err := decisionBoundary(func(x, y float64) int { return 0 }, []float64{1}, []float64{1}, []int{-1})
			return err
		}, nil, "label 0 is -1"},
		{"boundary panics", func() error {
			_, err := decisionBoundary(func(x, y float64) int { panic("bad") }, []float64{1}, []float64{1}, []int{0})
			return err
		}, nil, "predict panicked: bad"},
		{"images none", func() error { _, err := images(nil, nil, 3); return err }, nil, "Images: no images"},
		{"images square", func() error { _, err := images([][]float64{make([]float64, 10)}, nil, 3); return err }, nil, "image 0: 10 values do not make a square image"},
		{"images cols", func() error { _, err := images([][]float64{make([]float64, 4)}, nil, 0); return err }, nil, "0 columns"},
		{"confusion nil", func() error { _, err := confusion(nil, nil); return err }, func() *plot.Plot { return Confusion(nil, nil) }, "Confusion: no matrix"},
		{"confusion shape", func() error { _, err := confusion(mat.NewDense(2, 3, nil), nil); return err }, nil, "2×3"},
		{"confusion labels", func() error { _, err := confusion(mat.NewDense(2, 2, nil), []string{"a"}); return err }, nil, "1 labels for 2 classes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			if err == nil || !strings.HasPrefix(err.Error(), "chart: ") || !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("error %v, want one starting \"chart: \" and containing %q", err, tt.reason)
			}
			if tt.shown == nil {
				return
			}
			p := tt.shown()
			if p.Title.Text != err.Error() {
				t.Errorf("chart title %q, want the error %q", p.Title.Text, err)
			}
			if _, err := PNG(p, 3*vg.Inch, 2*vg.Inch, 72); err != nil {
				t.Errorf("the error chart does not draw: %v", err)
			}
		})
	}
}

// TestGridErrorCharts checks the grid helpers show their errors too.
func TestGridErrorCharts(t *testing.T) {
	for name, g := range map[string]*Grid{
		"Histograms": Histograms("", nil, nil, 10, 0, 1),
		"Images":     Images(nil, nil, 3),
	} {
		if g.Rows != 1 || g.Cols != 1 || !strings.Contains(g.Plots[0].Title.Text, "chart: "+name) {
			t.Errorf("%s: grid %dx%d titled %q, want one chart showing the error", name, g.Rows, g.Cols, g.Plots[0].Title.Text)
		}
	}
}

func TestTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		want     []string
	}{
		{0, 1, []string{"0", "0.2", "0.4", "0.6", "0.8", "1"}},
		{-1.05, 1.05, []string{"-1", "-0.5", "0", "0.5", "1"}},
		{0, 300, []string{"0", "50", "100", "150", "200", "250", "300"}},
		{0.5, 8.5, []string{"2", "4", "6", "8"}},
		{0, 0.001, []string{"0", "0.0002", "0.0004", "0.0006", "0.0008", "0.001"}},
		{0, 5e6, []string{"0", "1e+06", "2e+06", "3e+06", "4e+06", "5e+06"}},
		{1, 1, nil},
		{0, math.Inf(1), nil},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range (ticks{}).Ticks(tt.min, tt.max) {
			got = append(got, tk.Label)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ticks(%v, %v) = %q, want %q", tt.min, tt.max, got, tt.want)
		}
	}
}

func TestBinCounts(t *testing.T) {
	tests := []struct {
		d      []float64
		bins   int
		lo, hi float64
		want   []float64
	}{
		{[]float64{0, 0.1, 0.5, 0.99, 1}, 2, 0, 1, []float64{2, 3}},
		{[]float64{-1, 2, math.NaN(), 0.25}, 4, 0, 1, []float64{0, 1, 0, 0}},
		{nil, 3, 0, 1, []float64{0, 0, 0}},
	}
	for _, tt := range tests {
		if got := binCounts(tt.d, tt.bins, tt.lo, tt.hi); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("binCounts(%v, %d, %v, %v) = %v, want %v", tt.d, tt.bins, tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestHistogramsSharedScale(t *testing.T) {
	g := Histograms("t", [][]float64{{0.1, 0.1, 0.1, 0.9}, {0.5}}, []string{"a", "b"}, 10, 0, 0)
	if g.Rows != 1 || g.Cols != 2 || g.Title != "t" {
		t.Fatalf("grid %dx%d %q, want 1x2 \"t\"", g.Rows, g.Cols, g.Title)
	}
	for i, p := range g.Plots {
		if p.X.Min != 0.1 || p.X.Max != 0.9 {
			t.Errorf("plot %d: x range [%v, %v], want the data's [0.1, 0.9]", i, p.X.Min, p.X.Max)
		}
		if p.Y.Max != g.Plots[0].Y.Max || p.Y.Max < 3 {
			t.Errorf("plot %d: y max %v, want the shared max ≥ 3 (plot 0: %v)", i, p.Y.Max, g.Plots[0].Y.Max)
		}
	}
	if g.Plots[0].Title.Text != "a" || g.Plots[1].Title.Text != "b" {
		t.Errorf("titles %q %q, want the labels", g.Plots[0].Title.Text, g.Plots[1].Title.Text)
	}
}

func TestPNGSize(t *testing.T) {
	p := Lines("", "", "", Series{Y: []float64{1, 2}})
	tests := []struct {
		w, h    vg.Length
		dpi     float64
		wx, wy  int
		wantErr string
	}{
		{4 * vg.Inch, 3 * vg.Inch, 100, 400, 300, ""},
		{0, 0, 0, 1152, 768, ""},
		{-1, 3 * vg.Inch, 100, 0, 0, "not positive"},
		{4 * vg.Inch, 3 * vg.Inch, -5, 0, 0, "too large"},
		{400 * vg.Inch, 300 * vg.Inch, 192, 0, 0, "too large"},
	}
	for _, tt := range tests {
		b, err := PNG(p, tt.w, tt.h, tt.dpi)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("PNG(%v, %v, %v): error %v, want %q", tt.w, tt.h, tt.dpi, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if r := img.Bounds(); r.Dx() != tt.wx || r.Dy() != tt.wy {
			t.Errorf("PNG(%v, %v, %v) is %dx%d, want %dx%d", tt.w, tt.h, tt.dpi, r.Dx(), r.Dy(), tt.wx, tt.wy)
		}
	}
	if _, err := PNG(nil, 0, 0, 0); err == nil {
		t.Error("PNG(nil) gave no error")
	}
	if _, err := SVG(nil, 0, 0); err == nil {
		t.Error("SVG(nil) gave no error")
	}
	svg, err := SVG(p, 0, 0)
	if err != nil || !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte(`width="432pt"`)) {
		t.Errorf("SVG: %v, %.200s", err, svg)
	}
}

func TestDrawPanicIsError(t *testing.T) {
	p := New("", "", "")
	p.Legend.YPosition = 5 // gonum/plot panics on drawing this legend
	p.Legend.Add("x")
	if _, err := PNG(p, 0, 0, 72); err == nil || !strings.Contains(err.Error(), "chart: drawing failed") {
		t.Errorf("error %v, want a drawing failure", err)
	}
}

func TestGrid(t *testing.T) {
	a, b := Lines("a", "", "", Series{Y: []float64{1, 2}}), Lines("b", "", "", Series{Y: []float64{2, 1}})
	g := GridOf(2, a, b, a)
	if g.Rows != 2 || g.Cols != 2 || g.At(0, 1) != b || g.At(1, 0) != a || g.At(1, 1) != nil || g.At(2, 0) != nil {
		t.Fatalf("GridOf(2, a, b, a) laid out as %dx%d %v", g.Rows, g.Cols, g.Plots)
	}
	if err := g.Set(1, 1, b); err != nil || g.At(1, 1) != b {
		t.Errorf("Set(1, 1): %v", err)
	}
	if err := g.Set(0, 2, b); err == nil || !strings.Contains(err.Error(), "outside a 2x2 grid") {
		t.Errorf("Set(0, 2) error %v", err)
	}
	g.Width, g.Height = 4*vg.Inch, 3*vg.Inch
	pngB, err := g.PNG(50)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(pngB))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != 200 || img.Bounds().Dy() != 150 {
		t.Fatalf("PNG bounds %v, want 200x150", img.Bounds())
	}
	if svg, err := g.SVG(); err != nil || !bytes.Contains(svg, []byte("<svg")) {
		t.Errorf("SVG: %v", err)
	}

	m := g.MIMEBundle()
	if m["text/plain"] != "chart.Grid 2x2" {
		t.Errorf("text/plain %q", m["text/plain"])
	}
	raw, err := base64.StdEncoding.DecodeString(m["image/png"].(string))
	if err != nil {
		t.Fatal(err)
	}
	img, err = png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != 4*DefaultDPI {
		t.Errorf("image/png bounds %v, want %d wide", img.Bounds(), 4*DefaultDPI)
	}
	if h := m["text/html"].(string); !strings.HasPrefix(h, `<img width="384" `) || !strings.Contains(h, m["image/png"].(string)) {
		t.Errorf("text/html %.100q, want an img 384 wide with the PNG", h)
	}

	bad := &Grid{Rows: 2, Cols: 2}
	if _, err := bad.PNG(0); err == nil {
		t.Error("PNG of a grid without plots gave no error")
	}
	if m := bad.MIMEBundle(); len(m) != 1 || !strings.Contains(m["text/plain"].(string), "has 0 plots") {
		t.Errorf("MIMEBundle of a bad grid: %v", m)
	}
	var nilGrid *Grid
	if _, err := nilGrid.SVG(); err == nil {
		t.Error("SVG of a nil grid gave no error")
	}
}

func TestClassMap(t *testing.T) {
	img, err := classMap(func(x, y float64) int {
		if x > 0 {
			return 1
		}
		if y > 0 {
			return -1
		}
		return 0
	}, -1, 1, -1, 1)
	if err != nil {
		t.Fatal(err)
	}
	n := boundarySteps
	for _, c := range []struct {
		x, y int
		want any
	}{
		{n - 1, 0, tint(tab10[1], 0.3)},            // right: class 1
		{0, n - 1, tint(tab10[0], 0.3)},            // bottom left: class 0 (row 0 is the top)
		{0, 0, color.RGBA{0xf0, 0xf0, 0xf0, 0xff}}, // top left: no class
	} {
		if got := img.RGBAAt(c.x, c.y); got != c.want {
			t.Errorf("pixel (%d, %d) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}

func TestColor(t *testing.T) {
	if Color(0) != tab10[0] || Color(10) != tab10[0] || Color(-1) != tab10[9] || Color(13) != tab10[3] {
		t.Error("Color does not cycle through tab10")
	}
}

func TestFonts(t *testing.T) {
	dir := t.TempDir()
	notFont := filepath.Join(dir, "x.ttf")
	os.WriteFile(notFont, []byte("not a font"), 0o644)
	badTTC := filepath.Join(dir, "x.ttc")
	os.WriteFile(badTTC, []byte("ttcf and nothing else"), 0o644)
	for _, p := range []string{filepath.Join(dir, "missing.ttf"), notFont, badTTC} {
		if _, err := newFontSet(p); err == nil || !strings.HasPrefix(err.Error(), "chart: font") {
			t.Errorf("newFontSet(%s): error %v", p, err)
		}
		if err := SetFont(p); err == nil {
			t.Errorf("SetFont(%s) gave no error", p)
		}
	}
	fs, _ := findFonts("", []string{notFont, filepath.Join(dir, "missing.ttf")})
	if fs.cjk != "" {
		t.Errorf("findFonts without a usable font found %q", fs.cjk)
	}
	h := handler{fs: fs}
	for _, tc := range []struct {
		s    string
		want bool
	}{{"loss", false}, {"η = 0.01, σ", false}, {"é ü", false}, {"損失", true}, {"epoch エポック", true}} {
		if got := h.needsCJK(tc.s); got != tc.want {
			t.Errorf("needsCJK(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
	if f := h.fontFor("損失", latinFont); f != latinFont {
		t.Errorf("without a CJK font, Japanese text uses %v, want the Latin font", f)
	}
}

func TestCJKFont(t *testing.T) {
	real, _ := findFonts(os.Getenv("GOCELL_CJK_FONT"), cjkPaths)
	if real.cjk == "" {
		t.Skip("no CJK font installed (install fonts-ipaexfont or fonts-noto-cjk, or set GOCELL_CJK_FONT)")
	}
	// The override wins over the search list, and a bad override falls
	// back to the list.
	fs, _ := findFonts(real.path, nil)
	if fs.path != real.path || fs.cjk == "" {
		t.Errorf("override %s gave %q from %q", real.path, fs.cjk, fs.path)
	}
	fs, _ = findFonts(filepath.Join(t.TempDir(), "missing.ttf"), []string{real.path})
	if fs.path != real.path {
		t.Errorf("bad override: font from %q, want the list's %s", fs.path, real.path)
	}
	withFonts(t, real.path)
	if fam, path := FontName(); fam == "" || path != real.path {
		t.Errorf("FontName() = %q, %q", fam, path)
	}
	h := newHandler()
	size := font.From(latinFont, 10)
	f := h.fontFor("損失", size)
	if f.Typeface != cjkTypeface {
		t.Errorf("Japanese text set in %v, want the CJK font", f)
	}
	// Japanese is measured with the CJK font: Liberation has no glyphs
	// for it and would measure every character as the same empty box.
	w, _, _ := h.Box("損失", size)
	if w2, _, _ := h.plain.Box("損失", f); w != w2 || w == 0 {
		t.Errorf("Box width %v, want the CJK font's %v", w, w2)
	}
	// SVG names the CJK font's family for Japanese text, Liberation for
	// the rest.
	svg, err := SVG(New("損失", "epoch", ""), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	fam, _ := FontName()
	for _, want := range []string{">損失</text>", "font-family:" + fam, "font-family:Liberation Sans"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}
