package kernel

import (
	"sync"
	"sync/atomic"

	"github.com/gocell/gocell/kernel/wire"
)

// announcement is the status busy of one cell, with its execute_input.
// The protocol wants busy first, before anything else the request causes,
// and the reply before idle: start publishes busy as soon as the executor
// has handed the cell to the session and waits for it, so the evaluator
// starts on the cell while busy and execute_input are encoded and written,
// and anything the cell publishes (outputs, an input request, its result)
// calls now first, which returns once busy is out.
type announcement struct {
	pub    *publisher
	parent *wire.Message
	sent   atomic.Bool

	mu   sync.Mutex
	with []outgoing
}

// start publishes busy and with on a goroutine of their own. (With the
// server on one processor, it runs when the executor blocks on the
// session.)
func (a *announcement) start(with []outgoing) {
	a.mu.Lock()
	a.with = with
	a.mu.Unlock()
	go a.now()
}

// now publishes busy (and what start was given) unless the cell was
// announced already; it returns once the cell has been.
func (a *announcement) now() {
	if a.sent.Load() {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if msgs := a.takeLocked(); msgs != nil {
		a.pub.publishAll(a.parent, msgs...)
	}
}

// take returns busy and what start was given, for the caller to publish,
// unless the cell was announced already.
func (a *announcement) take() []outgoing {
	if a.sent.Load() {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.takeLocked()
}

func (a *announcement) takeLocked() []outgoing {
	if a.sent.Load() {
		return nil
	}
	a.sent.Store(true)
	return append([]outgoing{{"status", statusBusy}}, a.with...)
}
