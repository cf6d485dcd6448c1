package evaluator

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
)

// The members completion offers after `v.`: a variable's fields and
// methods, those of its embedded fields promoted.

// valueMembers lists the fields and methods of the global variable name:
// fields by reflection, methods of cell types from the registry, methods of
// compiled types by reflection; those of embedded fields are promoted, as
// in Go (a name of the outer struct wins).
func (s *Session) valueMembers(name string) ([]memberDoc, bool) {
	v, ok := s.globalVar(name)
	if !ok {
		return nil, false
	}
	var out []memberDoc
	seen := map[string]bool{}
	level := []reflect.Type{v.Type()}
	for depth := 0; depth < 4 && len(level) > 0; depth++ {
		var next []reflect.Type
		found := map[string]bool{}
		for _, t := range level {
			for _, m := range s.ownMembers(t) {
				if !seen[m.name] {
					found[m.name] = true
					out = append(out, m)
				}
			}
			next = append(next, s.embedded(t)...)
		}
		for n := range found {
			seen[n] = true
		}
		level = next
	}
	return out, true
}

// embedded returns the types of t's embedded fields. yaegi's reflect type
// of a cell's struct does not mark them, so for a cell's type they are
// read from its declaration.
func (s *Session) embedded(t reflect.Type) []reflect.Type {
	st := derefType(t)
	if st.Kind() != reflect.Struct {
		return nil
	}
	var out []reflect.Type
	s.cell.mu.Lock()
	typeName := s.cell.types[st]
	s.cell.mu.Unlock()
	names := map[string]bool{}
	if typeName != "" {
		s.mu.Lock()
		d := s.reg.names[typeName]
		s.mu.Unlock()
		if d != nil {
			names = embeddedNames(d.src)
		}
	}
	for i := 0; i < st.NumField(); i++ {
		if f := st.Field(i); f.Anonymous || names[f.Name] {
			out = append(out, f.Type)
		}
	}
	return out
}

// embeddedNames returns the field names of the embedded fields of the
// struct type declared in src.
func embeddedNames(src string) map[string]bool {
	out := map[string]bool{}
	if _, st := structDecl(src); st != nil {
		for _, fld := range st.Fields.List {
			if name, ok := embeddedName(fld.Type); ok && len(fld.Names) == 0 {
				out[name] = true
			}
		}
	}
	return out
}

// structFieldNames lists, in order, the field names of the struct type
// declared in src (an embedded field by its type's name); nil when src
// declares no struct type.
func structFieldNames(src string) []string {
	_, st := structDecl(src)
	if st == nil {
		return nil
	}
	var out []string
	for _, fld := range st.Fields.List {
		for _, n := range fld.Names {
			out = append(out, n.Name)
		}
		if len(fld.Names) == 0 {
			name, ok := embeddedName(fld.Type)
			if !ok {
				return nil
			}
			out = append(out, name)
		}
	}
	return out
}

// ownMembers lists the fields and methods t itself declares (a pointer's
// element's too).
func (s *Session) ownMembers(t reflect.Type) []memberDoc {
	var out []memberDoc
	// The pointer's methods too: a variable is addressable.
	for _, mt := range []reflect.Type{t, reflect.PointerTo(derefType(t))} {
		for i := 0; i < mt.NumMethod(); i++ {
			out = append(out, memberDoc{name: mt.Method(i).Name, kind: "method", signature: mt.Method(i).Type.String()})
		}
	}
	st := derefType(t)
	s.cell.mu.Lock()
	typeName := s.cell.types[st]
	fm := formatter{fields: s.cell.fields}
	s.cell.mu.Unlock()
	if st.Kind() == reflect.Struct {
		for i := 0; i < st.NumField(); i++ {
			if typeName == "" && !st.Field(i).IsExported() {
				continue // a compiled type's unexported field: not selectable
			}
			name := fm.fieldName(st, i)
			out = append(out, memberDoc{name: name, kind: "field", signature: name + " " + s.typeText(st.Field(i).Type)})
		}
	}
	if typeName != "" {
		s.mu.Lock()
		for key, md := range s.reg.names {
			if m, ok := strings.CutPrefix(key, typeName+"."); ok && md.kind == cellparse.Method {
				out = append(out, memberDoc{name: m, kind: "method", signature: signature(md)})
			}
		}
		s.mu.Unlock()
	}
	return out
}

// typeText is t as a cell names it: a cell's struct types by their names
// rather than as the anonymous structs they reflect as.
func (s *Session) typeText(t reflect.Type) string {
	return strings.ReplaceAll(fmtPrinter{s.cell}.named(t.String()), "main.", "")
}

// typeMemberDoc documents member as t itself declares it (not promoted);
// name is the variable it is selected from.
func (s *Session) typeMemberDoc(t reflect.Type, name, member string) (string, bool) {
	st := derefType(t)
	s.cell.mu.Lock()
	typeName := s.cell.types[st]
	fm := formatter{fields: s.cell.fields}
	s.cell.mu.Unlock()
	if typeName != "" {
		if text, ok := s.describe(typeName + "." + member); ok {
			return text, true
		}
	}
	if st.Kind() == reflect.Struct {
		for i := 0; i < st.NumField(); i++ {
			f := st.Field(i)
			if typeName == "" && !f.IsExported() {
				continue
			}
			if fm.fieldName(st, i) == member {
				return fmt.Sprintf("%s.%s\n\n%s %s", name, member, member, s.typeText(f.Type)), true
			}
		}
	}
	if typeName == "" && st.PkgPath() != "" && st.Name() != "" {
		return packageDoc(st.PkgPath(), st.Name()+"."+member)
	}
	return "", false
}

// globalVar returns the variable name of the cells: one a cell declared,
// or one yaegi keeps from a statement that did not finish (interrupted),
// which later cells can use too.
func (s *Session) globalVar(name string) (reflect.Value, bool) {
	s.mu.Lock()
	d, own := s.reg.names[name]
	in := s.in
	s.mu.Unlock()
	if (own && d.kind != cellparse.Var) || strings.HasPrefix(name, "__gocell") {
		return reflect.Value{}, false
	}
	v, ok := in.Globals()[name]
	if !ok || !v.IsValid() {
		return reflect.Value{}, false
	}
	return v, true
}
