package cellparse

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
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
// A return becomes a return of the literal, whose first result says what
// to do after it (0 next iteration, 1 break, 2 return its other results):
//
//	for ... { if __gocellK1, __gocellR2 := func() (int, error) { BODY; return 0, *new(error) }(); __gocellK1 != 0 { if __gocellK1 == 1 { break }; return __gocellR2 } }
//
// A body that defers, uses goto, leaves an outer loop by a label or
// returns from inside an inner loop cannot be moved; hoistArgs then wraps
// single statements instead.

// loopFrame is what the body wrap of one loop needs.
type loopFrame struct {
	ok     bool              // the body can run in a func literal
	wrap   bool              // and some statement in it needs that
	breaks []*ast.BranchStmt // branches leaving the loop
	conts  []*ast.BranchStmt // branches to its next iteration
	inComm map[ast.Node]bool // branches standing directly in a select case
	label  string            // the loop's label, if any
	body   *ast.BlockStmt    // the loop's body
	labels map[string]bool   // labels declared inside the body
	rets   []*ast.ReturnStmt // returns from the function
	fn     *ast.FuncType     // the function around the loop; nil at a cell's top level
}

// innerLoop returns the innermost loop whose body holds the node being
// left, within the same function, and its index on the stack.
func (r *rewriter) innerLoop() (ast.Stmt, *ast.BlockStmt, int) {
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch n := r.stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil, nil, -1
		case *ast.ForStmt:
			if i+1 < len(r.stack) && r.stack[i+1] == n.Body {
				return n, n.Body, i
			}
		case *ast.RangeStmt:
			if i+1 < len(r.stack) && r.stack[i+1] == n.Body {
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
	if f == nil {
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
		f = analyseBody(body, label, fn)
		r.frames[loop] = f
	}
	f.wrap = f.wrap || f.ok
	return f.ok
}

// analyseBody finds the branches of a loop body and whether it can move
// into a func literal.
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
			f.ret(x, stack[:len(stack)-1])
		case *ast.BranchStmt:
			f.branch(x, stack[:len(stack)-1])
			if _, ok := parent.(*ast.CommClause); ok {
				f.inComm[x] = true
			}
		}
		return f.ok
	})
	return f
}

// ret records a return of the body, or finds that it cannot be moved.
func (f *loopFrame) ret(x *ast.ReturnStmt, outer []ast.Node) {
	for _, n := range outer {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			f.ok = false // an inner loop's body may move too
			return
		}
	}
	n := 0
	if f.fn != nil && f.fn.Results != nil {
		n = f.fn.Results.NumFields()
	}
	if len(x.Results) == 1 && n > 1 {
		f.ok = false // return g() spreading g's results
	}
	if len(x.Results) == 0 && n > 0 {
		for _, fl := range f.fn.Results.List {
			for _, id := range fl.Names {
				f.ok = f.ok && id.Name != "_"
			}
		}
	}
	f.rets = append(f.rets, x)
}

// branch sorts a branch statement of the body by its target.
func (f *loopFrame) branch(b *ast.BranchStmt, outer []ast.Node) {
	if b.Label != nil {
		switch {
		case b.Label.Name == f.label && b.Tok == token.BREAK:
			f.breaks = append(f.breaks, b)
		case b.Label.Name == f.label && b.Tok == token.CONTINUE:
			f.conts = append(f.conts, b)
		case !f.labels[b.Label.Name] || b.Tok == token.GOTO:
			f.ok = false
		}
		return
	}
	switch b.Tok {
	case token.GOTO:
		f.ok = false
	case token.BREAK, token.CONTINUE:
		for i := len(outer) - 1; i >= 0; i-- {
			switch outer[i].(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				return // an inner loop's
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if b.Tok == token.BREAK {
					return // an inner switch's or select's
				}
			}
		}
		if b.Tok == token.BREAK {
			f.breaks = append(f.breaks, b)
		} else {
			f.conts = append(f.conts, b)
		}
	}
}

// bodyOpen returns the text that opens a marked loop's func literal, and
// turns its branches into returns; "" for other loops.
func (r *rewriter) bodyOpen(loop ast.Stmt) string {
	f := r.frames[loop]
	if f == nil || !f.wrap {
		return ""
	}
	ret := func(b *ast.BranchStmt, text string) {
		start, end := r.off(b.Pos()), r.off(b.End())
		_ = r.text(start, end) // supersedes selectBranch's edit
		if f.inComm[b] {
			text = "{ " + text + " }"
		}
		r.replace(start, end, text)
	}
	if len(f.rets) > 0 {
		return r.bodyOpenReturns(f, ret)
	}
	if len(f.breaks) == 0 {
		for _, b := range f.conts {
			ret(b, "return")
		}
		r.insert(r.off(f.body.Rbrace), "; }() ")
		return "func() {"
	}
	for _, b := range f.breaks {
		ret(b, "return true")
	}
	for _, b := range f.conts {
		ret(b, "return false")
	}
	r.insert(r.off(f.body.Rbrace), "; return false }() { break } ")
	return "if func() bool {"
}

// bodyOpenReturns is bodyOpen for a body that returns from its function.
func (r *rewriter) bodyOpenReturns(f *loopFrame, ret func(*ast.BranchStmt, string)) string {
	var types, names []string
	if f.fn != nil && f.fn.Results != nil {
		for _, fl := range f.fn.Results.List {
			t := r.s.t.src[r.off(fl.Type.Pos()):r.off(fl.Type.End())]
			if len(fl.Names) == 0 {
				types = append(types, t)
			}
			for _, id := range fl.Names {
				types, names = append(types, t), append(names, id.Name)
			}
		}
	}
	k := r.fresh("K")
	var zeros, vars []string
	for _, t := range types {
		zeros = append(zeros, ", *new("+t+")")
		vars = append(vars, r.fresh("R"))
	}
	zero := strings.Join(zeros, "")
	for _, b := range f.breaks {
		ret(b, "return 1"+zero)
	}
	for _, b := range f.conts {
		ret(b, "return 0"+zero)
	}
	for _, x := range f.rets {
		add := " 2,"
		if len(x.Results) == 0 {
			add = " 2"
			for _, n := range names {
				add += ", " + n
			}
		}
		r.insert(r.off(x.Return)+len("return"), add)
	}
	lhs := strings.Join(append([]string{k}, vars...), ", ")
	r.insert(r.off(f.body.Rbrace), fmt.Sprintf("; return 0%s }(); %s != 0 { if %s == 1 { break }; return %s } ", zero, k, k, strings.Join(vars, ", ")))
	return fmt.Sprintf("if %s := func() (%s) {", lhs, strings.Join(append([]string{"int"}, types...), ", "))
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
