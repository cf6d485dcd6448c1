package cellparse

import (
	"go/ast"
	"go/token"
)

// yaegi v0.16.1 takes a type where a value is wanted as the value false:
// a cell of `int` showed false, `x := float64` panicked in reflect, and
// `mat.Dense` showed a zero matrix. Go refuses all three at compile time
// ("int (type) is not an expression"), so a type name in a value's place
// (the cell's last expression, the right of an assignment, an argument
// of a call that is not make or new, an operand) is that error here.

// predeclaredTypes are the universe's type names.
var predeclaredTypes = map[string]bool{
	"any": true, "bool": true, "byte": true, "comparable": true, "complex64": true, "complex128": true,
	"error": true, "float32": true, "float64": true, "int": true, "int8": true, "int16": true,
	"int32": true, "int64": true, "rune": true, "string": true, "uint": true, "uint8": true,
	"uint16": true, "uint32": true, "uint64": true, "uintptr": true,
}

// PredeclaredType reports whether name is one of Go's predeclared type
// names (int, string, error, any, ...).
func PredeclaredType(name string) bool { return predeclaredTypes[name] }

// typeName returns e's text when e names a type: a predeclared one, one
// this chunk or cell declares, one of an earlier cell or a package's
// (Options.IsType); "" otherwise.
func (r *rewriter) typeName(e ast.Expr) string {
	switch e := unparen(e).(type) {
	case *ast.Ident:
		if e.Obj != nil {
			if e.Obj.Kind == ast.Typ {
				return e.Name
			}
			return ""
		}
		if !r.pc.unres[e] {
			return ""
		}
		if predeclaredTypes[e.Name] && !r.s.userDeclared(e.Name) || r.s.types[e.Name] {
			return e.Name
		}
		if r.s.opt.IsType != nil && !r.s.top[e.Name] && r.s.opt.IsType(e.Name) {
			return e.Name
		}
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok || !r.pc.unres[x] || r.s.userDeclared(x.Name) || r.s.opt.IsType == nil {
			return ""
		}
		if name := x.Name + "." + e.Sel.Name; r.s.opt.IsType(name) {
			return name
		}
	}
	return ""
}

// checkValue reports e when it is a type name in a value's place.
func (r *rewriter) checkValue(e ast.Expr) {
	if name := r.typeName(e); name != "" {
		r.errorf(r.off(e.Pos()), name+" (type) is not an expression")
	}
}

// checkTypeValues checks the value places of n.
func (r *rewriter) checkTypeValues(n ast.Node) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok == token.DEFINE || n.Tok == token.ASSIGN {
			for _, e := range n.Rhs {
				r.checkValue(e)
			}
		}
	case *ast.ValueSpec:
		for _, e := range n.Values {
			r.checkValue(e)
		}
	case *ast.CallExpr:
		args := n.Args
		if id, ok := unparen(n.Fun).(*ast.Ident); ok && r.builtinHere(id) && (id.Name == "make" || id.Name == "new") && len(args) > 0 {
			args = args[1:] // make([]int, n), new(T): a type first
		}
		if r.typeName(n.Fun) != "" {
			return // a conversion T(x): x is a value, checked as it is met
		}
		for _, a := range args {
			r.checkValue(a)
		}
	case *ast.BinaryExpr:
		if n.Op == token.OR {
			return // maybe a union of a constraint, int | float64
		}
		r.checkValue(n.X)
		r.checkValue(n.Y)
	case *ast.ExprStmt:
		r.checkValue(n.X)
	}
}
