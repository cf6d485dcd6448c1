package evaluator

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
)

// newDecl records an item as a declaration of cell c.
func newDecl(c *cellRun, it *cellparse.Item) *decl {
	names := it.Names
	if it.Kind == cellparse.Method {
		// Methods are known by Type.Method, not to clash with funcs.
		names = []string{keyOf(it)}
	}
	generic := false
	switch it.Kind {
	case cellparse.Method:
		if m := recvTypeRE.FindStringSubmatch(it.Source); m != nil && m[1] != "" {
			generic = true
		}
	case cellparse.Type:
		generic = isGenericType(it.Source)
	}
	return &decl{
		kind:    it.Kind,
		key:     keyOf(it),
		names:   names,
		refs:    it.Refs,
		src:     it.Source,
		eval:    c.at(it) + it.Source,
		cell:    c.n,
		line:    it.Line,
		generic: generic,
		doc:     it.Doc,
	}
}

// recvTypeRE finds type parameters on a method's receiver: func (s *S[T]).
var recvTypeRE = regexp.MustCompile(`^func\s*\([^)]*?\w+\s*(\[[^\]]*\])?\s*\)`)

// genericFuncRE matches the declaration of a generic func.
var genericFuncRE = regexp.MustCompile(`^func\s+\w+\s*\[`)

// declare evaluates type, func and method declarations (file mode), all
// in one Eval so that they may refer to each other in any order. yaegi
// ignores a redefined type or method (#1410), so those rebuild the
// interpreter; a redefined func leaves callers compiled earlier calling the
// old one (#1673), so those are re-evaluated.
func (s *Session) declare(c *cellRun, items ...*cellparse.Item) error {
	var ds []*decl
	rebuild := false
	var redefined []string
	s.mu.Lock()
	for _, it := range items {
		d := newDecl(c, it)
		if s.reg.unchanged(d) {
			// A re-run cell: the declaration is already in force, and a
			// rebuild for an unchanged type would be wasted.
			s.reg.record(d)
			continue
		}
		ds = append(ds, d)
		for _, n := range d.names {
			old, ok := s.reg.names[n]
			if !ok {
				continue
			}
			redefined = append(redefined, n)
			if d.kind == cellparse.Type || old.kind == cellparse.Type || genericFuncRE.MatchString(old.src) {
				// yaegi keeps the first definition of a generic func too.
				rebuild = true
			}
		}
		if d.kind == cellparse.Method {
			for _, old := range s.reg.decls {
				rebuild = rebuild || old.kind == cellparse.Method && old.key == d.key
			}
		}
	}
	s.mu.Unlock()
	if len(ds) == 0 {
		return nil
	}
	if rebuild {
		return s.rebuildNoticed(ds...)
	}
	var src strings.Builder
	src.WriteString("package main;")
	// yaegi resolves a method's receiver fields only if the type comes
	// first.
	for _, k := range []cellparse.Kind{cellparse.Type, cellparse.Func, cellparse.Method} {
		for _, d := range ds {
			if d.kind == k {
				src.WriteString(d.eval + "\n")
			}
		}
	}
	if _, err := s.run(c.ctx, src.String()); err != nil {
		return err
	}
	s.mu.Lock()
	for _, d := range ds {
		s.reg.record(d)
	}
	s.mu.Unlock()
	show := false
	for _, d := range ds {
		if d.kind == cellparse.Type {
			s.nameTypes(d.names)
		}
		// Any method: retypeSource asserts to the types that have one;
		// a type embedding another has its methods (assertCases).
		show = show || d.kind == cellparse.Method || d.kind == cellparse.Type && embedsTypes(d.src)
	}
	if show {
		if err := s.refreshShow(); err != nil {
			return err
		}
	}
	if len(redefined) > 0 {
		return s.refreshCallers(c, redefined)
	}
	return nil
}

// defined records the names a var, const or statement item declared; a
// redeclared global gets a new slot that funcs compiled earlier do not see,
// so those are re-evaluated as for a redefined func.
func (s *Session) defined(c *cellRun, it *cellparse.Item) {
	d := newDecl(c, it)
	if d.kind == cellparse.Stmt {
		d.kind = cellparse.Var
		if strings.HasPrefix(strings.TrimSpace(it.Source), "go ") || strings.Contains(it.Source, goRecoverFn) {
			s.mu.Lock()
			s.reg.goroutines = true
			s.mu.Unlock()
		}
	}
	if len(d.names) == 0 {
		return
	}
	s.mu.Lock()
	var redefined []string
	for _, n := range d.names {
		if _, ok := s.reg.names[n]; ok {
			redefined = append(redefined, n)
		}
	}
	s.reg.record(d)
	s.mu.Unlock()
	if len(redefined) > 0 {
		if err := s.refreshCallers(c, redefined); err != nil {
			s.notice("gocell: funcs using %s could not be updated: %v", strings.Join(redefined, ", "), err)
		}
	}
}

// refreshCallers re-evaluates, transitively, the funcs whose bodies name
// one of changed. A method or a generic func among them needs a rebuild
// (yaegi keeps their first definitions).
func (s *Session) refreshCallers(c *cellRun, changed []string) error {
	stale := map[string]bool{}
	for _, n := range changed {
		stale[n] = true
	}
	done := map[*decl]bool{}
	for progress := true; progress; {
		progress = false
		s.mu.Lock()
		decls := append([]*decl(nil), s.reg.decls...)
		s.mu.Unlock()
		for _, d := range decls {
			if done[d] || (d.kind != cellparse.Func && d.kind != cellparse.Method) || !refersTo(d, stale) {
				continue
			}
			done[d] = true
			if d.kind == cellparse.Method || genericFuncRE.MatchString(d.src) {
				return s.rebuildNoticed()
			}
			if _, err := s.run(c.ctx, "package main;"+d.eval+"\n"); err != nil {
				return err
			}
			for _, n := range d.names {
				stale[n] = true
			}
			progress = true
		}
	}
	return nil
}

