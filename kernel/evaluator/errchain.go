package evaluator

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"sync"

	"github.com/gocell/gocell/kernel/cellparse"
	"github.com/traefik/yaegi/stdlib"
)

// errors.Is, errors.As and errors.Unwrap of a cell are the session's own.
// A value of a cell's error type reaches compiled code (the errors
// package, fmt.Errorf's %w) in yaegi's wrapper for the error interface,
// which has the method Error only: the errors package saw no Unwrap, Is or
// As method, so errors.Is(fmt.Errorf("x: %w", &MyErr{...}), ErrFoo) was
// false, and errors.As(err, &myErr) panicked ("*target must be interface
// or implement error"), since a cell's type reflects without methods. The
// session's versions walk the same chain as Go's, and ask the interpreted
// errOpFn for the methods of a value of a cell's type.

// errOpFn is the interpreted dispatcher of the Unwrap, Is and As methods
// of cells' types (errOpsSource).
const errOpFn = "__gocellErrOp"

// The operations errOpFn performs.
const (
	opUnwrap      = iota // Unwrap() error
	opUnwrapMulti        // Unwrap() []error
	opIs                 // Is(error) bool
	opAs                 // As(any) bool
)

// errOp calls a method of a value of a cell's type: the value (its raw
// form, see interpRaw), the operation and its argument; ok is false when
// the value's type lacks the method.
type errOp func(op int, v, arg interface{}) (res interface{}, ok bool)

// errChain holds the session's errOp, registered by the interpreted code.
type errChain struct {
	mu sync.Mutex
	op errOp
}

func (e *errChain) set(op errOp) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.op = op
}

// call performs op on err's method; ok is false when err has no such
// method.
func (e *errChain) call(op int, err error, arg interface{}) (interface{}, bool) {
	if raw, ok := interpRaw(err); ok {
		e.mu.Lock()
		f := e.op
		e.mu.Unlock()
		if f == nil {
			return nil, false
		}
		return f(op, raw, arg)
	}
	switch op {
	case opUnwrap:
		if x, ok := err.(interface{ Unwrap() error }); ok {
			return x.Unwrap(), true
		}
	case opUnwrapMulti:
		if x, ok := err.(interface{ Unwrap() []error }); ok {
			return x.Unwrap(), true
		}
	case opIs:
		if x, ok := err.(interface{ Is(error) bool }); ok {
			t, _ := arg.(error)
			return x.Is(t), true
		}
	case opAs:
		if x, ok := err.(interface{ As(any) bool }); ok {
			return x.As(arg), true
		}
	}
	return nil, false
}

// interpRaw returns the value of a cell's type inside yaegi's wrapper of
// err; ok is false for an error of a compiled type.
func interpRaw(err error) (raw interface{}, ok bool) {
	rv := reflect.ValueOf(err)
	if !rv.IsValid() {
		return nil, false
	}
	if u := unwrapInterp(rv); u.IsValid() && u.Type() != rv.Type() {
		if !u.CanInterface() {
			return nil, false
		}
		return u.Interface(), true
	}
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct || !strings.Contains(rv.Type().PkgPath(), "yaegi") {
		return nil, false
	}
	f := rv.FieldByName("IValue")
	if !f.IsValid() || f.Kind() != reflect.Interface || !f.CanInterface() {
		return nil, false
	}
	return f.Interface(), true
}

// rawOf is err's raw value if it has one, else err.
func rawOf(err error) interface{} {
	if raw, ok := interpRaw(err); ok {
		return raw
	}
	return err
}

// sameError is err == target, comparing what yaegi's wrappers hold (the
// wrappers themselves hold funcs, and comparing them would panic).
func sameError(err, target error) (same bool) {
	a, b := rawOf(err), rawOf(target)
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb || ta == nil || !ta.Comparable() {
		return false
	}
	defer func() {
		if recover() != nil {
			same = false // an interface field holding an uncomparable value
		}
	}()
	return a == b
}

// unwrap returns what err wraps: one error, or several.
func (e *errChain) unwrap(err error) (next error, multi []error) {
	if r, ok := e.call(opUnwrap, err, nil); ok {
		next, _ = r.(error)
		return next, nil
	}
	if r, ok := e.call(opUnwrapMulti, err, nil); ok {
		multi, _ = r.([]error)
	}
	return nil, multi
}

