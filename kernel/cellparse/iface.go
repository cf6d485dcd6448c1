package cellparse

import (
	"go/ast"
	"go/token"
	"strings"
)

// AppendFunc names the helper the loop-append rewrite calls; the evaluator
// must define it before running rewritten code, as
// `func AppendFunc[E any, V any](s []E, v V) []E { return append(s, v) }`.
const AppendFunc = "__gocellAppend"

// loopAppend works around yaegi's conversion of a cell-typed value to a
// compiled interface: the interface keeps reading the expression it was
// made from, in the frame it was made in, whenever a method is called. In
// a loop the next iteration overwrites that slot, so
//
//	for i := 0; i < 3; i++ { ls = append(ls, &A{id: i}) }   // ls []dnn.Layer
//
// leaves three interfaces calling the last A. A call's own frame is fresh,
// so inside loop bodies an append of such a value goes through a generic
// helper, whose parameter is the slot the interface reads:
//
//	ls = append(ls, &A{id: i}, x)   ->   ls = __gocellAppend(__gocellAppend(ls, &A{id: i}), x)
//
// The values that may be of a cell's types are composite literals of a
// named type, calls of a plain function name and variables; constants and
// literals stay with the builtin append (the helper's V would not take an
// untyped constant's type from the slice).
func (r *rewriter) loopAppend(c *ast.CallExpr) {
	id, ok := c.Fun.(*ast.Ident)
	if !ok || id.Name != "append" || !r.builtinHere(id) || c.Ellipsis.IsValid() || len(c.Args) < 2 || !r.inLoopBody() {
		return
	}
	need := false
	for _, a := range c.Args[1:] {
		need = need || r.mayBeCellValue(a)
	}
	if !need {
		return
	}
	expr := r.nodeText(c.Args[0])
	var plain []string
	flush := func() {
		if len(plain) > 0 {
			expr = "append(" + expr + ", " + strings.Join(plain, ", ") + ")"
			plain = nil
		}
	}
	for _, a := range c.Args[1:] {
		t := r.nodeText(a)
		if !r.mayBeCellValue(a) {
			plain = append(plain, t)
			continue
		}
		flush()
		expr = AppendFunc + "(" + expr + ", " + t + ")"
	}
	flush()
	r.replace(r.off(c.Pos()), r.off(c.End()), expr)
}

// inLoopBody reports whether the node being left lies in a for or range
// body, within the same function.
func (r *rewriter) inLoopBody() bool {
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch n := r.stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.ForStmt:
			if i+1 < len(r.stack) && r.stack[i+1] == n.Body {
				return true
			}
		case *ast.RangeStmt:
			if i+1 < len(r.stack) && r.stack[i+1] == n.Body {
				return true
			}
		}
	}
	return false
}

// mayBeCellValue reports whether e may be a value of a type declared in a
// cell (and is typed): a composite literal of a named type (or its
// address), a call of a plain function name, or a variable.
func (r *rewriter) mayBeCellValue(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return r.mayBeCellValue(e.X)
	case *ast.UnaryExpr:
		return e.Op == token.AND && r.mayBeCellValue(e.X)
	case *ast.CompositeLit:
		id, ok := e.Type.(*ast.Ident)
		return ok && !(r.pc.unres[id] && universe[id.Name] && !r.s.userDeclared(id.Name))
	case *ast.CallExpr:
		id, ok := e.Fun.(*ast.Ident)
		return ok && !r.builtinHere(id) && !(r.pc.unres[id] && universe[id.Name])
	case *ast.Ident:
		if r.s.cellInt[e.Name] && e.Obj == nil {
			return false // an integer of the cell's top level, maybe a constant
		}
		if r.pc.unres[e] {
			if universe[e.Name] && !r.s.userDeclared(e.Name) {
				return false
			}
			// An earlier cell's name: a constant of an integer type would
			// not convert to a float slice's elements in the helper.
			return r.s.opt.IsInteger == nil || !r.s.opt.IsInteger(e.Name)
		}
		return e.Obj != nil && e.Obj.Kind == ast.Var
	}
	return false
}

