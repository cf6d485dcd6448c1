package main

import (
	"context"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

// kernelGCPercent is the collector's target in both kernel processes
// (GOGC=50) unless GOGC is set. Go's default of 100 lets the heap reach
// twice what is live, and never less than 4 MiB. The protocol server keeps
// about 1 MiB live, the evaluator about 3 MiB with an idle session, so the
// default doubled their heaps; at 50 the tree of 500 trivial cells holds
// 2-3 MiB less (bench/kernel). It costs little: the server allocates about
// 20 KB a cell, and a training epoch of dnn about 4 MB, mostly pointer-free
// matrices the collector does not scan.
const kernelGCPercent = 50

// setGCPercent applies kernelGCPercent unless GOGC is in the environment.
// It is called once the start is over, right after the collection of
// releaseStartupPages: earlier, the lower target made the start itself
// collect the heap its package initialisation built.
func setGCPercent() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(kernelGCPercent)
	}
}

// evaluatorIdle is how long the evaluator waits after a cell before it
// gives its free memory back to the operating system.
const evaluatorIdle = 2 * time.Second

// idleRelease is a session that, once no cell has run for idle, collects
// the heap and returns its free pages (debug.FreeOSMemory). A cell that
// built and dropped a large dataset leaves free pages behind, which the
// runtime's background scavenger returns only gradually, and a live heap
// is kept with up to half its size again as headroom. A notebook mostly
// sits idle between cells, and the collection then costs nothing anyone
// waits for; cells running back to back never pay it.
type idleRelease struct {
	session.Session
	idle time.Duration
	free func()

	mu      sync.Mutex
	running int
	timer   *time.Timer
	armed   uint64 // which end of a cell the timer was armed for
}

// releaseWhenIdle wraps s with an idle release after idle.
func releaseWhenIdle(s session.Session, idle time.Duration) *idleRelease {
	return &idleRelease{Session: s, idle: idle, free: debug.FreeOSMemory}
}

// Execute runs the cell and arms the release when it ends.
func (r *idleRelease) Execute(ctx context.Context, req session.ExecuteRequest, out session.Sink, in session.Stdin) session.ExecuteReply {
	r.mu.Lock()
	r.running++
	r.armed++ // a timer armed earlier no longer counts
	r.mu.Unlock()
	defer r.ended()
	return r.Session.Execute(ctx, req, out, in)
}

func (r *idleRelease) ended() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.running--
	if r.running > 0 {
		return
	}
	r.armed++
	armed := r.armed
	if r.timer != nil {
		r.timer.Stop()
	}
	r.timer = time.AfterFunc(r.idle, func() { r.fire(armed) })
}

// fire releases memory if no cell ran since the timer was armed.
func (r *idleRelease) fire(armed uint64) {
	r.mu.Lock()
	stale := r.running > 0 || r.armed != armed
	r.mu.Unlock()
	if !stale {
		r.free()
	}
}

// Close stops a pending release and closes the session.
func (r *idleRelease) Close() error {
	r.mu.Lock()
	r.armed++
	if r.timer != nil {
		r.timer.Stop()
	}
	r.mu.Unlock()
	return r.Session.Close()
}
