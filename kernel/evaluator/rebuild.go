package evaluator

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
	"github.com/traefik/yaegi/interp"
)

// maxDropped bounds how many earlier declarations a rebuild may drop
// because they no longer compile against a redefinition.
const maxDropped = 20

// rebuild replaces the interpreter with a fresh one holding the recorded
// declarations (with ds, new or replacing their namesakes) and the variables
// whose values can be carried over. Earlier declarations that no longer
// compile are dropped and named. The old interpreter stays in place when
// one of ds itself does not compile.
func (s *Session) rebuild(ds ...*decl) (string, error) {
	s.mu.Lock()
	old := s.in
	decls := s.reg.withDecl(ds...)
	imports := make([][2]string, 0, len(s.reg.importOrder))
	for _, n := range s.reg.importOrder {
		imports = append(imports, [2]string{n, s.reg.imports[n]})
	}
	consts := map[string]bool{}
	for n, dd := range s.reg.names {
		if dd.kind == cellparse.Const {
			consts[n] = true
		}
	}
	goroutines := s.reg.goroutines
	s.mu.Unlock()

	globals := old.Globals()
	s.cell.mu.Lock()
	names := make(map[reflect.Type]string, len(s.cell.types))
	for t, n := range s.cell.types {
		names[t] = n
	}
	s.cell.mu.Unlock()

	var dropped []string
	var droppedDecls []*decl
	for {
		in, lost, oldCode, err := s.replay(imports, decls, globals, consts, names)
		if err == nil {
			s.mu.Lock()
			s.in = in
			s.reg.decls = decls
			for _, d := range ds {
				s.reg.record(d)
			}
			for _, dd := range droppedDecls {
				for _, n := range dd.names {
					if s.reg.names[n] == dd {
						delete(s.reg.names, n)
					}
				}
			}
			s.mu.Unlock()
			for _, dd := range decls {
				if dd.kind == cellparse.Type {
					s.nameTypes(dd.names)
				}
			}
			if err := s.refreshShow(); err != nil {
				s.notice("gocell: %v", err)
			}
			msg := describeLoss(lost, oldCode, goroutines)
			if len(dropped) > 0 {
				msg = strings.TrimPrefix(msg+"; dropped "+strings.Join(dropped, ", ")+" (no longer compiles)", "; ")
			}
			return msg, nil
		}
		bad := culprit(decls, err)
		if bad == nil || isOneOf(bad, ds) || len(dropped) >= maxDropped {
			return "", err
		}
		dropped = append(dropped, fmt.Sprintf("%s (In[%d])", bad.key, bad.cell))
		droppedDecls = append(droppedDecls, bad)
		decls = without(decls, bad)
	}
}

// replay builds a fresh interpreter from the recorded imports and
// declarations and carries globals over.
func (s *Session) replay(imports [][2]string, decls []*decl, globals map[string]reflect.Value, consts map[string]bool, names map[reflect.Type]string) (in *interp.Interpreter, lost, oldCode []string, err error) {
	in, err = s.newInterp()
	if err != nil {
		return nil, nil, nil, err
	}
	imported := map[string]string{}
	for _, im := range imports {
		src := fmt.Sprintf("import %s %q", im[0], im[1])
		if _, err := safeEval(in, src); err != nil {
			return nil, nil, nil, &compileError{msg: err.Error()}
		}
		imported[im[0]] = im[1]
	}
	var file strings.Builder
	file.WriteString("package main\n")
	// yaegi resolves a method's receiver fields only if the type comes
	// first in the file.
	for _, k := range []cellparse.Kind{cellparse.Const, cellparse.Type, cellparse.Func, cellparse.Method} {
		for _, d := range decls {
			if d.kind == k {
				file.WriteString(d.eval)
				file.WriteString("\n")
			}
		}
	}
	vars := make([]string, 0, len(globals))
	for n := range globals {
		if !strings.HasPrefix(n, "__gocell") && !consts[n] {
			vars = append(vars, n)
		}
	}
	sort.Strings(vars)
	var kept []string
	for _, n := range vars {
		need := map[string]string{}
		t, ok := typeExpr(globals[n].Type(), names, need, 0)
		for name, p := range need {
			if imported[name] == "" && ok {
				if _, err := safeEval(in, fmt.Sprintf("import %s %q", name, p)); err != nil {
					ok = false
					break
				}
				imported[name] = p
			}
			ok = ok && imported[name] == p
		}
		if !ok {
			lost = append(lost, n)
			continue
		}
		fmt.Fprintf(&file, "var %s %s\n", n, t)
		kept = append(kept, n)
	}
	if _, err := safeEval(in, file.String()); err != nil {
		var ce *compileError
		if !asCompile(err, &ce) {
			err = &compileError{msg: err.Error()}
		}
		return nil, nil, nil, err
	}
	fresh := in.Globals()
	c := newCarrier()
	for _, n := range kept {
		v, nv := globals[n], fresh[n]
		if !nv.IsValid() || !nv.CanSet() {
			lost = append(lost, n)
			continue
		}
		if !c.carry(nv, v) {
			nv.Set(reflect.Zero(nv.Type()))
			lost = append(lost, n)
			continue
		}
		if v.Kind() == reflect.Func && !v.IsNil() {
			oldCode = append(oldCode, n)
		}
	}
	return in, lost, oldCode, nil
}