// isIfaceConv reports whether c converts one value to an interface type
// of a compiled package (Options.IsInterface).
func (r *rewriter) isIfaceConv(c *ast.CallExpr) bool {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || len(c.Args) != 1 || c.Ellipsis.IsValid() || r.s.opt.IsInterface == nil {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && r.pc.unres[x] && !r.s.userDeclared(x.Name) && r.s.opt.IsInterface(x.Name, sel.Sel.Name)
}

// ifaceConv works around yaegi failing to convert a cell's value to an
// interface type of a compiled package ("reflect.Set: value of type
// struct {...} is not assignable to type fmt.Stringer"), a variable or
// not; assigning it to a variable of that type works:
//
//	fmt.Stringer(x)   ->   func() fmt.Stringer { var __gocellC1 fmt.Stringer = x; return __gocellC1 }()
//
// The argument's text stays in place, so hoistArgs can still copy it.
func (r *rewriter) ifaceConv(c *ast.CallExpr) {
	if !r.isIfaceConv(c) {
		return
	}
	a := c.Args[0]
	if r.overlapsLive(r.off(c.Pos()), r.off(a.Pos())) || r.overlapsLive(r.off(a.End()), r.off(c.End())) {
		return
	}
	typ, v := r.nodeText(c.Fun), r.fresh("C")
	r.replace(r.off(c.Pos()), r.off(a.Pos()), "func() "+typ+" { var "+v+" "+typ+" = ")
	r.replace(r.off(a.End()), r.off(c.End()), "; return "+v+" }()")
}

// paramIface works around yaegi failing to pass a value held in an
// interface type a cell declared to a compiled function's parameter of a
// compiled interface type ("reflect: Call using *struct {...} as type
// dnn.Layer"); assigning it to a variable of that type works. When
// Options.ParamInterface knows the callee's parameter type, an argument
// that may hold such a value goes through a typed variable:
//
//	seq.Add(l)   ->   seq.Add(func() dnn.Layer { var __gocellC1 dnn.Layer = l; return __gocellC1 }())
//
// The callee is known for a package's function, a method of an earlier
// cell's variable, and a method of a variable made by a package's
// function or a composite literal of a package's type.
func (r *rewriter) paramIface(c *ast.CallExpr) {
	if r.s.opt.ParamInterface == nil || c.Ellipsis.IsValid() {
		return
	}
	recv, fun := r.callee(c)
	if fun == "" {
		return
	}
	for i, a := range c.Args {
		switch unparen(a).(type) {
		case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr, *ast.TypeAssertExpr:
		default:
			continue
		}
		if id, ok := unparen(a).(*ast.Ident); ok && (id.Name == "nil" && r.builtinHere(id) || id.Obj != nil && id.Obj.Kind != ast.Var) {
			continue
		}
		if r.pkgType(unparen(a)) != "" || r.compiledValue(a) {
			continue // compiled: yaegi passes it
		}
		typ, imported := r.s.opt.ParamInterface(recv, fun, i)
		if q, _, _ := strings.Cut(typ, "."); typ == "" || !imported && !r.s.pkgs[q] || r.overlapsLive(r.off(a.Pos()), r.off(a.End())) {
			continue
		}
		v := r.fresh("C")
		r.insertAround(r.off(a.Pos()), "func() "+typ+" { var "+v+" "+typ+" = ")
		r.insertAround(r.off(a.End()), "; return "+v+" }()")
	}
}

// callee describes a call's function for Options.ParamInterface: "" and
// "pkg.F" for a package's function; for a method M, M and its receiver as
// "$x" (an earlier cell's variable x), "pkg.F()" (made by a package's
// function), "pkg.T" or "*pkg.T" (a literal of a package's type, or a
// variable or parameter declared with it). fun is "" when the callee is
// none of those.
func (r *rewriter) callee(c *ast.CallExpr) (recv, fun string) {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", ""
	}
	x, ok := unparen(sel.X).(*ast.Ident)
	if !ok {
		return "", ""
	}
	if x.Obj == nil && r.pc.unres[x] {
		switch {
		case r.s.recvs[x.Name] != "":
			return r.s.recvs[x.Name], sel.Sel.Name
		case r.s.userDeclared(x.Name):
			if _, ok := r.s.vars[x.Name]; !ok && !r.s.top[x.Name] {
				return "$" + x.Name, sel.Sel.Name // an earlier cell's
			}
			return "", ""
		}
		return "", x.Name + "." + sel.Sel.Name
	}
	if x.Obj == nil || x.Obj.Kind != ast.Var {
		return "", ""
	}
	switch d := x.Obj.Decl.(type) {
	case *ast.Field: // a parameter or result
		if t := r.pkgType(d.Type); t != "" {
			return t, sel.Sel.Name
		}
	case *ast.AssignStmt:
		for i, l := range d.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Obj == x.Obj && len(d.Lhs) == len(d.Rhs) {
				if t := r.madeBy(d.Rhs[i]); t != "" {
					return t, sel.Sel.Name
				}
			}
		}
	case *ast.ValueSpec:
		for i, id := range d.Names {
			if id.Obj != x.Obj {
				continue
			}
			if t := r.pkgType(d.Type); t != "" {
				return t, sel.Sel.Name
			}
			if len(d.Values) == len(d.Names) {
				if t := r.madeBy(d.Values[i]); t != "" {
					return t, sel.Sel.Name
				}
			}
		}
	}
	return "", ""
}

