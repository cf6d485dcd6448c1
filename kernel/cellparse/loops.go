package cellparse

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// The interpreter mis-scopes `x := x` (the shadowing copy a Go programmer
// would write for a per-iteration variable: loops then run away or closures
// see the wrong value), so per-iteration copies rename the loop's own
// variable to a generated name and declare the user's name in the body:
//
//	for _, v := range xs { BODY }   ->  for _, __gocellV1 := range xs { v := __gocellV1; BODY }
//
// Generated names start with __gocell and carry a counter unique in the cell.

func (r *rewriter) fresh(prefix string) string {
	r.s.seq++
	return fmt.Sprintf("__gocell%s%d", prefix, r.s.seq)
}

// prologue inserts statements at the start of a loop body, after the
// interrupt check's place, on the line of the opening brace.
// When the body runs in a func literal (see bodyOpen), the statements go
// inside it.
func (r *rewriter) prologue(loop ast.Stmt, body *ast.BlockStmt, stmts []string) {
	if r.s.opt.LoopCheck != "" {
		stmts = append(stmts, strings.TrimSuffix(strings.TrimSpace(r.s.opt.LoopCheck), ";")+";")
	}
	if open := r.bodyOpen(loop); open != "" {
		stmts = append([]string{open}, stmts...)
	}
	if len(stmts) == 0 {
		return
	}
	r.insertFirst(r.off(body.Lbrace)+1, " "+strings.Join(stmts, " "))
}

// rangeLoop rewrites range over an integer into a 3-clause loop over a
// hidden counter (Go 1.22: the count is evaluated once, the variable has the
// count's type, and assigning it in the body does not change the iteration):
//
//	for i := range N { BODY }
//	->
//	{ __gocellN1 := N; for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ { i := __gocellI2; _ = i; BODY } }
//
// A label moves inside the added block, onto the for. Other range loops
// with := get per-iteration copies when the body captures a variable.
func (r *rewriter) rangeLoop(n *ast.RangeStmt) {
	if fl, ok := n.X.(*ast.FuncLit); ok {
		r.errorf(r.off(fl.Pos()), "range over a function (an iterator) is not supported here: call the function with a yield callback instead")
		return
	}
	if n.Value == nil && r.isInt(n.X, 0) {
		r.rangeInt(n)
		return
	}
	if n.Tok != token.DEFINE {
		r.prologue(n, n.Body, nil)
		return
	}
	objs := loopObjs(n.Key, n.Value)
	var stmts []string
	if len(objs) > 0 && captures(n.Body, objs) {
		for _, e := range []ast.Expr{n.Key, n.Value} {
			if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
				name := r.fresh("V")
				r.replace(r.off(id.Pos()), r.off(id.End()), name)
				stmts = append(stmts, id.Name+" := "+name+";")
			}
		}
	}
	r.prologue(n, n.Body, stmts)
}

func (r *rewriter) rangeInt(n *ast.RangeStmt) {
	count, ctr := r.fresh("N"), r.fresh("I")
	start, label := r.off(n.For), ""
	if lab, ok := r.parent().(*ast.LabeledStmt); ok && lab.Stmt == n {
		start, label = r.off(lab.Pos()), lab.Label.Name+": "
	}
	var stmts []string
	if id, ok := n.Key.(*ast.Ident); ok && id.Name == "_" {
		// nothing to bind
	} else if n.Key != nil {
		key := r.nodeText(n.Key)
		if n.Tok == token.DEFINE {
			stmts = append(stmts, key+" := "+ctr+"; _ = "+key+";")
		} else {
			stmts = append(stmts, key+" = "+ctr+";")
		}
	}
	r.replace(start, r.off(n.X.Pos()), "{ "+count+" := ")
	r.replace(r.off(n.X.End()), r.off(n.Body.Lbrace),
		fmt.Sprintf("; %sfor %s := %s - %s; %s < %s; %s++ ", label, ctr, count, count, ctr, count, ctr))
	r.prologue(n, n.Body, stmts)
	r.insert(r.off(n.Body.Rbrace)+1, " }")
}

// forLoop gives a 3-clause loop per-iteration copies of its := variables
// when the body captures one (a func literal, go or defer statement uses
// it, or its address is taken):
//
//	for i := 0; i < n; i++ { BODY }   ->  for __gocellL1 := 0; __gocellL1 < n; __gocellL1++ { i := __gocellL1; BODY }
//
// Only when the body never assigns the variables: Go 1.22 copies the
// per-iteration variable back before the post statement, so `i += 2` in the
// body changes the iteration; a copy at the top of the body would lose that
// assignment (and copying back at every continue is more than a text edit
// can do). Such loops keep the shared variable, as before Go 1.22.
func (r *rewriter) forLoop(n *ast.ForStmt) {
	var stmts []string
	if as, ok := n.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
		objs := loopObjs(as.Lhs...)
		if len(objs) > 0 && captures(n.Body, objs) && !assigns(n.Body, objs) {
			names := map[*ast.Object]string{}
			for _, e := range as.Lhs {
				if id, ok := e.(*ast.Ident); ok && objs[id.Obj] {
					names[id.Obj] = r.fresh("L")
					stmts = append(stmts, id.Name+" := "+names[id.Obj]+";")
				}
			}
			for _, part := range []ast.Node{n.Init, n.Cond, n.Post} {
				if part == nil {
					continue
				}
				ast.Inspect(part, func(x ast.Node) bool {
					if id, ok := x.(*ast.Ident); ok && id.Obj != nil && names[id.Obj] != "" {
						r.replace(r.off(id.Pos()), r.off(id.End()), names[id.Obj])
					}
					return true
				})
			}
		}
	}
	r.prologue(n, n.Body, stmts)
}

// loopObjs collects the objects of the non-blank identifiers among es.
func loopObjs(es ...ast.Expr) map[*ast.Object]bool {
	objs := map[*ast.Object]bool{}
	for _, e := range es {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" && id.Obj != nil {
			objs[id.Obj] = true
		}
	}
	return objs
}

// captures reports whether body lets a loop variable outlive its iteration:
// a func literal, go or defer statement mentions it, or its address is taken.
func captures(body *ast.BlockStmt, objs map[*ast.Object]bool) bool {
	found := false
	mentions := func(n ast.Node) bool {
		hit := false
		ast.Inspect(n, func(x ast.Node) bool {
			if id, ok := x.(*ast.Ident); ok && objs[id.Obj] {
				hit = true
			}
			return !hit
		})
		return hit
	}
	ast.Inspect(body, func(x ast.Node) bool {
		if found {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			found = mentions(x)
			return false
		case *ast.UnaryExpr:
			if id, ok := x.X.(*ast.Ident); ok && x.Op == token.AND && objs[id.Obj] {
				found = true
			}
		}
		return true
	})
	return found
}

// assigns reports whether body may change a loop variable: assignment,
// ++/--, a range assigning it, or its address taken.
func assigns(body *ast.BlockStmt, objs map[*ast.Object]bool) bool {
	is := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && objs[id.Obj]
	}
	found := false
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				found = found || is(l)
			}
		case *ast.IncDecStmt:
			found = found || is(x.X)
		case *ast.RangeStmt:
			found = found || x.Tok == token.ASSIGN && (is(x.Key) || is(x.Value))
		case *ast.UnaryExpr:
			found = found || x.Op == token.AND && is(x.X)
		}
		return !found
	})
	return found
}