func refersTo(d *decl, names map[string]bool) bool {
	for _, r := range d.refs {
		if names[r] {
			for _, own := range d.names {
				if own == r {
					return false
				}
			}
			return true
		}
	}
	return false
}

// nameTypes tells the value formatter the names of the cell's types
// (interpreted structs reflect as anonymous structs).
func (s *Session) nameTypes(names []string) {
	s.instances = nil // their types may have changed with these
	for _, n := range names {
		src := fmt.Sprintf(";%s.TypeName(%q, (*%s)(nil))", rtName, n, n)
		// Generic types cannot be named uninstantiated; they are skipped.
		s.cell.mu.Lock()
		s.cell.lastNamed = nil
		s.cell.mu.Unlock()
		if _, err := safeEval(s.interp(), src); err != nil {
			continue
		}
		s.mu.Lock()
		d := s.reg.names[n]
		s.mu.Unlock()
		if d == nil {
			continue
		}
		s.cell.noteTypeDecl(n, d.src)
		fields := structFieldNames(d.src)
		s.cell.mu.Lock()
		if t := s.cell.lastNamed; t != nil && t.Kind() == reflect.Struct && len(fields) == t.NumField() {
			if s.cell.fields == nil {
				s.cell.fields = map[reflect.Type][]string{}
			}
			s.cell.fields[t] = fields
		}
		s.cell.mu.Unlock()
	}
}

// describeLoss is the one line telling the user what a rebuild lost.
func describeLoss(lost, oldCode []string, goroutines bool) string {
	var parts []string
	if len(lost) > 0 {
		sort.Strings(lost)
		parts = append(parts, "could not keep "+strings.Join(lost, ", ")+" (their type changed or cannot be carried over; reset to zero values)")
	}
	if len(oldCode) > 0 {
		sort.Strings(oldCode)
		if len(oldCode) == 1 {
			parts = append(parts, oldCode[0]+" still holds a func value made by old code")
		} else {
			parts = append(parts, strings.Join(oldCode, ", ")+" still hold func values made by old code")
		}
	}
	if goroutines {
		parts = append(parts, "goroutines started earlier keep running old code")
	}
	return strings.Join(parts, "; ")
}

// rebuildNoticed rebuilds for a redefinition and tells the user in one line
// what did not survive.
func (s *Session) rebuildNoticed(ds ...*decl) error {
	loss, err := s.rebuild(ds...)
	if err != nil {
		return err
	}
	if loss != "" {
		s.notice("gocell: redefinition rebuilt the interpreter: %s", loss)
	}
	return nil
}

// refreshShow re-evaluates the show funcs for the types that now have a
// String or Error method, and the dispatcher of their Unwrap, Is and As
// methods (see errchain.go).
func (s *Session) refreshShow() error {
	s.mu.Lock()
	types := shownTypes(s.reg.decls, s.opts.RichMethod)
	in := s.in
	s.mu.Unlock()
	if _, err := safeEval(in, showSource(types)); err != nil {
		return &compileError{msg: "showing values of " + fmt.Sprint(types) + ": " + err.Error()}
	}
	s.mu.Lock()
	ops := errOpsSource(s.reg.decls)
	s.mu.Unlock()
	// Registered again: the session would go on calling the old func.
	s.mu.Lock()
	retype := retypeSource(s.reg.decls)
	s.mu.Unlock()
	for _, src := range []string{ops, errOpsRegister, textSource(types), textRegister, retype, retypeRegister} {
		if _, err := safeEval(in, src); err != nil {
			return &compileError{msg: "the Unwrap, Is, As, String and Error methods of cells' types: " + err.Error()}
		}
	}
	s.cell.mu.Lock()
	s.cell.textNames = textNames(types)
	s.cell.mu.Unlock()
	return nil
}

// showsThrough reports whether a method named by key ("T.M") decides how
// values of its type show.
func (s *Session) showsThrough(key string) bool {
	_, m, _ := strings.Cut(key, ".")
	return m == "String" || m == "Error" || (m == s.opts.RichMethod && m != "")
}

// defineRE splits `a, b := v` and `var a, b = v` (no type) into the names
// and the rest.
var defineRE = regexp.MustCompile(`^(?:var\s+)?([\pL_][\pL\pN_]*(?:\s*,\s*[\pL_][\pL\pN_]*)*)\s*(?::=|=)`)

// rerunAsAssignment runs a re-run declaration of variables (the same
// source declaring the same names) as an assignment: the variables keep
// their slots, so funcs compiled earlier see the new values and need no
// re-evaluation. It reports done=false to fall back to declaring.
func (s *Session) rerunAsAssignment(c *cellRun, it *cellparse.Item) (done bool, err error) {
	if it.Kind != cellparse.Var && it.Kind != cellparse.Stmt || len(it.Names) == 0 {
		return false, nil
	}
	s.mu.Lock()
	for _, n := range it.Names {
		if d, ok := s.reg.names[n]; !ok || d.kind != cellparse.Var || d.src != it.Source {
			s.mu.Unlock()
			return false, nil
		}
	}
	s.mu.Unlock()
	m := defineRE.FindStringSubmatchIndex(it.Source)
	if m == nil || (it.Kind == cellparse.Var) != strings.HasPrefix(it.Source, "var") {
		return false, nil
	}
	assign := it.Source[m[2]:m[3]] + " = " + it.Source[m[1]:]
	prog, cerr := s.compile(";" + c.at(it) + assign + "\n")
	if cerr != nil {
		return false, nil
	}
	_, err = s.execute(c.ctx, prog)
	return true, err
}
