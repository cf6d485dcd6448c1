package evaluator

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
)

// yaegi keeps a value of a cell's type that reached interface{} straight
// from a composite literal (`var z interface{} = T{1}`, `return T{1}`
// from a func returning interface{}, `var p interface{} = &T{4}`) as the
// bare struct or pointer, which reflects without the type's methods:
// z.(fmt.Stringer) and z.(error) were false and z.(fmt.Stringer).String()
// panicked ("struct { Xn int } is not fmt.Stringer"), where Go finds the
// type's methods. cellparse passes the operand of every assertion to
// error or a compiled package's interface through assertedFn, with the
// interface asserted to: a bare value of a cell's type whose String or
// Error method the interface asks for comes back in a compiled value
// that calls the method (errOpFn dispatches it). So does one in yaegi's
// wrapper: the wrapper yaegi builds for the interface reads the receiver
// of its methods from the variable or literal the value came from, at the
// time of the call, in the caller's frame, so `for _, t := range things {
// s, ok := t.(fmt.Stringer) ... }` over `things := []interface{}{T{1},
// 2}` panicked or gave the wrong value. Any other value passes
// unchanged.

// assertedFn is the interpreted func an assertion's operand goes
// through: assertedFn(v, (*I)(nil)).(I). Like recoveredFn it is declared
// once, in the prelude.
const assertedFn = "__gocellAsserted"

// assertedPrelude declares assertedFn.
const assertedPrelude = "package main\n\nfunc " + assertedFn + "(v, target interface{}) interface{} { return " + rtName + ".Retyped(v, target) }\n"

var stringerType = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()

// retyped is what assertedFn returns for v asserted to the interface
// target points to.
func (c *cellState) retyped(v, target interface{}) interface{} {
	tt := reflect.TypeOf(target)
	if tt == nil || tt.Kind() != reflect.Pointer {
		return v
	}
	raw, wrapped := v, false
	if u := unwrapInterp(reflect.ValueOf(v)); u.IsValid() && u.Type() != reflect.TypeOf(v) && u.CanInterface() {
		raw, wrapped = u.Interface(), true
	}
	if c.cellTypeName(raw) == "" {
		if !wrapped {
			c.checkAmbiguous(raw, tt.Elem())
		}
		return v
	}
	if tt.Elem() != errorType && tt.Elem() != stringerType {
		if !wrapped {
			c.checkLost(raw, tt.Elem())
		}
		return v
	}
	_, hasError := c.errs.callRaw(opError, raw, nil)
	_, hasString := c.errs.callRaw(opString, raw, nil)
	switch {
	case hasError && hasString:
		return &cellErrorStringer{cellError{c, raw}}
	case hasError && tt.Elem() == errorType:
		return &cellError{c, raw}
	case hasString && tt.Elem() == stringerType:
		return &cellStringer{c, raw}
	}
	return v // the type lacks the method: yaegi's false is Go's
}

// checkLost panics when raw, a bare value of a cell's type, has the
// methods of iface (by name) but its reflect type does not: yaegi would
// say false where Go says true.
func (c *cellState) checkLost(raw interface{}, iface reflect.Type) {
	if iface.Kind() != reflect.Interface || iface.NumMethod() == 0 || reflect.TypeOf(raw).Implements(iface) {
		return
	}
	r, ok := c.errs.callRaw(opMethods, raw, nil)
	names, _ := r.([]string)
	if !ok {
		return
	}
	has := map[string]bool{}
	for _, n := range names {
		has[n] = true
	}
	for i := 0; i < iface.NumMethod(); i++ {
		if !has[iface.Method(i).Name] {
			return // Go says false too
		}
	}
	name := c.cellTypeName(raw)
	panic(fmt.Sprintf("gocell: this %s reached interface{} from a literal, and the interpreter lost its methods there, so it cannot be asserted to %s: put it in a variable of its type first (t := %s{...}; var v interface{} = t)",
		name, iface, strings.TrimPrefix(name, "*")))
}

// methodSetCases is the case of errOpFn that gives the names of the
// methods of a cell's type, for a value and for a pointer.
func methodSetCases(decls []*decl) string {
	sets := map[string][]string{}
	var order []string
	add := func(t, m string) {
		if _, ok := sets[t]; !ok {
			order = append(order, t)
		}
		sets[t] = append(sets[t], strconv.Quote(m))
	}
	for _, d := range decls {
		if d.kind != cellparse.Method || d.generic {
			continue
		}
		typ, m, _ := strings.Cut(d.key, ".")
		add("*"+typ, m)
		if !ptrRecvRE.MatchString(d.src) {
			add(typ, m)
		}
	}
	if len(order) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\tcase %d:\n", opMethods)
	for _, t := range order {
		fmt.Fprintf(&b, "\t\tif _, ok := v.(%s); ok {\n\t\t\treturn []string{%s}, true\n\t\t}\n", t, strings.Join(sets[t], ", "))
	}
	return b.String()
}

// cellError is a value of a cell's type with an Error method, asserted
// to an interface.
type cellError struct {
	c   *cellState
	raw interface{}
}

func (e *cellError) Error() string { return e.c.text(opError, e.raw) }

// cellStringer is a value of a cell's type with a String method.
type cellStringer cellError

func (s *cellStringer) String() string { return s.c.text(opString, s.raw) }

// cellErrorStringer is a value of a cell's type with both methods: fmt
// prints its Error, as it would the value.
type cellErrorStringer struct{ cellError }

func (s *cellErrorStringer) String() string { return s.c.text(opString, s.raw) }

// GoString is what %#v prints: the value's own Go syntax, as fmt gives
// it for the value, not the stand-in's fields.
func (e *cellError) GoString() string {
	return fmtPrinter{e.c}.namedf("%#v", fmt.Sprintf("%#v", e.raw))
}

// GoString is what %#v prints (see cellError.GoString).
func (s *cellStringer) GoString() string { return (*cellError)(s).GoString() }

// text calls raw's Error or String method; a panic in it goes on to the
// caller (fmt reports it as it reports one in a method of its own).
func (c *cellState) text(op int, raw interface{}) string {
	r, _ := c.errs.callRaw(op, raw, true)
	s, _ := r.(string)
	return s
}

// checkAmbiguous panics when raw, a bare value, is of a struct type that
// two cell types share and one of them has the method iface asks for:
// which type the value has, and so the assertion's answer, is lost, and a
// silent false would be wrong for one of them.
func (c *cellState) checkAmbiguous(raw interface{}, iface reflect.Type) {
	t := reflect.TypeOf(raw)
	if t == nil {
		return
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	c.mu.Lock()
	name, ambiguous := c.types[t], c.ambiguous[t]
	c.mu.Unlock()
	if !ambiguous {
		return
	}
	op := opString
	switch iface {
	case errorType:
		op = opError
	case stringerType:
	default:
		return
	}
	if _, ok := c.errs.callRaw(op, raw, nil); !ok {
		return // none of them has the method: false is right
	}
	panic(fmt.Sprintf("gocell: a value of one of your types with the same fields as %s reached interface{} without its type; the interpreter cannot tell such types apart, so whether it is a %s is unknown: put it in a variable of its type first (t := T{...}; var v interface{} = t), or give the types different fields",
		name, iface))
}
