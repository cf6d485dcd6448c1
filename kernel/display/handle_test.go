package display_test

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/gocell/gocell/kernel/display"
	"github.com/gocell/gocell/kernel/session"
)

func TestHandleDisplaysThenUpdates(t *testing.T) {
	r, _ := record(t)
	h := display.NewHandle()
	if h.ID() == "" {
		t.Fatal("empty display id")
	}
	h.Text("step 1")
	h.HTML("<b>step 2</b>")
	h.Show(3)
	display.Text("anonymous") // interleaved displays do not disturb the handle
	h.Markdown("step *4*")

	got := r.got()
	want := []struct {
		id     string
		update bool
		text   string
	}{
		{h.ID(), false, "step 1"},
		{h.ID(), true, "step 2"},
		{h.ID(), true, "3"},
		{"", false, "anonymous"},
		{h.ID(), true, "step *4*"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d displays, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].ID != w.id || got[i].Update != w.update || got[i].Data["text/plain"] != w.text {
			t.Errorf("display %d: id %q update %v text %q, want %q %v %q",
				i, got[i].ID, got[i].Update, got[i].Data["text/plain"], w.id, w.update, w.text)
		}
	}
}

func TestHandleMethods(t *testing.T) {
	png := encode(t, testImage(2, 2), "png")
	jpg := encode(t, testImage(2, 2), "jpeg")
	tests := []struct {
		name string
		call func(h *display.Handle)
		mime string
	}{
		{"Bundle", func(h *display.Handle) { h.Bundle(map[string]interface{}{"text/html": "x"}) }, "text/html"},
		{"BundleMeta", func(h *display.Handle) { h.BundleMeta(map[string]interface{}{"text/html": "x"}, nil) }, "text/html"},
		{"LaTeX", func(h *display.Handle) { h.LaTeX("x") }, "text/latex"},
		{"SVG", func(h *display.Handle) { h.SVG("<svg/>") }, "image/svg+xml"},
		{"PNG", func(h *display.Handle) { h.PNG(png) }, "image/png"},
		{"JPEG", func(h *display.Handle) { h.JPEG(jpg) }, "image/jpeg"},
		{"JSON", func(h *display.Handle) { h.JSON([]int{1}) }, "application/json"},
		{"Image", func(h *display.Handle) { h.Image(testImage(1, 1)) }, "image/png"},
		{"ImageScaled", func(h *display.Handle) { h.ImageScaled(testImage(1, 1), 2) }, "image/png"},
		{"Plot", func(h *display.Handle) { h.Plot(linePlot(t)) }, "image/png"},
		{"PlotWith SVG", func(h *display.Handle) { h.PlotWith(linePlot(t), display.PlotOptions{SVG: true}) }, "image/svg+xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := record(t)
			h := display.NewHandle()
			tt.call(h)
			tt.call(h)
			got := r.got()
			if len(got) != 2 || got[0].Update || !got[1].Update || got[0].ID != h.ID() || got[1].ID != h.ID() {
				t.Fatalf("want a display then an update with id %q, got %+v", h.ID(), got)
			}
			for _, d := range got {
				if _, ok := d.Data[tt.mime]; !ok {
					t.Errorf("no %s in %v", tt.mime, keys(d.Data))
				}
				if _, ok := d.Data["text/plain"]; !ok {
					t.Errorf("no text/plain in %v", keys(d.Data))
				}
			}
		})
	}
}

func TestHandleFailureShowsNothing(t *testing.T) {
	r, errs := record(t)
	h := display.NewHandle()
	h.PNG([]byte("junk"))
	h.Text("after")
	got := r.got()
	if len(got) != 1 || got[0].Update || got[0].Data["text/plain"] != "after" {
		t.Errorf("after a failed first output, want a display (not an update) of %q, got %+v", "after", got)
	}
	if !strings.Contains(errs.String(), "display: PNG: not an image") {
		t.Errorf("error report %q", errs)
	}
}

func TestHandleIDsUnique(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		id := display.NewHandle().ID()
		if seen[id] {
			t.Fatalf("id %q repeated", id)
		}
		seen[id] = true
	}
}

// TestHandleString: a cell ending in h shows the handle's id and state,
// not its mutex (fmt's %v of the struct).
func TestHandleString(t *testing.T) {
	r, _ := record(t)
	h := display.NewHandle()
	if got, want := fmt.Sprint(h), "display.Handle "+h.ID()+" (nothing shown yet)"; got != want {
		t.Errorf("before a display: %q, want %q", got, want)
	}
	h.Text("a")
	only(t, r)
	if got, want := fmt.Sprint(h), "display.Handle "+h.ID(); got != want {
		t.Errorf("after a display: %q, want %q", got, want)
	}
}

// TestConcurrent runs handles, anonymous displays and publisher changes from
// many goroutines; run it with -race. Every handle must show once and then
// only update, and nothing may be lost.
func TestConcurrent(t *testing.T) {
	r, _ := record(t)
	const workers, steps = 8, 50
	handles := make([]*display.Handle, workers)
	for i := range handles {
		handles[i] = display.NewHandle()
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(2)
		go func(w int) {
			defer wg.Done()
			for s := 0; s < steps; s++ {
				handles[w].Text(fmt.Sprint(s))
				handles[(w+1)%workers].Show(s) // two goroutines share each handle
			}
		}(w)
		go func() {
			defer wg.Done()
			for s := 0; s < steps; s++ {
				display.Text("x")
				display.SetPublisher(r) // re-installing races with publishing
			}
		}()
	}
	wg.Wait()

	got := r.got()
	if want := workers*steps*2 + workers*steps; len(got) != want {
		t.Fatalf("%d displays, want %d", len(got), want)
	}
	perID := map[string][]session.Display{}
	for _, d := range got {
		perID[d.ID] = append(perID[d.ID], d)
	}
	for _, h := range handles {
		ds := perID[h.ID()]
		if len(ds) != 2*steps {
			t.Errorf("handle %s: %d outputs, want %d", h.ID(), len(ds), 2*steps)
			continue
		}
		for i, d := range ds {
			if d.Update != (i > 0) {
				t.Errorf("handle %s output %d: Update %v", h.ID(), i, d.Update)
			}
		}
	}
	if n := len(perID[""]); n != workers*steps {
		t.Errorf("%d anonymous displays, want %d", n, workers*steps)
	}
}

// TestDefaultPublisher checks what a plain program sees: the text/plain of
// each display on standard output.
func TestDefaultPublisher(t *testing.T) {
	display.SetPublisher(nil)
	f, err := os.CreateTemp(t.TempDir(), "stdout")
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = f
	display.HTML("<h1>Loss</h1><p>0.25 &lt; 0.5</p>")
	display.Text("done\n")
	display.Clear(false)
	h := display.NewHandle()
	h.Text("1")
	h.Text("2")
	os.Stdout = old
	f.Close()
	out, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	if want := "Loss\n0.25 < 0.5\ndone\n1\n2\n"; string(out) != want {
		t.Errorf("stdout\n got %q\nwant %q", out, want)
	}
}

// TestSetPublisherNilRestoresDefault checks that a publisher stops
// receiving once removed.
func TestSetPublisherNilRestoresDefault(t *testing.T) {
	r, _ := record(t)
	display.SetPublisher(nil)
	old := os.Stdout
	os.Stdout, _ = os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	display.Text("to stdout")
	os.Stdout.Close()
	os.Stdout = old
	if got := r.got(); len(got) != 0 {
		t.Errorf("removed publisher received %+v", got)
	}
}
