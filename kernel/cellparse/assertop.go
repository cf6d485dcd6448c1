package cellparse

import (
	"go/ast"
	"strings"
)

// yaegi stores a composite literal of a cell's type converted straight to
// interface{} (`var z interface{} = T{1}`, `return T{1}` from a func
// returning interface{}) as the bare struct, which reflects without the
// type's methods: asserting it to fmt.Stringer or error was false, and the
// one-value assertion panicked ("missing method String"), where Go finds
// the type's methods. With Options.Asserted, the operand of an assertion
// to error or a compiled package's interface goes through the evaluator's
// func, told the interface by a nil pointer to it:
//
//	z.(fmt.Stringer)   ->  Asserted(z, (*fmt.Stringer)(nil)).(fmt.Stringer)
//
// The comma-ok forms take the call along into their nil guard (see
// guard), and a type switch rewritten by typeSwitch asserts through it.

// assertOperand wraps the operand of an assertion to a compiled
// interface in the Asserted func.
func (r *rewriter) assertOperand(n *ast.TypeAssertExpr) {
	if r.s.opt.Asserted == "" || n.Type == nil || !r.compiledIface(n.Type) {
		return
	}
	typ := r.nodeText(n.Type)
	if strings.Contains(typ, "\n") {
		return
	}
	// Plain insertions inside the assertion's range: rendering the
	// operand alone (the nil guard, a hoisted argument) takes them along.
	r.insert(r.off(n.X.Pos()), r.s.opt.Asserted+"(")
	r.insert(r.off(n.X.End()), ", (*"+typ+")(nil))")
}

// asserted is the operand text x passed through the Asserted func for an
// assertion to typ, a type switch's case, when typ may be a compiled
// interface.
func (r *rewriter) asserted(x string, t ast.Expr) string {
	h := r.s.opt.Asserted
	if h == "" || !r.compiledIface(t) {
		return x
	}
	return h + "(" + x + ", (*" + r.nodeText(t) + ")(nil))"
}
