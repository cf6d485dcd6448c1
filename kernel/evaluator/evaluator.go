// Package evaluator is gocell's in-process evaluation session: it runs
// notebook cells on the yaegi Go interpreter and implements
// session.Session.
//
// yaegi is used as published. What a notebook needs beyond it lives here:
// a cell is split into top-level items (package cellparse) and each item is
// evaluated the way yaegi handles it best; redefinitions re-evaluate stale
// callers or rebuild the interpreter and replay the declarations; the value
// of a cell's last expression is decided from the source, not from what
// Eval returns; interrupts are cooperative first (a flag polled by loops and
// timers) and use yaegi's cancel only as a last resort.
//
// A package used by name without an import line (fmt., mat.) is imported
// for the cell, unless a cell declared that name. Names several packages
// share resolve as: rand math/rand, template text/template, draw
// image/draw, scanner text/scanner, pprof runtime/pprof, constant
// go/constant; otherwise the package whose path is its name, else the
// shortest path. An explicit import always wins, and importing another
// package under a name already bound rebuilds the interpreter with it.
package evaluator

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"

	"github.com/gocell/gocell/kernel/display"
	"github.com/gocell/gocell/kernel/interrupt"
	"github.com/gocell/gocell/kernel/session"
	"github.com/traefik/yaegi/interp"
)

// Options configures a Session.
type Options struct {
	// Stdout and Stderr receive what cells print. When nil, output goes to
	// the running Execute's Sink as stream output (and os.Stdout/os.Stderr
	// inside cells write there too), in order across both streams; in a
	// child process, package evalproc keeps that order.
	Stdout, Stderr io.Writer
	// Symbols are extra preloaded packages; yaegi's standard library is
	// always loaded.
	Symbols interp.Exports
	// Dir, when set, is the working directory cells run in.
	Dir string

	// The display layer's hooks. Each defaults to package display's:
	// display.SetPublisher, display.Render, display.CheckBundle and its
	// display method MIMEBundle.
	//
	// OnCell is called with the sink of each cell when it starts and with
	// nil when it ends, so compiled display code can publish to the
	// running cell.
	OnCell func(out session.Sink)
	// Rich is asked whether a cell's last value shows itself richly; it
	// returns the MIME bundle and its metadata. text/plain is added when
	// the bundle has none.
	Rich func(v any) (data, metadata map[string]any, ok bool)
	// RichMethod names the method (func() map[string]any) by which values
	// of types declared in cells show themselves richly.
	RichMethod string
	// CheckBundle checks and completes what a RichMethod returned.
	CheckBundle func(data map[string]any) (map[string]any, error)
}

// withDisplay fills the display hooks left unset with package display's.
func withDisplay(o Options) Options {
	if o.OnCell == nil {
		o.OnCell = func(out session.Sink) { display.SetPublisher(out) }
	}
	if o.Rich == nil {
		o.Rich = display.Render
	}
	if o.RichMethod == "" {
		o.RichMethod = displayMethod
	}
	if o.CheckBundle == nil {
		o.CheckBundle = display.CheckBundle
	}
	return o
}

// displayMethod is package display's display method.
const displayMethod = "MIMEBundle"

// Session evaluates cells in one yaegi interpreter (replaced by a fresh
// one, with declarations replayed, when a redefinition needs it).
type Session struct {
	opts Options
	cell *cellState

	// mu guards in, reg and the trace; Complete and Inspect read the
	// registry while a cell runs.
	mu    sync.Mutex
	in    *interp.Interpreter
	reg   *registry
	trace []string
	// pkgs knows the packages cells can import.
	pkgs *packageIndex

	count  int
	closed bool
	// noShortPath makes every cell take runCell's full way (tests compare
	// the two; see shortCell).
	noShortPath bool
	// longNames are the names found unfit for shortCell, with the decl
	// they had then (see notShort).
	longNames map[string]*decl
	// instances are the instances of generic types named so far (see
	// nameInstances); types declared since empty it.
	instances map[string]bool
}

var _ session.Session = (*Session)(nil)

