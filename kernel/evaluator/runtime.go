package evaluator

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"io"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/gocell/gocell/kernel/interrupt"
	"github.com/gocell/gocell/kernel/session"
	"github.com/traefik/yaegi/interp"
)

// interruptPanic is the value compiled hooks panic with to stop a cell; the
// session recognises it in the interp.Panic it gets back and reports an
// Interrupt instead of a panic.
type interruptPanic struct{}

func (interruptPanic) Error() string { return "interrupted" }

// exitPanic is what os.Exit panics with in a cell.
type exitPanic struct{ code int }

func (e exitPanic) Error() string { return fmt.Sprintf("os.Exit(%d) called", e.code) }

// stopSignal is what the loop check and interruptible timers panic with.
var stopSignal = interruptPanic{}

// rtPath is the import path of the compiled hooks the prelude calls.
const (
	rtPath = "gocell.rt"
	rtName = "__gocellrt"
)

// cellState is what compiled hooks need to know about the running cell.
// It is switched per Execute and read from any goroutine a cell started.
type cellState struct {
	mu      sync.Mutex
	sink    session.Sink
	stdin   session.Stdin
	ctx     context.Context
	stop    *bool // the interpreted __gocellStop flag, polled by loops
	results []string
	// richData is the MIME bundle of the last value shown, when it shows
	// itself richly; rich asks the display layer about compiled values.
	richData map[string]any
	richMeta map[string]any
	rich     func(v any) (data, metadata map[string]any, ok bool)
	check    func(data map[string]any) (map[string]any, error)
	goPanic  []string // panics recovered in goroutines, reported on the running cell
	// pending is what goroutines printed while no cell ran, for the next
	// cell (see hold); pendingN counts its bytes and pendingLost those
	// dropped, whose note is then pending's last entry.
	pending     []pendingText
	pendingN    int
	pendingLost int
	types       map[reflect.Type]string
	errs        errChain
	// fields holds the field names a cell's struct type declares, which
	// its reflect type spells with an X before an unexported one;
	// lastNamed is the type TypeName named last.
	fields    map[reflect.Type][]string
	lastNamed reflect.Type
	// textOp calls the String or Error method of a cell's type named in
	// textNames (elemtext.go).
	textOp    textOp
	textNames map[string]bool
	// retypeOp gives a value of a cell's type its type (recovered.go).
	retypeOp func(name string, v interface{}) interface{}
	// ambiguous marks the reflect types two cell types share.
	ambiguous map[reflect.Type]bool
	// typeExprs holds the type each cell type declares (fieldtypes.go).
	typeExprs map[string]ast.Expr
	// repanic is the value of the panic a cell's top-level deferred calls
	// run under (see cellRun.runDefers).
	repanic interface{}
	// ended is set by a return outside any function: the cell's later
	// items do not run.
	ended bool
}

// takeEnded reports whether the running item ended the cell, and clears it.
func (c *cellState) takeEnded() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.ended
	c.ended = false
	return e
}

func (c *cellState) setStop(v bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stop != nil {
		// A plain write: the interpreted loop check reads it without a lock,
		// which at worst sees the stop one iteration later.
		*c.stop = v
	}
}

