package cellparse

import (
	"go/ast"
	"go/token"
)

// A value of a cell's type converted to an interface keeps reading the
// slot it was made from (see loopAppend). A loop body reuses its slots
// every iteration; a func literal called on the spot gets fresh ones. So a
// loop body that converts such values (hoistArgs decides) runs, whole, in
// a func literal per iteration, its break and continue turned into
// returns:
//
//	for _, x := range xs { a := NewA(x); n := f(a); if n > 3 { break } }
//	->
//	for _, x := range xs { if func() bool { a := NewA(x); n := f(a); if n > 3 { return true }; return false }() { break } }
//
// A return, or a branch to a label outside the body, becomes a return of
// the literal whose first result says what to do after it (0 next
// iteration, 1 break, 2 return its other results, 3 and up one branch
// each), done by statements after the call:
//
//	for ... { if __gocellK1, __gocellR2 := func() (int, error) { BODY; return 0, *new(error) }(); __gocellK1 != 0 { if __gocellK1 == 1 { break }; if __gocellK1 == 3 { continue Outer }; return __gocellR2 } }
//
// Loops nest: when the loop around also runs its body in a literal, the
// statements after an inner call (continue Outer, return R2) are in that
// literal and become its returns in turn (exits.go).
//
// A body that defers cannot be moved (the deferred call would run at the
// end of the iteration), nor one with a bare return while a result is
// named _; hoistArgs then wraps single statements instead.

// loopFrame is what the body wrap of one loop needs.
type loopFrame struct {
	ok     bool              // the body can run in a func literal
	wrap   bool              // and some statement in it needs that
	exits  []exitRef         // branches and returns that leave the body
	inComm map[ast.Node]bool // branches standing directly in a select case
	label  string            // the loop's label, if any
	body   *ast.BlockStmt    // the loop's body
	labels map[string]bool   // labels declared inside the body
	fn     *ast.FuncType     // the function around the loop; nil at a cell's top level
	// pending are the exits inner loops' wraps put in the body
	pending []*exitEdit
}

// exitRef is a branch or return that leaves a loop body, with the loops
// inside the body around it: when one of those runs its body in a literal
// too, that frame rewrites it first (see bodyOpen).
type exitRef struct {
	stmt ast.Stmt // *ast.BranchStmt or *ast.ReturnStmt
	path []ast.Stmt
}

// innerLoop returns the innermost loop whose body holds the node being
// left, within the same function, and its index on the stack.
func (r *rewriter) innerLoop() (ast.Stmt, *ast.BlockStmt, int) {
	return loopAround(r.stack, len(r.stack)-1)
}

// loopAround returns the innermost loop among stack[:i+1] whose body holds
// stack[i+1], within the same function, and its index.
func loopAround(stack []ast.Node, i int) (ast.Stmt, *ast.BlockStmt, int) {
	for ; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil, nil, -1
		case *ast.ForStmt:
			if i+1 < len(stack) && stack[i+1] == n.Body {
				return n, n.Body, i
			}
		case *ast.RangeStmt:
			if i+1 < len(stack) && stack[i+1] == n.Body {
				return n, n.Body, i
			}
		}
	}
	return nil, nil, -1
}

// wrapLoopBody asks for the innermost loop's body to run in a func literal
// and reports whether it can.
func (r *rewriter) wrapLoopBody() bool {
	loop, body, i := r.innerLoop()
	if loop == nil {
		return false
	}
	f := r.frames[loop]
	if f == nil || f.body == nil {
		label := ""
		if i > 0 {
			if lab, ok := r.stack[i-1].(*ast.LabeledStmt); ok && lab.Stmt == loop {
				label = lab.Label.Name
			}
		}
		var fn *ast.FuncType
		for j := i - 1; j >= 0 && fn == nil; j-- {
			switch n := r.stack[j].(type) {
			case *ast.FuncLit:
				fn = n.Type
			case *ast.FuncDecl:
				fn = n.Type
			}
		}
		g := analyseBody(body, label, fn)
		if f != nil {
			g.pending = f.pending
		}
		f = g
		r.frames[loop] = f
	}
	f.wrap = f.wrap || f.ok
	return f.ok
}

// analyseBody finds the branches and returns that leave a loop body and
// whether it can move into a func literal.
func analyseBody(body *ast.BlockStmt, label string, fn *ast.FuncType) *loopFrame {
	f := &loopFrame{ok: true, label: label, body: body, fn: fn, labels: map[string]bool{}, inComm: map[ast.Node]bool{}}
	ast.Inspect(body, func(x ast.Node) bool {
		if l, ok := x.(*ast.LabeledStmt); ok {
			f.labels[l.Label.Name] = true
		}
		return true
	})
	var stack []ast.Node
	ast.Inspect(body, func(x ast.Node) bool {
		if x == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		parent := ast.Node(nil)
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		stack = append(stack, x)
		switch x := x.(type) {
		case *ast.FuncLit:
			stack = stack[:len(stack)-1]
			return false
		case *ast.DeferStmt:
			f.ok = false
		case *ast.ReturnStmt:
			if f.bareUnderscore(x) {
				f.ok = false
			}
			f.exits = append(f.exits, exitRef{x, loopsOn(stack)})
		case *ast.BranchStmt:
			if f.leaves(x, stack[:len(stack)-1]) {
				f.exits = append(f.exits, exitRef{x, loopsOn(stack)})
			}
			if _, ok := parent.(*ast.CommClause); ok {
				f.inComm[x] = true
			}
		}
		return f.ok
	})
	return f
}

