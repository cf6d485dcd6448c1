package evaluator

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
)

// yaegi's recover returns the panic's value in a reflect.Value, and the
// value of a cell's type without its methods: `r.(error)` was false for
// panic(&MyErr{}) and for a runtime error, `r.(string)` for panic("x"),
// and %T printed reflect.Value. cellparse passes every recover() through
// recoveredFn, which takes the value out, makes yaegi's reflect panics
// runtime errors, and gives a value of a cell's type back its type.

// recoveredFn is the interpreted func recover's value goes through. It is
// declared once, in the prelude: a func a cell declares together with its
// types keeps calling the definition it was compiled with (#1673), so what
// changes with the types is retypeFn, which the session calls.
const recoveredFn = "__gocellRecovered"

// recoveredPrelude declares recoveredFn.
const recoveredPrelude = "package main\n\nfunc " + recoveredFn + "(v interface{}) interface{} { return " + rtName + ".Recovered(v) }\n"

// retypeFn is the interpreted dispatcher that gives a value of a cell's
// type its type back (retypeSource); retypeRegister hands it to the
// session.
const (
	retypeFn       = "__gocellRetype"
	retypeRegister = ";" + rtName + ".RetypeOps(" + retypeFn + ")"
)

// retypeSource is retypeFn for the cells' types with methods in decls (a
// value of a type without methods needs no type to be asserted to an
// interface): given the type's name ("*E") and the bare value.
func retypeSource(decls []*decl) string {
	seen := map[string]bool{}
	errTypes := map[string]bool{} // types with an Error method, by receiver: "T" or "*T"
	for _, d := range decls {
		if d.kind == cellparse.Method && !d.generic && strings.HasSuffix(d.key, ".Error") {
			typ, _, _ := strings.Cut(d.key, ".")
			errTypes["*"+typ] = true
			if !ptrRecvRE.MatchString(d.src) {
				errTypes[typ] = true
			}
		}
	}
	var cases strings.Builder
	for _, d := range decls {
		if d.kind != cellparse.Method || d.generic {
			continue
		}
		typ, _, _ := strings.Cut(d.key, ".")
		names := []string{"*" + typ}
		if !ptrRecvRE.MatchString(d.src) {
			names = append(names, typ)
		}
		for _, n := range names {
			if seen[n] {
				continue
			}
			seen[n] = true
			// Through a variable: `return x` would return the bare value.
			// An error goes as an error: yaegi's r.(error) on its own
			// wrapper of a pointer gives nil.
			iface := "interface{}"
			if errTypes[n] {
				iface = "error"
			}
			fmt.Fprintf(&cases, "\tcase %q:\n\t\tif x, ok := v.(%s); ok {\n\t\t\tvar r %s = x\n\t\t\treturn r\n\t\t}\n", n, n, iface)
		}
	}
	var b strings.Builder
	b.WriteString("package main\n\nfunc " + retypeFn + "(name string, v interface{}) interface{} {\n")
	if cases.Len() > 0 {
		b.WriteString("\tswitch name {\n" + cases.String() + "\t}\n")
	}
	b.WriteString("\treturn v\n}\n")
	return b.String()
}

// recovered is what recoveredFn returns for v, recover's value.
func (c *cellState) recovered(v interface{}) interface{} {
	x := panicValue(v)
	name := c.cellTypeName(x)
	c.mu.Lock()
	op := c.retypeOp
	c.mu.Unlock()
	if name == "" || op == nil {
		return x
	}
	return op(name, x)
}

// runtimeError is a run-time panic of yaegi's own (an index out of
// range, a nil dereference) as recover gives it to a cell: an error with
// Go's words, as runtime.Error is.
type runtimeError struct{ msg string }

func (e runtimeError) Error() string { return e.msg }

// RuntimeError marks e as a run-time error (runtime.Error).
func (runtimeError) RuntimeError() {}

// panicValue takes a recovered value out of yaegi's reflect.Value.
func panicValue(v interface{}) interface{} {
	x := v
	if rv, ok := v.(reflect.Value); ok {
		if !rv.IsValid() || !rv.CanInterface() {
			return nil
		}
		x = rv.Interface()
	}
	if s, ok := x.(string); ok {
		if msg := explainPanic(s); msg != s && strings.HasPrefix(msg, "runtime error:") {
			return runtimeError{msg}
		}
	}
	return x
}

// cellTypeName is the name a cell gave v's type ("Point", "*Point"), ""
// when v is not a struct or pointer to a struct of a cell's type, or when
// two cell types share its structure.
func (c *cellState) cellTypeName(v interface{}) string {
	t, ptr := reflect.TypeOf(v), ""
	if t == nil {
		return ""
	}
	if t.Kind() == reflect.Pointer {
		t, ptr = t.Elem(), "*"
	}
	if t.Kind() != reflect.Struct {
		return ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.types[t]
	if !ok || c.ambiguous[t] {
		return ""
	}
	return ptr + n
}
