package evaluator

import (
	"go/ast"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
)

// methodSet maps the names of a type's methods to their signatures as
// methodSig writes them.
type methodSet map[string]string

// methodSets returns the method sets of the cells' types in decls, for a
// value ("T") and for a pointer ("*T"), with the methods promoted from
// embedded fields of cells' types as Go promotes them, and the names in
// the order the types were declared. An assertion of a value of
// `type Derived struct{ Base; x int }` to fmt.Stringer finds Base's
// String.
func methodSets(decls []*decl) (sets map[string]methodSet, order []string) {
	val, ptr := map[string]methodSet{}, map[string]methodSet{}
	var types []string
	note := func(t string) {
		if _, ok := ptr[t]; !ok {
			val[t], ptr[t] = methodSet{}, methodSet{}
			types = append(types, t)
		}
	}
	type embed struct {
		name string
		ptr  bool
	}
	embeds := map[string][]embed{}
	for _, d := range decls {
		switch {
		case d.kind == cellparse.Method && !d.generic:
			typ, m, _ := strings.Cut(d.key, ".")
			note(typ)
			sig := methodSig(d.src)
			ptr[typ][m] = sig
			if !ptrRecvRE.MatchString(d.src) {
				val[typ][m] = sig
			}
		case d.kind == cellparse.Type:
			name, es := embeddedTypes(d.src)
			if name == "" || len(es) == 0 {
				continue
			}
			note(name)
			for _, e := range es {
				embeds[name] = append(embeds[name], embed{strings.TrimPrefix(e, "*"), strings.HasPrefix(e, "*")})
			}
		}
	}
	// Promoted methods, a level of embedding per pass; a type's own
	// method wins over a promoted one of the same name.
	for pass := 0; pass < 5; pass++ {
		for _, s := range types {
			for _, e := range embeds[s] {
				from := val[e.name]
				if e.ptr {
					from = ptr[e.name]
				}
				for m, sig := range from {
					if _, ok := val[s][m]; !ok {
						val[s][m] = sig
					}
				}
				for m, sig := range ptr[e.name] {
					if _, ok := ptr[s][m]; !ok {
						ptr[s][m] = sig
					}
				}
			}
		}
	}
	sets = map[string]methodSet{}
	for _, t := range types {
		if len(ptr[t]) == 0 {
			continue
		}
		sets["*"+t] = ptr[t]
		order = append(order, "*"+t)
		if len(val[t]) > 0 {
			sets[t] = val[t]
			order = append(order, t)
		}
	}
	return sets, order
}

// embeddedTypes returns the name of the struct type src declares and the
// names of its embedded fields of plain named types ("Base", "*Base").
func embeddedTypes(src string) (name string, embedded []string) {
	ts, st := structDecl(src)
	if st == nil || ts.TypeParams != nil {
		return "", nil
	}
	for _, fld := range st.Fields.List {
		if len(fld.Names) > 0 {
			continue
		}
		switch t := fld.Type.(type) {
		case *ast.Ident:
			embedded = append(embedded, t.Name)
		case *ast.StarExpr:
			if id, ok := t.X.(*ast.Ident); ok {
				embedded = append(embedded, "*"+id.Name)
			}
		}
	}
	return ts.Name.Name, embedded
}

// embedsTypes reports whether src declares a struct type with embedded
// fields of named types, which may have methods to promote.
func embedsTypes(src string) bool {
	_, es := embeddedTypes(src)
	return len(es) > 0
}

// cellInterface reports whether an earlier cell declared name as an
// interface type (cellparse.Options.CellInterface).
func (s *Session) cellInterface(name string) bool {
	s.mu.Lock()
	d, ok := s.reg.names[name]
	s.mu.Unlock()
	if !ok || d.kind != cellparse.Type {
		return false
	}
	ts := typeSpec(d.src)
	if ts == nil {
		return false
	}
	_, iface := ts.Type.(*ast.InterfaceType)
	return iface
}
