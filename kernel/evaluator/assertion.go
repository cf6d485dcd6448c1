package evaluator

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// yaegi keeps a value of a cell's type that reached interface{} straight
// from a composite literal (`var z interface{} = T{1}`, `return T{1}`
// from a func returning interface{}, `var p interface{} = &T{4}`) as the
// bare struct or pointer, which reflects without the type's methods:
// z.(fmt.Stringer) and z.(error) were false and z.(fmt.Stringer).String()
// panicked ("struct { Xn int } is not fmt.Stringer"), where Go finds the
// type's methods. cellparse passes the operand of every assertion to
// error or a compiled package's interface through assertedFn, with the
// interface asserted to. A value of a cell's type whose String or Error
// method the interface asks for comes back as a compiled stand-in that
// calls the method (errOpFn dispatches it, by the type's name). So does
// one in yaegi's wrapper, which names its type: the wrapper yaegi builds
// for the interface reads the receiver of its methods from the variable
// or literal the value came from, at the time of the call, in the
// caller's frame, so `for _, t := range things { s, ok :=
// t.(fmt.Stringer) ... }` over `things := []interface{}{T{1}, 2}`
// panicked or gave the wrong value. A bare value is known by its reflect
// type, a struct or pointer to one no two cell types share; where yaegi
// lost the answer (two such types, another package's interface), the
// assertion panics saying what to write. Any other value passes
// unchanged.

// assertedFn is the interpreted func an assertion's operand goes
// through: assertedFn(v, (*I)(nil)).(I). Like recoveredFn it is declared
// once, in the prelude.
const assertedFn = "__gocellAsserted"

// assertedPrelude declares assertedFn.
const assertedPrelude = "package main\n\nfunc " + assertedFn + "(v, target interface{}) interface{} { return " + rtName + ".Retyped(v, target) }\n"

var stringerType = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()

// retyped is what assertedFn returns for v asserted to the type target
// points to (nil: a pointer type or a type parameter).
func (c *cellState) retyped(v, target interface{}) interface{} {
	tt := reflect.TypeOf(target)
	if tt == nil {
		// An assertion to a pointer type or a type parameter: the value
		// behind a stand-in, as it came.
		return c.backTo(v, nil)
	}
	if tt.Kind() != reflect.Pointer {
		return v
	}
	if tt.Elem().Kind() != reflect.Interface {
		return c.backTo(v, tt.Elem())
	}
	raw, name, wrapped := c.cellValue(v)
	if name == "" {
		if !wrapped {
			c.checkAmbiguous(raw, tt.Elem())
		}
		return v
	}
	if tt.Elem() != errorType && tt.Elem() != stringerType {
		if !wrapped {
			c.checkLost(raw, name, tt.Elem())
		}
		return v
	}
	_, hasError := c.errs.callRaw(opHasError, raw, name)
	_, hasString := c.errs.callRaw(opHasString, raw, name)
	cv := cellError{c, raw, name, v}
	switch {
	case hasError && hasString:
		return &cellErrorStringer{cv}
	case hasError && tt.Elem() == errorType:
		return &cv
	case hasString && tt.Elem() == stringerType:
		return (*cellStringer)(&cv)
	}
	// The type lacks the method, and the answer is false: the bare value
	// gives it without yaegi reading a wrapper's variable, which may be
	// gone (the []interface{} literal's element).
	return raw
}

// backTo is the operand of an assertion to the cell's type t (nil for a
// pointer type or a type parameter): the value behind a stand-in, or
// inside yaegi's wrapper for a compiled interface. A struct value that
// yaegi put in such a wrapper with its last field only (a value
// receiver's Error) cannot be t's any more: that panics saying what to
// write, not a silent false.
func (c *cellState) backTo(v interface{}, t reflect.Type) interface{} {
	if o, ok := standIn(v); ok {
		return o
	}
	w := ifaceValue(v)
	if w == nil || t == nil || t.Kind() != reflect.Struct || t.Name() != "" || t.NumField() == 0 {
		return w
	}
	wt := reflect.TypeOf(w)
	if wt == t || wt.Kind() == reflect.Struct || wt != t.Field(t.NumField()-1).Type {
		return w
	}
	if _, wrapped := v.(error); !wrapped || reflect.TypeOf(v) == wt {
		return w
	}
	c.mu.Lock()
	name := c.types[t]
	c.mu.Unlock()
	if name == "" {
		return w
	}
	panic(fmt.Sprintf("gocell: the interpreter passed this %s value on as an error with only its last field, so it cannot be asserted back to %s: give Error a pointer receiver (func (e *%s) Error() string) and use &%s{...}",
		name, name, name, name))
}

// ifaceValue is the value inside v when v is yaegi's wrapper of a
// cell's value for a compiled interface (an error a func of the cell
// returned), else v. yaegi's own assertion from such an interface looks
// inside; from the interface{} assertedFn returns, it would not.
func ifaceValue(v interface{}) interface{} {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct || rv.NumField() == 0 || !strings.HasPrefix(rv.Type().Name(), "_") {
		return v
	}
	if f := rv.Type().Field(0); f.Name != "IValue" || f.Type.Kind() != reflect.Interface {
		return v
	}
	return rv.Field(0).Interface()
}

