package evalproc

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

// proc is one child process and the connection to it.
type proc struct {
	c      *Client
	cmd    *exec.Cmd
	pid    int
	w      *frameWriter
	cmdsW  *os.File
	evR    *os.File
	out    *output
	nextID atomic.Uint64

	mu         sync.Mutex
	calls      map[uint64]chan *frame // requests awaiting their result, by id
	exec       *running               // the running cell, if any
	killReason string                 // why we killed it, if we did

	exited   chan struct{} // closed once the process is gone and its output read
	evDone   chan struct{} // closed once the events are read to their end (or never will be)
	reported atomic.Bool   // a cell's reply has told the user it is gone
	cause    string        // why it ended; set before exited is closed
	report   string        // the crash report or the end of stderr; likewise
}

// running is the cell a proc executes.
type running struct {
	id uint64
	ch chan *frame // input requests and the reply
}

// spawn starts a child and completes the handshake.
func (c *Client) spawn(ctx context.Context) (*proc, error) {
	cmd := c.opts.Command()
	if cmd == nil {
		return nil, errors.New("evalproc: Options.Command returned nil")
	}
	var pipes [8]*os.File // cmdsR, cmdsW, evR, evW, outR, outW, errR, errW
	for i := 0; i < len(pipes); i += 2 {
		r, w, err := os.Pipe()
		if err != nil {
			for _, f := range pipes[:i] {
				f.Close()
			}
			return nil, fmt.Errorf("evalproc: pipe: %w", err)
		}
		pipes[i], pipes[i+1] = r, w
	}
	cmdsR, cmdsW, evR, evW, outR, outW, errR, errW := pipes[0], pipes[1], pipes[2], pipes[3], pipes[4], pipes[5], pipes[6], pipes[7]
	cmd.ExtraFiles = []*os.File{cmdsR, evW}
	cmd.Stdout, cmd.Stderr = outW, errW
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	// Its own process group, so that what a cell starts dies with it (and a
	// Ctrl-C meant for the kernel does not reach it); and it dies with the
	// kernel. Pdeathsig follows the thread that forks, and Go keeps its
	// threads unless a goroutine locked to one exits.
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	err := cmd.Start()
	for _, f := range []*os.File{cmdsR, evW, outW, errW} {
		f.Close()
	}
	if err != nil {
		for _, f := range []*os.File{cmdsW, evR, outR, errR} {
			f.Close()
		}
		return nil, fmt.Errorf("evalproc: start evaluator: %w", err)
	}
	p := &proc{
		c: c, cmd: cmd, pid: cmd.Process.Pid,
		w: &frameWriter{w: newRawFile(cmdsW)}, cmdsW: cmdsW, evR: evR,
		calls: map[uint64]chan *frame{}, exited: make(chan struct{}), evDone: make(chan struct{}),
	}
	p.out, err = newOutput(outR, errR, c.log)
	if err != nil {
		p.kill(err.Error())
		cmd.Wait()
		for _, f := range []*os.File{cmdsW, evR, outR, errR} {
			f.Close()
		}
		return nil, err
	}
	go p.wait()

	r := bufio.NewReaderSize(newRawFile(evR), 64<<10)
	hs := make(chan error, 1)
	go func() {
		if err := writeHandshake(cmdsW); err != nil {
			hs <- err
			return
		}
		hs <- readHandshake(r)
	}()
	select {
	case err = <-hs:
	case <-ctx.Done():
		err = fmt.Errorf("evalproc: the evaluator did not answer: %w", ctx.Err())
	}
	if err != nil {
		close(p.evDone)
		grace := 200 * time.Millisecond // let an exit be seen as such
		if c.ctx.Err() != nil {
			grace = 0 // closed while starting: nobody waits for a cause
		}
		select {
		case <-p.exited:
		case <-time.After(grace):
			p.kill("it did not complete the handshake")
			<-p.exited
		}
		evR.Close()
		err = fmt.Errorf("evalproc: start evaluator (pid %d): %w; %s", p.pid, err, p.cause)
		if tail := strings.TrimSpace(p.report); tail != "" {
			err = fmt.Errorf("%w; its stderr ends with: %s", err, lastLines(tail, 5))
		}
		return nil, err
	}
	go p.readEvents(r)
	return p, nil
}

