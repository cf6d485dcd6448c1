package display_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/gocell/gocell/kernel/display"
)

// testImage is a w×h image whose pixel (x, y) has red x*10 and green y*10.
func testImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 10), uint8(y * 10), 0, 255})
		}
	}
	return img
}

func encode(t *testing.T, img image.Image, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// decodeData decodes the base64 image under mime in data.
func decodeData(t *testing.T, data map[string]interface{}, mime string) image.Image {
	t.Helper()
	s, ok := data[mime].(string)
	if !ok {
		t.Fatalf("%s is %T, want a base64 string", mime, data[mime])
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("%s is not base64: %v", mime, err)
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s does not decode: %v", mime, err)
	}
	return img
}

func keys(m map[string]interface{}) []string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	sort.Strings(k)
	return k
}

func TestShowFunctions(t *testing.T) {
	pngBytes := encode(t, testImage(3, 2), "png")
	jpegBytes := encode(t, testImage(5, 4), "jpeg")
	b64 := base64.StdEncoding.EncodeToString
	size := func(mime string, w, h int) map[string]interface{} {
		return map[string]interface{}{mime: map[string]interface{}{"width": w, "height": h}}
	}
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>`
	tests := []struct {
		name string
		show func()
		data map[string]interface{}
		meta map[string]interface{}
	}{
		{"HTML", func() { display.HTML("<p>a &amp; <b>b</b></p><script>x()</script>") },
			map[string]interface{}{"text/html": "<p>a &amp; <b>b</b></p><script>x()</script>", "text/plain": "a & b"}, nil},
		{"Markdown", func() { display.Markdown("# Title\n*x*") },
			map[string]interface{}{"text/markdown": "# Title\n*x*", "text/plain": "# Title\n*x*"}, nil},
		{"LaTeX bare formula", func() { display.LaTeX(`\frac{1}{2}`) },
			map[string]interface{}{"text/latex": `$$\frac{1}{2}$$`, "text/plain": `\frac{1}{2}`}, nil},
		{"LaTeX with \\( delimiters", func() { display.LaTeX(`\(x\)`) },
			map[string]interface{}{"text/latex": `\(x\)`, "text/plain": `\(x\)`}, nil},
		{"HTML without text", func() { display.HTML(`<img src="a.png">`) },
			map[string]interface{}{"text/html": `<img src="a.png">`, "text/plain": "<HTML>"}, nil},
		{"LaTeX delimited", func() { display.LaTeX(`where $x^2$ grows`) },
			map[string]interface{}{"text/latex": `where $x^2$ grows`, "text/plain": `where $x^2$ grows`}, nil},
		{"SVG", func() { display.SVG(svg) },
			map[string]interface{}{"image/svg+xml": svg, "text/plain": "<SVG image, 95 bytes>"}, nil},
		{"PNG", func() { display.PNG(pngBytes) },
			map[string]interface{}{"image/png": b64(pngBytes), "text/plain": "<PNG image 3×2>"}, size("image/png", 3, 2)},
		{"JPEG", func() { display.JPEG(jpegBytes) },
			map[string]interface{}{"image/jpeg": b64(jpegBytes), "text/plain": "<JPEG image 5×4>"}, size("image/jpeg", 5, 4)},
		{"JSON", func() { display.JSON(map[string]interface{}{"loss": 0.5, "layers": []int{784, 10}}) },
			map[string]interface{}{
				"application/json": map[string]interface{}{"loss": 0.5, "layers": []interface{}{784.0, 10.0}},
				"text/plain":       "{\n  \"layers\": [\n    784,\n    10\n  ],\n  \"loss\": 0.5\n}",
			}, nil},
		{"Text", func() { display.Text("plain") }, map[string]interface{}{"text/plain": "plain"}, nil},
		{"Bundle adds text/plain and encodes bytes", func() {
			display.Bundle(map[string]interface{}{"text/html": "<i>hi</i>", "image/png": pngBytes})
		}, map[string]interface{}{"text/html": "<i>hi</i>", "image/png": b64(pngBytes), "text/plain": "hi"}, nil},
		{"BundleMeta", func() {
			display.BundleMeta(map[string]interface{}{"text/plain": "t", "application/x-thing": []byte("raw")},
				map[string]interface{}{"application/x-thing": map[string]interface{}{"k": 1}})
		}, map[string]interface{}{"text/plain": "t", "application/x-thing": b64([]byte("raw"))},
			map[string]interface{}{"application/x-thing": map[string]interface{}{"k": 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, errs := record(t)
			tt.show()
			d := only(t, r)
			if d.ID != "" || d.Update {
				t.Errorf("anonymous display has ID %q, Update %v", d.ID, d.Update)
			}
			if !reflect.DeepEqual(d.Data, tt.data) {
				t.Errorf("data\n got %#v\nwant %#v", d.Data, tt.data)
			}
			if !reflect.DeepEqual(d.Metadata, tt.meta) {
				t.Errorf("metadata\n got %#v\nwant %#v", d.Metadata, tt.meta)
			}
			if errs.Len() > 0 {
				t.Errorf("unexpected error report %q", errs)
			}
		})
	}
}

func TestImage(t *testing.T) {
	r, _ := record(t)
	src := testImage(7, 5)
	display.Image(src)
	d := only(t, r)
	img := decodeData(t, d.Data, "image/png")
	if b := img.Bounds(); b.Dx() != 7 || b.Dy() != 5 {
		t.Fatalf("decoded size %v, want 7×5", b)
	}
	if got, want := color.RGBAModel.Convert(img.At(6, 4)), src.At(6, 4); got != want {
		t.Errorf("pixel (6,4) = %v, want %v", got, want)
	}
	want := map[string]interface{}{"image/png": map[string]interface{}{"width": 7, "height": 5}}
	if !reflect.DeepEqual(d.Metadata, want) {
		t.Errorf("metadata %v, want %v", d.Metadata, want)
	}
	if d.Data["text/plain"] != "<PNG image 7×5>" {
		t.Errorf("text/plain %q", d.Data["text/plain"])
	}
}

func TestImageScaled(t *testing.T) {
	r, _ := record(t)
	src := testImage(3, 2)
	display.ImageScaled(src, 4)
	d := only(t, r)
	img := decodeData(t, d.Data, "image/png")
	if b := img.Bounds(); b.Dx() != 12 || b.Dy() != 8 {
		t.Fatalf("decoded size %v, want 12×8", b)
	}
	for _, p := range []image.Point{{0, 0}, {5, 3}, {11, 7}, {8, 4}} {
		if got, want := color.RGBAModel.Convert(img.At(p.X, p.Y)), src.At(p.X/4, p.Y/4); got != want {
			t.Errorf("pixel %v = %v, want source pixel %v", p, got, want)
		}
	}
	want := map[string]interface{}{"image/png": map[string]interface{}{"width": 12, "height": 8}}
	if !reflect.DeepEqual(d.Metadata, want) {
		t.Errorf("metadata %v, want %v", d.Metadata, want)
	}
}

func TestCheckBundle(t *testing.T) {
	tests := []struct {
		name string
		in   map[string]interface{}
		want map[string]interface{}
		err  string
	}{
		{"adds text", map[string]interface{}{"text/markdown": "*x*"},
			map[string]interface{}{"text/markdown": "*x*", "text/plain": "*x*"}, ""},
		{"encodes bytes", map[string]interface{}{"image/png": []byte{1, 2}, "text/plain": []byte("p")},
			map[string]interface{}{"image/png": "AQI=", "text/plain": "p"}, ""},
		{"names other types", map[string]interface{}{"application/vnd.custom+json": map[string]interface{}{}},
			map[string]interface{}{"application/vnd.custom+json": map[string]interface{}{}, "text/plain": "<application/vnd.custom+json>"}, ""},
		{"bad type", map[string]interface{}{"text/": "x"}, nil, `display: CheckBundle: "text/" is not a MIME type`},
		{"empty", map[string]interface{}{}, nil, "display: CheckBundle: no data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := display.CheckBundle(tt.in)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Errorf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestShowErrors(t *testing.T) {
	pngBytes := encode(t, testImage(2, 2), "png")
	tests := []struct {
		name string
		show func()
		want string
	}{
		{"PNG of garbage", func() { display.PNG([]byte("not an image")) }, "display: PNG: not an image (12 bytes)"},
		{"JPEG given a PNG", func() { display.JPEG(pngBytes) }, "display: JPEG: the bytes are a png image"},
		{"SVG without svg", func() { display.SVG("<div/>") }, "display: SVG: the text has no <svg> element"},
		{"JSON of a func", func() { display.JSON(func() {}) }, "display: JSON: json: unsupported type: func()"},
		{"nil image", func() { display.Image(nil) }, "display: Image: nil image"},
		{"scale 0", func() { display.ImageScaled(testImage(1, 1), 0) }, "display: ImageScaled: scale 0 is not between 1 and 64"},
		{"scale 65", func() { display.ImageScaled(testImage(1, 1), 65) }, "display: ImageScaled: scale 65 is not between 1 and 64"},
		{"nil plot", func() { display.Plot(nil) }, "display: Plot: nil plot"},
		{"empty bundle", func() { display.Bundle(nil) }, "display: Bundle: no data"},
		{"bad MIME type", func() { display.Bundle(map[string]interface{}{"html": "x"}) }, `display: Bundle: "html" is not a MIME type`},
		{"data not JSON", func() { display.Bundle(map[string]interface{}{"x/y": make(chan int)}) }, "display: Bundle: data does not encode as JSON"},
		{"metadata not JSON", func() {
			display.BundleMeta(map[string]interface{}{"x/y": "1"}, map[string]interface{}{"f": func() {}})
		}, "display: BundleMeta: metadata does not encode as JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, errs := record(t)
			tt.show()
			if got := r.got(); len(got) != 0 {
				t.Errorf("a failed display published %+v", got)
			}
			if !strings.HasPrefix(errs.String(), tt.want) || !strings.HasSuffix(errs.String(), "\n") {
				t.Errorf("error report %q, want a line starting %q", errs, tt.want)
			}
		})
	}
}

func TestClear(t *testing.T) {
	r, _ := record(t)
	display.Clear(true)
	display.Clear(false)
	if !reflect.DeepEqual(r.clears, []bool{true, false}) {
		t.Errorf("clears %v, want [true false]", r.clears)
	}
}