// Unwrap is errors.Unwrap.
func (e *errChain) Unwrap(err error) error {
	if err == nil {
		return nil
	}
	r, ok := e.call(opUnwrap, err, nil)
	if !ok {
		return nil
	}
	next, _ := r.(error)
	return next
}

// Is is errors.Is.
func (e *errChain) Is(err, target error) bool {
	if err == nil || target == nil {
		return err == target
	}
	return e.is(err, target, 0)
}

// maxChain bounds the walk of a chain, which a cell's Unwrap returning
// its receiver would make endless.
const maxChain = 10000

func (e *errChain) is(err, target error, depth int) bool {
	for ; err != nil && depth < maxChain; depth++ {
		if sameError(err, target) {
			return true
		}
		if r, ok := e.call(opIs, err, target); ok && r == true {
			return true
		}
		next, multi := e.unwrap(err)
		for _, m := range multi {
			if e.is(m, target, depth+1) {
				return true
			}
		}
		err = next
	}
	return false
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// As is errors.As. A cell's type reflects as a type without a name or
// methods, so a target of a cell's type is not required to implement
// error, and two cell types of the same structure are not told apart.
func (e *errChain) As(err error, target any) bool {
	if err == nil {
		return false
	}
	if target == nil {
		panic("errors: target cannot be nil")
	}
	val := reflect.ValueOf(target)
	typ := val.Type()
	if typ.Kind() != reflect.Pointer || val.IsNil() {
		panic("errors: target must be a non-nil pointer")
	}
	tt := typ.Elem()
	if tt.Kind() != reflect.Interface && tt.Name() != "" && !tt.Implements(errorType) && !reflect.PointerTo(tt).Implements(errorType) {
		panic("errors: *target must be interface or implement error")
	}
	return e.as(err, val, tt, target, 0)
}

func (e *errChain) as(err error, val reflect.Value, tt reflect.Type, target any, depth int) bool {
	for ; err != nil && depth < maxChain; depth++ {
		if tt.Kind() == reflect.Interface {
			if reflect.TypeOf(err).AssignableTo(tt) {
				val.Elem().Set(reflect.ValueOf(err))
				return true
			}
		} else if raw := rawOf(err); reflect.TypeOf(raw).AssignableTo(tt) {
			val.Elem().Set(reflect.ValueOf(raw))
			return true
		}
		if r, ok := e.call(opAs, err, target); ok && r == true {
			return true
		}
		next, multi := e.unwrap(err)
		for _, m := range multi {
			if e.as(m, val, tt, target, depth+1) {
				return true
			}
		}
		err = next
	}
	return false
}

// exports are the errors package's functions the session replaces.
func (e *errChain) exports() map[string]reflect.Value {
	return map[string]reflect.Value{
		"Is":     reflect.ValueOf(e.Is),
		"As":     reflect.ValueOf(e.As),
		"Unwrap": reflect.ValueOf(e.Unwrap),
	}
}

// errMethods are the methods errOpFn dispatches, by operation, with the
// signature (as written after the name) each must have.
var errMethods = []struct {
	op   int
	name string
	sig  string
	call string
}{
	{opUnwrap, "Unwrap", "() error", "x.Unwrap()"},
	{opUnwrapMulti, "Unwrap", "() []error", "x.Unwrap()"},
	{opIs, "Is", "(error) bool", "x.Is(arg.(error))"},
	{opAs, "As", "(any) bool", "x.As(arg)"},
}

// isErrMethod reports whether a method key ("T.M") may be one errOpFn
// dispatches.
func isErrMethod(key string) bool {
	_, m, _ := strings.Cut(key, ".")
	return m == "Unwrap" || m == "Is" || m == "As"
}

// errOpsSource is the interpreted errOpFn for the cells' methods in decls.
// Each case asserts the raw value to the method's receiver type; a pointer
// to a struct, the usual error type, is told apart by its reflect type.
func errOpsSource(decls []*decl) string {
	cases := map[int][]string{}
	for _, d := range decls {
		if d.kind != cellparse.Method || d.generic || !isErrMethod(d.key) {
			continue
		}
		typ, _, _ := strings.Cut(d.key, ".")
		sig := methodSig(d.src)
		for _, m := range errMethods {
			if !strings.HasSuffix(d.key, "."+m.name) || sig != m.sig {
				continue
			}
			types := []string{"*" + typ}
			if !ptrRecvRE.MatchString(d.src) {
				types = append(types, typ)
			}
			for _, t := range types {
				cases[m.op] = append(cases[m.op], fmt.Sprintf("\t\tif x, ok := v.(%s); ok {\n\t\t\treturn %s, true\n\t\t}\n", t, m.call))
			}
		}
	}
	var b strings.Builder
	b.WriteString("package main\n\nfunc " + errOpFn + "(op int, v, arg interface{}) (interface{}, bool) {\n")
	if len(cases) > 0 {
		// arg is not asserted with comma-ok: yaegi panics on a nil one.
		b.WriteString("\tswitch op {\n")
		for _, m := range errMethods {
			if len(cases[m.op]) == 0 {
				continue
			}
			fmt.Fprintf(&b, "\tcase %d:\n%s", m.op, strings.Join(cases[m.op], ""))
		}
		b.WriteString("\t}\n")
	}
	b.WriteString("\treturn nil, false\n}\n")
	return b.String()
}

// methodSig returns a method declaration's parameter and result types as
// "(error) bool", "" when src does not parse.
func methodSig(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+src, 0)
	if err != nil || len(f.Decls) != 1 {
		return ""
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok {
		return ""
	}
	list := func(fl *ast.FieldList) []string {
		var out []string
		if fl == nil {
			return out
		}
		for _, fld := range fl.List {
			t := types(fld.Type)
			for n := max(1, len(fld.Names)); n > 0; n-- {
				out = append(out, t)
			}
		}
		return out
	}
	params := "(" + strings.Join(list(fd.Type.Params), ", ") + ")"
	res := list(fd.Type.Results)
	switch len(res) {
	case 0:
		return params
	case 1:
		return params + " " + res[0]
	}
	return params + " (" + strings.Join(res, ", ") + ")"
}

// types writes a type expression the way errMethods spells it.
func types(x ast.Expr) string {
	switch t := x.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.ArrayType:
		if t.Len == nil {
			return "[]" + types(t.Elt)
		}
	case *ast.InterfaceType:
		if t.Methods == nil || len(t.Methods.List) == 0 {
			return "any"
		}
	}
	return "?"
}

