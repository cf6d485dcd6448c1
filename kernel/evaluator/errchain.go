package evaluator

import (
	"reflect"
	"strings"
	"sync"
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
	// For assertedFn, with arg the name of v's type ("T", "*T"), or ""
	// for the first type v's reflect type may be:
	opError     // Error() string
	opString    // String() string
	opHasError  // whether the type has Error() string
	opHasString // whether the type has String() string
	opMethods   // the names of the type's methods
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
		return e.callRaw(op, raw, arg)
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

// callRaw performs op on raw, a value of a cell's type as interpRaw
// gives it.
func (e *errChain) callRaw(op int, raw, arg interface{}) (interface{}, bool) {
	e.mu.Lock()
	f := e.op
	e.mu.Unlock()
	if f == nil {
		return nil, false
	}
	return f(op, raw, arg)
}

// interpRaw returns the value of a cell's type inside yaegi's wrapper of
// err, or inside the session's (cellError); ok is false for an error of a
// compiled type.
func interpRaw(err error) (raw interface{}, ok bool) {
	switch ce := err.(type) {
	case *cellError:
		return ce.raw, true
	case *cellErrorStringer:
		return ce.raw, true
	}
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
		} else if lostStruct(err, raw, tt) {
			panic("errors: the interpreter passed a struct value of a cell's error type along the chain without its fields (an Error method on the value, not the pointer), so it cannot be matched to the target: give Error a pointer receiver (func (e *E) Error() string) and wrap &E{...}")
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

// lostStruct reports whether err is yaegi's error wrapper of a struct
// value it kept only the last field of (its value receiver's struct
// reached compiled code without its other fields), and that field has
// the type of the last field of tt, a cell's struct type (reflected
// without a name): err may be a tt that cannot be told.
func lostStruct(err error, raw interface{}, tt reflect.Type) bool {
	if _, wrapped := interpRaw(err); !wrapped || raw == nil {
		return false
	}
	switch err.(type) {
	case *cellError, *cellErrorStringer:
		return false
	}
	rt := reflect.TypeOf(raw)
	if rt.Kind() == reflect.Struct || (rt.Kind() == reflect.Pointer && rt.Elem().Kind() == reflect.Struct) {
		return false
	}
	if tt.Kind() != reflect.Struct || tt.Name() != "" || tt.NumField() == 0 {
		return false
	}
	return tt.Field(tt.NumField()-1).Type == rt
}
