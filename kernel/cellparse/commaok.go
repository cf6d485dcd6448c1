package cellparse

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// The interpreter crashes on comma-ok forms that declare variables at a
// cell's top level (`v, ok := m[k]`, `x, ok := y.(T)`, also as `var v, ok =
// ...`), while plain assignment to declared variables works. So the
// variables are declared first with values of the right types, then
// assigned, in one statement line:
//
//	v, ok := m[k]     ->  v, ok := m[k], false; v, ok = m[k]
//	x, ok := y.(T)    ->  x, ok := *new(T), false; x, ok = y.(T)
//
// m[k] is evaluated twice, so m and k must be free of calls and receives.
// A receive cannot be typed without receiving, so `v, ok := <-ch` is
// rewritten like the type assertion when ch's element type is known (ch made
// earlier in the cell, or Options.TypeOf knows it), and is an error that says
// what to write otherwise:
//
//	v, ok := <-ch     ->  v, ok := *new(E), false; v, ok = <-ch

// topCommaOK rewrites a top-level comma-ok statement; it runs after walk, so
// the right-hand side's own edits are taken along.
func (s *state) topCommaOK(r *rewriter, st ast.Stmt, it *Item) {
	var lhs []ast.Expr
	var rhs ast.Expr
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE || len(st.Lhs) != 2 || len(st.Rhs) != 1 {
			return
		}
		lhs, rhs = st.Lhs, st.Rhs[0]
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
			return
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		if len(vs.Names) != 2 || len(vs.Values) != 1 || !commaOKForm(vs.Values[0]) {
			return
		}
		if gd.Lparen.IsValid() || vs.Type != nil {
			r.errorf(r.off(gd.Pos()), "a comma-ok form in a var declaration at the top level of a cell is not supported: write `v, ok := ...` on its own line")
			return
		}
		// `var v, ok = X` becomes `v, ok := X`, then as below.
		r.replace(r.off(gd.Pos()), r.off(vs.Names[0].Pos()), "")
		r.replace(r.off(vs.Names[1].End()), r.off(vs.Values[0].Pos()), " := ")
		it.Kind = Stmt
		lhs, rhs = []ast.Expr{vs.Names[0], vs.Names[1]}, vs.Values[0]
	default:
		return
	}
	lhsText := r.s.t.src[r.off(lhs[0].Pos()):r.off(lhs[1].End())]
	lhsText = strings.Join(strings.Fields(lhsText), " ")
	switch x := unparen(rhs).(type) {
	case *ast.IndexExpr:
		if !pure(x.X) || !pure(x.Index) {
			r.errorf(r.off(x.Pos()), "at the top level of a cell, `v, ok := m[k]` needs m and k without function calls: assign the key to a variable first, or run it inside a function")
			return
		}
		t := r.nodeText(rhs)
		if strings.Contains(t, "\n") {
			r.errorf(r.off(x.Pos()), "at the top level of a cell, write `v, ok := m[k]` on one line")
			return
		}
		r.replace(r.off(rhs.Pos()), r.off(rhs.End()), t+", false; "+lhsText+" = "+t)
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return
		}
		typ := r.s.t.src[r.off(x.Type.Pos()):r.off(x.Type.End())]
		if strings.Contains(r.s.t.src[r.off(rhs.Pos()):r.off(rhs.End())], "\n") {
			r.errorf(r.off(x.Pos()), "at the top level of a cell, write `x, ok := y.(T)` on one line")
			return
		}
		// The guard's operand first: rendering it takes along the edits
		// inside it (assertOperand's).
		if operand, _, ok := r.guardedAssert(rhs); ok {
			r.replace(r.off(rhs.Pos()), r.off(rhs.End()), "*new("+typ+"), false; "+r.guard(lhsText, operand, typ))
			return
		}
		t := r.nodeText(rhs)
		r.replace(r.off(rhs.Pos()), r.off(rhs.End()), "*new("+typ+"), false; "+lhsText+" = "+t)
	case *ast.UnaryExpr:
		if x.Op != token.ARROW {
			return
		}
		if elem := s.chanElem(x.X); elem != "" {
			t := r.nodeText(rhs)
			if !strings.Contains(t, "\n") {
				r.replace(r.off(rhs.Pos()), r.off(rhs.End()), "*new("+elem+"), false; "+lhsText+" = "+t)
				return
			}
		}
		{
			r.errorf(r.off(x.Pos()), "`v, ok := <-ch` cannot run at the top level of a cell: declare the variables first (`var v T` with T the element type, and `var ok bool`), then write `v, ok = <-ch`; or receive inside a function")
		}
	}
}

