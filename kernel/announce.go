package kernel

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocell/gocell/kernel/wire"
)

// announceDelay is how long a cell's status busy and execute_input may
// wait to go out with what follows them. A cell that ends sooner without
// output publishes them after its reply, with its result and idle, in one
// write: the client waits for the reply, not for busy, and still sees all
// of them in order on iopub (the protocol orders nothing across channels;
// ipykernel's iopub thread lets a reply overtake busy too). A longer
// cell, or its first output or input request, announces it at once.
const announceDelay = 2 * time.Millisecond

// announcement is the status busy of one cell, with its execute_input.
type announcement struct {
	pub    *publisher
	parent *wire.Message
	sent   atomic.Bool

	mu    sync.Mutex
	with  []outgoing
	timer *time.Timer
}

// later makes busy and with go out once the cell has run for
// announceDelay, unless something announces the cell first. (A timer per
// cell: one timer reused across cells, pushed back by each, cost more CPU
// per cell, measured.)
func (a *announcement) later(with []outgoing) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sent.Load() {
		return
	}
	a.with = with
	a.timer = time.AfterFunc(announceDelay, a.now)
}

// now publishes busy (and what later was given) unless the cell was
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

// take returns busy and what later was given, for the caller to publish,
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
	if a.timer != nil {
		a.timer.Stop()
	}
	return append([]outgoing{{"status", statusBusy}}, a.with...)
}
