package evaluator

import (
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// Names the session defines in every interpreter. They start with
// __gocell so they cannot clash with a user's names.
const (
	stopVar     = "__gocellStop"
	interruptFn = "__gocellInterrupted"
	showFn      = "__gocellShow"
	goRecoverFn = "__gocellGoRecover"
	minFn       = "__gocellMin"
	maxFn       = "__gocellMax"
	clearFn     = "__gocellClear"
	mainFn      = "__gocellMain"
	// typeParam names the prelude's type parameters: yaegi lets a
	// generic func's type parameter shadow a package-level type of the
	// same name declared later (see TestYaegiTypeParamShadowsType), so a
	// cell's `type T int` broke while the prelude's generics used T.
	typeParam    = "__gocellT"
	loopCheckSrc = "if " + stopVar + " { " + rtName + ".Interrupted() }"
)

// ordered is the constraint of the min and max helpers. It is written
// inline: with a named constraint yaegi rejects untyped float arguments
// ("untyped float does not implement").
const ordered = "~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string"

// prelude is interpreted code every interpreter starts with. Showing a
// value happens here, in interpreted code, because only the interpreter
// sees the String and Error methods of types declared in cells.
const prelude = `package main

var ` + stopVar + ` bool

var ` + deferList + ` []func()

type ` + probeType + ` struct{ probe int }

func ` + goRecoverFn + `() {
	if r := recover(); r != nil {
		` + rtName + `.GoPanic(r)
	}
}

func ` + minFn + `[` + typeParam + ` ` + ordered + `](x ` + typeParam + `, ys ...` + typeParam + `) ` + typeParam + ` {
	for _, y := range ys {
		if y < x {
			x = y
		}
	}
	return x
}

func ` + maxFn + `[` + typeParam + ` ` + ordered + `](x ` + typeParam + `, ys ...` + typeParam + `) ` + typeParam + ` {
	for _, y := range ys {
		if y > x {
			x = y
		}
	}
	return x
}

func ` + clearFn + `(v interface{}) { ` + rtName + `.Clear(v) }

func ` + cellparse.AppendFunc + `[` + typeParam + `E any, ` + typeParam + `V any](s []` + typeParam + `E, v ` + typeParam + `V) []` + typeParam + `E { return append(s, v) }
`

// stdlibTable returns yaegi's standard library with the session's
// overrides: interruptible timers, cell errors passed to fmt as errors, and os.Stdin (and, without writers of
// the caller's, os.Stdout/os.Stderr) as the session's streams.
func stdlibTable() interp.Exports {
	t := make(interp.Exports, len(stdlib.Symbols))
	for k, v := range stdlib.Symbols {
		t[k] = v
	}
	tm := make(map[string]reflect.Value, len(t["time/time"]))
	for k, v := range t["time/time"] {
		tm[k] = v
	}
	for k, v := range timeOverrides() {
		tm[k] = v
	}
	t["time/time"] = tm
	// Loaded with fmt: yaegi copies the lists of fmt's and log's
	// functions to the versions that print to the session's streams.
	t["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(errorMapTypes())}
	return t
}

// newInterp builds an interpreter with the standard library, the caller's
// symbols, the session hooks and the prelude.
func (s *Session) newInterp() (*interp.Interpreter, error) {
	stdout, stderr := s.opts.Stdout, s.opts.Stderr
	if stdout == nil {
		stdout = &streamWriter{c: s.cell, name: "stdout"}
	}
	if stderr == nil {
		stderr = &streamWriter{c: s.cell, name: "stderr", trace: s.recordTrace}
	} else {
		stderr = &traceFilter{w: stderr, trace: s.recordTrace}
	}
	in := interp.New(interp.Options{
		Stdin:        &stdinReader{c: s.cell},
		Stdout:       stdout,
		Stderr:       stderr,
		Unrestricted: true,
	})
	if err := in.Use(stdlibTable()); err != nil {
		return nil, fmt.Errorf("evaluator: loading the standard library: %w", err)
	}
	var osStdin io.Reader = &stdinReader{c: s.cell}
	osSyms := map[string]reflect.Value{
		"Stdin": reflect.ValueOf(&osStdin).Elem(),
		// os.Exit in a cell ends the cell, not the session.
		"Exit": reflect.ValueOf(func(code int) { panic(exitPanic{code}) }),
	}
	if s.opts.Stdout == nil {
		var o, e stdioFile = &stdStream{stdout, 1, "/dev/stdout"}, &stdStream{stderr, 2, "/dev/stderr"}
		osSyms["Stdout"] = reflect.ValueOf(&o).Elem()
		osSyms["Stderr"] = reflect.ValueOf(&e).Elem()
	}
	if err := in.Use(interp.Exports{"os/os": osSyms}); err != nil {
		return nil, fmt.Errorf("evaluator: redirecting os streams: %w", err)
	}
	errSyms := map[string]reflect.Value{}
	for k, v := range stdlib.Symbols["errors/errors"] {
		errSyms[k] = v
	}
	for k, v := range s.cell.errs.exports() {
		errSyms[k] = v
	}
	if err := in.Use(interp.Exports{"errors/errors": errSyms}); err != nil {
		return nil, fmt.Errorf("evaluator: replacing errors.Is and As: %w", err)
	}
	if s.opts.Symbols != nil {
		if err := in.Use(s.opts.Symbols); err != nil {
			return nil, fmt.Errorf("evaluator: loading symbols: %w", err)
		}
	}
	if err := in.Use(fmtExports(stdout, s.cell)); err != nil {
		return nil, fmt.Errorf("evaluator: replacing fmt's print functions: %w", err)
	}
	if err := in.Use(s.cell.exports()); err != nil {
		return nil, fmt.Errorf("evaluator: loading session hooks: %w", err)
	}
	if err := in.Use(printExports(stderr)); err != nil {
		return nil, fmt.Errorf("evaluator: loading print: %w", err)
	}
	for _, src := range []string{
		`import ` + rtName + ` "` + rtPath + `"`,
		prelude,
		printSource,
		showSource(nil),
		errOpsSource(nil),
		errOpsRegister,
		textSource(nil),
		textRegister,
		recoveredPrelude,
		assertedPrelude,
		retypeSource(nil),
		retypeRegister,
		";" + rtName + ".Register(&" + stopVar + ")",
	} {
		if _, err := safeEval(in, src); err != nil {
			return nil, fmt.Errorf("evaluator: prelude: %w", err)
		}
	}
	return in, nil
}

// safeEval is Eval with the panics some compile errors raise inside yaegi
// turned into errors.
func safeEval(in *interp.Interpreter, src string) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("evaluator: internal interpreter error: %v", r)
		}
	}()
	return in.Eval(src)
}

