package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // lets image.DecodeConfig check JPEG bytes
	"image/png"
	"strings"

	"github.com/gocell/gocell/kernel/session"
)

// MIME types of the bundles this package builds.
const (
	mimeText     = "text/plain"
	mimeHTML     = "text/html"
	mimeMarkdown = "text/markdown"
	mimeLaTeX    = "text/latex"
	mimeSVG      = "image/svg+xml"
	mimePNG      = "image/png"
	mimeJPEG     = "image/jpeg"
	mimeJSON     = "application/json"
)

// HTML shows s as HTML. Its text/plain part is s without tags.
func HTML(s string) { publish(htmlBundle(s), nil) }

// Markdown shows s as Markdown.
func Markdown(s string) { publish(markdownBundle(s), nil) }

// LaTeX shows s as LaTeX. A bare formula (one with no $, \(, \[ or \begin) is
// set as display math, so LaTeX(`\frac{1}{2}`) works as written; text with
// its own $ delimiters is passed on as is.
func LaTeX(s string) { publish(latexBundle(s), nil) }

// SVG shows s, the text of an SVG document.
func SVG(s string) { publish(svgBundle(s)) }

// PNG shows b, the bytes of a PNG image.
func PNG(b []byte) { publish(encodedImageBundle(b, "png")) }

// JPEG shows b, the bytes of a JPEG image.
func JPEG(b []byte) { publish(encodedImageBundle(b, "jpeg")) }

// JSON shows v as JSON, which JupyterLab draws as a tree that folds. v is
// anything encoding/json can encode.
func JSON(v interface{}) { publish(jsonBundle(v)) }

// Text shows s as plain text.
func Text(s string) { publish(textBundle(s), nil) }

// Image shows img as a PNG, at its size in pixels.
func Image(img image.Image) { publish(imageBundle(img)) }

// ImageScaled shows img as a PNG enlarged scale times, each pixel a
// scale×scale square: a 28×28 digit at scale 4 is 112×112 and stays crisp,
// where a browser enlarging it would blur it. Scale is from 1 to 64.
func ImageScaled(img image.Image, scale int) { publish(scaledImageBundle(img, scale)) }

// Bundle shows a MIME bundle as it is: MIME types mapped to their content,
// as described in the package doc for the display method. A text/plain part
// is added when missing.
func Bundle(data map[string]interface{}) { publish(userBundle("Bundle", data, nil)) }

// BundleMeta shows a MIME bundle with its metadata, for example
// {"image/png": {"width": 320}} to draw an image at a given width.
func BundleMeta(data, metadata map[string]interface{}) {
	publish(userBundle("BundleMeta", data, metadata))
}

func textBundle(s string) session.Bundle {
	return session.Bundle{Data: map[string]interface{}{mimeText: s}}
}

func htmlBundle(s string) session.Bundle {
	text := htmlText(s)
	if text == "" {
		text = "<HTML>" // an image or a widget: nothing to read as text
	}
	return session.Bundle{Data: map[string]interface{}{mimeHTML: s, mimeText: text}}
}

func markdownBundle(s string) session.Bundle {
	return session.Bundle{Data: map[string]interface{}{mimeMarkdown: s, mimeText: s}}
}

func latexBundle(s string) session.Bundle {
	tex := s
	delimited := strings.Contains(s, "$") || strings.Contains(s, `\begin`) ||
		strings.Contains(s, `\(`) || strings.Contains(s, `\[`)
	if !delimited {
		tex = "$$" + strings.TrimSpace(s) + "$$"
	}
	return session.Bundle{Data: map[string]interface{}{mimeLaTeX: tex, mimeText: s}}
}

func svgBundle(s string) (session.Bundle, error) {
	if !strings.Contains(s, "<svg") {
		return session.Bundle{}, errorf("SVG: the text has no <svg> element")
	}
	return session.Bundle{Data: map[string]interface{}{
		mimeSVG:  s,
		mimeText: fmt.Sprintf("<SVG image, %d bytes>", len(s)),
	}}, nil
}

// encodedImageBundle checks that b is an image in format ("png" or "jpeg")
// and bundles it with its size.
func encodedImageBundle(b []byte, format string) (session.Bundle, error) {
	cfg, got, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return session.Bundle{}, errorf("%s: not an image (%d bytes): %w", strings.ToUpper(format), len(b), err)
	}
	if got != format {
		return session.Bundle{}, errorf("%s: the bytes are a %s image", strings.ToUpper(format), got)
	}
	return pixelBundle(b, "image/"+format, cfg.Width, cfg.Height, cfg.Width, cfg.Height), nil
}

