package evaluator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
)

// A cell's type whose underlying type is not a struct (type Weekday int)
// reflects as that type, so a value alone cannot say it is a Weekday. A
// struct field's declared type can: the session keeps the type each cell
// type declaration writes, and what fmt prints and a cell's last value
// follow a struct's fields through them (Day Weekday, Days []Weekday,
// By map[Weekday]*T), as Go calls the fields' String and Error methods.

// noteTypeDecl records the type expression the declaration src of the
// cell type name gives it (nil when src is no plain type declaration).
func (c *cellState) noteTypeDecl(name, src string) {
	e := declTypeExpr(src)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e == nil {
		delete(c.typeExprs, name)
		return
	}
	if c.typeExprs == nil {
		c.typeExprs = map[string]ast.Expr{}
	}
	c.typeExprs[name] = e
}

// declTypeExpr is the type expression of a type declaration without
// type parameters.
func declTypeExpr(src string) ast.Expr {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+src, 0)
	if err != nil || len(f.Decls) != 1 {
		return nil
	}
	g, ok := f.Decls[0].(*ast.GenDecl)
	if !ok || g.Tok != token.TYPE || len(g.Specs) != 1 {
		return nil
	}
	ts, ok := g.Specs[0].(*ast.TypeSpec)
	if !ok || ts.TypeParams != nil {
		return nil
	}
	return ts.Type
}

// staticTypes is what the session knows about its types, read once per
// print under the lock.
type staticTypes struct {
	names  map[string]bool // textNames: "T" and "*T" with a String or Error method
	exprs  map[string]ast.Expr
	types  map[reflect.Type]string
	fields map[reflect.Type][]string
	amb    map[reflect.Type]bool
	// keepStructs leaves structs to value.go's formatter, which shows
	// them its own way.
	keepStructs bool
}

func (c *cellState) staticTypes() staticTypes {
	c.mu.Lock()
	defer c.mu.Unlock()
	return staticTypes{names: c.textNames, exprs: c.typeExprs, types: c.types, fields: c.fields, amb: c.ambiguous}
}

// structFields returns the declared names and types of the fields of
// t, a cell's struct type.
// Another anonymous struct type (struct{ A *T }{...} in a cell, a cell
// type several share) gives the names its reflect type spells, without
// types.
func (st staticTypes) structFields(t reflect.Type) ([]string, []ast.Expr, bool) {
	if t.Kind() != reflect.Struct || t.Name() != "" {
		return nil, nil, false
	}
	n, ok := st.types[t]
	if !ok || st.amb[t] {
		names := make([]string, t.NumField())
		for i := range names {
			names[i] = unexportedName(t, t.Field(i).Name)
		}
		return names, make([]ast.Expr, len(names)), true
	}
	s, ok := st.exprs[n].(*ast.StructType)
	names := st.fields[t]
	if !ok || len(names) != t.NumField() {
		return nil, nil, false
	}
	var types []ast.Expr
	for _, f := range s.Fields.List {
		k := len(f.Names)
		if k == 0 {
			k = 1
		}
		for j := 0; j < k; j++ {
			types = append(types, f.Type)
		}
	}
	if len(types) != len(names) {
		return nil, nil, false
	}
	return names, types, true
}

// promotedText returns the text of the String or Error method a value
// of a cell's struct type gets from its one embedded field that has one
// (type Emb struct{ Dog; n int } prints as its Dog), as fmt calls it.
func (c *cellState) promotedText(st staticTypes, v reflect.Value) (string, bool) {
	names, types, ok := st.structFields(v.Type())
	if !ok {
		return "", false
	}
	embedded := st.embedded(v.Type())
	field := -1
	for i, e := range types {
		if i >= len(embedded) || !embedded[i] {
			continue
		}
		id, ptr := e, false
		if s, ok := e.(*ast.StarExpr); ok {
			id, ptr = s.X, true
		}
		n, ok := id.(*ast.Ident)
		if !ok || n.Name != names[i] || !(st.names[n.Name] || ptr && st.names["*"+n.Name]) {
			continue
		}
		if field >= 0 {
			return "", false // two: Go promotes neither
		}
		field = i
	}
	if field < 0 {
		return "", false
	}
	f := v.Field(field)
	if f.Kind() == reflect.Pointer && f.IsNil() && st.names[names[field]] {
		return "%!v(PANIC=String method: runtime error: invalid memory address or nil pointer dereference)", true
	}
	return c.typedText(st, f, types[field])
}