func asCompile(err error, ce **compileError) bool {
	c, ok := err.(*compileError)
	if ok {
		*ce = c
	}
	return ok
}

// culprit finds the declaration a replay error points at.
func culprit(decls []*decl, err error) *decl {
	latest := 0
	for _, d := range decls {
		latest = max(latest, d.cell)
	}
	p, ok := parsePos(err.Error(), latest)
	if !ok || p.cell == 0 {
		return nil
	}
	var best *decl
	for _, d := range decls {
		if d.cell == p.cell && d.line <= p.line && (best == nil || d.line > best.line) {
			best = d
		}
	}
	return best
}

func isOneOf(d *decl, ds []*decl) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

func without(decls []*decl, bad *decl) []*decl {
	out := make([]*decl, 0, len(decls))
	for _, d := range decls {
		if d != bad {
			out = append(out, d)
		}
	}
	return out
}

// typeExpr writes t as Go source, naming interpreted types by names and
// collecting into need the packages (name -> path) it refers to. It fails
// for types that cannot be written (anonymous interpreted structs, generic
// instances).
func typeExpr(t reflect.Type, names map[reflect.Type]string, need map[string]string, depth int) (string, bool) {
	if depth > 10 {
		return "", false
	}
	if n, ok := names[t]; ok {
		return n, true
	}
	if t.Name() != "" {
		if strings.ContainsAny(t.Name(), "[]") {
			return "", false
		}
		if t.PkgPath() == "" {
			return t.Name(), true
		}
		s := t.String()
		if i := strings.IndexByte(s, '.'); i > 0 {
			need[s[:i]] = t.PkgPath()
		}
		return s, true
	}
	elem := func(e reflect.Type) (string, bool) { return typeExpr(e, names, need, depth+1) }
	switch t.Kind() {
	case reflect.Pointer:
		e, ok := elem(t.Elem())
		return "*" + e, ok
	case reflect.Slice:
		e, ok := elem(t.Elem())
		return "[]" + e, ok
	case reflect.Array:
		e, ok := elem(t.Elem())
		return fmt.Sprintf("[%d]%s", t.Len(), e), ok
	case reflect.Map:
		k, ok1 := elem(t.Key())
		e, ok2 := elem(t.Elem())
		return "map[" + k + "]" + e, ok1 && ok2
	case reflect.Chan:
		e, ok := elem(t.Elem())
		switch t.ChanDir() {
		case reflect.RecvDir:
			return "<-chan " + e, ok
		case reflect.SendDir:
			return "chan<- " + e, ok
		}
		return "chan " + e, ok
	case reflect.Func:
		var in, out []string
		for i := 0; i < t.NumIn(); i++ {
			a, ok := elem(t.In(i))
			if !ok {
				return "", false
			}
			if t.IsVariadic() && i == t.NumIn()-1 {
				a = "..." + strings.TrimPrefix(a, "[]")
			}
			in = append(in, a)
		}
		for i := 0; i < t.NumOut(); i++ {
			r, ok := elem(t.Out(i))
			if !ok {
				return "", false
			}
			out = append(out, r)
		}
		s := "func(" + strings.Join(in, ", ") + ")"
		if len(out) == 1 {
			s += " " + out[0]
		} else if len(out) > 1 {
			s += " (" + strings.Join(out, ", ") + ")"
		}
		return s, true
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "interface{}", true
		}
	}
	return "", false
}

// rebuildAfterCancel replaces an interpreter yaegi's cancel has damaged
// (closures made before it return zero values) and says what was lost.
func (s *Session) rebuildAfterCancel() error {
	loss, err := s.rebuild()
	if err != nil {
		in, nerr := s.newInterp()
		if nerr != nil {
			return &lostError{msg: fmt.Sprintf("the cell did not stop and no interpreter could be built (%v, %v): the session is gone", err, nerr)}
		}
		s.mu.Lock()
		s.in = in
		s.reg = newRegistry()
		s.mu.Unlock()
		return &lostError{msg: fmt.Sprintf("the cell did not stop, and replaying the declarations failed (%v): all variables, funcs and types are lost", err)}
	}
	msg := "the cell did not stop in time, so the interpreter was rebuilt from the recorded declarations"
	if loss != "" {
		msg += "; " + loss
	}
	if strings.Contains(loss, "func value") {
		msg += " (such func values now return zero values: re-run the cells that made them)"
	}
	return &lostError{interrupt: true, msg: msg}
}
