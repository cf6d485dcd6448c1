package evalproc

import (
	"bufio"
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
// applies the resource guards, wires fd 3 (requests) and fd 4 (events) and
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
	// Cells may start subprocesses; they must not inherit the control pipes,
	// or the parent would not see this process end.
	syscall.CloseOnExec(3)
	syscall.CloseOnExec(4)
	cmds := os.NewFile(3, "evalproc-cmds")
	events := os.NewFile(4, "evalproc-events")
	if cmds == nil || events == nil {
		return errors.New("evalproc: fd 3 and fd 4 are not open; run the child through evalproc.Start")
	}
	defer cmds.Close()
	defer events.Close()
	return Serve(s, cmds, events)
}

// Serve answers the requests read from cmds with s, writing events to
// events, until the parent sends close (Serve closes s and returns nil) or
// cmds ends (the parent is gone: Serve cancels what runs, closes s and
// returns nil). Sink.Stream text is written to the process's standard
// output and error (fd 1 and 2), where the parent reads it along with
// everything else the cell prints, in the order the package doc describes.
func Serve(s session.Session, cmds io.Reader, events io.Writer) error {
	sv := &server{
		s:       s,
		out:     &frameWriter{w: events},
		stderr:  os.Stderr,
		running: map[uint64]context.CancelFunc{},
		waiters: map[uint64]chan *frame{},
		gone:    make(chan struct{}),
		baton:   make(chan struct{}),
		result:  make(chan error, 1),
	}
	sv.streams = newOrderedStreams(os.Stdout, os.Stderr, sv.out.write)
	if err := writeHandshake(events); err != nil {
		return err
	}
	r := bufio.NewReaderSize(cmds, 64<<10)
	if err := readHandshake(r); err != nil {
		return err
	}
	go sv.read(r)
	return <-sv.result
}

// server is the child's side of one connection.
type server struct {
	s       session.Session
	out     *frameWriter
	streams *orderedStreams // Sink.Stream text of every cell
	stderr  io.Writer       // the child's own complaints

	mu      sync.Mutex
	running map[uint64]context.CancelFunc // requests under way, by id
	waiters map[uint64]chan *frame        // displays and input requests awaiting the parent, by ref
	nextRef atomic.Uint64
	gone    chan struct{} // closed when the parent stops sending
	baton   chan struct{} // passes reading to a goroutine done answering
	result  chan error    // Serve's result, from the last reader
}

// read reads requests until one is to be answered; it then hands reading
// over to another goroutine and answers the request itself, at once (a
// request answered by a new goroutine waits for the scheduler to wake a
// thread, which doubled the round trip). Having answered, it waits to read
// again: the goroutines that answer keep their grown stacks, where a new
// one per request grew its stack by copying, several times for every cell
// (an eighth of the evaluator's CPU for a cell of 1+1). The last reader
// sends Serve's result on sv.result. No one waits for running requests at
// the end: a cell that ignores cancellation must not keep the process
// alive.
func (sv *server) read(r *bufio.Reader) {
	for {
		f, err := readFrame(r)
		if err != nil {
			sv.shutdown()
			if err := sv.s.Close(); err != nil {
				sv.result <- fmt.Errorf("evalproc: close session: %w", err)
				return
			}
			sv.result <- nil
			return
		}
		switch f.T {
		case tExecute, tComplete, tInspect, tIsComplete:
			ctx, cancel := context.WithCancel(context.Background())
			sv.mu.Lock()
			sv.running[f.ID] = cancel
			sv.mu.Unlock()
			select {
			case sv.baton <- struct{}{}: // an idle goroutine reads on
			default:
				go sv.read(r)
			}
			sv.answerAndReply(ctx, cancel, f)
			select {
			case <-sv.baton: // this one reads on
			case <-sv.gone:
				return
			}
		case tCancel:
			sv.mu.Lock()
			cancel := sv.running[f.ID]
			sv.mu.Unlock()
			if cancel != nil {
				cancel()
			}
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
			sv.result <- sv.out.write(res)
			return
		default:
			fmt.Fprintf(sv.stderr, "evalproc: unknown request %q ignored\n", f.T)
		}
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