func commaOKForm(e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.IndexExpr:
		return true
	case *ast.TypeAssertExpr:
		return x.Type != nil
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	}
	return false
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// pure reports whether evaluating e twice gives the same value with no side
// effects: names, literals, selectors, indexing, arithmetic, conversions.
func pure(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return pure(e.X)
	case *ast.SelectorExpr:
		return pure(e.X)
	case *ast.IndexExpr:
		return pure(e.X) && pure(e.Index)
	case *ast.StarExpr:
		return pure(e.X)
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && pure(e.X)
	case *ast.BinaryExpr:
		return pure(e.X) && pure(e.Y)
	case *ast.CompositeLit:
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if !pure(kv.Key) || !pure(kv.Value) {
					return false
				}
			} else if !pure(el) {
				return false
			}
		}
		return true
	case *ast.CallExpr:
		// Conversions to predeclared types only.
		id, ok := e.Fun.(*ast.Ident)
		if !ok || len(e.Args) != 1 || !(intTypes[id.Name] || id.Name == "string" || id.Name == "float64" || id.Name == "float32") {
			return false
		}
		return pure(e.Args[0])
	}
	return false
}

// chanElem returns the element type of a channel named by e at the cell's
// top level, as source text, or "" when unknown.
func (s *state) chanElem(e ast.Expr) string {
	id, ok := unparen(e).(*ast.Ident)
	if !ok {
		return ""
	}
	typ, known := s.cellTypes[id.Name]
	if !known && s.opt.TypeOf != nil {
		typ = s.opt.TypeOf(id.Name)
	}
	if typ == "" {
		return ""
	}
	te, err := parser.ParseExpr(typ)
	if err != nil {
		return ""
	}
	ct, ok := te.(*ast.ChanType)
	if !ok {
		return ""
	}
	return typ[ct.Value.Pos()-1 : ct.Value.End()-1]
}

// recordTypes remembers the written types of the cell's top-level
// variables where the source states them: `var x T`, `x := make(T, ...)`,
// `x := T{...}`. A later declaration without a visible type forgets it.
func (r *rewriter) recordTypes(st ast.Stmt) {
	s := r.s
	src := func(e ast.Expr) string { return s.t.src[r.off(e.Pos()):r.off(e.End())] }
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE {
			return
		}
		for i, l := range st.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				continue
			}
			s.cellTypes[id.Name] = ""
			if len(st.Rhs) == len(st.Lhs) {
				s.cellTypes[id.Name] = r.madeType(st.Rhs[i])
			}
		}
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok {
			return
		}
		for _, sp := range gd.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if !ok {
				continue
			}
			for i, id := range vs.Names {
				s.cellTypes[id.Name] = ""
				switch {
				case vs.Type != nil:
					s.cellTypes[id.Name] = src(vs.Type)
				case len(vs.Values) == len(vs.Names):
					s.cellTypes[id.Name] = r.madeType(vs.Values[i])
				}
			}
		}
	}
}

// madeType is T for an expression make(T, ...), else "".
func (r *rewriter) madeType(e ast.Expr) string {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return ""
	}
	fn, ok := call.Fun.(*ast.Ident)
	if !ok || fn.Name != "make" || !r.builtinHere(fn) {
		return ""
	}
	a := call.Args[0]
	return r.s.t.src[r.off(a.Pos()):r.off(a.End())]
}

// A comma-ok assertion to error or a package's type panics in the
// interpreter when the operand is nil ("reflect: call of reflect.Value.Type
// on zero Value") where Go gives the zero value and false. The assertion
// is guarded by a nil check, keeping its own form (inside a func literal
// it would return a cell's error type wrongly):
//
//	x, ok := v.(error)           ->  x, ok := *new(error), false; if __gocellA1 := v; __gocellA1 != nil { x, ok = __gocellA1.(error) }
//	x, ok = v.(error)            ->  if __gocellA1 := v; __gocellA1 != nil { x, ok = __gocellA1.(error) } else { x, ok = *new(error), false }
//	var x, ok = v.(error)        ->  var x, ok = *new(error), false; if ... { x, ok = ... }
//	if x, ok := v.(error); ok {  ->  { x, ok := *new(error), false; if ... { x, ok = ... }; if ok { ... } }
//
// v must be free of calls (a name, a field, an index); other forms are
// left as written.

