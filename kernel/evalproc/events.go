package evalproc

import (
	"fmt"
	"syscall"

	"sync"

	"github.com/gocell/gocell/kernel/rawio"
	"github.com/gocell/gocell/kernel/session"
)

// events reads the child's event pipe (fd 4): results, and the events the
// child sends while no cell runs. Every read and every dispatch happens
// under mu, so that a running cell's execute can drain the pipe before it
// delivers an event of the cell pipe: nothing the child sent before the
// cell's event overtakes it.
type events struct {
	p  *proc
	rc syscall.RawConn

	mu      sync.Mutex
	fr      *frameReader
	confirm uint64 // the last stream frame delivered, not yet confirmed
	ended   bool   // the pipe ended, or sent a bad frame
}

// pump reads the pipe as data arrives until it ends or is closed.
func (e *events) pump() {
	defer close(e.p.evDone)
	defer e.p.evR.Close()
	e.rc.Read(func(fd uintptr) bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		return e.readLocked(fd)
	})
}

// drain reads and dispatches what waits in the pipe now.
func (e *events) drain() {
	e.rc.Control(func(fd uintptr) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.readLocked(fd)
	})
}

// readLocked dispatches every whole frame, reading until the pipe is
// empty; it reports whether the pipe has ended. Stream frames are
// confirmed once the pipe is empty, so a burst costs one confirmation.
func (e *events) readLocked(fd uintptr) bool {
	for !e.ended {
		for {
			f, err := e.fr.decode()
			if err != nil {
				// The stream cannot be trusted past a bad frame.
				e.ended = true
				e.p.kill(fmt.Sprintf("the evaluator sent a bad message (%v)", err))
				return true
			}
			if f == nil {
				break
			}
			if f.T == tStream {
				e.confirm = f.Ref
			}
			e.p.dispatch(f)
		}
		n, errno := rawio.ReadOnce(fd, e.fr.space())
		switch {
		case errno == syscall.EAGAIN:
			if e.confirm != 0 && !e.fr.buffered() {
				e.p.ctl.write(&frame{T: tDelivered, Ref: e.confirm})
				e.confirm = 0
			}
			return false
		case errno != 0 || n == 0:
			e.ended = true
		default:
			e.fr.end += int(n)
		}
	}
	return true
}

// dispatch delivers an event other than the running cell's reply or input
// request: those the execute that waits for them handles.
func (p *proc) dispatch(f *frame) {
	switch f.T {
	case tStream:
		p.out.framed(f.Stream, f.Data)
	case tDisplay, tClear:
		p.out.event(func(s session.Sink) {
			switch {
			case s == nil:
				p.c.log.Warn("evalproc: output while no cell runs dropped", "type", f.T)
			case f.T == tClear:
				s.Clear(f.Wait)
			case f.Display != nil:
				s.Display(*f.Display)
			}
		})
		p.ctl.write(&frame{T: tAck, Ref: f.Ref})
	case tInput:
		p.out.event(func(session.Sink) {}) // the prompt's text first
		p.ctl.write(&frame{T: tInputReply, Ref: f.Ref, Err: "evalproc: input requested while no cell runs"})
	case tReply:
		// The reply of a cell no one waits for any more.
	case tResult:
		p.mu.Lock()
		ch := p.calls[f.ID]
		p.mu.Unlock()
		if ch != nil {
			select {
			case ch <- f:
			default:
			}
		}
	default:
		p.c.log.Warn("evalproc: unknown event ignored", "type", f.T)
	}
}