// New builds a session with a fresh interpreter.
func New(opts Options) (*Session, error) {
	if opts.Dir != "" {
		if err := chdir(opts.Dir); err != nil {
			return nil, err
		}
	}
	opts = withDisplay(opts)
	quietYaegiLog()
	s := &Session{
		opts: opts,
		cell: &cellState{types: map[reflect.Type]string{}, rich: opts.Rich, check: opts.CheckBundle},
		reg:  newRegistry(),
		pkgs: newPackageIndex(stdlibTable(), opts.Symbols),
	}
	in, err := s.newInterp()
	if err != nil {
		return nil, err
	}
	s.in = in
	return s, nil
}

// Close ends the session. Goroutines a cell started cannot be stopped from
// outside; an interrupt request is made so cooperating ones end.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		interrupt.Request()
		s.cell.setStop(true)
	}
	return nil
}

// Execute runs one cell.
func (s *Session) Execute(ctx context.Context, req session.ExecuteRequest, out session.Sink, in session.Stdin) session.ExecuteReply {
	s.mu.Lock()
	closed := s.closed
	s.count++
	n := req.ExecutionCount
	if n <= 0 {
		n = s.count
	}
	s.mu.Unlock()
	if closed {
		return errorReply("SessionClosed", "evaluator: the session is closed", nil)
	}

	s.beginCell(ctx, out, in)
	defer s.endCell()
	for _, p := range s.cell.takeGoPanics() {
		s.notice("gocell: a goroutine started by an earlier cell panicked: %s", p)
	}

	var reply session.ExecuteReply
	if m, ok := parseMagic(req.Code); ok {
		reply = s.runMagic(ctx, m, n)
	} else {
		reply = s.runCell(ctx, req.Code, n)
	}
	if reply.Error == nil {
		if gp := s.cell.takeGoPanics(); len(gp) > 0 {
			reply = errorReply("Panic", "panic in a goroutine: "+gp[0], []string{"panic in a goroutine started by a cell: " + gp[0]})
		}
	}
	if req.Silent {
		reply.Result = nil
	}
	if len(req.UserExpressions) > 0 {
		reply.UserExpressions = s.userExpressions(ctx, req.UserExpressions, n)
	}
	return reply
}

// beginCell points the streams, stdin and interrupt flag at this cell.
func (s *Session) beginCell(ctx context.Context, out session.Sink, in session.Stdin) {
	interrupt.Begin()
	s.cell.setStop(false)
	s.cell.mu.Lock()
	s.cell.sink, s.cell.stdin, s.cell.ctx = out, in, ctx
	s.cell.results = nil
	pending := s.cell.pending
	s.cell.pending = nil
	s.cell.mu.Unlock()
	for _, p := range pending {
		out.Stream(p.name, p.text)
	}
	if s.opts.OnCell != nil {
		s.opts.OnCell(out)
	}
	s.mu.Lock()
	s.trace = nil
	s.mu.Unlock()
}

// endCell detaches the cell's sink: output printed later by goroutines of
// this cell goes to the next cell that runs.
func (s *Session) endCell() {
	if s.opts.OnCell != nil {
		s.opts.OnCell(nil)
	}
	s.cell.mu.Lock()
	s.cell.sink, s.cell.stdin = nil, nil
	s.cell.ctx = context.Background()
	s.cell.mu.Unlock()
}

// recordTrace keeps the panic position lines yaegi prints while unwinding.
func (s *Session) recordTrace(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		s.trace = append(s.trace, l)
	}
}

func (s *Session) takeTrace() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.trace
	s.trace = nil
	return t
}

// interp returns the current interpreter.
func (s *Session) interp() *interp.Interpreter {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.in
}

// notice tells the user something about the session on stderr, in one line.
func (s *Session) notice(format string, args ...any) {
	s.cell.mu.Lock()
	sink := s.cell.sink
	s.cell.mu.Unlock()
	msg := fmt.Sprintf(format, args...)
	if s.opts.Stderr != nil {
		fmt.Fprintln(s.opts.Stderr, msg)
		return
	}
	if sink != nil {
		sink.Stream("stderr", msg+"\n")
	}
}

// errorReply builds a failed reply.
func errorReply(name, value string, tb []string) session.ExecuteReply {
	if tb == nil {
		tb = []string{name + ": " + value}
	}
	return session.ExecuteReply{Error: &session.Error{Name: name, Value: value, Traceback: tb}}
}
