package cellparse

import (
	"go/ast"
	"go/token"
	"sort"
	"strings"
)

// edit replaces the cell's bytes [start, end) with text.
type edit struct {
	start, end int
	text       string
	seq        int
	dead       bool // already copied into another edit's text or a Source
	first      bool // an insertion that goes before the others at its place
	outer      bool // an insertion around a node: not part of the node's text
}

// rewriter collects the edits of one chunk and renders rewritten text.
//
// Edits are made on the way out of a node (post-order), so an edit that has
// to move a subtree's text (a go statement's arguments, a comma-ok
// right-hand side) finds that subtree's own edits already made and takes
// them along via text, which consumes them.
type rewriter struct {
	s       *state
	pc      *parsed
	edits   []*edit
	errs    []*Error
	stack   []ast.Node
	inConst int
	pre     string               // declarations hoistArgs moved out of a top-level statement
	intObjs map[*ast.Object]bool // memo of isInt for declared names
	frames  map[ast.Stmt]*loopFrame
	lifts   map[ast.Stmt]bool // if and switch statements whose init moves out
}

func (s *state) newRewriter(pc *parsed) *rewriter {
	return &rewriter{s: s, pc: pc, intObjs: map[*ast.Object]bool{}, frames: map[ast.Stmt]*loopFrame{}, lifts: map[ast.Stmt]bool{}}
}

func (r *rewriter) off(p token.Pos) int { return r.pc.off(p) }

func (r *rewriter) replace(start, end int, text string) {
	r.edits = append(r.edits, &edit{start: start, end: end, text: text, seq: len(r.edits)})
}

func (r *rewriter) insert(at int, text string) { r.replace(at, at, text) }

// insertAround inserts text at a node's start or end that wraps the node:
// rendering the node alone leaves it out.
func (r *rewriter) insertAround(at int, text string) {
	r.insert(at, text)
	r.edits[len(r.edits)-1].outer = true
}

// insertFirst inserts text before the other insertions at the same place,
// made earlier or later (a loop body's prologue before its first
// statement's hoisted declarations).
func (r *rewriter) insertFirst(at int, text string) {
	r.insert(at, text)
	r.edits[len(r.edits)-1].first = true
}

func (r *rewriter) errorf(off int, msg string) { r.errs = append(r.errs, r.s.t.errorAt(off, msg)) }

// nodeText is text over a node's range.
func (r *rewriter) nodeText(n ast.Node) string { return r.text(r.off(n.Pos()), r.off(n.End())) }

// text renders the cell's bytes [start, end) with the live edits inside the
// range applied, and marks those edits used. An edit whose text has fewer
// newlines than the bytes it replaces gets the missing ones appended, so the
// lines after it keep their numbers; one with more is refused.
func (r *rewriter) text(start, end int) string {
	src := r.s.t.src
	var live []*edit
	for _, e := range r.edits {
		if e.outer && e.start == e.end && start < end && (e.start == start || e.start == end) {
			continue // belongs to the construct around [start, end)
		}
		if !e.dead && e.start >= start && e.end <= end {
			live = append(live, e)
		}
	}
	sort.SliceStable(live, func(i, j int) bool {
		a, b := live[i], live[j]
		if a.start != b.start {
			return a.start < b.start
		}
		// Insertions go before a replacement starting at the same byte.
		if a.end == a.start && b.end == b.start {
			return a.first && !b.first
		}
		return a.end == a.start && b.end > b.start
	})
	var b strings.Builder
	cur := start
	for _, e := range live {
		e.dead = true
		if e.start < cur {
			r.errorf(e.start, "cannot rewrite this code (overlapping rewrites); please simplify it or split it into several statements")
			continue
		}
		b.WriteString(src[cur:e.start])
		txt := e.text
		orig, now := strings.Count(src[e.start:e.end], "\n"), strings.Count(txt, "\n")
		switch {
		case now < orig:
			txt += strings.Repeat("\n", orig-now)
		case now > orig:
			r.errorf(e.start, "cannot rewrite this code without moving lines; write it on one line")
			txt = src[e.start:e.end]
		}
		b.WriteString(txt)
		cur = e.end
	}
	b.WriteString(src[cur:end])
	return b.String()
}

// walk applies the rewrites to the subtree n, recording edits.
func (r *rewriter) walk(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		if n == nil {
			top := r.stack[len(r.stack)-1]
			r.stack = r.stack[:len(r.stack)-1]
			r.leave(top)
			return true
		}
		r.stack = append(r.stack, n)
		r.enter(n)
		return true
	})
}

// parent is the node enclosing the one being left.
func (r *rewriter) parent() ast.Node {
	if len(r.stack) == 0 {
		return nil
	}
	return r.stack[len(r.stack)-1]
}

