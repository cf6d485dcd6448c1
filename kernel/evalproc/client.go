package evalproc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"sync"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

// Defaults of Options.
const (
	DefaultInterruptGrace = 1500 * time.Millisecond
	DefaultStartTimeout   = 30 * time.Second
	closeTimeout          = 2 * time.Second
)

// ErrGone is wrapped by the errors of requests whose evaluator died while
// they waited.
var ErrGone = errors.New("evalproc: the evaluator is gone")

// ErrClosed is returned by requests made after Close.
var ErrClosed = errors.New("evalproc: session closed")

// Options configures Start.
type Options struct {
	// Command makes the command that starts a child, for example the gocell
	// binary with a hidden subcommand whose main calls ServeChild. It is
	// called for every child (after a crash too). Start sets the command's
	// Stdout, Stderr, ExtraFiles and its SysProcAttr's Setpgid and
	// Pdeathsig; Stdin stays as the command has it (nil: /dev/null).
	Command func() *exec.Cmd
	// Logger receives what cannot go to a cell: deaths of the child,
	// output dropped while no cell ran. Nil means slog.Default().
	Logger *slog.Logger
	// InterruptGrace is how long after an interrupt the cell has to stop
	// before the child is killed and replaced. Zero means
	// DefaultInterruptGrace.
	InterruptGrace time.Duration
	// StartTimeout bounds the start of a child, handshake included. Zero
	// means DefaultStartTimeout.
	StartTimeout time.Duration
	// IsComplete, when set, answers IsComplete in the parent instead of the
	// child. Whether code is ready to run needs no session state, and a
	// console asks it on every Enter, also while the evaluator is starting.
	IsComplete func(code string) (session.Completeness, error)
}

// Client is the parent's side: a session.Session whose evaluator runs in a
// child process, replaced by a fresh one whenever it dies.
type Client struct {
	opts Options
	log  *slog.Logger
	// ctx bounds every start; Close cancels it, so a child that is still
	// starting is killed instead of waited for.
	ctx    context.Context
	cancel context.CancelFunc

	execMu sync.Mutex // Execute calls run one at a time

	mu       sync.Mutex
	cur      *proc
	starting chan struct{} // closed when the restart under way ends
	startErr error
	closed   bool
	lastDead *proc // the child that died last, until the next Execute
}

var _ session.Session = (*Client)(nil)

// New returns a Client at once and starts its first child in the
// background, so a kernel can answer the requests that need no evaluator
// while it starts. Execute, Complete, Inspect and IsComplete wait for that
// child (bounded by their ctx and StartTimeout). If it fails to start, each
// request waiting for it gets the start error (Execute: a reply with
// session.ErrNameLost saying why), and the next request tries again. The
// error is only for invalid Options.
func New(opts Options) (*Client, error) {
	if opts.Command == nil {
		return nil, errors.New("evalproc: Options.Command is nil")
	}
	if opts.InterruptGrace <= 0 {
		opts.InterruptGrace = DefaultInterruptGrace
	}
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = DefaultStartTimeout
	}
	c := &Client{opts: opts, log: opts.Logger}
	if c.log == nil {
		c.log = slog.Default()
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.mu.Lock()
	c.restartLocked()
	c.mu.Unlock()
	return c, nil
}

// Start is New followed by Ready: it returns once the first child has
// answered the handshake, or with the error of its start (ctx bounds the
// wait; the Client is then closed).
func Start(ctx context.Context, opts Options) (*Client, error) {
	c, err := New(opts)
	if err != nil {
		return nil, err
	}
	if err := c.Ready(ctx); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// Ready waits until a child is running, starting one if the last attempt
// failed, and returns the start error if that attempt fails too.
func (c *Client) Ready(ctx context.Context) error {
	_, err := c.get(ctx)
	return err
}

// Pid returns the process id of the current child, 0 while there is none.
func (c *Client) Pid() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == nil || c.cur.dead() {
		return 0
	}
	return c.cur.pid
}

// restartLocked starts a child in the background; c.mu is held.
func (c *Client) restartLocked() {
	ch := make(chan struct{})
	c.starting = ch
	go func() {
		ctx, cancel := context.WithTimeout(c.ctx, c.opts.StartTimeout)
		p, err := c.spawn(ctx)
		cancel()
		c.mu.Lock()
		defer c.mu.Unlock()
		if err == nil {
			c.cur = p
		} else if c.ctx.Err() == nil {
			c.log.Error("evalproc: could not start an evaluator", "err", err)
		}
		c.startErr = err
		c.starting = nil
		close(ch)
	}()
}