// loopsOn returns the loops on an inspection stack whose bodies are on it.
func loopsOn(stack []ast.Node) []ast.Stmt {
	var loops []ast.Stmt
	for i := 0; i+1 < len(stack); i++ {
		switch n := stack[i].(type) {
		case *ast.ForStmt:
			if stack[i+1] == n.Body {
				loops = append(loops, n)
			}
		case *ast.RangeStmt:
			if stack[i+1] == n.Body {
				loops = append(loops, n)
			}
		}
	}
	return loops
}

// bareUnderscore reports whether x is a bare return of a function that
// names a result _, which the literal could not return.
func (f *loopFrame) bareUnderscore(x *ast.ReturnStmt) bool {
	if len(x.Results) > 0 || f.fn == nil || f.fn.Results == nil {
		return false
	}
	for _, fl := range f.fn.Results.List {
		for _, id := range fl.Names {
			if id.Name == "_" {
				return true
			}
		}
	}
	return false
}

// leaves reports whether a branch statement of the body leaves it: a
// break or continue of this loop, or a branch to a label outside the body.
// outer holds the nodes around it inside the body.
func (f *loopFrame) leaves(b *ast.BranchStmt, outer []ast.Node) bool {
	if b.Label != nil {
		return !f.labels[b.Label.Name]
	}
	if b.Tok != token.BREAK && b.Tok != token.CONTINUE {
		return false // fallthrough
	}
	for i := len(outer) - 1; i >= 0; i-- {
		switch outer[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return false // an inner loop's
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			if b.Tok == token.BREAK {
				return false // an inner switch's or select's
			}
		}
	}
	return true
}

// headerOf returns the if or switch statement whose init statement st is.
func (r *rewriter) headerOf(st ast.Stmt) ast.Stmt {
	switch p := r.parent().(type) {
	case *ast.IfStmt:
		if p.Init == st {
			return p
		}
	case *ast.SwitchStmt:
		if p.Init == st {
			return p
		}
	case *ast.TypeSwitchStmt:
		if p.Init == st {
			return p
		}
	}
	return nil
}

// markLift asks for the if or switch whose init statement st is to have
// it lifted into a block around it, and reports whether it can: not when
// the init declares a name it also reads (yaegi mis-scopes `x := x`).
func (r *rewriter) markLift(st ast.Stmt) bool {
	h := r.headerOf(st)
	if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
		names := map[string]bool{}
		for _, l := range as.Lhs {
			if id, ok := l.(*ast.Ident); ok {
				names[id.Name] = true
			}
		}
		clash := false
		for _, e := range as.Rhs {
			ast.Inspect(e, func(x ast.Node) bool {
				if id, ok := x.(*ast.Ident); ok && names[id.Name] {
					clash = true
				}
				return !clash
			})
		}
		if clash {
			return false
		}
	}
	r.lifts[h] = true
	return true
}

// liftHeader moves a marked if's or switch's init statement into a block
// around it, where the statement's hoisted arguments have room:
//
//	if v := f(NewA()); v > 0 { ... }   ->   { __gocellH1 := NewA(); v := f(__gocellH1); if v > 0 { ... } }
//
// An else-if becomes `else { init; if ... }`; a label stays on the
// statement.
func (r *rewriter) liftHeader(n ast.Stmt) {
	if !r.lifts[n] {
		return
	}
	var init ast.Stmt
	var next token.Pos
	kw := ""
	switch n := n.(type) {
	case *ast.IfStmt:
		init, next, kw = n.Init, n.Cond.Pos(), "if "
	case *ast.SwitchStmt:
		init, next, kw = n.Init, n.Body.Lbrace, "switch "
		if n.Tag != nil {
			next = n.Tag.Pos()
		}
	case *ast.TypeSwitchStmt:
		init, next, kw = n.Init, n.Assign.Pos(), "switch "
	default:
		return
	}
	start := r.off(n.Pos())
	if lab, ok := r.parent().(*ast.LabeledStmt); ok && lab.Stmt == n {
		start, kw = r.off(lab.Pos()), lab.Label.Name+": "+kw
	}
	r.replace(start, r.off(init.Pos()), "{ ")
	r.replace(r.off(init.End()), r.off(next), "; "+kw)
	r.insert(r.off(n.End()), " }")
}