// cellValue returns v's value without yaegi's wrappers and the name of
// its cell type ("T", "*T"), "" when v is no value of a cell's type or
// its type is not known; wrapped is set when v was in a wrapper. A
// wrapper names the type; a bare value is known by its reflect type, a
// struct or pointer to one that no two cell types share.
func (c *cellState) cellValue(v interface{}) (raw interface{}, name string, wrapped bool) {
	raw, rv := v, reflect.ValueOf(v)
	for i := 0; i < 4 && rv.IsValid() && rv.CanInterface(); i++ {
		st := staticType(rv.Interface())
		if st == "" {
			break
		}
		u := unwrapInterp(rv)
		if !u.IsValid() || u.Type() == rv.Type() || !u.CanInterface() {
			break
		}
		raw, wrapped, rv = u.Interface(), true, u
		if n := strings.Replace(st, "main.", "", 1); n != st && !strings.ContainsAny(n, ".[") {
			name = n
		}
		if rv.Kind() == reflect.Interface && !rv.IsNil() {
			rv = rv.Elem()
		}
	}
	if name == "" {
		name = c.cellTypeName(raw)
	}
	return raw, name, wrapped
}

// standIn returns the value behind a stand-in, and whether v is one.
func standIn(v interface{}) (interface{}, bool) {
	switch s := v.(type) {
	case *cellError:
		return s.orig, true
	case *cellStringer:
		return s.orig, true
	case *cellErrorStringer:
		return s.orig, true
	}
	return v, false
}

// cellError is a value of a cell's type with an Error method, asserted
// to an interface: a stand-in that calls the method.
type cellError struct {
	c    *cellState
	raw  interface{}
	name string      // the type's name, "T" or "*T"
	orig interface{} // the value as the assertion got it
}

func (e *cellError) Error() string { return e.c.text(opError, e.raw, e.name) }

// GoString is what %#v prints: the value's own Go syntax, as fmt gives
// it for the value, not the stand-in's fields.
func (e *cellError) GoString() string {
	return fmtPrinter{e.c}.namedf("%#v", fmt.Sprintf("%#v", e.raw))
}

// cellStringer is a value of a cell's type with a String method.
type cellStringer cellError

func (s *cellStringer) String() string { return s.c.text(opString, s.raw, s.name) }

// GoString is what %#v prints (see cellError.GoString).
func (s *cellStringer) GoString() string { return (*cellError)(s).GoString() }

// cellErrorStringer is a value of a cell's type with both methods: fmt
// prints its Error, as it would the value.
type cellErrorStringer struct{ cellError }

func (s *cellErrorStringer) String() string { return s.c.text(opString, s.raw, s.name) }

// text calls the Error or String method of raw, of the cell type name; a
// panic in it goes on to the caller (fmt reports it as it reports one in
// a method of its own).
func (c *cellState) text(op int, raw interface{}, name string) string {
	r, _ := c.errs.callRaw(op, raw, name)
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
	if t.Kind() != reflect.Struct {
		return // a bare 3 is an int, whatever cell types are ints
	}
	c.mu.Lock()
	name, ambiguous := c.types[t], c.ambiguous[t]
	c.mu.Unlock()
	if !ambiguous {
		return
	}
	op := opHasString
	switch iface {
	case errorType:
		op = opHasError
	case stringerType:
	default:
		return
	}
	if _, ok := c.errs.callRaw(op, raw, ""); !ok {
		return // none of them has the method: false is right
	}
	panic(fmt.Sprintf("gocell: a value of one of your types with the same fields as %s reached interface{} without its type; the interpreter cannot tell such types apart, so whether it is a %s is unknown: put it in a variable of its type first (t := T{...}; var v interface{} = t), or give the types different fields",
		name, iface))
}

// checkLost panics when raw, a bare value of the cell type name, has the
// methods of iface (by name) but its reflect type does not: yaegi would
// say false where Go says true.
func (c *cellState) checkLost(raw interface{}, name string, iface reflect.Type) {
	if iface.Kind() != reflect.Interface || iface.NumMethod() == 0 || reflect.TypeOf(raw).Implements(iface) {
		return
	}
	r, ok := c.errs.callRaw(opMethods, raw, name)
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
	panic(fmt.Sprintf("gocell: this %s reached interface{} from a literal, and the interpreter lost its methods there, so it cannot be asserted to %s: put it in a variable of its type first (t := %s{...}; var v interface{} = t)",
		name, iface, strings.TrimPrefix(name, "*")))
}

// assertCases are the cases of errOpFn for assertedFn: the Error and
// String methods of the cells' types and the names of their methods,
// for a value and for a pointer (see methodSets). arg names the type: two
// cell types of one underlying type have one reflect type, so v alone
// may match both.
func assertCases(decls []*decl) string {
	sets, order := methodSets(decls)
	if len(order) == 0 {
		return ""
	}
	var b strings.Builder
	match := func(n string) string {
		return fmt.Sprintf("ok && (arg.(string) == \"\" || arg.(string) == %q)", n)
	}
	for _, m := range []struct {
		op, has int
		name    string
	}{{opError, opHasError, "Error"}, {opString, opHasString, "String"}} {
		var call, has strings.Builder
		for _, n := range order {
			if sets[n][m.name] != "() string" {
				continue
			}
			fmt.Fprintf(&call, "\t\tif x, ok := v.(%s); %s {\n\t\t\treturn x.%s(), true\n\t\t}\n", n, match(n), m.name)
			fmt.Fprintf(&has, "\t\tif _, ok := v.(%s); %s {\n\t\t\treturn nil, true\n\t\t}\n", n, match(n))
		}
		if call.Len() > 0 {
			fmt.Fprintf(&b, "\tcase %d:\n%s\tcase %d:\n%s", m.op, call.String(), m.has, has.String())
		}
	}
	fmt.Fprintf(&b, "\tcase %d:\n", opMethods)
	for _, n := range order {
		var names []string
		for m := range sets[n] {
			names = append(names, strconv.Quote(m))
		}
		sort.Strings(names)
		fmt.Fprintf(&b, "\t\tif _, ok := v.(%s); %s {\n\t\t\treturn []string{%s}, true\n\t\t}\n", n, match(n), strings.Join(names, ", "))
	}
	return b.String()
}
