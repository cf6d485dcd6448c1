package cellparse

import (
	"go/ast"
	"go/token"
	"strings"
)

// parallelAssign works around yaegi dropping the plain values of a
// parallel assignment when another right-hand value is a call or a
// receive: `a, b = x, f(x)` leaves a zero. The values holding calls move,
// in their order, into fresh variables declared just before, inside a
// block on the same lines:
//
//	a, b = x, f(x)   ->   { __gocellT1 := f(x); a, b = x, __gocellT1 }
//
// The plain values stay in place (they keep untyped-constant typing, and
// nil stays assignable). Go evaluates calls left to right, which the
// declarations keep. Not handled: an assignment in an if/for/switch header
// (there is no room for a statement before it), and a left-hand side whose
// index operands hold calls (those now run after the right-hand calls).
func (r *rewriter) parallelAssign(n *ast.AssignStmt) {
	if n.Tok != token.ASSIGN || len(n.Rhs) < 2 || len(n.Lhs) != len(n.Rhs) {
		return
	}
	switch r.parent().(type) {
	case nil, *ast.BlockStmt, *ast.CaseClause, *ast.CommClause, *ast.LabeledStmt:
	default:
		return // a header's init or post statement
	}
	if cc, ok := r.parent().(*ast.CommClause); ok && cc.Comm == n {
		return
	}
	hoist := false
	for _, e := range n.Rhs {
		hoist = hoist || callsOrReceives(e)
	}
	if !hoist {
		return
	}
	var decls, lhs, rhs []string
	for _, e := range n.Lhs {
		lhs = append(lhs, r.nodeText(e))
	}
	for _, e := range n.Rhs {
		t := r.nodeText(e)
		if !callsOrReceives(e) {
			rhs = append(rhs, t)
			continue
		}
		name := r.fresh("T")
		decls = append(decls, name+" := "+t+"; ")
		rhs = append(rhs, name)
	}
	text := "{ " + strings.Join(decls, "") + strings.Join(lhs, ", ") + " = " + strings.Join(rhs, ", ") + " }"
	r.replace(r.off(n.Pos()), r.off(n.End()), text)
}

// callsOrReceives reports whether evaluating e calls a function or
// receives from a channel (func literals' bodies aside).
func callsOrReceives(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			found = true
		case *ast.UnaryExpr:
			found = found || x.Op == token.ARROW
		}
		return !found
	})
	return found
}
