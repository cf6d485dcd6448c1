package evaluator

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/cellparse"
	"github.com/gocell/gocell/kernel/symbols"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// These tests pin the yaegi v0.16.1 behaviours the session works around.
// When one fails after a yaegi upgrade, the workaround it names can go.

func rawInterp(t *testing.T) *interp.Interpreter {
	t.Helper()
	var out bytes.Buffer
	in := interp.New(interp.Options{Stdout: &out, Stderr: &out, Unrestricted: true})
	if err := in.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	return in
}

// rawEval evaluates steps, failing the test on an error in all but the
// last, and returns the last one's value and error.
func rawEval(t *testing.T, in *interp.Interpreter, steps ...string) (v reflect.Value, err error) {
	t.Helper()
	for i, s := range steps {
		v, err = safeEval(in, s)
		if err != nil && i < len(steps)-1 {
			t.Fatalf("step %q: %v", s, err)
		}
	}
	return v, err
}

// expectYaegi checks a pinned yaegi behaviour: want is the last step's
// value (fmt.Sprint), "<nil>" for any value without an error, or
// "error: " and a part of the error.
func expectYaegi(t *testing.T, workaround string, v reflect.Value, err error, want string) {
	t.Helper()
	if sub, ok := strings.CutPrefix(want, "error: "); ok {
		if err == nil || !strings.Contains(err.Error(), sub) {
			t.Fatalf("yaegi changed (%s): err = %v, want one containing %q", workaround, err, sub)
		}
		return
	}
	if err != nil {
		t.Fatalf("yaegi changed (%s): %v", workaround, err)
	}
	if got := fmt.Sprint(v); want != fmt.Sprint(nil) && got != want {
		t.Fatalf("yaegi changed (%s): got %s, want %s", workaround, got, want)
	}
}

func TestYaegiBehaviours(t *testing.T) {
	cases := []struct {
		name       string
		workaround string
		steps      []string
		want       string // the last step's value (fmt.Sprint) or "error: <substring>"
	}{
		{"repeated import fails (#1551)", "importItem de-duplicates imports",
			[]string{`import "strings"`, `import "strings"`}, "error: redeclared"},
		{"redefined type ignored (#1410)", "declare rebuilds the interpreter",
			[]string{"package main\ntype T struct{ A int }", "package main\ntype T struct{ B string }", ";T{B: \"x\"}"}, "error: unknown field"},
		{"redefined method ignored", "declare rebuilds the interpreter",
			[]string{"package main\ntype T struct{}\nfunc (T) M() int { return 1 }", "package main\nfunc (T) M() int { return 2 }", ";T{}.M()"}, "1"},
		{"redefined generic func ignored", "declare rebuilds for a generic func",
			[]string{"package main\nfunc Id[T any](x T) T { return x }", ";Id(3)", "package main\nfunc Id[T any](x T) T { var z T; return z }", ";Id(3)"}, "3"},
		{"stale caller of a redefined func (#1673)", "refreshCallers re-evaluates callers",
			[]string{"package main\nfunc f() int { return 1 }\nfunc g() int { return f() }", "package main\nfunc f() int { return 2 }", ";g()"}, "1"},
		{"redeclared var unseen by funcs", "defined re-evaluates funcs naming it",
			[]string{";var x = 1", "package main\nfunc rx() int { return x }", ";var x = 2", ";rx()"}, "1"},
		{"Eval returns Println's byte count", "expr decides the result from the source",
			[]string{`import "fmt"`, `;fmt.Println("")`}, "1"},
		{"type switch misses a cell type's values", "showSource asserts types one by one",
			[]string{"package main\ntype T struct{ A int }\nfunc (t T) String() string { return \"tee\" }\nfunc sw(v interface{}) string { switch x := v.(type) { case T: return x.String() }; return \"none\" }", ";tv := T{3}", ";sw(tv)"}, "none"},
		{"assertion to a named int type matches a plain int", "showSource checks the static type first",
			[]string{"package main\ntype C int\nfunc (c C) String() string { return \"C\" }\nfunc isC(v interface{}) bool { _, ok := v.(C); return ok }", ";isC(7)"}, "true"},
		{"line directive file name hides imports", "lineBase encodes the cell in line numbers",
			[]string{`import "strings"`, ";/*line In[2]:1:1*/r := strings.NewReader(\"\")"}, "error: definition loop"},
		{"compile-time panic escapes Eval", "safeEval and compile recover",
			[]string{";var v, ok = map[int]int{}[3]"}, "error: internal interpreter error"},
		{"min builtin missing (#1674)", "the prelude's " + minFn + " (cellparse rewrites min)",
			[]string{";min(1, 2)"}, "error: undefined: min"},
		{"named constraint rejects untyped floats", "the min/max helpers' constraint is inline",
			[]string{"package main\ntype O interface{ ~int | ~float64 }\nfunc mx[T O](x T) T { return x }", ";mx(2.5)"}, "error: untyped float does not implement"},
		{"parallel assignment drops a plain value beside a call", "cellparse hoists the calls (parallelAssign)",
			[]string{"package main\nfunc sq(v float64) float64 { return v * v }", ";var a, b float64", ";a, b = 3, sq(3)", ";a"}, "0"},
		{"nil in a parallel assignment panics", "cellparse assigns one by one (parallelNil)",
			[]string{";var e error", ";var n int", ";e, n = nil, 3"}, "error: reflect: New(nil)"},
		{"a func naming a later func fails", "declare evaluates a cell's declarations in one Eval",
			[]string{"package main\nfunc a1() int { return b1() }"}, "error: undefined: b1"},
		{"a method calling a later method fails", "declare evaluates a cell's declarations in one Eval",
			[]string{"package main\ntype A struct{}\nfunc (a *A) F() int { return a.g() }"}, "error: undefined selector: g"},
		{"v := f() compiles for a void f", "expr probes with a variadic call first",
			[]string{"package main\nfunc v() {}", ";func() { x := v(); _ = x }"}, fmt.Sprint(nil)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := rawInterp(t)
			v, err := rawEval(t, in, c.steps...)
			expectYaegi(t, c.workaround, v, err, c.want)
		})
	}
}

