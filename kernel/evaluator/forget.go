package evaluator

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
)

// resetUsage says what %reset accepts; IPython's %reset takes -f and
// targets such as in and out, which a Go session has no use for.
const resetUsage = "%reset forgets the whole session (-f is accepted and changes nothing); " +
	"%reset NAME... forgets the variables, consts, funcs and types of those names"

// usageError is a magic's argument error, reported as IPython's
// UsageError.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// resetArgs splits %reset's argument into whether it forgets everything
// and the names to forget.
func resetArgs(arg string) (all bool, names []string, err error) {
	for _, f := range strings.Fields(arg) {
		switch {
		case f == "-f":
		case strings.HasPrefix(f, "-"):
			return false, nil, &usageError{fmt.Sprintf("%%reset: unknown option %s; %s", f, resetUsage)}
		case !slices.Contains(names, f):
			names = append(names, f)
		}
	}
	return len(names) == 0, names, nil
}

// forget removes the declarations of names (a type with its methods) by
// rebuilding the interpreter without them, carrying every other
// variable's value. Nothing is forgotten when a name is unknown, shares a
// declaration with a name not given, or is still used by what is kept.
// It returns the one line telling the user what the rebuild lost.
func (s *Session) forget(names []string) (string, error) {
	oldGlobals := s.interp().Globals()
	s.mu.Lock()
	gone := map[*decl]bool{}
	goneNames := map[string]bool{}
	var unknown []string
	for _, n := range names {
		d, ok := s.reg.names[n]
		if _, usable := oldGlobals[n]; !ok && usable && !strings.HasPrefix(n, "__gocell") {
			// A variable of an interrupted statement: %who lists it.
			goneNames[n] = true
			continue
		}
		if !ok {
			unknown = append(unknown, n)
			continue
		}
		gone[d] = true
		goneNames[n] = true
		if d.kind == cellparse.Type {
			for _, m := range s.reg.decls {
				if m.kind == cellparse.Method && strings.HasPrefix(m.key, n+".") {
					gone[m] = true
				}
			}
		}
	}
	var together []string
	for d := range gone {
		for _, n := range d.names {
			if replayed(d.kind) && d.kind != cellparse.Method && !goneNames[n] {
				together = append(together, n)
			}
		}
	}
	var decls []*decl
	for _, d := range s.reg.decls {
		if !gone[d] {
			decls = append(decls, d)
		}
	}
	imports := make([][2]string, 0, len(s.reg.importOrder))
	for _, n := range s.reg.importOrder {
		imports = append(imports, [2]string{n, s.reg.imports[n]})
	}
	consts := map[string]bool{}
	for n, d := range s.reg.names {
		if d.kind == cellparse.Const {
			consts[n] = true
		}
	}
	goroutines := s.reg.goroutines
	s.mu.Unlock()

	if len(unknown) > 0 {
		return "", &usageError{fmt.Sprintf("%%reset: no cell declared %s; nothing was forgotten. %s", strings.Join(unknown, ", "), resetUsage)}
	}
	if len(together) > 0 {
		sort.Strings(together)
		return "", &usageError{fmt.Sprintf("%%reset: %s declared together with %s; name them too (nothing was forgotten)", strings.Join(together, ", "), strings.Join(names, ", "))}
	}
	s.cell.mu.Lock()
	typeNames := make(map[reflect.Type]string, len(s.cell.types))
	for t, n := range s.cell.types {
		typeNames[t] = n
	}
	s.cell.mu.Unlock()
	globals := map[string]reflect.Value{}
	var holders []string
	for n, v := range oldGlobals {
		if goneNames[n] {
			continue
		}
		globals[n] = v
		if t, ok := typeExpr(v.Type(), typeNames, map[string]string{}, 0); ok && !consts[n] && usesName(t, goneNames) {
			holders = append(holders, n)
		}
	}
	if len(holders) > 0 {
		sort.Strings(holders)
		hold, them := "still hold values", "them"
		if len(holders) == 1 {
			hold, them = "still holds a value", "it"
		}
		return "", &usageError{fmt.Sprintf("%%reset: %s %s of %s; forget %s too (nothing was forgotten)", strings.Join(holders, ", "), hold, strings.Join(names, ", "), them)}
	}
	in, lost, oldCode, err := s.replay(imports, decls, globals, consts, typeNames)
	if err != nil {
		if d := culprit(decls, err); d != nil {
			return "", &usageError{fmt.Sprintf("%%reset: %s (In[%d]) uses %s; forget it too (nothing was forgotten)", d.key, d.cell, strings.Join(names, ", "))}
		}
		return "", &usageError{fmt.Sprintf("%%reset: what is kept no longer compiles without %s (nothing was forgotten): %v", strings.Join(names, ", "), err)}
	}
	s.mu.Lock()
	s.in = in
	s.reg.decls = decls
	for n, d := range s.reg.names {
		if gone[d] {
			delete(s.reg.names, n)
		}
	}
	s.mu.Unlock()
	for _, d := range decls {
		if d.kind == cellparse.Type {
			s.nameTypes(d.names)
		}
	}
	if err := s.refreshShow(); err != nil {
		s.notice("gocell: %v", err)
	}
	return describeLoss(lost, oldCode, goroutines), nil
}

// identRE matches a Go identifier in a type expression.
var identRE = regexp.MustCompile(`[\pL_][\pL\pN_]*`)

// usesName reports whether the type expression t names one of names.
func usesName(t string, names map[string]bool) bool {
	for _, id := range identRE.FindAllString(t, -1) {
		if names[id] {
			return true
		}
	}
	return false
}
