package cellparse

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

var intTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "rune": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true, "byte": true,
}

// isInt reports whether e is known to be an integer expression: literals,
// len/cap, integer conversions, min/max and arithmetic of those, names
// declared (in the item, the cell or, by Options.IsInteger, an earlier cell)
// with an integer type or value.
func (r *rewriter) isInt(e ast.Expr, depth int) bool {
	if depth > 500 {
		return false
	}
	depth++
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Kind == token.INT || e.Kind == token.CHAR
	case *ast.ParenExpr:
		return r.isInt(e.X, depth)
	case *ast.UnaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.XOR:
			return r.isInt(e.X, depth)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.SHL, token.SHR:
			return r.isInt(e.X, depth)
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.AND_NOT:
			return r.isInt(e.X, depth) && r.isInt(e.Y, depth)
		}
	case *ast.CallExpr:
		id, ok := e.Fun.(*ast.Ident)
		if !ok {
			return false
		}
		if !r.builtinHere(id) {
			return r.funcInt(id)
		}
		switch {
		case id.Name == "len" || id.Name == "cap":
			return true
		case intTypes[id.Name]:
			return len(e.Args) == 1
		case id.Name == "min" || id.Name == "max":
			for _, a := range e.Args {
				if !r.isInt(a, depth) {
					return false
				}
			}
			return len(e.Args) > 0
		}
	case *ast.Ident:
		return r.identInt(e, depth)
	}
	return false
}

func (r *rewriter) isIntType(t ast.Expr) bool {
	id, ok := t.(*ast.Ident)
	return ok && intTypes[id.Name] && r.builtinHere(id)
}

func (r *rewriter) identInt(id *ast.Ident, depth int) bool {
	if r.pc.unres[id] {
		if id.Name == "iota" && r.builtinHere(id) {
			return true
		}
		if v, ok := r.s.cellInt[id.Name]; ok {
			return v
		}
		return r.s.opt.IsInteger != nil && r.s.opt.IsInteger(id.Name)
	}
	if id.Obj == nil {
		return false
	}
	// Declarations are judged once: chains like `b := a + a; c := b + b`
	// would otherwise be explored exponentially (and cycles forever).
	if v, ok := r.intObjs[id.Obj]; ok {
		return v
	}
	r.intObjs[id.Obj] = false
	v := r.declInt(id, depth)
	r.intObjs[id.Obj] = v
	return v
}

func (r *rewriter) declInt(id *ast.Ident, depth int) bool {
	switch d := id.Obj.Decl.(type) {
	case *ast.ValueSpec:
		for i, n := range d.Names {
			if n.Obj != id.Obj {
				continue
			}
			if d.Type != nil {
				return r.isIntType(d.Type)
			}
			return i < len(d.Values) && len(d.Values) == len(d.Names) && r.isInt(d.Values[i], depth)
		}
	case *ast.AssignStmt:
		for i, l := range d.Lhs {
			lid, ok := l.(*ast.Ident)
			if !ok || lid.Obj != id.Obj {
				continue
			}
			// The key of a range over an integer (go/parser records range
			// variables as `k, v := range X`).
			if u, ok := d.Rhs[0].(*ast.UnaryExpr); ok && len(d.Rhs) == 1 && u.Op == token.RANGE {
				return i == 0 && r.isInt(u.X, depth)
			}
			if len(d.Rhs) == len(d.Lhs) {
				return r.isInt(d.Rhs[i], depth)
			}
		}
	case *ast.Field:
		return r.isIntType(d.Type)
	}
	return false
}

// recordInts remembers which top-level names of the cell are integers, for
// range loops in later items of the same cell.
func (r *rewriter) recordInts(st ast.Stmt) {
	set := func(id *ast.Ident, v bool) {
		if id.Name != "_" {
			r.s.cellInt[id.Name] = v
		}
	}
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE {
			return
		}
		for i, l := range st.Lhs {
			if id, ok := l.(*ast.Ident); ok {
				set(id, len(st.Rhs) == len(st.Lhs) && r.isInt(st.Rhs[i], 0))
			}
		}
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok {
			return
		}
		for _, sp := range gd.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if !ok {
				continue
			}
			for i, id := range vs.Names {
				switch {
				case vs.Type != nil:
					set(id, r.isIntType(vs.Type))
				case len(vs.Values) == len(vs.Names):
					set(id, r.isInt(vs.Values[i], 0))
				default:
					set(id, gd.Tok == token.CONST) // iota groups: usually integers
				}
			}
		}
	}
}

// goStmt makes the goroutine of a go statement recover from panics. The
// arguments are still evaluated when the go statement runs: they are bound
// to fresh variables first (literals and constants stay inline, so an
// untyped constant keeps taking the parameter's type).
//
//	go f(a, 1)          ->  { __gocellA1 := a; go func() { defer R(); f(__gocellA1, 1) }() }
//	go func(x int){B}(a) -> go func(x int){ defer R(); B}(a)
//
// The function expression of a method call (x.M) is evaluated in the
// goroutine; a call that yields the function (mk()(a)) is bound too.
func (r *rewriter) goStmt(n *ast.GoStmt) {
	rec := r.s.opt.GoRecover
	if rec == "" {
		return
	}
	deferRec := "defer " + rec + "();"
	call := n.Call
	if fl, ok := call.Fun.(*ast.FuncLit); ok {
		r.insert(r.off(fl.Body.Lbrace)+1, " "+deferRec)
		return
	}
	var names, vals, args []string
	fun := r.nodeText(call.Fun)
	if _, ok := call.Fun.(*ast.CallExpr); ok {
		name := r.fresh("F")
		names, vals, fun = append(names, name), append(vals, fun), name
	}
	for _, a := range call.Args {
		t := r.nodeText(a)
		if r.inlineArg(a) {
			args = append(args, t)
			continue
		}
		name := r.fresh("A")
		names, vals, args = append(names, name), append(vals, t), append(args, name)
	}
	ell := ""
	if call.Ellipsis.IsValid() {
		ell = "..."
	}
	var b strings.Builder
	b.WriteString("{ ")
	if len(names) > 0 {
		fmt.Fprintf(&b, "%s := %s; ", strings.Join(names, ", "), strings.Join(vals, ", "))
	}
	fmt.Fprintf(&b, "go func() { %s %s(%s%s) }() }", deferRec, fun, strings.Join(args, ", "), ell)
	r.replace(r.off(n.Pos()), r.off(n.End()), b.String())
}

// inlineArg reports whether an argument can be evaluated later without
// changing its value and must keep its untyped-constant typing.
func (r *rewriter) inlineArg(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit, *ast.FuncLit:
		return true
	case *ast.Ident:
		if r.pc.unres[e] {
			switch e.Name {
			case "nil", "true", "false", "iota":
				return r.builtinHere(e)
			}
			return false
		}
		return e.Obj != nil && e.Obj.Kind == ast.Con
	case *ast.ParenExpr:
		return r.inlineArg(e.X)
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && e.Op != token.AND && r.inlineArg(e.X)
	case *ast.BinaryExpr:
		return r.inlineArg(e.X) && r.inlineArg(e.Y)
	}
	return false
}

// funcInt reports whether a called name is a func of the cell or an earlier
// cell that returns a single integer.
func (r *rewriter) funcInt(id *ast.Ident) bool {
	if !r.pc.unres[id] {
		return false // a local func value: its type is not tracked
	}
	if v, ok := r.s.intFuncs[id.Name]; ok {
		return v
	}
	return !r.s.top[id.Name] && r.s.opt.ReturnsInteger != nil && r.s.opt.ReturnsInteger(id.Name)
}
