package evalproc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

// execute runs one cell in the child. The calling goroutine reads the cell
// pipe itself: the reply wakes it directly, with no other goroutine to
// wake on the way.
func (p *proc) execute(ctx context.Context, req session.ExecuteRequest, out session.Sink, in session.Stdin, grace time.Duration) session.ExecuteReply {
	run := &running{id: p.nextID.Add(1), readDone: make(chan struct{})}
	p.mu.Lock()
	p.exec = run
	p.mu.Unlock()
	p.out.begin(out)
	defer func() {
		p.out.end()
		p.mu.Lock()
		p.exec = nil
		p.mu.Unlock()
	}()
	rep, lost := p.readCell(ctx, run, req, in, grace)
	close(run.readDone)
	if lost {
		<-p.exited
		p.reported.Store(true)
		return lostReply(p.cause)
	}
	return rep
}

// readCell sends the cell and reads its events until its reply, or until
// the pipe ends (lost: the child is gone). An interrupt (ctx done) reaches
// the read through the pipe's deadline: the cell is cancelled, and killed
// if it has not ended grace later; what the child sent before it died is
// still delivered.
func (p *proc) readCell(ctx context.Context, run *running, req session.ExecuteRequest, in session.Stdin, grace time.Duration) (rep session.ExecuteReply, lost bool) {
	if err := p.cells.write(&frame{T: tExecute, ID: run.id, Exec: &req}); err != nil && !p.dead() {
		p.kill(fmt.Sprintf("the evaluator could not be reached (%v)", err))
	}
	stop := context.AfterFunc(ctx, func() { p.setDeadline(run, time.Unix(1, 0)) })
	defer func() {
		stop()
		p.mu.Lock()
		run.over = true
		if run.deadline {
			p.cellR.SetReadDeadline(time.Time{})
		}
		p.mu.Unlock()
	}()
	var ictx context.Context // input reads end with the cell even if ctx does not
	var confirm uint64       // the last stream frame delivered, not yet confirmed
	interrupted, killed, drained := false, false, false
	for {
		if confirm != 0 && !p.cellFR.buffered() {
			p.ctl.write(&frame{T: tDelivered, Ref: confirm})
			confirm = 0
		}
		f, err := p.cellFR.next()
		switch {
		case err == nil:
		case errors.Is(err, os.ErrDeadlineExceeded) && !interrupted:
			interrupted = true
			p.ctl.write(&frame{T: tCancel, ID: run.id})
			p.setDeadline(run, time.Now().Add(grace))
			continue
		case errors.Is(err, os.ErrDeadlineExceeded):
			p.kill(fmt.Sprintf("the cell did not stop within %s of the interrupt", grace))
			killed = true
			p.setDeadline(run, time.Time{}) // read on to the end of what it sent
			continue
		default:
			if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
				p.kill(fmt.Sprintf("the evaluator sent a bad message (%v)", err))
			}
			return session.ExecuteReply{}, true
		}
		if !drained {
			// What the child sent on the event pipe before the cell began
			// comes first. That is all of it that matters: from then until
			// its reply, the child sends all but results on this pipe.
			p.ev.drain()
			drained = true
		}
		switch {
		case f.T == tReply && f.ID == run.id && !killed:
			if f.Reply == nil {
				return session.ExecuteReply{}, false
			}
			return *f.Reply, false
		case f.T == tInput && f.ID == run.id:
			p.out.event(func(session.Sink) {}) // the prompt's text first
			if ictx == nil {
				var cancel context.CancelFunc
				ictx, cancel = context.WithCancel(ctx)
				defer cancel()
			}
			go p.answerInput(ictx, f, in)
		default:
			if f.T == tStream {
				confirm = f.Ref
			}
			p.dispatch(f)
		}
	}
}

// setDeadline sets the cell pipe's read deadline while run reads it.
func (p *proc) setDeadline(run *running, t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if run.over {
		return
	}
	run.deadline = !t.IsZero()
	p.cellR.SetReadDeadline(t)
}
