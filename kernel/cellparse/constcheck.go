package cellparse

import (
	"errors"
	"go/ast"
	"go/token"
	"go/types"
)

// A typed constant that overflows its type is a compile error in Go
// (uint8(255) + 1, int8(-129)); yaegi wraps it around and runs on with a
// wrong value. So each maximal constant expression that converts to a
// predeclared numeric type, made only of literals, operators and such
// conversions, is evaluated by go/types, and its error is the cell's.

// numericTypes are the predeclared types whose constants can overflow.
var numericTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"byte": true, "rune": true, "float32": true, "float64": true, "complex64": true, "complex128": true,
}

// checkConstant reports Go's error for e when e is such an expression and
// its parent is not part of a larger one.
// It runs as the walk enters e, which is then the top of the stack.
func (r *rewriter) checkConstant(e ast.Expr) {
	if len(r.stack) >= 2 {
		if p, ok := r.stack[len(r.stack)-2].(ast.Expr); ok && r.constShaped(p) {
			return
		}
	}
	if !r.constShaped(e) || !r.convertsConstant(e) {
		return
	}
	_, err := types.Eval(token.NewFileSet(), nil, token.NoPos, r.s.t.src[r.off(e.Pos()):r.off(e.End())])
	var te types.Error
	if errors.As(err, &te) {
		r.errorf(r.off(e.Pos()), te.Msg)
	}
}

// constShaped reports whether e is built only of literals, operators,
// parentheses and conversions to predeclared numeric types.
func (r *rewriter) constShaped(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return r.constShaped(e.X)
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && e.Op != token.AND && r.constShaped(e.X)
	case *ast.BinaryExpr:
		return r.constShaped(e.X) && r.constShaped(e.Y)
	case *ast.CallExpr:
		return r.numericConversion(e) && r.constShaped(e.Args[0])
	}
	return false
}

// numericConversion reports whether c converts one argument to a
// predeclared numeric type the cell has not redeclared.
func (r *rewriter) numericConversion(c *ast.CallExpr) bool {
	id, ok := c.Fun.(*ast.Ident)
	return ok && len(c.Args) == 1 && c.Ellipsis == token.NoPos && numericTypes[id.Name] && r.builtinHere(id)
}

// convertsConstant reports whether e holds a conversion, which makes a
// typed constant: untyped ones cannot overflow.
func (r *rewriter) convertsConstant(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && r.numericConversion(c) {
			found = true
		}
		return !found
	})
	return found
}