// traceFilter keeps yaegi's panic position lines out of a caller's stderr.
type traceFilter struct {
	w     io.Writer
	trace func(string)
}

func (t *traceFilter) Write(p []byte) (int, error) {
	if isPanicTrace(string(p)) {
		t.trace(string(p))
		return len(p), nil
	}
	return t.w.Write(p)
}

// showSource is the interpreted code that shows a cell's values. yaegi
// panics in a type switch with an interface case on a value whose type has
// methods ("method not found"), a type switch with a case of a cell's
// (non-pointer) type never matches, and v.(C) for a C with underlying type
// int matches any int; so the static type yaegi records picks the case,
// and the type is asserted in it. The three funcs are evaluated together: a redefined func leaves
// its callers calling the old one (#1673).
func showSource(types []shownType) string {
	var b strings.Builder
	b.WriteString("package main\n\nfunc " + showFn + "(vs ...interface{}) {\n\tfor _, v := range vs {\n\t\t" + showFn + "1(v)\n\t}\n}\n\n")
	b.WriteString("func " + showFn + "1(v interface{}) {\n")
	if len(types) > 0 {
		b.WriteString("\tswitch " + rtName + ".StaticType(v) {\n")
		for _, t := range types {
			call := t.call()
			for _, name := range t.cases() {
				static := "main." + strings.TrimPrefix(name, "*")
				if strings.HasPrefix(name, "*") {
					static = "*" + static
				}
				fmt.Fprintf(&b, "\tcase %q:\n\t\tif x, ok := v.(%s); ok {\n\t\t\t%s\n\t\t\treturn\n\t\t}\n", static, name, call)
			}
		}
		b.WriteString("\t}\n")
		// A pointer to a type with value methods reaches here unwrapped.
		// v.(*C) matches any *int when C's underlying type is int, and a
		// nil pointer too; only a pointer to a struct is told apart by
		// its reflect type.
		for _, t := range types {
			if t.ptr {
				continue
			}
			call := t.call()
			fmt.Fprintf(&b, "\tif x, ok := v.(*%s); ok && %s.StructPtr(v) {\n\t\t%s\n\t\treturn\n\t}\n", t.name, rtName, call)
		}
	}
	b.WriteString("\t" + rtName + ".Show(v)\n}\n")
	return b.String()
}

// shownType is a cell type whose values show through a method.
type shownType struct {
	name   string
	method string // "Error", "String" or Options.RichMethod
	bundle bool   // method returns a MIME bundle
	ptr    bool   // the method has a pointer receiver
}

// call is the statement showing x, a value of t.
func (t shownType) call() string {
	if t.bundle {
		return fmt.Sprintf("%s.ShowBundle(x.%s(), v)", rtName, t.method)
	}
	return fmt.Sprintf("%s.ShowText(x.%s())", rtName, t.method)
}

func (t shownType) cases() []string {
	if t.ptr {
		return []string{"*" + t.name}
	}
	return []string{t.name, "*" + t.name}
}