// wait reaps the child, collects its last output and says why it ended.
func (p *proc) wait() {
	err := p.cmd.Wait()
	syscall.Kill(-p.pid, syscall.SIGKILL) // whatever its cells left running
	// Stream frames the child sent before it died come before what is left
	// in the pipes. No one else holds the event pipe (it is close-on-exec),
	// so its end follows the death at once; the timer guards a reader stuck
	// in a sink.
	select {
	case <-p.evDone:
	case <-time.After(2 * time.Second):
	}
	report := p.out.finish()
	p.cmdsW.Close()
	p.mu.Lock()
	reason := p.killReason
	p.mu.Unlock()
	p.report = report
	line := crashLine(report)
	if reason != "" {
		p.cause = reason
	} else {
		p.cause = "the evaluator process died: " + describeDeath(line, err)
		p.c.log.Warn("evalproc: evaluator died", "pid", p.pid, "cause", p.cause, "stderr", truncate(report, 4096))
	}
	close(p.exited)
	p.c.died(p)
}

// kill ends the child and its process group; reason becomes the cause.
func (p *proc) kill(reason string) {
	p.mu.Lock()
	if p.killReason == "" {
		p.killReason = reason
	}
	p.mu.Unlock()
	syscall.Kill(-p.pid, syscall.SIGKILL)
	p.cmd.Process.Kill()
}

func (p *proc) dead() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

func (p *proc) send(f *frame) error { return p.w.write(f) }

// readEvents dispatches what the child sends. Stream frames are confirmed
// once no more frames wait in the buffer, so a burst costs one
// confirmation.
func (p *proc) readEvents(r *bufio.Reader) {
	defer close(p.evDone)
	defer p.evR.Close()
	var confirm uint64 // the last stream frame delivered, not yet confirmed
	for {
		if confirm != 0 && r.Buffered() == 0 {
			p.send(&frame{T: tDelivered, Ref: confirm})
			confirm = 0
		}
		f, err := readFrame(r)
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
				// The stream cannot be trusted past a bad frame.
				p.kill(fmt.Sprintf("the evaluator sent a bad message (%v)", err))
			}
			return
		}
		switch f.T {
		case tStream:
			p.out.framed(f.Stream, f.Data)
			confirm = f.Ref
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
			p.send(&frame{T: tAck, Ref: f.Ref})
		case tInput, tReply:
			if f.T == tInput {
				p.out.event(func(session.Sink) {}) // the prompt's text first
			}
			p.mu.Lock()
			run := p.exec
			p.mu.Unlock()
			switch {
			case run != nil && run.id == f.ID:
				run.ch <- f
			case f.T == tInput:
				p.send(&frame{T: tInputReply, Ref: f.Ref, Err: "evalproc: input requested while no cell runs"})
			}
		case tResult:
			p.mu.Lock()
			ch := p.calls[f.ID]
			p.mu.Unlock()
			if ch != nil {
				ch <- f
			}
		default:
			p.c.log.Warn("evalproc: unknown event ignored", "type", f.T)
		}
	}
}

// call sends a request and waits for its result.
func (p *proc) call(ctx context.Context, f *frame) (*frame, error) {
	f.ID = p.nextID.Add(1)
	ch := make(chan *frame, 1)
	p.mu.Lock()
	p.calls[f.ID] = ch
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.calls, f.ID)
		p.mu.Unlock()
	}()
	if err := p.send(f); err != nil {
		select {
		case <-p.exited:
			return nil, fmt.Errorf("%w: %s", ErrGone, p.cause)
		case <-time.After(time.Second):
			return nil, err
		}
	}
	select {
	case r := <-ch:
		if r.Err != "" {
			return r, &remoteError{r.Err}
		}
		return r, nil
	case <-ctx.Done():
		p.send(&frame{T: tCancel, ID: f.ID})
		return nil, ctx.Err()
	case <-p.exited:
		return nil, fmt.Errorf("%w: %s", ErrGone, p.cause)
	}
}

