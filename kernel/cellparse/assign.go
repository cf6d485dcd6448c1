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
	if r.parallelNil(n) {
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

// parallelNil works around yaegi panicking ("reflect: New(nil)") on nil
// in a parallel assignment, `p, q = nil, x`: the values that are not
// constants go into fresh variables first, in order, then the
// assignments run one by one: `{ __gocellT1 := x; p = nil; q = __gocellT1 }`.
// Left to right is Go's order of assignment; it is only done when no
// left-hand operand holds a call or names a variable assigned before it.
func (r *rewriter) parallelNil(n *ast.AssignStmt) bool {
	hasNil := false
	for _, e := range n.Rhs {
		if id, ok := unparen(e).(*ast.Ident); ok && id.Name == "nil" && r.builtinHere(id) {
			hasNil = true
		}
	}
	if !hasNil {
		return false
	}
	assigned := map[string]bool{}
	for _, l := range n.Lhs {
		if callsOrReceives(l) {
			return false
		}
		if id, ok := l.(*ast.Ident); ok {
			assigned[id.Name] = true
			continue
		}
		clash := false
		ast.Inspect(l, func(x ast.Node) bool {
			if id, ok := x.(*ast.Ident); ok && assigned[id.Name] {
				clash = true
			}
			return !clash
		})
		if clash {
			return false
		}
	}
	var decls, sets []string
	for i, e := range n.Rhs {
		t := r.nodeText(e)
		if !r.inlineArg(e) {
			name := r.fresh("T")
			decls = append(decls, name+" := "+t+"; ")
			t = name
		}
		sets = append(sets, r.nodeText(n.Lhs[i])+" = "+t+"; ")
	}
	r.replace(r.off(n.Pos()), r.off(n.End()), "{ "+strings.Join(decls, "")+strings.Join(sets, "")+"}")
	return true
}
