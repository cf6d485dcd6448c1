package evaluator

import (
	"go/ast"
	"go/parser"
	"go/token"
)

// typeSpec parses src, one type declaration of a cell, and returns its
// spec; nil when src is no such declaration.
func typeSpec(src string) *ast.TypeSpec {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+src, 0)
	if err != nil || len(f.Decls) != 1 {
		return nil
	}
	gd, ok := f.Decls[0].(*ast.GenDecl)
	if !ok || len(gd.Specs) != 1 {
		return nil
	}
	ts, _ := gd.Specs[0].(*ast.TypeSpec)
	return ts
}

// structDecl parses src, one type declaration of a cell, and returns its
// spec and, when it declares a struct type, the struct.
func structDecl(src string) (*ast.TypeSpec, *ast.StructType) {
	ts := typeSpec(src)
	if ts == nil {
		return nil, nil
	}
	st, _ := ts.Type.(*ast.StructType)
	return ts, st
}

// embeddedName returns the field name an embedded field's type gives
// (T, *T, pkg.T, T[X]); ok is false for other types.
func embeddedName(x ast.Expr) (name string, ok bool) {
	if p, isPtr := x.(*ast.StarExpr); isPtr {
		x = p.X
	}
	if ix, isIndex := x.(*ast.IndexExpr); isIndex {
		x = ix.X
	}
	switch e := x.(type) {
	case *ast.Ident:
		return e.Name, true
	case *ast.SelectorExpr:
		return e.Sel.Name, true
	}
	return "", false
}