// died starts a fresh child at once, so the next request does not wait.
func (c *Client) died(p *proc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.cur != p {
		return
	}
	c.lastDead = p
	if c.starting == nil {
		c.restartLocked()
	}
}

// get returns a live child, waiting for a restart under way, or starting
// one if the last attempt failed.
func (c *Client) get(ctx context.Context) (*proc, error) {
	tried := false
	for {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return nil, ErrClosed
		}
		if c.cur != nil && !c.cur.dead() {
			p := c.cur
			c.mu.Unlock()
			return p, nil
		}
		if c.starting == nil {
			if tried {
				err := c.startErr
				c.mu.Unlock()
				return nil, err
			}
			c.restartLocked()
		}
		ch := c.starting
		c.mu.Unlock()
		tried = true
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Execute runs a cell in the child. See the package doc for how outputs
// keep their order; an interrupt (ctx cancelled) that the cell does not
// honour within InterruptGrace, and any death of the child, end the cell
// with session.ErrNameLost.
func (c *Client) Execute(ctx context.Context, req session.ExecuteRequest, out session.Sink, in session.Stdin) session.ExecuteReply {
	c.execMu.Lock()
	defer c.execMu.Unlock()
	if out == nil {
		out = discard{}
	}
	c.mu.Lock()
	dead := c.lastDead
	c.lastDead = nil
	c.mu.Unlock()
	if dead != nil && !dead.reported.Load() {
		// The child died between cells (a goroutine's panic, say): this cell
		// must not run as if the state it expects were there.
		dead.reported.Store(true)
		dead.out.begin(out) // what the dead child printed after the last cell
		dead.out.end()
		return lostReply(dead.cause + " after the last cell ended")
	}
	p, err := c.get(ctx)
	switch {
	case err == nil:
		return p.execute(ctx, req, out, in, c.opts.InterruptGrace)
	case ctx.Err() != nil:
		v := "interrupted while the evaluator was starting"
		return session.ExecuteReply{Error: &session.Error{Name: session.ErrNameInterrupt, Value: v, Traceback: []string{session.ErrNameInterrupt + ": " + v}}}
	default:
		v := fmt.Sprintf("no evaluator could be started (%v)", err)
		return session.ExecuteReply{Error: &session.Error{Name: session.ErrNameLost, Value: v, Traceback: []string{session.ErrNameLost + ": " + v}}}
	}
}

// Complete asks the child for completions; it may run during Execute.
func (c *Client) Complete(ctx context.Context, code string, cursor int) (session.Completion, error) {
	r, err := c.call(ctx, &frame{T: tComplete, Code: code, Cursor: cursor})
	if err != nil || r.Completion == nil {
		return session.Completion{}, err
	}
	return *r.Completion, nil
}

// Inspect asks the child to describe the name at cursor.
func (c *Client) Inspect(ctx context.Context, code string, cursor int, detail int) (session.Inspection, error) {
	r, err := c.call(ctx, &frame{T: tInspect, Code: code, Cursor: cursor, Detail: detail})
	if err != nil || r.Inspection == nil {
		return session.Inspection{}, err
	}
	return *r.Inspection, nil
}

// IsComplete asks the child whether code is ready to run.
// With Options.IsComplete set, the parent answers without the child.
func (c *Client) IsComplete(ctx context.Context, code string) (session.Completeness, error) {
	if c.opts.IsComplete != nil {
		c.mu.Lock()
		closed := c.closed
		c.mu.Unlock()
		if closed {
			return session.Completeness{}, ErrClosed
		}
		return c.opts.IsComplete(code)
	}
	r, err := c.call(ctx, &frame{T: tIsComplete, Code: code})
	if err != nil || r.Completeness == nil {
		return session.Completeness{}, err
	}
	return *r.Completeness, nil
}

func (c *Client) call(ctx context.Context, f *frame) (*frame, error) {
	p, err := c.get(ctx)
	if err != nil {
		return nil, err
	}
	return p.call(ctx, f)
}

// Close closes the session in the child and waits for the child (and its
// process group) to end, killing it if it does not within two seconds.
// It returns the error of the child's session.Close, if any.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	ch := c.starting
	c.mu.Unlock()
	c.cancel() // a child still starting is killed
	if ch != nil {
		<-ch
	}
	c.mu.Lock()
	p := c.cur
	c.mu.Unlock()
	if p == nil {
		return nil
	}
	return p.shutdown(closeTimeout)
}

// discard is the sink of a cell run without one.
type discard struct{}

func (discard) Stream(name, text string)  {}
func (discard) Display(d session.Display) {}
func (discard) Clear(wait bool)           {}