// pixelBundle bundles encoded image bytes of w×h pixels, shown at the
// logical size lw×lh (smaller than w×h for high-density images).
func pixelBundle(b []byte, mime string, w, h, lw, lh int) session.Bundle {
	return session.Bundle{
		Data: map[string]interface{}{
			mime:     base64.StdEncoding.EncodeToString(b),
			mimeText: fmt.Sprintf("<%s image %d×%d>", strings.ToUpper(strings.TrimPrefix(mime, "image/")), w, h),
		},
		Metadata: map[string]interface{}{
			mime: map[string]interface{}{"width": lw, "height": lh},
		},
	}
}

func imageBundle(img image.Image) (session.Bundle, error) {
	if img == nil {
		return session.Bundle{}, errorf("Image: nil image")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return session.Bundle{}, errorf("Image: encoding PNG: %w", err)
	}
	r := img.Bounds()
	return pixelBundle(buf.Bytes(), mimePNG, r.Dx(), r.Dy(), r.Dx(), r.Dy()), nil
}

// maxImageScale bounds ImageScaled: enough for the smallest images, and a
// mistaken scale cannot ask for gigabytes.
const maxImageScale = 64

func scaledImageBundle(img image.Image, scale int) (session.Bundle, error) {
	if scale < 1 || scale > maxImageScale {
		return session.Bundle{}, errorf("ImageScaled: scale %d is not between 1 and %d", scale, maxImageScale)
	}
	if img == nil || scale == 1 {
		return imageBundle(img)
	}
	r := img.Bounds()
	big := image.NewRGBA(image.Rect(0, 0, r.Dx()*scale, r.Dy()*scale))
	for y := 0; y < r.Dy(); y++ {
		for x := 0; x < r.Dx(); x++ {
			c := img.At(r.Min.X+x, r.Min.Y+y)
			draw.Draw(big, image.Rect(x*scale, y*scale, (x+1)*scale, (y+1)*scale), image.NewUniform(c), image.Point{}, draw.Src)
		}
	}
	return imageBundle(big)
}

func jsonBundle(v interface{}) (session.Bundle, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return session.Bundle{}, errorf("JSON: %w", err)
	}
	// The decoded form is plain maps, slices and numbers: it crosses any
	// process boundary unchanged and compares easily.
	var plain interface{}
	if err := json.Unmarshal(raw, &plain); err != nil {
		return session.Bundle{}, errorf("JSON: %w", err)
	}
	var indented bytes.Buffer
	json.Indent(&indented, raw, "", "  ")
	return session.Bundle{Data: map[string]interface{}{mimeJSON: plain, mimeText: indented.String()}}, nil
}

// CheckBundle checks and completes a MIME bundle the way Bundle does, without
// showing it: MIME types must look like type/subtype, a []byte under a
// binary type is encoded in base64, text/plain is added when missing, and
// the whole must encode as JSON. The evaluator passes it what a cell-defined
// type's MIMEBundle method returned, to make the cell's result.
func CheckBundle(data map[string]interface{}) (map[string]interface{}, error) {
	b, err := userBundle("CheckBundle", data, nil)
	return b.Data, err
}

// userBundle checks and completes a bundle given by the user (who names
// the function given it, for errors): MIME types
// must look like type/subtype, bytes become base64, text/plain is added, and
// everything must encode as JSON (the kernel sends it so).
func userBundle(who string, data, metadata map[string]interface{}) (session.Bundle, error) {
	if len(data) == 0 {
		return session.Bundle{}, errorf("%s: no data", who)
	}
	out := make(map[string]interface{}, len(data)+1)
	for k, v := range data {
		if i := strings.IndexByte(k, '/'); i <= 0 || i == len(k)-1 {
			return session.Bundle{}, errorf("%s: %q is not a MIME type", who, k)
		}
		if b, ok := v.([]byte); ok && !strings.HasPrefix(k, "text/") {
			v = base64.StdEncoding.EncodeToString(b)
		} else if ok {
			v = string(b)
		}
		out[k] = v
	}
	if _, ok := out[mimeText]; !ok {
		out[mimeText] = plainFor(out)
	}
	if _, err := json.Marshal(out); err != nil {
		return session.Bundle{}, errorf("%s: data does not encode as JSON: %w", who, err)
	}
	if _, err := json.Marshal(metadata); err != nil {
		return session.Bundle{}, errorf("%s: metadata does not encode as JSON: %w", who, err)
	}
	return session.Bundle{Data: out, Metadata: metadata}, nil
}

// plainFor makes a text/plain part for a bundle that has none.
func plainFor(data map[string]interface{}) string {
	if s, ok := data[mimeHTML].(string); ok {
		return htmlText(s)
	}
	for _, k := range []string{mimeMarkdown, mimeLaTeX} {
		if s, ok := data[k].(string); ok {
			return s
		}
	}
	types := sortedKeys(data)
	return "<" + strings.Join(types, ", ") + ">"
}
