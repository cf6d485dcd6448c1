package evaluator

import (
	"path"
	"reflect"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
	"github.com/traefik/yaegi/stdlib"
)

// What cellparse asks about earlier cells and compiled packages to rewrite
// the forms where a value of a cell's type meets an interface.

// isVar tells cellparse whether a name an earlier cell declared is a
// variable, which rewritten cells copy before converting it to an
// interface (yaegi's interface keeps reading the variable).
// A variable of a compiled package's type (*mat.Dense) never holds a
// cell's value and is not copied.
func (s *Session) isVar(name string) bool {
	s.mu.Lock()
	d, ok := s.reg.names[name]
	s.mu.Unlock()
	if !ok || d.kind != cellparse.Var {
		return false
	}
	v, ok := s.interp().Globals()[name]
	if !ok || !v.IsValid() {
		return true
	}
	t := v.Type()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	// yaegi holds values of a cell's interface types in a type of its own.
	return t.Name() == "" || t.PkgPath() == "" || t.PkgPath() == "main" || strings.HasPrefix(t.PkgPath(), "github.com/traefik/yaegi")
}

// methodRecv tells cellparse whether types earlier cells declared have a
// method of this name with a value receiver (a method value of it copies
// its receiver) and with a pointer receiver (one of it binds the variable).
func (s *Session) methodRecv(name string) (value, pointer bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, d := range s.reg.names {
		if d.kind == cellparse.Method && strings.HasSuffix(k, "."+name) {
			if ptrRecvRE.MatchString(d.src) {
				pointer = true
			} else {
				value = true
			}
		}
	}
	return value, pointer
}

// isInterface tells cellparse whether pkg.name is an interface type of a
// compiled package: yaegi cannot convert a cell's value to one with
// pkg.name(x), so cellparse assigns it to a typed variable instead.
func (s *Session) isInterface(pkg, name string) bool {
	t, ok := s.compiledType(pkg, name)
	return ok && t.Kind() == reflect.Interface
}

// compiledSymbol returns the member name of the compiled package a cell
// knows as pkg.
func (s *Session) compiledSymbol(pkg, name string) (reflect.Value, bool) {
	p, ok := s.pkgs.resolve(pkg)
	if !ok {
		return reflect.Value{}, false
	}
	key := p + "/" + path.Base(p)
	v, ok := stdlib.Symbols[key][name]
	if !ok && s.opts.Symbols != nil {
		v, ok = s.opts.Symbols[key][name]
	}
	return v, ok && v.IsValid()
}

// compiledType returns the type pkg.name of a compiled package (the
// tables hold a nil pointer to each type).
func (s *Session) compiledType(pkg, name string) (reflect.Type, bool) {
	v, ok := s.compiledSymbol(pkg, name)
	if !ok || v.Kind() != reflect.Pointer || !v.IsNil() {
		return nil, false
	}
	return v.Type().Elem(), true
}

// paramInterface tells cellparse the type, as cell source, of parameter i
// of a compiled function or method when it is an interface of a compiled
// package: yaegi cannot pass a value held in a cell's interface type to
// it, so cellparse assigns the argument to a variable of that type first.
// recv and fun are as cellparse.Options.ParamInterface says.
func (s *Session) paramInterface(recv, fun string, i int) (typ string, imported bool) {
	pt, known := s.paramType(recv, fun, i)
	if !known || pt == nil || pt.Kind() != reflect.Interface || pt.NumMethod() == 0 || pt.Name() == "" {
		return "", false
	}
	local := path.Base(pt.PkgPath())
	if p, ok := s.pkgs.resolve(local); !ok || p != pt.PkgPath() {
		return "", false // the cell cannot name it by its own name
	}
	s.mu.Lock()
	imported = s.reg.imports[local] == pt.PkgPath()
	s.mu.Unlock()
	return local + "." + pt.Name(), imported
}

// takesInterface tells cellparse whether parameter i of a compiled
// function or method may convert its argument to an interface: true
// unless the callee is known and the parameter is not an interface.
func (s *Session) takesInterface(recv, fun string, i int) bool {
	pt, known := s.paramType(recv, fun, i)
	return !known || pt == nil || pt.Kind() == reflect.Interface
}

// paramType returns the type of parameter i of a compiled function or
// method (nil past its parameters, the element type for a variadic
// one), and whether the callee is known.
func (s *Session) paramType(recv, fun string, i int) (pt reflect.Type, known bool) {
	var ft reflect.Type // the func's type, receiver first for a method
	switch {
	case recv == "":
		pkg, name, ok := strings.Cut(fun, ".")
		v, found := s.compiledSymbol(pkg, name)
		if !ok || !found || v.Kind() != reflect.Func {
			return nil, false
		}
		ft = v.Type()
	default:
		rt := s.receiverType(recv)
		if rt == nil {
			return nil, false
		}
		m, ok := rt.MethodByName(fun)
		if !ok {
			return nil, false
		}
		ft = m.Type
		if rt.Kind() != reflect.Interface {
			i++ // the receiver
		}
	}
	switch {
	case ft.IsVariadic() && i >= ft.NumIn()-1:
		return ft.In(ft.NumIn() - 1).Elem(), true
	case i >= ft.NumIn():
		return nil, true
	}
	return ft.In(i), true
}

// receiverType resolves cellparse's description of a method's receiver.
func (s *Session) receiverType(recv string) reflect.Type {
	switch {
	case strings.HasPrefix(recv, "$"):
		v, ok := s.interp().Globals()[recv[1:]]
		if !ok || !v.IsValid() {
			return nil
		}
		if v.Kind() == reflect.Interface {
			if v.IsNil() {
				return nil
			}
			v = v.Elem()
		}
		if v.Type().Name() == "" && v.Type().PkgPath() == "" && v.Kind() != reflect.Pointer {
			return nil // an interpreted type
		}
		return v.Type()
	case strings.HasSuffix(recv, "()"):
		pkg, name, _ := strings.Cut(strings.TrimSuffix(recv, "()"), ".")
		v, ok := s.compiledSymbol(pkg, name)
		if !ok || v.Kind() != reflect.Func || v.Type().NumOut() == 0 {
			return nil
		}
		return v.Type().Out(0)
	default:
		star := strings.HasPrefix(recv, "*")
		pkg, name, _ := strings.Cut(strings.TrimPrefix(recv, "*"), ".")
		t, ok := s.compiledType(pkg, name)
		if !ok {
			return nil
		}
		if star {
			return reflect.PointerTo(t)
		}
		return t
	}
}
