package cellparse

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// exitEdit is a branch or return that a wrapped loop put after its
// literal's call. It stands in the body of the loop around, so when that
// loop runs its body in a literal too, the statement becomes a return of
// that literal; otherwise it goes on to the next loop out.
type exitEdit struct {
	e     *edit
	tok   token.Token // token.BREAK, CONTINUE, GOTO or RETURN
	label string      // a branch's label
	vars  []string    // a return's results
}

// frameOf returns loop's frame, making an empty one (not yet analysed) to
// hold exits of inner loops.
func (r *rewriter) frameOf(loop ast.Stmt) *loopFrame {
	f := r.frames[loop]
	if f == nil {
		f = &loopFrame{}
		r.frames[loop] = f
	}
	return f
}

// bodyOpen returns the text that opens a marked loop's func literal, and
// turns the branches and returns leaving the body into returns of it; ""
// for other loops, which pass their inner loops' exits on outwards.
// It runs when the loop is left, after every loop inside it.
func (r *rewriter) bodyOpen(loop ast.Stmt) string {
	f := r.frameOf(loop)
	pending := r.keepExits(loop, f.wrap, f.pending)
	f.pending = nil
	if !f.wrap {
		r.passExits(pending)
		return ""
	}
	var exits []exitRef // those no inner frame took over
	hasRet, outs := false, false
	for _, x := range f.exits {
		if r.anyWrapped(x.path) {
			continue
		}
		exits = append(exits, x)
		switch x := x.stmt.(type) {
		case *ast.ReturnStmt:
			hasRet = true
		case *ast.BranchStmt:
			outs = outs || !f.own(x.Tok, labelName(x.Label))
		}
	}
	for _, p := range pending {
		hasRet = hasRet || p.tok == token.RETURN
		outs = outs || p.tok != token.RETURN && !f.own(p.tok, p.label)
	}
	ret := func(b *ast.BranchStmt, text string) {
		start, end := r.off(b.Pos()), r.off(b.End())
		_ = r.text(start, end) // supersedes selectBranch's edit
		if f.inComm[b] {
			text = "{ " + text + " }"
		}
		r.replace(start, end, text)
	}
	if hasRet || outs {
		return r.bodyOpenCodes(f, exits, pending, ret)
	}
	// Only this loop's own break and continue: a bool says whether to break.
	breaks := false
	for _, x := range exits {
		breaks = breaks || x.stmt.(*ast.BranchStmt).Tok == token.BREAK
	}
	for _, p := range pending {
		breaks = breaks || p.tok == token.BREAK
	}
	if !breaks {
		for _, x := range exits {
			ret(x.stmt.(*ast.BranchStmt), "return")
		}
		for _, p := range pending {
			p.e.text = "return"
		}
		r.insert(r.off(f.body.Rbrace), "; }() ")
		return "func() {"
	}
	text := map[token.Token]string{token.BREAK: "return true", token.CONTINUE: "return false"}
	for _, x := range exits {
		b := x.stmt.(*ast.BranchStmt)
		ret(b, text[b.Tok])
	}
	for _, p := range pending {
		p.e.text = text[p.tok]
	}
	r.insert(r.off(f.body.Rbrace), "; return false }() { break } ")
	return "if func() bool {"
}

// own reports whether a branch is this loop's break or continue.
func (f *loopFrame) own(tok token.Token, label string) bool {
	return (tok == token.BREAK || tok == token.CONTINUE) && (label == "" || label == f.label)
}

func labelName(id *ast.Ident) string {
	if id == nil {
		return ""
	}
	return id.Name
}

// anyWrapped reports whether one of the loops runs its body in a literal.
func (r *rewriter) anyWrapped(loops []ast.Stmt) bool {
	for _, l := range loops {
		if f := r.frames[l]; f != nil && f.wrap {
			return true
		}
	}
	return false
}

// keepExits drops the branches that reached their target: a label
// declared inside loop's body, or loop's own label when its body stays in
// place.
func (r *rewriter) keepExits(loop ast.Stmt, wrap bool, pending []*exitEdit) []*exitEdit {
	if len(pending) == 0 {
		return nil
	}
	own := ""
	if lab, ok := r.parent().(*ast.LabeledStmt); ok && lab.Stmt == loop {
		own = lab.Label.Name
	}
	inside := map[string]bool{}
	ast.Inspect(loop, func(x ast.Node) bool {
		if l, ok := x.(*ast.LabeledStmt); ok {
			inside[l.Label.Name] = true
		}
		_, lit := x.(*ast.FuncLit)
		return !lit
	})
	var keep []*exitEdit
	for _, p := range pending {
		if p.tok == token.RETURN || !inside[p.label] && (p.label != own || wrap) {
			keep = append(keep, p)
		}
	}
	return keep
}