// exports returns the compiled hooks the prelude uses, bound to this state.
func (c *cellState) exports() interp.Exports {
	return interp.Exports{rtPath + "/" + rtName: {
		"Register": reflect.ValueOf(func(p *bool) {
			c.mu.Lock()
			c.stop = p
			c.mu.Unlock()
		}),
		"Interrupted": reflect.ValueOf(func() { panic(stopSignal) }),
		"EndCell": reflect.ValueOf(func() {
			c.mu.Lock()
			c.ended = true
			c.mu.Unlock()
		}),
		"Show": reflect.ValueOf(c.show),
		"ShowBundle": reflect.ValueOf(func(data map[string]any, v interface{}) {
			c.mu.Lock()
			text := formatValueFields(reflect.ValueOf(v), c.types, c.fields)
			check := c.check
			c.mu.Unlock()
			if _, ok := data["text/plain"]; !ok && data != nil {
				data["text/plain"] = text
			}
			if check != nil {
				d, err := check(data)
				if err != nil {
					d = map[string]any{"text/plain": text + "\n(" + err.Error() + ")"}
				}
				data = d
			}
			c.mu.Lock()
			defer c.mu.Unlock()
			c.results = append(c.results, text)
			c.richData, c.richMeta = data, nil
		}),
		"ShowText": reflect.ValueOf(func(s string) {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.results = append(c.results, s)
			c.richData, c.richMeta = nil, nil
		}),
		"GoPanic": reflect.ValueOf(func(v interface{}) {
			if _, ok := v.(interruptPanic); ok {
				return // a goroutine stopped by an interrupt ends quietly
			}
			text := c.panicText(v)
			c.mu.Lock()
			defer c.mu.Unlock()
			c.goPanic = append(c.goPanic, text)
		}),
		"TypeName": reflect.ValueOf(func(name string, p interface{}) {
			t := reflect.TypeOf(p)
			if t == nil || t.Kind() != reflect.Pointer {
				return
			}
			c.mu.Lock()
			defer c.mu.Unlock()
			if old, ok := c.types[t.Elem()]; ok && old != name {
				// Two cell types of the same structure reflect alike.
				if c.ambiguous == nil {
					c.ambiguous = map[reflect.Type]bool{}
				}
				c.ambiguous[t.Elem()] = true
			}
			c.types[t.Elem()] = name
			c.lastNamed = t.Elem()
		}),
		"Clear":      reflect.ValueOf(clearValue),
		"StaticType": reflect.ValueOf(staticType),
		"StructPtr":  reflect.ValueOf(structPtr),
		"Recovered":  reflect.ValueOf(c.recovered),
		"Retyped":    reflect.ValueOf(c.retyped),
		"RetypeOps": reflect.ValueOf(func(f func(name string, v interface{}) interface{}) {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.retypeOp = f
		}),
		"TextOps": reflect.ValueOf(func(f func(name string, v interface{}) (string, bool)) {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.textOp = f
		}),
		"ErrOps": reflect.ValueOf(func(f func(op int, v, arg interface{}) (interface{}, bool)) {
			c.errs.set(f)
		}),
		"Repanic": reflect.ValueOf(func() interface{} {
			c.mu.Lock()
			defer c.mu.Unlock()
			return c.repanic
		}),
	}}
}

// setRepanic sets the value Repanic returns.
func (c *cellState) setRepanic(v interface{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.repanic = v
}

// show records v, a value the cell shows without a method of its own.
func (c *cellState) show(v interface{}) {
	rv := unwrapInterp(reflect.ValueOf(v))
	var data, meta map[string]any
	if c.rich != nil && rv.IsValid() && rv.CanInterface() {
		data, meta, _ = c.rich(rv.Interface())
	}
	// Formatted without the lock: an element's String method runs
	// interpreted code, which may print.
	c.mu.Lock()
	f := formatter{names: make(map[reflect.Type]string, len(c.types)), fields: c.fields, text: c.elemText, typed: c.typedField, ambiguous: map[reflect.Type]bool{}}
	for t, n := range c.types {
		f.names[t] = n
	}
	for t := range c.ambiguous {
		f.ambiguous[t] = true
	}
	c.mu.Unlock()
	text := f.format(rv)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.results = append(c.results, text)
	c.richData, c.richMeta = data, meta
}

// takeResults returns and forgets the values shown since the last call.
func (c *cellState) takeResults() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.results
	c.results, c.richData, c.richMeta = nil, nil, nil
	return r
}

// takeBundle returns and forgets the shown values as a MIME bundle: the
// rich data of a single value that has it, with text/plain always there.
func (c *cellState) takeBundle() *session.Bundle {
	c.mu.Lock()
	rich, meta := c.richData, c.richMeta
	c.mu.Unlock()
	res := c.takeResults()
	if len(res) == 0 {
		return nil
	}
	data := map[string]any{}
	if len(res) == 1 {
		for k, v := range rich {
			data[k] = v
		}
	} else {
		meta = nil
	}
	if _, ok := data["text/plain"]; !ok {
		data["text/plain"] = strings.Join(res, ", ")
	}
	return &session.Bundle{Data: data, Metadata: meta}
}

// takeGoPanics returns and forgets the goroutine panics recorded so far.
func (c *cellState) takeGoPanics() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.goPanic
	c.goPanic = nil
	return r
}

// clearValue implements the clear builtin for maps and slices, which yaegi
// lacks (#1674).
func clearValue(v interface{}) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map:
		rv.Clear()
	case reflect.Slice:
		zero := reflect.Zero(rv.Type().Elem())
		for i := 0; i < rv.Len(); i++ {
			rv.Index(i).Set(zero)
		}
	}
}

// streamWriter sends what a cell prints to the running cell's sink.
type streamWriter struct {
	c    *cellState
	name string
	// trace receives yaegi's "L:C: panic: ..." lines instead of the user.
	trace func(string)
}

func (w *streamWriter) Write(p []byte) (int, error) {
	w.c.mu.Lock()
	sink := w.c.sink
	w.c.mu.Unlock()
	text := string(p)
	if w.trace != nil && isPanicTrace(text) {
		w.trace(text)
		return len(p), nil
	}
	if sink != nil {
		sink.Stream(w.name, text)
		return len(p), nil
	}
	w.c.mu.Lock()
	defer w.c.mu.Unlock()
	if w.c.sink != nil {
		w.c.sink.Stream(w.name, text)
	} else {
		// Printed by a goroutine between cells: shown by the next cell.
		w.c.hold(w.name, text)
	}
	return len(p), nil
}

