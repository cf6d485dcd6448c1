package evalproc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/gocell/gocell/kernel/session"
)

// MaxStack is the goroutine stack limit ServeChild sets. Go's default (1 GB
// on 64-bit) lets runaway recursion grow for tens of seconds on a loaded
// machine, copying the stack at each doubling, and use 2 GB before the
// runtime gives up (measured: 39 s); at 256 MiB it fails in about a second
// with a quarter of the memory, while honest recursion still fits
// (measured: 300,000 nested calls of an interpreted function with yaegi).
const MaxStack = 256 << 20

// ServeChild is the main loop of the child process started by Start: it
// applies the resource guards, wires fd 3 to fd 6 (see the package doc) and
// calls Serve. The caller should exit when it returns.
//
// The guards: a stack limit of MaxStack (see there), and a soft memory limit
// of three quarters of the machine's memory, so that a cell churning through
// garbage makes the collector work harder instead of pushing the machine
// into swap. A single allocation larger than the machine can back fails when
// the operating system refuses the mapping: the runtime then dies with
// "fatal error: runtime: out of memory", which ends only this process.
func ServeChild(s session.Session) error {
	debug.SetMaxStack(MaxStack)
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) == nil && si.Totalram > 0 {
		total := int64(si.Totalram) * int64(si.Unit)
		debug.SetMemoryLimit(total / 4 * 3)
	}
	var pipes [4]io.ReadWriter
	for i := range pipes {
		fd := 3 + i
		// Cells may start subprocesses; they must not inherit the control
		// pipes, or the parent would not see this process end.
		syscall.CloseOnExec(fd)
		// Non-blocking, read and written with raw system calls, as the
		// parent's (package rawio): a blocking read holds a processor in a
		// system call, and a call through os.File wakes the runtime's
		// monitor thread from its deep sleep, after which it polls every
		// 20 µs for a millisecond. With cells a few hundred µs apart, that
		// was a fifth of this process's CPU.
		if err := syscall.SetNonblock(fd, true); err != nil {
			return fmt.Errorf("evalproc: fd %d is not open (run the child through evalproc.Start): %w", fd, err)
		}
		f := os.NewFile(uintptr(fd), fmt.Sprintf("evalproc-fd%d", fd))
		defer f.Close()
		pipes[i] = newRawFile(f)
	}
	return Serve(s, Pipes{Requests: pipes[0], Events: pipes[1], Cells: pipes[2], CellEvents: pipes[3]})
}

// Pipes are the child's ends of its connection to the parent.
type Pipes struct {
	Requests   io.Reader // fd 3: every request but execute, cancels, acknowledgements
	Events     io.Writer // fd 4: results, and events while no cell runs
	Cells      io.Reader // fd 5: execute requests
	CellEvents io.Writer // fd 6: the running cell's events and its reply
}

// Serve answers the requests read from p with s, until the parent sends
// close (Serve closes s and returns nil) or the requests end (the parent is
// gone: Serve cancels what runs, closes s and returns nil). Sink.Stream
// text is written to the process's standard output and error (fd 1 and
// 2), where the parent reads it along with everything else the cell
// prints, in the order the package doc describes.
func Serve(s session.Session, p Pipes) error {
	sv := &server{
		s:       s,
		out:     &eventOut{events: p.Events, cell: p.CellEvents},
		stderr:  os.Stderr,
		running: map[uint64]context.CancelFunc{},
		early:   map[uint64]bool{},
		waiters: map[uint64]chan *frame{},
		gone:    make(chan struct{}),
		result:  make(chan error, 2),
	}
	sv.streams = newOrderedStreams(os.Stdout, os.Stderr, sv.out.write)
	if err := writeHandshake(p.Events); err != nil {
		return err
	}
	r := newFrameReader(p.Requests)
	if err := r.readHandshake(); err != nil {
		return err
	}
	go sv.cells(newFrameReader(p.Cells))
	go sv.read(r)
	return <-sv.result
}

