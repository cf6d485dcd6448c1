package display

import (
	"crypto/rand"
	"encoding/hex"
	"image"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/gocell/gocell/kernel/session"
	"gonum.org/v1/plot"
)

// Handle is a display that can be replaced in place: its first output is
// shown under the running cell, every later one replaces it (Jupyter's
// update_display_data), even from a later cell. Live views (a progress
// bar, a loss curve redrawn while training) use one.
//
// A Handle is safe for concurrent use; its outputs arrive in the order its
// methods are called.
type Handle struct {
	id    string
	mu    sync.Mutex
	shown bool
}

// handleSeq makes display ids unique within the process; the random part
// makes them unique across kernels, as the saved notebook may hold old ones.
var (
	handleSeq    atomic.Uint64
	handlePrefix = newHandlePrefix()
)

func newHandlePrefix() string {
	b := make([]byte, 6)
	rand.Read(b) // never fails (crypto/rand panics or blocks instead)
	return "gocell-" + hex.EncodeToString(b) + "-"
}

// NewHandle returns a handle with a new display id and nothing shown yet.
func NewHandle() *Handle {
	return &Handle{id: handlePrefix + strconv.FormatUint(handleSeq.Add(1), 10)}
}

// ID returns the display id (the transient display_id of the protocol).
func (h *Handle) ID() string { return h.id }

// String names the handle by its display id, so that a cell ending in h
// shows which display it is rather than the handle's lock.
func (h *Handle) String() string {
	h.mu.Lock()
	shown := h.shown
	h.mu.Unlock()
	if !shown {
		return "display.Handle " + h.id + " (nothing shown yet)"
	}
	return "display.Handle " + h.id
}

// publish shows b under the handle's id: as display_data the first time and
// as update_display_data after.
func (h *Handle) publish(b session.Bundle, err error) {
	if err != nil {
		report(err)
		return
	}
	// The lock is held while publishing so that a display is never
	// overtaken by an update of the same handle.
	h.mu.Lock()
	defer h.mu.Unlock()
	publishAs(b, nil, h.id, h.shown)
	h.shown = true
}

// Show shows v as the package-level Show does.
func (h *Handle) Show(v interface{}) {
	b, ok := render(v)
	if !ok {
		b = textBundle(sprint(v))
	}
	h.publish(b, nil)
}

// Bundle shows a MIME bundle, as the package-level Bundle does.
func (h *Handle) Bundle(data map[string]interface{}) { h.publish(userBundle("Bundle", data, nil)) }

// BundleMeta shows a MIME bundle with its metadata, as the package-level
// BundleMeta does (RenderPlot's results go here).
func (h *Handle) BundleMeta(data, metadata map[string]interface{}) {
	h.publish(userBundle("BundleMeta", data, metadata))
}

// HTML shows s as HTML.
func (h *Handle) HTML(s string) { h.publish(htmlBundle(s), nil) }

// Markdown shows s as Markdown.
func (h *Handle) Markdown(s string) { h.publish(markdownBundle(s), nil) }

// LaTeX shows s as LaTeX, as the package-level LaTeX does.
func (h *Handle) LaTeX(s string) { h.publish(latexBundle(s), nil) }

// Text shows s as plain text.
func (h *Handle) Text(s string) { h.publish(textBundle(s), nil) }

// SVG shows s, the text of an SVG document.
func (h *Handle) SVG(s string) { h.publish(svgBundle(s)) }

// PNG shows b, the bytes of a PNG image.
func (h *Handle) PNG(b []byte) { h.publish(encodedImageBundle(b, "png")) }

// JPEG shows b, the bytes of a JPEG image.
func (h *Handle) JPEG(b []byte) { h.publish(encodedImageBundle(b, "jpeg")) }

// JSON shows v as JSON.
func (h *Handle) JSON(v interface{}) { h.publish(jsonBundle(v)) }

// Image shows img as a PNG.
func (h *Handle) Image(img image.Image) { h.publish(imageBundle(img)) }

// ImageScaled shows img enlarged, as the package-level ImageScaled does.
func (h *Handle) ImageScaled(img image.Image, scale int) { h.publish(scaledImageBundle(img, scale)) }

// Plot shows p as a high-density PNG.
func (h *Handle) Plot(p *plot.Plot) { h.publish(plotBundle(p, PlotOptions{})) }

// PlotWith shows p rendered as o says.
func (h *Handle) PlotWith(p *plot.Plot, o PlotOptions) { h.publish(plotBundle(p, o)) }
