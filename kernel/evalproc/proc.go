package evalproc

import (
	"context"
	"errors"
	"fmt"
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
	ctl    *frameWriter // requests, cancels, acknowledgements (the child's fd 3)
	cells  *frameWriter // execute requests (fd 5)
	ctlW   *os.File
	cellsW *os.File
	evR    *os.File // events (fd 4), read by ev
	ev     *events
	cellR  *os.File     // the running cell's events (fd 6), read by execute
	cellFR *frameReader // reads cellR
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
	id       uint64
	readDone chan struct{} // closed when execute stops reading the cell pipe
	over     bool          // execute is done with the deadline; under proc.mu
	deadline bool          // a deadline is set on the cell pipe; under proc.mu
}

// spawn starts a child and completes the handshake.
func (c *Client) spawn(ctx context.Context) (*proc, error) {
	cmd := c.opts.Command()
	if cmd == nil {
		return nil, errors.New("evalproc: Options.Command returned nil")
	}
	// The child's fd 3 to 6 (see the package doc), then its stdout and
	// stderr; the child's end of each pair first.
	var pipes [12]*os.File
	for i := 0; i < len(pipes); i += 2 {
		r, w, err := os.Pipe()
		if err != nil {
			for _, f := range pipes[:i] {
				f.Close()
			}
			return nil, fmt.Errorf("evalproc: pipe: %w", err)
		}
		if i/2 == 1 || i/2 >= 3 { // the child writes these
			r, w = w, r
		}
		pipes[i], pipes[i+1] = r, w
	}
	childEnds := []*os.File{pipes[0], pipes[2], pipes[4], pipes[6], pipes[8], pipes[10]}
	ctlW, evR, cellsW, cellR, outR, errR := pipes[1], pipes[3], pipes[5], pipes[7], pipes[9], pipes[11]
	ours := []*os.File{ctlW, evR, cellsW, cellR, outR, errR}
	cmd.ExtraFiles = childEnds[:4]
	cmd.Stdout, cmd.Stderr = childEnds[4], childEnds[5]
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
	for _, f := range childEnds {
		f.Close()
	}
	if err != nil {
		for _, f := range ours {
			f.Close()
		}
		return nil, fmt.Errorf("evalproc: start evaluator: %w", err)
	}
	p := &proc{
		c: c, cmd: cmd, pid: cmd.Process.Pid,
		ctl: &frameWriter{w: newRawFile(ctlW)}, cells: &frameWriter{w: newRawFile(cellsW)},
		ctlW: ctlW, cellsW: cellsW, evR: evR, cellR: cellR, cellFR: newFrameReader(newRawFile(cellR)),
		calls: map[uint64]chan *frame{}, exited: make(chan struct{}), evDone: make(chan struct{}),
	}
	p.out, err = newOutput(outR, errR, c.log)
	if err != nil {
		p.kill(err.Error())
		cmd.Wait()
		for _, f := range ours {
			f.Close()
		}
		return nil, err
	}
	rc, err := evR.SyscallConn()
	if err != nil {
		p.kill(err.Error())
		cmd.Wait()
		for _, f := range ours {
			f.Close()
		}
		return nil, fmt.Errorf("evalproc: event pipe: %w", err)
	}
	p.ev = &events{p: p, rc: rc, fr: newFrameReader(newRawFile(evR))}
	go p.wait()

	hs := make(chan error, 1)
	go func() {
		if err := writeHandshake(ctlW); err != nil {
			hs <- err
			return
		}
		hs <- p.ev.fr.readHandshake()
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
	go p.ev.pump()
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
	// The same holds for the cell pipe, which the running cell's execute
	// reads to its end.
	timer := time.NewTimer(2 * time.Second)
	defer timer.Stop()
	select {
	case <-p.evDone:
	case <-timer.C:
	}
	p.mu.Lock()
	run := p.exec
	p.mu.Unlock()
	if run != nil {
		select {
		case <-run.readDone:
		case <-timer.C:
		}
	}
	report := p.out.finish()
	p.ctlW.Close()
	p.cellsW.Close()
	p.cellR.Close()
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
	if err := p.ctl.write(f); err != nil {
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
		p.ctl.write(&frame{T: tCancel, ID: f.ID})
		return nil, ctx.Err()
	case <-p.exited:
		return nil, fmt.Errorf("%w: %s", ErrGone, p.cause)
	}
}

// remoteError is an error the session in the child returned.
type remoteError struct{ msg string }

func (e *remoteError) Error() string { return e.msg }

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
		p.ctl.write(&frame{T: tCancel, ID: f.ID})
	}
	p.ctl.write(r)
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
