package display_test

import (
	"errors"
	"image"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/gocell/gocell/kernel/display"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// linePlot is a small plot with a title and one line.
func linePlot(t *testing.T) *plot.Plot {
	t.Helper()
	p := plot.New()
	p.Title.Text = "loss"
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 0.5}, {X: 2, Y: 0.2}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	return p
}

// panicker is a plotter that cannot be drawn.
type panicker struct{}

func (panicker) Plot(draw.Canvas, *plot.Plot) { panic("no way") }

func TestRenderPlot(t *testing.T) {
	tests := []struct {
		name           string
		opts           display.PlotOptions
		pixelW, pixelH int
		cssW, cssH     int
	}{
		{"default is 640×400 at 2x", display.PlotOptions{}, 1280, 800, 640, 400},
		{"scale 1", display.PlotOptions{Scale: 1}, 640, 400, 640, 400},
		{"size in inches at 3x", display.PlotOptions{Width: 3 * vg.Inch, Height: 2 * vg.Inch, Scale: 3}, 864, 576, 288, 192},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, meta, err := display.RenderPlot(linePlot(t), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			img := decodeData(t, data, "image/png")
			if b := img.Bounds(); b.Dx() != tt.pixelW || b.Dy() != tt.pixelH {
				t.Errorf("PNG is %d×%d, want %d×%d", b.Dx(), b.Dy(), tt.pixelW, tt.pixelH)
			}
			want := map[string]interface{}{"image/png": map[string]interface{}{"width": tt.cssW, "height": tt.cssH}}
			if !reflect.DeepEqual(meta, want) {
				t.Errorf("metadata %v, want %v", meta, want)
			}
			if got, want := data["text/plain"], `<plot "loss" `+strconv.Itoa(tt.cssW)+"×"+strconv.Itoa(tt.cssH)+">"; got != want {
				t.Errorf("text/plain %q, want %q", got, want)
			}
			// The line is drawn: the image is not a blank background.
			if blank(img) {
				t.Error("the plot image is blank")
			}
		})
	}
}

// blank reports whether every pixel of img is the same.
func blank(img image.Image) bool {
	b := img.Bounds()
	first := img.At(b.Min.X, b.Min.Y)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if img.At(x, y) != first {
				return false
			}
		}
	}
	return true
}

func TestRenderPlotSVG(t *testing.T) {
	data, meta, err := display.RenderPlot(linePlot(t), display.PlotOptions{SVG: true})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := data["image/svg+xml"].(string)
	if !strings.Contains(s, "<svg") || !strings.Contains(s, "loss") {
		t.Errorf("SVG lacks the svg element or the title: %.200q", s)
	}
	if _, ok := data["image/png"]; ok || meta != nil {
		t.Errorf("SVG rendering also gave a PNG or metadata: %v %v", keys(data), meta)
	}
	if data["text/plain"] != `<plot "loss" 640×400>` {
		t.Errorf("text/plain %q", data["text/plain"])
	}
}

