package cellparse

import (
	"go/ast"
	"go/token"
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
//	s.(T)              ->  Asserted(s, (*T)(nil)).(T)
//	s.(*T)             ->  Asserted(s, nil).(*T)
//
// (the later forms give back the value behind the evaluator's stand-in
// that the first may return).
// The comma-ok forms take the call along into their nil guard (see
// guard), and a type switch rewritten by typeSwitch asserts through it.

// assertOperand wraps the operand of an assertion to a compiled
// interface, or to a type of the cell's, in the Asserted func.
func (r *rewriter) assertOperand(n *ast.TypeAssertExpr) {
	if r.s.opt.Asserted == "" || n.Type == nil {
		return
	}
	target := r.assertTarget(n.Type)
	if target == "" || strings.Contains(target, "\n") {
		return
	}
	// Plain insertions inside the assertion's range: rendering the
	// operand alone (the nil guard, a hoisted argument) takes them along.
	r.insert(r.off(n.X.Pos()), r.s.opt.Asserted+"(")
	r.insert(r.off(n.X.End()), ", "+target+")")
}

// assertTarget is the second argument of the Asserted func for an
// assertion to t: a nil pointer to a compiled interface or to a struct
// type that may be the cell's, nil for a pointer type or a type
// parameter (the evaluator's stand-in for a value asserted to an
// interface gives back the value), "" for other types.
func (r *rewriter) assertTarget(t ast.Expr) string {
	if r.compiledIface(t) {
		return "(*" + r.nodeText(t) + ")(nil)"
	}
	target := "(*" + r.nodeText(t) + ")(nil)"
	if st, ok := t.(*ast.StarExpr); ok {
		t, target = st.X, "nil"
	}
	id, ok := t.(*ast.Ident)
	if !ok || r.builtinHere(id) || r.cellInterface(id.Name) {
		return ""
	}
	if r.typeParam(id.Name) {
		return "nil"
	}
	return target
}

// typeParam reports whether name is a type parameter of the function or
// method around the node being left.
func (r *rewriter) typeParam(name string) bool {
	names := func(fl *ast.FieldList) bool {
		if fl != nil {
			for _, f := range fl.List {
				for _, n := range f.Names {
					if n.Name == name {
						return true
					}
				}
			}
		}
		return false
	}
	for _, n := range r.stack {
		fd, ok := n.(*ast.FuncDecl)
		if !ok {
			continue
		}
		if names(fd.Type.TypeParams) {
			return true
		}
		if fd.Recv != nil && len(fd.Recv.List) == 1 {
			found := false
			ast.Inspect(fd.Recv.List[0].Type, func(x ast.Node) bool {
				if id, ok := x.(*ast.Ident); ok && id.Name == name {
					found = true
				}
				return !found
			})
			if found {
				return true
			}
		}
	}
	return false
}

// cellInterface reports whether name is an interface type the cell or an
// earlier one declares at top level.
func (r *rewriter) cellInterface(name string) bool {
	for _, pc := range r.s.chunks {
		gd, ok := pc.decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, sp := range gd.Specs {
			if ts, ok := sp.(*ast.TypeSpec); ok && ts.Name.Name == name {
				_, iface := ts.Type.(*ast.InterfaceType)
				return iface
			}
		}
	}
	return r.s.opt.CellInterface != nil && r.s.opt.CellInterface(name)
}

// asserted is the operand text x passed through the Asserted func for an
// assertion to t, a type switch's case, where assertTarget says so.
func (r *rewriter) asserted(x string, t ast.Expr) string {
	h := r.s.opt.Asserted
	target := r.assertTarget(t)
	if h == "" || target == "" {
		return x
	}
	return h + "(" + x + ", " + target + ")"
}