// A global func main runs again after every later Eval, which is why
// mainItem renames it.
func TestYaegiRerunsMain(t *testing.T) {
	var out bytes.Buffer
	in := interp.New(interp.Options{Stdout: &out, Stderr: &out})
	if err := in.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if _, err := rawEval(t, in, `import "fmt"`, "package main\nfunc main() { fmt.Print(\"M\") }", ";x := 1"); err != nil {
		t.Fatal(err)
	}
	if out.String() != "MM" {
		t.Fatalf("yaegi changed (mainItem): output %q, want main run after each Eval (MM)", out.String())
	}
}

// yaegi's cancel leaves closures made before it returning zero values,
// which is why execute uses it only as a last resort and rebuilds after.
func TestYaegiCancelDamagesClosures(t *testing.T) {
	in := rawInterp(t)
	if _, err := rawEval(t, in, "package main\nfunc add(a int) func(int) int { return func(b int) int { return a + b } }", ";add3 := add(3)"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := in.EvalWithContext(ctx, "<-make(chan int)"); err == nil {
		t.Fatal("a blocked receive ended without an error")
	}
	v, err := in.Eval(";add3(1)")
	if err != nil || v.Int() != 0 {
		t.Fatalf("yaegi changed (rebuildAfterCancel): add3(1) = %v, %v; want the damaged 0", v, err)
	}
}

// An interpreted value whose type has methods reaches compiled code as
// yaegi's wrapper struct, which unwrapInterp opens.
func TestYaegiWrapsValuesWithMethods(t *testing.T) {
	in := rawInterp(t)
	var got reflect.Value
	if err := in.Use(interp.Exports{"probe/probe": {"Take": reflect.ValueOf(func(v interface{}) { got = reflect.ValueOf(v) })}}); err != nil {
		t.Fatal(err)
	}
	if _, err := rawEval(t, in, `import "probe"`, "package main\ntype T struct{ A int }\nfunc (T) M() {}\nfunc pass(v interface{}) { probe.Take(v) }", ";pass(T{7})"); err != nil {
		t.Fatal(err)
	}
	if got.Type().Name() != interpValueType {
		t.Fatalf("yaegi changed (unwrapInterp): got %v", got.Type())
	}
	if s := formatValue(got, nil); s != "{A:7}" {
		t.Fatalf("unwrapped value formats as %q", s)
	}
}

// layerInterp is an interpreter with the preloaded packages and a cell
// type A implementing dnn.Layer (ID tells the values apart).
func layerInterp(t *testing.T) *interp.Interpreter {
	t.Helper()
	in := rawInterp(t)
	if err := in.Use(symbols.Symbols); err != nil {
		t.Fatal(err)
	}
	if _, err := rawEval(t, in, `import "github.com/gocell/gocell/dnn"`, `import "gonum.org/v1/gonum/mat"`,
		"package main\nvar seen []int\ntype A struct{ id int }\nfunc (a *A) Forward(x *mat.Dense, train bool) *mat.Dense { seen = append(seen, a.id); return x }\nfunc (a *A) Backward(d *mat.Dense) *mat.Dense { return d }\nfunc NewA(i int) *A { return &A{id: i} }"); err != nil {
		t.Fatal(err)
	}
	return in
}

// A cell-typed value converted to a compiled interface keeps reading the
// slot it came from: in a loop every element ends up with the last value,
// which is why cellparse sends appends in loops through AppendFunc.
func TestYaegiInterfaceReadsItsSlot(t *testing.T) {
	for _, c := range []struct{ loop, want string }{
		{";func() { for i := 0; i < 3; i++ { ls = append(ls, &A{id: i}) } }()", "[2 2 2]"},
		{";func() { for i := 0; i < 3; i++ { a := &A{id: i}; ls = append(ls, a) } }()", "[2 2 2]"},
		{";func() { for i := 0; i < 3; i++ { ls = append(ls, NewA(i)) } }()", "[2 2 2]"},
		{";func() { for i := 0; i < 3; i++ { ls = " + cellparse.AppendFunc + "(ls, &A{id: i}) } }()", "[0 1 2]"},
	} {
		in := layerInterp(t)
		if _, err := rawEval(t, in, "package main\nfunc "+cellparse.AppendFunc+"[E any, V any](s []E, v V) []E { return append(s, v) }", ";ls := []dnn.Layer{}", c.loop); err != nil {
			t.Fatal(c.loop, err)
		}
		v, err := rawEval(t, in, ";for _, l := range ls { l.Forward(nil, false) }", ";seen")
		if err != nil || fmt.Sprint(v) != c.want {
			t.Errorf("yaegi changed (cellparse's loopAppend): after %s, the layers' ids are %v, %v; want %s", c.loop, v, err, c.want)
		}
	}
}

// Passing a call's result straight to a parameter of a compiled interface
// type panics, which is why cellparse hoists such arguments.
func TestYaegiCallResultToInterfaceParam(t *testing.T) {
	in := layerInterp(t)
	_, err := rawEval(t, in, "package main\nfunc f(l dnn.Layer) int { return 1 }", ";f(NewA(1))")
	if err == nil || !strings.Contains(err.Error(), "reflect.Set") {
		t.Errorf("yaegi changed (cellparse's hoisting of call arguments): f(NewA(1)) gave %v", err)
	}
	if v, err := rawEval(t, in, ";a := NewA(1)", ";f(a)"); err != nil || fmt.Sprint(v) != "1" {
		t.Errorf("f(a) = %v, %v; want 1", v, err)
	}
}

// A cell-typed value converted to an interface keeps reading the variable
// (or call result, or literal) it was made from, in the frame it was made
// in: assigning the variable later changes the interface. cellparse copies
// such variables into fresh ones first (hoistArgs), runs loop bodies that
// convert in a func literal per iteration (wrapLoopBody), and copies a
// method value's receiver.
func TestYaegiInterfaceFollowsItsVariable(t *testing.T) {
	fl := "package main\nfunc f(l dnn.Layer) int { l.Forward(nil, false); return 1 }"
	for _, c := range []struct {
		name       string
		workaround string
		steps      []string
		want       string // seen, or "error: <substring>"
	}{
		{"typed var", "hoistArgs copies reassignable variables",
			[]string{";a := NewA(1)", ";var l dnn.Layer = a", ";a = NewA(2)", ";l.Forward(nil, false)"}, "[2]"},
		{"assignment", "hoistArgs copies reassignable variables",
			[]string{";a := NewA(1)", ";var l dnn.Layer", ";l = a", ";a = NewA(2)", ";l.Forward(nil, false)"}, "[2]"},
		{"composite literal", "hoistArgs copies reassignable variables",
			[]string{";a := NewA(1)", ";ls := []dnn.Layer{a}", ";a = NewA(2)", ";ls[0].Forward(nil, false)"}, "[2]"},
		{"stored by a compiled method", "hoistArgs copies reassignable variables",
			[]string{";a := NewA(1)", ";seq := dnn.NewSequential(nil)", ";seq.Add(a)", ";a = NewA(2)", ";seq.Predict(mat.NewDense(1, 1, nil), false)"}, "[2]"},
		{"method value", "hoistArgs copies a method value's receiver",
			[]string{";a := NewA(1)", ";m := a.Forward", ";a = NewA(2)", ";m(nil, false)"}, "[2]"},
		{"method value in a loop", "hoistArgs copies it in a frame of its own (Options.IsMethod)",
			[]string{";var fs []func(*mat.Dense, bool) *mat.Dense", ";func() { for i := 0; i < 2; i++ { a := NewA(i); fs = append(fs, a.Forward) } }()", ";for _, f := range fs { f(nil, false) }"}, "[1 1]"},
		{"a copy is never assigned again", "(the copies hoistArgs makes)",
			[]string{";a := NewA(1)", ";h := a", ";var l dnn.Layer = h", ";a = NewA(2)", ";l.Forward(nil, false)"}, "[1]"},
		{":= in a loop", "wrapLoopBody gives the body a frame per iteration",
			[]string{";var ls []dnn.Layer", ";func() { for i := 0; i < 3; i++ { a := NewA(i); l := []dnn.Layer{a}; ls = append(ls, l...) } }()", ";for _, l := range ls { l.Forward(nil, false) }"}, "[2 2 2]"},
		{":= in a loop body run in a func literal", "(the body wrapLoopBody makes)",
			[]string{";var ls []dnn.Layer", ";func() { for i := 0; i < 3; i++ { func() { a := NewA(i); l := []dnn.Layer{a}; ls = append(ls, l...) }() } }()", ";for _, l := range ls { l.Forward(nil, false) }"}, "[0 1 2]"},
		{"call results of a sum", "hoistArgs moves the calls before each argument too",
			[]string{fl, ";n := f(NewA(1)) + f(NewA(2))"}, "error: reflect.Set"},
		{"call result in an if init", "liftHeader makes room for hoistArgs",
			[]string{fl, ";func() { if n := f(NewA(1)); n > 0 {} }()"}, "error: reflect.Set"},
		{"conversion to a compiled interface", "ifaceConv assigns a typed variable",
			[]string{";a := NewA(1)", ";l := dnn.Layer(a)"}, "error: reflect.Set"},
		{"a cell interface's value to a compiled parameter", "explainInterfaceValue says to use a typed variable",
			[]string{"package main\ntype L interface {\n\tForward(x *mat.Dense, train bool) *mat.Dense\n\tBackward(d *mat.Dense) *mat.Dense\n}", ";var l L = NewA(1)", ";seq := dnn.NewSequential(nil)", ";seq.Add(l)"}, "error: reflect: Call using"},
		{"typed variable instead of a conversion", "(what ifaceConv writes)",
			[]string{";a := NewA(1)", ";l := func() dnn.Layer { var v dnn.Layer = a; return v }()", ";l.Forward(nil, false)"}, "[1]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := layerInterp(t)
			_, err := rawEval(t, in, c.steps...)
			if sub, ok := strings.CutPrefix(c.want, "error: "); ok {
				if err == nil || !strings.Contains(err.Error(), sub) {
					t.Fatalf("yaegi changed (%s): err = %v, want one containing %q", c.workaround, err, sub)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			v, err := rawEval(t, in, ";seen")
			if err != nil || fmt.Sprint(v) != c.want {
				t.Fatalf("yaegi changed (%s): the layers' ids are %v, %v; want %s", c.workaround, v, err, c.want)
			}
		})
	}
}

// TestYaegiTypeParamShadowsType pins why the prelude's generics name their
// type parameters typeParam: a package-level type declared after a generic
// func whose type parameter has the same name cannot be used.
func TestYaegiTypeParamShadowsType(t *testing.T) {
	in := rawInterp(t)
	_, err := rawEval(t, in, "func G[T any](x T) T { return x }", "type T int", "var t T = 5")
	if err == nil || !strings.Contains(err.Error(), "nil reflect type") {
		t.Fatalf("var of a type named as an earlier type parameter: err = %v, want yaegi's nil reflect type", err)
	}
}