func TestRenderPlotErrors(t *testing.T) {
	bad := plot.New()
	bad.Add(panicker{})
	tests := []struct {
		name string
		p    *plot.Plot
		o    display.PlotOptions
		want string
	}{
		{"nil", nil, display.PlotOptions{}, "display: Plot: nil plot"},
		{"negative size", plot.New(), display.PlotOptions{Width: -1, Height: 10}, "is not positive"},
		{"huge", plot.New(), display.PlotOptions{Width: 1000 * vg.Inch, Height: 1000 * vg.Inch}, "too large"},
		{"negative scale", plot.New(), display.PlotOptions{Scale: -2}, "too large"},
		{"drawing panics", bad, display.PlotOptions{}, "display: Plot: drawing failed: no way"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := display.RenderPlot(tt.p, tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// card has the display method.
type card struct{ name string }

func (c card) MIMEBundle() map[string]interface{} {
	return map[string]interface{}{"text/html": "<b>" + c.name + "</b>"}
}

type panicky struct{}

func (panicky) MIMEBundle() map[string]interface{} { panic("bad bundle") }

type badMIME struct{}

func (badMIME) MIMEBundle() map[string]interface{} { return map[string]interface{}{"nope": 1} }

func TestRender(t *testing.T) {
	tests := []struct {
		name  string
		v     interface{}
		ok    bool
		types []string // the MIME types of the bundle
		text  string   // its text/plain, when not empty
	}{
		{"int", 42, false, nil, ""},
		{"string", "hi", false, nil, ""},
		{"nil", nil, false, nil, ""},
		{"error", errors.New("x"), false, nil, ""},
		{"struct", struct{ A int }{1}, false, nil, ""},
		{"nil matrix pointer", (*mat.Dense)(nil), false, nil, ""},
		{"nil plot", (*plot.Plot)(nil), false, nil, ""},
		{"nil table pointer", (*display.Table)(nil), false, nil, ""},
		{"plot", linePlot(t), true, []string{"image/png", "text/plain"}, `<plot "loss" 640×400>`},
		{"image", testImage(2, 3), true, []string{"image/png", "text/plain"}, "<PNG image 2×3>"},
		{"dense", mat.NewDense(1, 2, []float64{1, 2.5}), true, []string{"text/html", "text/plain"}, "1×2 *mat.Dense\n1  2.5"},
		{"vector", mat.NewVecDense(2, []float64{3, 4}), true, []string{"text/html", "text/plain"}, "2×1 *mat.VecDense\n3\n4"},
		{"transpose", mat.NewDense(1, 2, []float64{1, 2}).T(), true, []string{"text/html", "text/plain"}, "2×1 mat.Transpose\n1\n2"},
		// var z mat.Dense; z.Mul(a, b); z — the value, not &z: its methods
		// are on the pointer, yet a learner means the matrix.
		{"dense value", *mat.NewDense(1, 2, []float64{1, 2.5}), true, []string{"text/html", "text/plain"}, "1×2 mat.Dense\n1  2.5"},
		{"zero dense value", mat.Dense{}, true, []string{"text/html", "text/plain"}, "0×0 mat.Dense"},
		{"vector value", *mat.NewVecDense(2, []float64{3, 4}), true, []string{"text/html", "text/plain"}, "2×1 mat.VecDense\n3\n4"},
		{"plot value", *linePlot(t), true, []string{"image/png", "text/plain"}, `<plot "loss" 640×400>`},
		{"table", display.Table{Rows: [][]interface{}{{"a", 1}}}, true, []string{"text/html", "text/plain"}, "a  1"},
		{"table pointer", &display.Table{Rows: [][]interface{}{{"a", 1}}}, true, []string{"text/html", "text/plain"}, "a  1"},
		{"display method", card{"x"}, true, []string{"text/html", "text/plain"}, "x"},
		{"display method that panics", panicky{}, true, []string{"text/plain"}, "display: rendering display_test.panicky: panic: bad bundle"},
		{"display method with a bad bundle", badMIME{}, true, []string{"text/plain"},
			`display: display_test.badMIME.MIMEBundle: "nope" is not a MIME type`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, _, ok := display.Render(tt.v)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				if data != nil {
					t.Errorf("data %v with ok false", data)
				}
				return
			}
			if got := keys(data); !reflect.DeepEqual(got, tt.types) {
				t.Errorf("MIME types %v, want %v", got, tt.types)
			}
			if data["text/plain"] != tt.text {
				t.Errorf("text/plain\n got %q\nwant %q", data["text/plain"], tt.text)
			}
		})
	}
}

func TestShowPicks(t *testing.T) {
	tests := []struct {
		name  string
		v     interface{}
		types []string
		text  string
	}{
		{"int as text", 7, []string{"text/plain"}, "7"},
		{"nil as text", nil, []string{"text/plain"}, "<nil>"},
		{"plot", linePlot(t), []string{"image/png", "text/plain"}, `<plot "loss" 640×400>`},
		{"image", testImage(1, 1), []string{"image/png", "text/plain"}, "<PNG image 1×1>"},
		{"matrix", mat.NewDense(1, 1, []float64{0.5}), []string{"text/html", "text/plain"}, "1×1 *mat.Dense\n0.5"},
		{"display method", card{"c"}, []string{"text/html", "text/plain"}, "c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := record(t)
			display.Show(tt.v)
			d := only(t, r)
			if got := keys(d.Data); !reflect.DeepEqual(got, tt.types) {
				t.Errorf("MIME types %v, want %v", got, tt.types)
			}
			if d.Data["text/plain"] != tt.text {
				t.Errorf("text/plain %q, want %q", d.Data["text/plain"], tt.text)
			}
		})
	}
}