// passExits hands exits to the loop around the one being left, if any in
// the same function; without one they stay as they are.
func (r *rewriter) passExits(pending []*exitEdit) {
	if len(pending) == 0 {
		return
	}
	if up, _, _ := loopAround(r.stack, len(r.stack)-1); up != nil {
		f := r.frameOf(up)
		f.pending = append(f.pending, pending...)
	}
}

// bodyOpenCodes is bodyOpen for a body that returns from its function or
// branches past its loop: the literal's first result is a code, the
// others the function's results.
func (r *rewriter) bodyOpenCodes(f *loopFrame, exits []exitRef, pending []*exitEdit, ret func(*ast.BranchStmt, string)) string {
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
	type target struct {
		tok   token.Token
		label string
	}
	codes := map[target]int{}
	var order []target
	code := func(tok token.Token, label string) string {
		if f.own(tok, label) {
			if tok == token.BREAK {
				return "return 1" + zero
			}
			return "return 0" + zero
		}
		t := target{tok, label}
		if codes[t] == 0 {
			codes[t] = 3 + len(order)
			order = append(order, t)
		}
		return fmt.Sprintf("return %d%s", codes[t], zero)
	}
	hasRet := false
	for _, x := range exits {
		switch x := x.stmt.(type) {
		case *ast.BranchStmt:
			ret(x, code(x.Tok, labelName(x.Label)))
		case *ast.ReturnStmt:
			hasRet = true
			r.returnCode(x, names, len(types))
		}
	}
	for _, p := range pending {
		if p.tok == token.RETURN {
			hasRet = true
			p.e.text = "return 2" + prefixed(p.vars)
			continue
		}
		p.e.text = code(p.tok, p.label)
	}
	rb := r.off(f.body.Rbrace)
	r.insert(rb, fmt.Sprintf("; return 0%s }(); %s != 0 { if %s == 1 { break }", zero, k, k))
	var out []*exitEdit
	for _, t := range order {
		r.insert(rb, fmt.Sprintf("; if %s == %d { ", k, codes[t]))
		r.insert(rb, t.tok.String()+" "+t.label)
		out = append(out, &exitEdit{e: r.edits[len(r.edits)-1], tok: t.tok, label: t.label})
		r.insert(rb, " }")
	}
	if hasRet {
		r.insert(rb, "; ")
		r.insert(rb, "return "+strings.Join(vars, ", "))
		out = append([]*exitEdit{{e: r.edits[len(r.edits)-1], tok: token.RETURN, vars: vars}}, out...)
	}
	r.insert(rb, " } ")
	r.passExits(out)
	lhs := strings.Join(append([]string{k}, vars...), ", ")
	return fmt.Sprintf("if %s := func() (%s) {", lhs, strings.Join(append([]string{"int"}, types...), ", "))
}

// returnCode makes a return of the function a return of the literal, with
// code 2 before its results: a bare return names the results; `return g()`
// spreading several results takes them into variables first.
func (r *rewriter) returnCode(x *ast.ReturnStmt, names []string, n int) {
	at := r.off(x.Return) + len("return")
	switch {
	case len(x.Results) == 0:
		r.insert(at, " 2"+prefixed(names))
	case len(x.Results) == 1 && n > 1:
		var tmp []string
		for range n {
			tmp = append(tmp, r.fresh("S"))
		}
		r.replace(r.off(x.Return), at, "{ "+strings.Join(tmp, ", ")+" :=")
		r.insertFirst(r.off(x.End()), "; return 2"+prefixed(tmp)+" }")
	default:
		r.insert(at, " 2,")
	}
}

// prefixed joins names, each after ", ".
func prefixed(names []string) string {
	var b strings.Builder
	for _, n := range names {
		b.WriteString(", " + n)
	}
	return b.String()
}

// endCell makes a return outside any function end the cell: it calls
// Options.EndCell first. Such a return cannot carry values.
func (r *rewriter) endCell(x *ast.ReturnStmt) {
	if r.s.opt.EndCell == "" {
		return
	}
	for _, n := range r.stack {
		switch n.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return
		}
	}
	if len(x.Results) > 0 {
		r.errorf(r.off(x.Pos()), "a cell's return takes no values: `return` alone ends the cell; to show a value, end the cell with it")
		return
	}
	r.insert(r.off(x.Return), r.s.opt.EndCell+"(); ")
}