// guardedAssert returns the parts of a comma-ok assertion that needs the
// guard: the operand's and the type's text; ok is false otherwise.
func (r *rewriter) guardedAssert(e ast.Expr) (operand, typ string, ok bool) {
	x, isAssert := unparen(e).(*ast.TypeAssertExpr)
	if !isAssert || x.Type == nil || !pure(x.X) || !r.compiledIface(x.Type) {
		return "", "", false
	}
	operand, typ = r.nodeText(x.X), r.nodeText(x.Type)
	if strings.Contains(operand+typ, "\n") {
		return "", "", false
	}
	return operand, typ, true
}

// compiledIface reports whether a type expression may name a compiled
// interface type: error, or a package's type.
func (r *rewriter) compiledIface(t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.Ident:
		return t.Name == "error" && r.builtinHere(t)
	case *ast.SelectorExpr:
		pkg, ok := t.X.(*ast.Ident)
		return ok && (r.s.opt.IsInterface == nil || r.s.opt.IsInterface(pkg.Name, t.Sel.Name))
	}
	return false
}

// guard is the statement assigning lhs from operand.(typ) when operand is
// not nil.
func (r *rewriter) guard(lhs, operand, typ string) string {
	a := r.fresh("A")
	return "if " + a + " := " + operand + "; " + a + " != nil { " + lhs + " = " + a + ".(" + typ + ") }"
}

// nilSafeAssign guards a comma-ok assertion statement in a block.
func (r *rewriter) nilSafeAssign(n *ast.AssignStmt) {
	if len(n.Lhs) != 2 || len(n.Rhs) != 1 {
		return
	}
	switch r.parent().(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
	case nil:
		if n.Tok == token.DEFINE {
			return // a cell's top level: topCommaOK
		}
	default:
		return
	}
	operand, typ, ok := r.guardedAssert(n.Rhs[0])
	if !ok {
		return
	}
	lhs := r.nodeText(n.Lhs[0]) + ", " + r.nodeText(n.Lhs[1])
	var text string
	if n.Tok == token.DEFINE {
		text = lhs + " := *new(" + typ + "), false; " + r.guard(lhs, operand, typ)
	} else {
		text = r.guard(lhs, operand, typ) + " else { " + lhs + " = *new(" + typ + "), false }"
	}
	r.replace(r.off(n.Pos()), r.off(n.End()), text)
}

// nilSafeVar guards `var x, ok = v.(T)` in a block.
func (r *rewriter) nilSafeVar(n *ast.DeclStmt) {
	gd, ok := n.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 || gd.Lparen.IsValid() {
		return
	}
	if _, inBlock := r.parent().(*ast.BlockStmt); !inBlock {
		return
	}
	vs := gd.Specs[0].(*ast.ValueSpec)
	if len(vs.Names) != 2 || len(vs.Values) != 1 || vs.Type != nil {
		return
	}
	operand, typ, ok := r.guardedAssert(vs.Values[0])
	if !ok {
		return
	}
	lhs := vs.Names[0].Name + ", " + vs.Names[1].Name
	r.replace(r.off(n.Pos()), r.off(n.End()), "var "+lhs+" = *new("+typ+"), false; "+r.guard(lhs, operand, typ))
}

// nilSafeIf guards `if x, ok := v.(T); cond {` by declaring x and ok in
// a block around the if.
func (r *rewriter) nilSafeIf(n *ast.IfStmt) {
	as, ok := n.Init.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 || r.lifts[n] {
		return
	}
	operand, typ, ok := r.guardedAssert(as.Rhs[0])
	if !ok {
		return
	}
	lhs := r.nodeText(as.Lhs[0]) + ", " + r.nodeText(as.Lhs[1])
	r.replace(r.off(n.Pos()), r.off(n.Cond.Pos()), "{ "+lhs+" := *new("+typ+"), false; "+r.guard(lhs, operand, typ)+"; if ")
	r.insertAround(r.off(n.End()), " }")
}
