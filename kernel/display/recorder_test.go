package display_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/gocell/gocell/kernel/display"
	"github.com/gocell/gocell/kernel/session"
)

// recorder is a Publisher that keeps what it receives.
type recorder struct {
	mu       sync.Mutex
	displays []session.Display
	clears   []bool
}

func (r *recorder) Display(d session.Display) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, d)
}

func (r *recorder) Clear(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears = append(r.clears, wait)
}

func (r *recorder) got() []session.Display {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]session.Display(nil), r.displays...)
}

// record installs a fresh recorder for the test, and captures error
// reports; both are undone when the test ends.
func record(t *testing.T) (*recorder, *bytes.Buffer) {
	t.Helper()
	r := &recorder{}
	var errs bytes.Buffer
	display.SetPublisher(r)
	restore := display.SetErrorOutput(&errs)
	t.Cleanup(func() {
		display.SetPublisher(nil)
		restore()
	})
	return r, &errs
}

// only returns the single display r received, failing the test otherwise.
func only(t *testing.T, r *recorder) session.Display {
	t.Helper()
	got := r.got()
	if len(got) != 1 {
		t.Fatalf("got %d displays, want 1: %+v", len(got), got)
	}
	return got[0]
}
