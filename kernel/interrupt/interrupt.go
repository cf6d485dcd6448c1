// Package interrupt carries the running cell's stop request to compiled code
// that cooperates with it.
//
// Long-running compiled code that a cell calls (the dnn trainer, loops in
// preloaded packages) cannot be stopped from outside the way interpreted code
// can. It polls this package instead: Requested between steps, or Done in a
// select. The evaluation session arms a fresh request for each cell with
// Begin and fires it with Request when the user presses interrupt.
//
// The package is a leaf: it imports only the standard library, so anything
// may depend on it. With no session (a program or a test using dnn directly)
// a request is never made and the calls cost an atomic load.
package interrupt

import (
	"context"
	"errors"
	"sync"
)

// ErrInterrupted is the cause of Context's cancellation and what Err returns
// once a stop has been requested.
var ErrInterrupted = errors.New("interrupted")

var (
	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelCauseFunc
)

func init() { Begin() }

// current returns the context of the running cell.
func current() context.Context {
	mu.Lock()
	defer mu.Unlock()
	return ctx
}

// Begin arms a new, unfired request, for the next cell.
func Begin() {
	mu.Lock()
	defer mu.Unlock()
	if cancel != nil {
		cancel(nil)
	}
	ctx, cancel = context.WithCancelCause(context.Background())
}

// Request asks the running cell to stop. It is safe to call from any
// goroutine and more than once.
func Request() {
	mu.Lock()
	defer mu.Unlock()
	cancel(ErrInterrupted)
}

// Requested reports whether the running cell has been asked to stop.
func Requested() bool { return current().Err() != nil }

// Err returns ErrInterrupted once the running cell has been asked to stop,
// nil before.
func Err() error {
	if Requested() {
		return ErrInterrupted
	}
	return nil
}

// Done returns a channel that is closed when the running cell is asked to
// stop.
func Done() <-chan struct{} { return current().Done() }

// Context returns a context that is cancelled, with cause ErrInterrupted,
// when the running cell is asked to stop.
func Context() context.Context { return current() }