// server is the child's side of one connection.
type server struct {
	s       session.Session
	out     *eventOut
	streams *orderedStreams // Sink.Stream text of every cell
	stderr  io.Writer       // the child's own complaints

	mu       sync.Mutex
	running  map[uint64]context.CancelFunc // requests under way, by id
	early    map[uint64]bool               // cancels that came before their execute
	lastExec uint64                        // the id of the last execute read
	waiters  map[uint64]chan *frame        // displays and input requests awaiting the parent, by ref
	nextRef  atomic.Uint64
	gone     chan struct{} // closed when the parent stops sending
	result   chan error    // Serve's result
	ended    sync.Once
}

// cells runs the cells the parent sends on their pipe, one after the
// other, on this one goroutine: it wakes when the parent writes, answers
// at once and keeps its grown stack for the next cell (a goroutine per
// cell grew its stack by copying, several times for every cell).
func (sv *server) cells(r *frameReader) {
	for {
		f, err := r.next()
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
				sv.end(err) // the stream cannot be trusted past a bad frame
			}
			return // the parent is gone: read sees its pipe end too
		}
		if f.T != tExecute {
			fmt.Fprintf(sv.stderr, "evalproc: unexpected %q on the cell pipe ignored\n", f.T)
			continue
		}
		ctx, cancel := sv.register(f.ID, true)
		sv.out.begin()
		sv.answerAndReply(ctx, cancel, f)
	}
}

// read reads the other requests, cancels and acknowledgements. It answers
// complete, inspect and is_complete on goroutines of their own, so that
// it is always free to read what a running cell waits for.
func (sv *server) read(r *frameReader) {
	for {
		f, err := r.next()
		if err != nil {
			sv.end(nil)
			return
		}
		switch f.T {
		case tComplete, tInspect, tIsComplete:
			ctx, cancel := sv.register(f.ID, false)
			go sv.answerAndReply(ctx, cancel, f)
		case tCancel:
			sv.cancel(f.ID)
		case tDelivered:
			sv.streams.confirm(f.Ref)
		case tInputReply, tAck:
			sv.mu.Lock()
			ch := sv.waiters[f.Ref]
			delete(sv.waiters, f.Ref)
			sv.mu.Unlock()
			if ch != nil {
				ch <- f
			}
		case tClose:
			sv.shutdown()
			res := &frame{T: tResult, ID: f.ID}
			if err := sv.s.Close(); err != nil {
				res.Err = err.Error()
			}
			sv.ended.Do(func() { sv.result <- sv.out.write(res) })
			return
		default:
			fmt.Fprintf(sv.stderr, "evalproc: unknown request %q ignored\n", f.T)
		}
	}
}

// end cancels what runs, closes the session and makes Serve return, once.
// No one waits for running requests: a cell that ignores cancellation must
// not keep the process alive.
func (sv *server) end(err error) {
	sv.ended.Do(func() {
		sv.shutdown()
		if cerr := sv.s.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("evalproc: close session: %w", cerr)
		}
		sv.result <- err
	})
}

// register makes request id cancellable; an execute cancelled before it
// was read from its pipe starts cancelled.
func (sv *server) register(id uint64, exec bool) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	sv.mu.Lock()
	if exec {
		sv.lastExec = max(sv.lastExec, id)
		if sv.early[id] {
			delete(sv.early, id)
			cancel()
		}
	}
	sv.running[id] = cancel
	sv.mu.Unlock()
	return ctx, cancel
}

