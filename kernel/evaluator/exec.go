package evaluator

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/gocell/gocell/kernel/interrupt"
	"github.com/traefik/yaegi/interp"
)

// cooperativeGrace is how long a cooperative stop may take before yaegi's
// cancel is used.
const cooperativeGrace = 500 * time.Millisecond

// errInterrupted is the error of a cell stopped cooperatively.
var errInterrupted = errors.New("evaluator: interrupted")

// compileError is an error yaegi reported before running anything.
type compileError struct{ msg string }

func (e *compileError) Error() string { return e.msg }

// panicError is a run-time panic of a cell, with the positions yaegi
// printed while unwinding (innermost first).
type panicError struct {
	value string
	trace []string
	raw   interface{} // the value panic was called with, for a top-level deferred recover
}

func (e *panicError) Error() string { return "panic: " + e.value }

// exitError is a cell that called os.Exit.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("os.Exit(%d) called", e.code) }

// lostError reports a cell that was stopped by replacing the interpreter.
type lostError struct {
	interrupt bool // the state survived the rebuild: still an Interrupt
	msg       string
}

func (e *lostError) Error() string { return e.msg }

// run compiles and executes src in the current interpreter.
func (s *Session) run(ctx context.Context, src string) (reflect.Value, error) {
	prog, err := s.compile(src)
	if err != nil {
		return reflect.Value{}, err
	}
	return s.execute(ctx, prog)
}

// compile compiles src without running it. Some compile errors make yaegi
// panic; they are errors here. What yaegi keeps of the compile only for
// its debugger is released (releaseCompiled).
func (s *Session) compile(src string) (prog *interp.Program, err error) {
	in := s.interp()
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, &compileError{msg: fmt.Sprint(r)}
		}
		if err != nil {
			repairGlobals(in)
			if ce, ok := err.(*compileError); ok {
				ce.msg = s.explainImplements(s.suggest(ce.msg, src))
			}
		}
	}()
	m := markCompile(in)
	defer releaseCompiled(in, m)
	if strings.HasPrefix(src, ";") {
		prog, err = compileStmts(in, src)
	} else {
		prog, err = in.Compile(src)
	}
	if err != nil {
		return nil, &compileError{msg: err.Error()}
	}
	return prog, nil
}

// repairGlobals grows yaegi's global frame to its scope after a failed
// compile: a failed := at the top level leaves its name in the scope
// without a slot, and Globals, which implied imports, completion, %who and
// rebuilds ask, panics until a program runs (running any program grows the
// frame; see TestYaegiGlobalsAfterFailedDefine).
func repairGlobals(in *interp.Interpreter) {
	defer func() { _ = recover() }()
	broken := func() (b bool) {
		defer func() { b = recover() != nil }()
		in.Globals()
		return false
	}
	if !broken() {
		return
	}
	m := markCompile(in)
	defer releaseCompiled(in, m)
	if prog, err := compileStmts(in, ";0"); err == nil {
		_, _ = in.Execute(prog)
	}
}

// compileStmts compiles src, statements starting with ";", as yaegi's
// Compile does: it wraps them in a func main, parses that into the
// interpreter's FileSet and compiles the body at the top level. Compile
// first scans src for its first token and parses it once more for build
// constraints, each adding a file to the FileSet; statement mode has no
// constraints to find (nothing precedes the package clause yaegi adds),
// and skipping both saves about 2 µs of the 14 a compile of `x = 1` takes.
func compileStmts(in *interp.Interpreter, src string) (*interp.Program, error) {
	f, err := parser.ParseFile(in.FileSet(), interpFile, "package main; func main() {"+src+"\n}", parser.DeclarationErrors|parser.ParseComments)
	if err != nil {
		return nil, err
	}
	return in.CompileAST(f.Decls[0].(*ast.FuncDecl).Body)
}

// execute runs a compiled program. When ctx is cancelled it asks the cell
// to stop cooperatively (loop checks, timers and compiled code polling
// package interrupt); if the cell has not ended after cooperativeGrace, it
// uses yaegi's cancel and rebuilds the interpreter, which that cancel
// damages.
func (s *Session) execute(ctx context.Context, prog *interp.Program) (reflect.Value, error) {
	in := s.interp()
	yctx, ycancel := context.WithCancel(context.Background())
	defer ycancel()
	var fallback *time.Timer
	var mu sync.Mutex
	// No goroutine waits on ctx: the callback runs only on a stop request.
	stop := context.AfterFunc(ctx, func() {
		interrupt.Request()
		s.cell.setStop(true)
		mu.Lock()
		fallback = time.AfterFunc(cooperativeGrace, ycancel)
		mu.Unlock()
	})
	v, err := in.ExecuteWithContext(yctx, prog)
	stop()
	mu.Lock()
	if fallback != nil {
		fallback.Stop()
	}
	mu.Unlock()
	if yctx.Err() != nil {
		// yaegi's cancel returned at once; the cell's code may still run on.
		return reflect.Value{}, s.rebuildAfterCancel()
	}
	if err := s.classify(err); err != nil {
		return reflect.Value{}, err
	}
	if ctx.Err() != nil {
		return reflect.Value{}, errInterrupted
	}
	return v, nil
}

