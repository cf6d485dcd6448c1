package cellparse

import (
	"go/ast"
	"go/token"
)

// selectBranch works around yaegi ignoring a labelled break (or continue)
// that stands directly in a select case: the loop goes on. Inside a block
// it is obeyed: `case <-done: break L` -> `case <-done: { break L }`.
func (r *rewriter) selectBranch(n *ast.BranchStmt) {
	if n.Label == nil || n.Tok != token.BREAK && n.Tok != token.CONTINUE {
		return
	}
	if _, ok := r.parent().(*ast.CommClause); !ok {
		return
	}
	r.replace(r.off(n.Pos()), r.off(n.End()), "{ "+r.nodeText(n)+" }")
}