// errOpsRegister is the statement that hands errOpFn to the session.
const errOpsRegister = ";" + rtName + ".ErrOps(" + errOpFn + ")"

// errorMapTypes is yaegi's table of the interfaces a cell's value is
// passed as to compiled functions taking interface{} arguments, with
// fmt's and log's print functions passing a value of a cell's error type
// as an error. yaegi's own table lists
// only fmt.Formatter and fmt.Stringer for them, so fmt.Println(&MyErr{})
// printed the struct (&{...}) and fmt.Errorf("%w", &MyErr{}) wrapped
// nothing (%!w(...)). error comes before Stringer, as in fmt.
func errorMapTypes() map[reflect.Value][]reflect.Type {
	ifaces := printIfaces()
	m := map[reflect.Value][]reflect.Type{}
	for k, v := range stdlib.MapTypes {
		m[k] = v
	}
	for pkg, names := range map[string][]string{
		"fmt/fmt": {"Errorf", "Fprint", "Fprintf", "Fprintln", "Print", "Printf", "Println", "Sprint", "Sprintf", "Sprintln", "Append", "Appendf", "Appendln"},
		"log/log": {"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln", "Print", "Printf", "Println"},
	} {
		for _, n := range names {
			if v, ok := stdlib.Symbols[pkg][n]; ok {
				m[v] = ifaces
			}
		}
	}
	return m
}

// printIfaces are the interfaces a cell's value is passed to a print
// function as, the first it implements: fmt's order.
func printIfaces() []reflect.Type {
	return []reflect.Type{
		reflect.TypeOf((*fmt.Formatter)(nil)).Elem(),
		errorType,
		reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
	}
}