// executeNow runs a compiled program that cannot block (a constant
// expression, a name) without execute's machinery for stopping it:
// yaegi's ExecuteWithContext starts a goroutine per run, which wakes a
// second thread for every trivial cell.
func (s *Session) executeNow(prog *interp.Program) (reflect.Value, error) {
	v, err := s.interp().Execute(prog)
	if err := s.classify(err); err != nil {
		return reflect.Value{}, err
	}
	return v, nil
}

// classify turns what yaegi returned into the session's errors.
func (s *Session) classify(err error) error {
	if err == nil {
		return nil
	}
	var p interp.Panic
	if errors.As(err, &p) {
		if _, ok := p.Value.(interruptPanic); ok {
			s.takeTrace()
			return errInterrupted
		}
		if e, ok := p.Value.(exitPanic); ok {
			s.takeTrace()
			return &exitError{code: e.code}
		}
		return &panicError{value: explainPanic(s.cell.panicText(p.Value)), trace: s.takeTrace(), raw: p.Value}
	}
	if errors.Is(err, context.Canceled) {
		return errInterrupted
	}
	return &compileError{msg: err.Error()}
}

// panicText renders a panic's value as Go's runtime does: an error or
// Stringer by its method, a cell's type's too (which compiled code cannot
// call; see elemText).
func (c *cellState) panicText(v interface{}) string {
	rv, ok := v.(reflect.Value)
	if !ok {
		rv = reflect.ValueOf(v)
	}
	if text, ok := c.elemText(rv); ok {
		return text
	}
	return formatPanicValue(v)
}

// explainPanic says in Go's words, as compiled Go's panic would, what some
// of yaegi's own panics mean, keeping yaegi's words after them.
func explainPanic(msg string) string {
	switch {
	case strings.HasPrefix(msg, "reflect: call of reflect.Value.") && strings.HasSuffix(msg, " on zero Value"),
		msg == "reflect: Method on nil interface value":
		return "runtime error: invalid memory address or nil pointer dereference (yaegi: " + msg + ")"
	case msg == "reflect: slice index out of range", msg == "reflect: array index out of range",
		msg == "reflect: string index out of range":
		return "runtime error: index out of range (yaegi: " + msg + ")"
	case strings.Contains(msg, "invalid interface value {"):
		// What a method promoted from an embedded interface field does.
		return msg + " (if this calls a method promoted from an interface embedded in a struct, as in type S struct{ Logger } and s.Log(...): the interpreter cannot call it that way; call it through the field, s.Logger.Log(...))"
	case msg == "reflect.Set: value of type interface {} is not assignable to type interp.valueInterface":
		// An interface{} holding a cell's value, asserted to an interface
		// type a cell declared.
		return msg + " (if this asserts a value held in interface{} to an interface type declared in a cell, v.(Shape): the interpreter cannot; give the variable or parameter that interface type, func f(v Shape), or assert to the concrete type)"
	case msg == "reflect: Call with too many input arguments":
		// What a method expression used as a value does (f := T.M; f(v)).
		return msg + " (if this calls a method expression such as T.Method or (*T).Method held in a variable: the interpreter runs a method expression only when it is called directly, T.Method(v, ...); wrap it in a func literal instead, f := func(v T, a int) int { return v.Method(a) })"
	}
	return msg
}

// cellFn is the function the session declares, again for each item, to run
// a cell's compound statements (if, for, ...) and its final expression,
// unless that is a constant or a name. Compiled at the top level
// (statement mode, or a func literal called there), every
// temporary of such code, a call's results or the func literal itself,
// takes a slot of yaegi's global frame for good: a session of 10,000 cells
// of a loop held 20,000 slots, and each new slot copied the whole frame
// (such a cell took 1 ms instead of 0.2 ms). A declared func keeps its
// temporaries in its own frame, and redeclaring it reuses its slot.
const cellFn = "__gocellRun"

// declareCellFn declares cellFn with body (statements) without running it.
func (s *Session) declareCellFn(body string) error {
	_, err := s.run(context.Background(), "package main\nfunc "+cellFn+"() {\n"+body+"\n}")
	return err
}

// runInFunc runs body (statements) as the body of cellFn.
func (s *Session) runInFunc(ctx context.Context, body string) (reflect.Value, error) {
	if err := s.declareCellFn(body); err != nil {
		return reflect.Value{}, err
	}
	return s.run(ctx, ";"+cellFn+"()")
}
