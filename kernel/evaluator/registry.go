package evaluator

import (
	"regexp"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
)

// maxSources bounds how many cells' code is kept for tracebacks.
const maxSources = 500

// decl is one top-level declaration a cell made.
type decl struct {
	kind  cellparse.Kind
	key   string   // what redefines it: the name, or "T.M" for a method
	names []string // the names it declares
	refs  []string // the names its body uses
	src   string   // the source as written
	eval  string   // the source behind a line directive, for replay
	cell  int
	line  int // first line in its cell
	// generic is set for generic types, and for methods of generic types,
	// which show cannot name.
	generic bool
	doc     string
}

// registry is the session's own record of what cells declared: yaegi can
// neither list a cell's funcs and types nor replay them.
type registry struct {
	imports     map[string]string // package name -> import path
	importOrder []string
	// decls are the consts, types, funcs and methods to replay, in order.
	decls []*decl
	// names maps each top-level name to its latest declaration (vars too).
	names map[string]*decl
	// sources keeps cells' code, by execution count, for tracebacks.
	sources map[int]string
	// goroutines is set once a cell has started one: after a rebuild they
	// keep running old code.
	goroutines bool
}

func newRegistry() *registry {
	return &registry{imports: map[string]string{}, names: map[string]*decl{}, sources: map[int]string{}}
}

func (r *registry) addImport(name, path string) {
	if _, ok := r.imports[name]; !ok {
		r.importOrder = append(r.importOrder, name)
	}
	r.imports[name] = path
}

// keyOf returns what a later item must match to redefine it.
func keyOf(it *cellparse.Item) string {
	name := strings.Join(it.Names, ",")
	if it.Kind == cellparse.Method && !strings.Contains(name, ".") {
		recv := strings.TrimLeft(it.Recv, "*")
		if i := strings.IndexByte(recv, '['); i >= 0 {
			recv = recv[:i]
		}
		return recv + "." + name
	}
	return name
}

// ptrRecvRE matches a method declared on a pointer receiver.
var ptrRecvRE = regexp.MustCompile(`^func\s*\(\s*(?:\w+\s+)?\*`)

// replayed reports whether declarations of kind k are replayed on rebuild.
func replayed(k cellparse.Kind) bool {
	return k == cellparse.Const || k == cellparse.Type || k == cellparse.Func || k == cellparse.Method
}

// record adds d, replacing an earlier declaration with the same key.
func (r *registry) record(d *decl) {
	for _, n := range d.names {
		r.names[n] = d
	}
	if !replayed(d.kind) {
		return
	}
	for i, old := range r.decls {
		if old.kind == d.kind && old.key == d.key {
			r.decls = append(r.decls[:i], r.decls[i+1:]...)
			break
		}
	}
	r.decls = append(r.decls, d)
}

// unchanged reports whether d is already recorded as it is.
func (r *registry) unchanged(d *decl) bool {
	for _, old := range r.decls {
		if old.kind == d.kind && old.key == d.key && old.src == d.src {
			return true
		}
	}
	return false
}

// withDecl returns the replay list as it would be with ds recorded.
func (r *registry) withDecl(ds ...*decl) []*decl {
	out := make([]*decl, 0, len(r.decls)+len(ds))
	for _, old := range r.decls {
		replaced := false
		for _, d := range ds {
			replaced = replaced || old.kind == d.kind && old.key == d.key
		}
		if !replaced {
			out = append(out, old)
		}
	}
	return append(out, ds...)
}

func (r *registry) keepSource(n int, code string) {
	r.sources[n] = code
	delete(r.sources, n-maxSources)
}

// shownTypes lists the cell types whose values show through a method: the
// rich method (a MIME bundle) first, then Error, then String, as in fmt.
func shownTypes(decls []*decl, richMethod string) []shownType {
	byType := map[string]shownType{}
	var order []string
	for _, d := range decls {
		if d.kind != cellparse.Method || d.generic {
			continue
		}
		typ, m, _ := strings.Cut(d.key, ".")
		rank := map[string]int{"String": 1, "Error": 2}
		if richMethod != "" {
			rank[richMethod] = 3
		}
		if rank[m] == 0 {
			continue
		}
		old, seen := byType[typ]
		if seen && rank[old.method] > rank[m] {
			continue
		}
		if !seen {
			order = append(order, typ)
		}
		byType[typ] = shownType{name: typ, method: m, bundle: m == richMethod, ptr: ptrRecvRE.MatchString(d.src)}
	}
	out := make([]shownType, 0, len(order))
	for _, t := range order {
		out = append(out, byType[t])
	}
	return out
}