func (r *rewriter) enter(n ast.Node) {
	switch n := n.(type) {
	case *ast.GenDecl:
		if n.Tok == token.CONST {
			r.inConst++
		}
	case *ast.CallExpr:
		r.builtinCall(n)
	}
	if e, ok := n.(ast.Expr); ok {
		r.checkConstant(e)
	}
	r.checkArity(n)
	r.checkTypeValues(n)
}

func (r *rewriter) leave(n ast.Node) {
	switch n := n.(type) {
	case *ast.GenDecl:
		if n.Tok == token.CONST {
			r.inConst--
		}
	case *ast.RangeStmt:
		r.rangeLoop(n)
	case *ast.ForStmt:
		r.forLoop(n)
	case *ast.GoStmt:
		r.goStmt(n)
	case *ast.IfStmt:
		r.liftHeader(n)
		r.nilSafeIf(n)
	case *ast.SwitchStmt:
		r.liftHeader(n)
	case *ast.TypeSwitchStmt:
		r.liftHeader(n)
		r.typeSwitch(n)
	case *ast.AssignStmt:
		r.hoistArgs(n)
		r.parallelAssign(n)
		r.nilSafeAssign(n)
	case *ast.DeclStmt:
		r.hoistArgs(n)
		r.loopVarDecl(n)
		r.nilSafeVar(n)
	case *ast.ReturnStmt:
		r.hoistArgs(n)
		r.endCell(n)
	case *ast.ExprStmt, *ast.SendStmt:
		r.hoistArgs(n.(ast.Stmt))
	case *ast.BranchStmt:
		r.selectBranch(n)
	case *ast.TypeAssertExpr:
		r.assertOperand(n)
	case *ast.CallExpr:
		r.minMaxArgs(n)
		r.loopAppend(n)
		r.ifaceConv(n)
		r.paramIface(n)
	}
}

// builtinHere reports whether id, in this chunk, is the predeclared name.
func (r *rewriter) builtinHere(id *ast.Ident) bool {
	return r.pc.unres[id] && universe[id.Name] && !r.s.userDeclared(id.Name)
}

// builtinCall renames min, max and clear, which the interpreter lacks, to
// the helpers the evaluator defines.
func (r *rewriter) builtinCall(c *ast.CallExpr) {
	id, ok := c.Fun.(*ast.Ident)
	if !ok || !r.builtinHere(id) {
		return
	}
	var helper string
	switch id.Name {
	case "recover":
		if rec := r.s.opt.Recovered; rec != "" && len(c.Args) == 0 {
			r.insert(r.off(c.Pos()), rec+"(")
			r.insert(r.off(c.End()), ")")
		}
		return
	case "min":
		helper = MinFunc
	case "max":
		helper = MaxFunc
	case "clear":
		helper = ClearFunc
	default:
		return
	}
	if r.inConst > 0 {
		r.errorf(r.off(id.Pos()), id.Name+" cannot be used in a constant declaration here: write the value itself, or use var instead of const")
		return
	}
	r.replace(r.off(id.Pos()), r.off(id.End()), helper)
}

// minMaxArgs helps the helpers' type inference, which yaegi does from the
// first argument only: untyped constants first (`max(0, x)`) fail, and so
// do untyped floats alone (`max(1.5, 2)`). The first argument that is not
// a literal moves to the front (literals have no side effects, so the order
// of evaluation does not change); all-literal calls with a float or rune
// literal get the first argument converted to float64 or rune.
func (r *rewriter) minMaxArgs(c *ast.CallExpr) {
	id, ok := c.Fun.(*ast.Ident)
	if !ok || (id.Name != "min" && id.Name != "max") || !r.builtinHere(id) || r.inConst > 0 || len(c.Args) < 2 {
		return
	}
	start, end := r.off(c.Args[0].Pos()), r.off(c.Args[len(c.Args)-1].End())
	if strings.Contains(r.s.t.src[start:end], "\n") {
		return
	}
	first, kind := -1, token.INT
	for i, a := range c.Args {
		lit, ok := literal(a)
		if !ok {
			first = i
			break
		}
		if lit == token.FLOAT || lit == token.CHAR && kind == token.INT {
			kind = lit
		}
	}
	switch {
	case first == 0:
		return
	case first > 0:
		args := []string{r.nodeText(c.Args[first])}
		for i, a := range c.Args {
			if i != first {
				args = append(args, r.nodeText(a))
			}
		}
		r.replace(start, end, strings.Join(args, ", "))
	case kind == token.FLOAT:
		r.replace(start, r.off(c.Args[0].End()), "float64("+r.nodeText(c.Args[0])+")")
	case kind == token.CHAR:
		r.replace(start, r.off(c.Args[0].End()), "rune("+r.nodeText(c.Args[0])+")")
	}
}

// literal reports whether e is a (signed, parenthesized) basic literal and
// its kind.
func literal(e ast.Expr) (token.Token, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Kind, true
	case *ast.ParenExpr:
		return literal(e.X)
	case *ast.UnaryExpr:
		if e.Op == token.SUB || e.Op == token.ADD {
			return literal(e.X)
		}
	}
	return 0, false
}
