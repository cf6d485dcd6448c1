package cellparse

import (
	"fmt"
	"go/ast"
	"go/token"
)

// yaegi v0.16.1 does not check how many values a call gives where one is
// wanted: `n := strconv.Atoi(s)` keeps the first result and drops the
// error, `f(two(), 3)` passes two()'s first result, and `_ = two()`
// panics inside the interpreter. Go rejects all three at compile time, and
// a learner who is told nothing loses the error Go makes them handle. So
// calls whose result count is known (funcs of the cells, functions of
// compiled packages) are checked here, with Go's wording.

// callResults returns how many results c gives and the callee's text, or
// -1 when that is not known here (a func value, a method of a value made
// in this cell, a builtin).
func (r *rewriter) callResults(c *ast.CallExpr) (int, string) {
	switch fun := unparen(c.Fun).(type) {
	case *ast.Ident:
		if fun.Obj != nil {
			if fd, ok := fun.Obj.Decl.(*ast.FuncDecl); ok && fun.Obj.Kind == ast.Fun {
				return fd.Type.Results.NumFields(), fun.Name
			}
			return -1, ""
		}
		if r.builtinHere(fun) {
			return -1, ""
		}
		if n, ok := r.s.results[fun.Name]; ok {
			return n, fun.Name
		}
		if r.s.top[fun.Name] {
			return -1, "" // this cell makes it anew, not as a func
		}
		if r.s.opt.Results != nil {
			return r.s.opt.Results(fun.Name), fun.Name
		}
	case *ast.SelectorExpr:
		x, ok := fun.X.(*ast.Ident)
		if !ok || !r.pc.unres[x] || r.s.opt.Results == nil {
			return -1, ""
		}
		name := x.Name + "." + fun.Sel.Name
		switch {
		case !r.s.userDeclared(x.Name):
			return r.s.opt.Results(name), name
		case !r.s.top[x.Name]:
			// A method of an earlier cell's variable (m.Dims()).
			return r.s.opt.Results("$" + name), name
		}
	}
	return -1, ""
}

// checkArity reports Go's error for an assignment, a var declaration or
// a call that uses a call's results in a number they do not come in.
func (r *rewriter) checkArity(n ast.Node) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok == token.DEFINE || n.Tok == token.ASSIGN {
			r.checkAssignCount(len(n.Lhs), n.Rhs)
		}
	case *ast.ValueSpec:
		if len(n.Values) > 0 {
			r.checkAssignCount(len(n.Names), n.Values)
		}
	case *ast.CallExpr:
		if len(n.Args) < 2 {
			return // f(g()) passes all of g's results
		}
		for _, a := range n.Args {
			r.checkSingle(a)
		}
	case *ast.BinaryExpr:
		r.checkSingle(n.X)
		r.checkSingle(n.Y)
	}
}

// checkAssignCount checks lhs variables against the values of rhs when
// rhs is a single call.
func (r *rewriter) checkAssignCount(lhs int, rhs []ast.Expr) {
	c, ok := unparen(rhs[0]).(*ast.CallExpr)
	if len(rhs) > 1 || !ok {
		if lhs != len(rhs) && !(lhs == 2 && len(rhs) == 1 && commaOKShape(rhs[0])) {
			// yaegi says "unsupported assign expression" for var a, b = 1.
			r.errorf(r.off(rhs[0].Pos()), fmt.Sprintf("assignment mismatch: %s but %s", count(lhs, "variable"), count(len(rhs), "value")))
		}
		return
	}
	n, name := r.callResults(c)
	switch {
	case n < 0 || n == lhs:
	case n == 0:
		r.errorf(r.off(c.Pos()), fmt.Sprintf("%s (no value) used as value", r.s.t.src[r.off(c.Pos()):r.off(c.End())]))
	default:
		r.errorf(r.off(c.Pos()), fmt.Sprintf("assignment mismatch: %s but %s returns %s", count(lhs, "variable"), name, count(n, "value")))
	}
}

// checkSingle reports a call in e's place that gives no value or several
// where exactly one is wanted.
func (r *rewriter) checkSingle(e ast.Expr) {
	c, ok := unparen(e).(*ast.CallExpr)
	if !ok {
		return
	}
	n, _ := r.callResults(c)
	text := r.s.t.src[r.off(c.Pos()):r.off(c.End())]
	switch {
	case n == 0:
		r.errorf(r.off(c.Pos()), fmt.Sprintf("%s (no value) used as value", text))
	case n > 1:
		r.errorf(r.off(c.Pos()), fmt.Sprintf("multiple-value %s (%s) in single-value context", text, count(n, "value")))
	}
}

// commaOKShape reports whether e may give a second, boolean value: an
// index (of a map), a type assertion or a receive.
func commaOKShape(e ast.Expr) bool {
	switch e := unparen(e).(type) {
	case *ast.IndexExpr, *ast.TypeAssertExpr:
		return true
	case *ast.UnaryExpr:
		return e.Op == token.ARROW
	}
	return false
}

// count is "1 variable", "2 variables".
func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