// madeBy describes what e makes when it is a call of a package's function
// ("pkg.F()") or a literal of a package's type ("pkg.T", "*pkg.T").
func (r *rewriter) madeBy(e ast.Expr) string {
	switch e := unparen(e).(type) {
	case *ast.CallExpr:
		if f := r.pkgType(e.Fun); f != "" && !e.Ellipsis.IsValid() {
			return f + "()"
		}
	case *ast.CompositeLit:
		return r.pkgType(e.Type)
	case *ast.UnaryExpr:
		if cl, ok := unparen(e.X).(*ast.CompositeLit); ok && e.Op == token.AND {
			if t := r.pkgType(cl.Type); t != "" {
				return "*" + t
			}
		}
	}
	return ""
}

// pkgType is "pkg.N" (or "*pkg.N") for a selector of a package's member.
func (r *rewriter) pkgType(e ast.Expr) string {
	star := ""
	if s, ok := e.(*ast.StarExpr); ok {
		star, e = "*", s.X
	}
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok || x.Obj != nil || !r.pc.unres[x] || r.s.userDeclared(x.Name) {
		return ""
	}
	return star + x.Name + "." + sel.Sel.Name
}

// compiledValue reports whether e is a variable known to hold a compiled
// package's value: made by a package's function or literal, declared with
// a package's type, or an earlier cell's variable of such a type.
func (r *rewriter) compiledValue(e ast.Expr) bool {
	id, ok := unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	if id.Obj == nil {
		switch {
		case !r.pc.unres[id]:
			return false
		case r.s.recvs[id.Name] != "":
			return true
		case r.s.top[id.Name]:
			return false
		}
		return r.s.userDeclared(id.Name) && r.s.opt.IsVar != nil && !r.s.opt.IsVar(id.Name)
	}
	switch d := id.Obj.Decl.(type) {
	case *ast.Field:
		return r.pkgType(d.Type) != ""
	case *ast.ValueSpec:
		return r.pkgType(d.Type) != ""
	case *ast.AssignStmt:
		for i, l := range d.Lhs {
			if lid, ok := l.(*ast.Ident); ok && lid.Obj == id.Obj {
				switch {
				case len(d.Lhs) == len(d.Rhs):
					return r.madeBy(d.Rhs[i]) != ""
				case i == 0 && len(d.Rhs) == 1:
					return r.madeBy(d.Rhs[0]) != "" // v, err := pkg.F()
				}
			}
		}
	}
	return false
}