// embedded reports which fields of t, a cell's struct type, are
// embedded.
func (st staticTypes) embedded(t reflect.Type) []bool {
	n, ok := st.types[t]
	if !ok || st.amb[t] {
		return nil
	}
	s, ok := st.exprs[n].(*ast.StructType)
	if !ok {
		return nil
	}
	var out []bool
	for _, f := range s.Fields.List {
		if len(f.Names) == 0 {
			out = append(out, true)
		}
		for range f.Names {
			out = append(out, false)
		}
	}
	return out
}

// resolve follows a cell type's name without a String or Error method to
// the type it declares (type Week []Weekday), so its elements are known.
func (st staticTypes) resolve(e ast.Expr) ast.Expr {
	for i := 0; i < 4; i++ {
		if p, ok := e.(*ast.ParenExpr); ok {
			e = p.X
			continue
		}
		id, ok := e.(*ast.Ident)
		if !ok || st.names[id.Name] {
			return e
		}
		d, ok := st.exprs[id.Name]
		if !ok {
			return e
		}
		if _, isStruct := d.(*ast.StructType); isStruct {
			return e
		}
		e = d
	}
	return e
}

// mentions reports whether e names a cell's type: a value it types may
// show differently than its reflect type says.
func (st staticTypes) mentions(e ast.Expr) bool {
	if e == nil {
		return false
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.SelectorExpr:
			return false // a package's type
		case *ast.Ident:
			if st.names[x.Name] || st.names["*"+x.Name] {
				found = true
			} else if _, ok := st.exprs[x.Name]; ok {
				found = true
			}
		}
		return !found
	})
	return found
}

// elemExprs returns the declared key and element types of a container
// type expression (nil when e is none).
func elemExprs(e ast.Expr) (key, elem ast.Expr) {
	switch x := e.(type) {
	case *ast.ArrayType:
		return nil, x.Elt
	case *ast.MapType:
		return x.Key, x.Value
	}
	return nil, nil
}

// typedText returns the String or Error method's text of v, of the
// declared type e, when e names a cell's type with one (Weekday, *T).
// Go prints <nil> for a nil pointer whose method panics.
func (c *cellState) typedText(st staticTypes, v reflect.Value, e ast.Expr) (string, bool) {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			break
		}
		e = p.X
	}
	name := ""
	switch x := e.(type) {
	case *ast.Ident:
		name = x.Name
	case *ast.StarExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			name = "*" + id.Name
		}
	}
	if name == "" || !st.names[name] || !v.IsValid() || !v.CanInterface() || v.Kind() == reflect.Interface {
		return "", false
	}
	isNil := v.Kind() == reflect.Pointer && v.IsNil()
	if isNil && st.names[name[1:]] {
		// A value receiver on a nil pointer: fmt recovers and says
		// <nil>; a cell's last value shows nil.
		return "<nil>", !st.keepStructs
	}
	c.mu.Lock()
	op := c.textOp
	c.mu.Unlock()
	if op == nil {
		return "", false
	}
	s, ok := callText(op, name, v.Interface())
	if isNil && st.keepStructs && s == "<nil>" {
		return "", false
	}
	return s, ok
}

// typedField is field i of v, a value of a cell's struct type t, as a
// cell's last value shows it when the field's declared type says more
// than its reflect type (a Weekday, a []Weekday); nested structs are
// left to the formatter.
func (c *cellState) typedField(t reflect.Type, i int, v reflect.Value) (reflect.Value, bool) {
	st := c.staticTypes()
	_, types, ok := st.structFields(t)
	if !ok || !st.mentions(types[i]) {
		return v, false
	}
	st.keepStructs = true
	return fmtPrinter{c}.plainValue(st, v, 1, types[i], true)
}
