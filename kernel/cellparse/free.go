package cellparse

import (
	"go/ast"
)

// universe holds Go's predeclared identifiers.
var universe = map[string]bool{}

func init() {
	for _, n := range []string{
		"any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64",
		"int", "int8", "int16", "int32", "int64", "rune", "string",
		"uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
		"true", "false", "iota", "nil",
		"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
		"max", "min", "new", "panic", "print", "println", "real", "recover",
	} {
		universe[n] = true
	}
}

// isBuiltin reports whether an identifier left unresolved in its item names
// a predeclared identifier rather than a user's declaration.
func (s *state) isBuiltin(name string) bool {
	return universe[name] && !s.userDeclared(name)
}

// free computes the Refs and Packages of the subtree n of a chunk.
//
// go/parser's resolver already knows the scopes (params, results, receivers,
// type parameters, locals, closures, labels) and leaves selectors and struct
// field names alone; what it could not resolve inside the chunk is free. A
// free X used as X.Sel is a package candidate unless the user declared X.
// Keys of composite literals are not resolved by go/parser (they may be
// field names); keys of a literal whose type is written as a map, slice or
// array are expressions, and count.
func (s *state) free(pc *parsed, n ast.Node) (refs, pkgs []string) {
	selBase := map[*ast.Ident]bool{}
	seenRef, seenPkg := map[string]bool{}, map[string]bool{}
	addRef := func(name string) {
		if !seenRef[name] && !s.isBuiltin(name) {
			seenRef[name] = true
			refs = append(refs, name)
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok {
				selBase[id] = true
			}
		case *ast.CompositeLit:
			switch n.Type.(type) {
			case *ast.MapType, *ast.ArrayType:
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok && id.Obj == nil && id.Name != "_" {
							addRef(id.Name)
						}
					}
				}
			}
		case *ast.Ident:
			if !pc.unres[n] {
				return true
			}
			if selBase[n] && !s.userDeclared(n.Name) {
				if !seenPkg[n.Name] {
					seenPkg[n.Name] = true
					pkgs = append(pkgs, n.Name)
				}
				return true
			}
			addRef(n.Name)
		}
		return true
	})
	return refs, pkgs
}