// maxPending bounds the bytes of output kept between cells.
const maxPending = 1 << 20

// pendingText is output that arrived while no cell was running.
type pendingText struct{ name, text string }

// hold keeps text printed while no cell runs; c.mu is held. The oldest
// text is kept: once maxPending bytes are held, later writes are dropped
// whole (a write that does not fit too, so what is shown is an unbroken
// beginning), and the last pending entry is one stderr line saying how many
// bytes were lost. The next cell takes pending (beginCell) and shows it
// before its own output.
func (c *cellState) hold(name, text string) {
	if len(c.pending) == 0 {
		// Taken by a cell since the last hold: start afresh.
		c.pendingN, c.pendingLost = 0, 0
	}
	if c.pendingLost == 0 && c.pendingN+len(text) <= maxPending {
		c.pending = append(c.pending, pendingText{name, text})
		c.pendingN += len(text)
		return
	}
	if c.pendingLost == 0 {
		c.pending = append(c.pending, pendingText{name: "stderr"})
	}
	c.pendingLost += len(text)
	c.pending[len(c.pending)-1].text = fmt.Sprintf(
		"gocell: %d bytes printed while no cell was running were dropped (the first %d were kept)\n",
		c.pendingLost, c.pendingN)
}

// isPanicTrace reports whether text is one of the position lines yaegi
// prints to its stderr as a panic unwinds.
func isPanicTrace(text string) bool {
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if posRE.FindStringIndex(line) == nil || !strings.Contains(line, ": panic") {
			return false
		}
	}
	return text != ""
}

// stdinReader reads through the running cell's session.Stdin, one line per
// request, so fmt.Scan and bufio readers of os.Stdin ask the frontend.
type stdinReader struct {
	c   *cellState
	buf []byte
	// owner is the interrupt context of the cell that read buf. A later
	// cell drops what is left (a failed fmt.Scan leaves the rest of the
	// line): each cell's input request is fresh, not an earlier answer.
	owner context.Context
}

func (r *stdinReader) Read(p []byte) (int, error) {
	if cur := interrupt.Context(); r.owner != cur {
		r.buf, r.owner = nil, cur
	}
	if len(r.buf) == 0 {
		r.c.mu.Lock()
		in, ctx := r.c.stdin, r.c.ctx
		r.c.mu.Unlock()
		if in == nil {
			return 0, io.EOF
		}
		line, err := in.ReadLine(ctx, "", false)
		if err != nil {
			if errors.Is(err, session.ErrNoStdin) {
				// A read that fails unseen would look like empty input.
				r.c.mu.Lock()
				sink := r.c.sink
				r.c.mu.Unlock()
				if sink != nil {
					sink.Stream("stderr", "gocell: "+err.Error()+"\n")
				}
				return 0, err
			}
			return 0, io.EOF
		}
		r.buf = append(r.buf, line...)
		r.buf = append(r.buf, '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// waitOrStop waits for d unless the running cell is interrupted first; it
// reports whether it was interrupted. A later cell starting (which also
// ends the interrupt context) does not count as an interrupt.
func waitOrStop(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		ctx := interrupt.Context()
		select {
		case <-t.C:
			return false
		case <-ctx.Done():
			if errors.Is(context.Cause(ctx), interrupt.ErrInterrupted) {
				return true
			}
			// The context was replaced by the next cell's: wait on that.
			for interrupt.Context() == ctx {
				time.Sleep(time.Millisecond)
			}
		}
	}
}

// timeOverrides makes time.Sleep, time.After and time.Tick end early when the
// cell is interrupted, as compiled calls cannot be stopped by yaegi.
func timeOverrides() map[string]reflect.Value {
	return map[string]reflect.Value{
		"Sleep": reflect.ValueOf(func(d time.Duration) {
			if waitOrStop(d) {
				panic(stopSignal)
			}
		}),
		"After": reflect.ValueOf(func(d time.Duration) <-chan time.Time {
			ch := make(chan time.Time, 1)
			go func() {
				waitOrStop(d)
				ch <- time.Now()
			}()
			return ch
		}),
		"Tick": reflect.ValueOf(func(d time.Duration) <-chan time.Time {
			if d <= 0 {
				return nil
			}
			ch := make(chan time.Time, 1)
			go func() {
				for {
					stopped := waitOrStop(d)
					select {
					case ch <- time.Now():
					default:
					}
					if stopped {
						// One tick wakes the loop so its check sees the stop.
						return
					}
				}
			}()
			return ch
		}),
	}
}