// remoteError is an error the session in the child returned.
type remoteError struct{ msg string }

func (e *remoteError) Error() string { return e.msg }

// execute runs one cell in the child.
func (p *proc) execute(ctx context.Context, req session.ExecuteRequest, out session.Sink, in session.Stdin, grace time.Duration) session.ExecuteReply {
	run := &running{id: p.nextID.Add(1), ch: make(chan *frame, 16)}
	// Input reads end with the cell even if ctx does not.
	ictx, icancel := context.WithCancel(ctx)
	defer icancel()
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
	if err := p.send(&frame{T: tExecute, ID: run.id, Exec: &req}); err != nil && !p.dead() {
		p.kill(fmt.Sprintf("the evaluator could not be reached (%v)", err))
	}
	done := ctx.Done()
	var graceC <-chan time.Time
	for {
		select {
		case f := <-run.ch:
			if f.T == tInput {
				go p.answerInput(ictx, f, in)
				continue
			}
			if f.Reply == nil {
				return session.ExecuteReply{}
			}
			return *f.Reply
		case <-done:
			done = nil
			p.send(&frame{T: tCancel, ID: run.id})
			t := time.NewTimer(grace)
			defer t.Stop()
			graceC = t.C
		case <-graceC:
			p.kill(fmt.Sprintf("the cell did not stop within %s of the interrupt", grace))
			<-p.exited
			p.reported.Store(true)
			return lostReply(p.cause)
		case <-p.exited:
			p.reported.Store(true)
			return lostReply(p.cause)
		}
	}
}

func (p *proc) answerInput(ctx context.Context, f *frame, in session.Stdin) {
	r := &frame{T: tInputReply, Ref: f.Ref}
	if in == nil {
		r.NoStdin = true
	} else {
		line, err := in.ReadLine(ctx, f.Prompt, f.Password)
		switch {
		case errors.Is(err, session.ErrNoStdin):
			r.NoStdin = true
		case err != nil:
			r.Err = err.Error()
		default:
			r.Text = line
		}
	}
	if ctx.Err() != nil {
		// An interrupt that ended the read: the child must see the cancel
		// before the failed read, or the cell could run on and end as if
		// it had not been interrupted (execute sends it too, racing us).
		p.send(&frame{T: tCancel, ID: f.ID})
	}
	p.send(r)
}

// lostReply is the reply of a cell whose evaluator is gone.
func lostReply(cause string) session.ExecuteReply {
	v := cause + "; the evaluator was restarted and every variable and function was lost"
	return session.ExecuteReply{Error: &session.Error{
		Name:      session.ErrNameLost,
		Value:     v,
		Traceback: []string{session.ErrNameLost + ": " + v},
	}}
}

// shutdown closes the session in the child and waits for it to exit.
func (p *proc) shutdown(timeout time.Duration) error {
	if p.dead() {
		return nil
	}
	p.mu.Lock()
	if p.killReason == "" {
		p.killReason = "the session was closed"
	}
	p.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	_, err := p.call(ctx, &frame{T: tClose})
	select {
	case <-p.exited:
	case <-ctx.Done():
		p.kill("the session was closed")
		<-p.exited
	}
	var remote *remoteError
	if errors.As(err, &remote) {
		return fmt.Errorf("evalproc: close: %w", err)
	}
	return nil // gone or killed: closed all the same
}

// lastLines returns the last n lines of s, joined by " | ".
func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return truncate(strings.Join(lines, " | "), 1000)
}