// cancel cancels request id. Cancels and executes travel on different
// pipes, so a cancel may come first: one for an id above every execute
// read so far is kept for the execute (a few at most; the rest were for
// requests that had ended).
func (sv *server) cancel(id uint64) {
	sv.mu.Lock()
	cancel := sv.running[id]
	if cancel == nil && id > sv.lastExec {
		if len(sv.early) >= 64 {
			clear(sv.early)
		}
		sv.early[id] = true
	}
	sv.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// shutdown cancels every request and releases every waiter.
func (sv *server) shutdown() {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	for _, cancel := range sv.running {
		cancel()
	}
	select {
	case <-sv.gone:
	default:
		close(sv.gone)
	}
}

func (sv *server) answerAndReply(ctx context.Context, cancel context.CancelFunc, f *frame) {
	res := sv.answer(ctx, f)
	sv.mu.Lock()
	delete(sv.running, f.ID)
	sv.mu.Unlock()
	cancel()
	if err := sv.out.write(res); err != nil {
		fmt.Fprintln(sv.stderr, err)
		// A reply that cannot be encoded (a NaN in a JSON value) must not
		// leave the parent waiting: it gets the error instead.
		msg := "the evaluator could not send its answer: " + err.Error()
		if res.T == tReply {
			res = &frame{T: tReply, ID: f.ID, Reply: &session.ExecuteReply{Error: &session.Error{Name: "InternalError", Value: msg, Traceback: []string{"InternalError: " + msg}}}}
		} else {
			res = &frame{T: tResult, ID: f.ID, Err: msg}
		}
		sv.out.write(res)
	}
}

func (sv *server) answer(ctx context.Context, f *frame) (res *frame) {
	res = &frame{T: tResult, ID: f.ID}
	defer func() {
		// A bug in the session must not take the evaluator down with it.
		if v := recover(); v != nil {
			msg := fmt.Sprintf("the evaluator failed: %v", v)
			fmt.Fprintf(sv.stderr, "evalproc: %s\n%s", msg, debug.Stack())
			if f.T == tExecute {
				res = &frame{T: tReply, ID: f.ID, Reply: &session.ExecuteReply{Error: &session.Error{Name: "InternalError", Value: msg, Traceback: []string{"InternalError: " + msg}}}}
			} else {
				res = &frame{T: tResult, ID: f.ID, Err: msg}
			}
		}
	}()
	var err error
	switch f.T {
	case tExecute:
		req := session.ExecuteRequest{}
		if f.Exec != nil {
			req = *f.Exec
		}
		rep := sv.s.Execute(ctx, req, &childSink{sv: sv, id: f.ID}, &childStdin{sv: sv, id: f.ID})
		return &frame{T: tReply, ID: f.ID, Reply: &rep}
	case tComplete:
		var c session.Completion
		c, err = sv.s.Complete(ctx, f.Code, f.Cursor)
		res.Completion = &c
	case tInspect:
		var in session.Inspection
		in, err = sv.s.Inspect(ctx, f.Code, f.Cursor, f.Detail)
		res.Inspection = &in
	case tIsComplete:
		var c session.Completeness
		c, err = sv.s.IsComplete(ctx, f.Code)
		res.Completeness = &c
	}
	if err != nil {
		res.Err = err.Error()
	}
	return res
}

// await sends f to the parent and waits for the frame answering it.
func (sv *server) await(ctx context.Context, f *frame) (*frame, error) {
	ch := make(chan *frame, 1)
	f.Ref = sv.nextRef.Add(1)
	sv.mu.Lock()
	sv.waiters[f.Ref] = ch
	sv.mu.Unlock()
	forget := func() {
		sv.mu.Lock()
		delete(sv.waiters, f.Ref)
		sv.mu.Unlock()
	}
	if err := sv.out.write(f); err != nil {
		forget()
		return nil, err
	}
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		forget()
		return nil, ctx.Err()
	case <-sv.gone:
		forget()
		return nil, errors.New("evalproc: the kernel went away")
	}
}

// childSink forwards a cell's outputs to the parent.
type childSink struct {
	sv *server
	id uint64
}

// Stream writes through the one ordered writer, so text keeps its order
// across stdout and stderr (see orderedStreams).
func (k *childSink) Stream(name, text string) {
	i := 0
	if name == "stderr" {
		i = 1
	}
	k.sv.streams.write(i, text)
}

// Display and Clear wait for the parent's acknowledgement (not for the
// cell's context: an interrupted cell's outputs still arrive in order).
func (k *childSink) Display(d session.Display) {
	k.sv.await(context.Background(), &frame{T: tDisplay, ID: k.id, Display: &d})
}

func (k *childSink) Clear(wait bool) {
	k.sv.await(context.Background(), &frame{T: tClear, ID: k.id, Wait: wait})
}

// childStdin asks the parent for a line of input.
type childStdin struct {
	sv *server
	id uint64
}

func (in *childStdin) ReadLine(ctx context.Context, prompt string, password bool) (string, error) {
	r, err := in.sv.await(ctx, &frame{T: tInput, ID: in.id, Prompt: prompt, Password: password})
	if err != nil {
		return "", err
	}
	switch {
	case r.NoStdin:
		return "", session.ErrNoStdin
	case r.Err != "":
		return "", errors.New(r.Err)
	}
	return r.Text, nil
}
