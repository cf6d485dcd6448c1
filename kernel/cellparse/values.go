package cellparse

import (
	"go/ast"
	"go/token"
)

// Which expressions may be values of a cell's type, and which variables may
// change after a statement reads them: the questions hoistArgs asks.

// basicElems reports whether a composite literal's elements are of a
// predeclared type ([]float64{...}): no interface to convert to.
func (r *rewriter) basicElems(cl *ast.CompositeLit) bool {
	basic := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && r.builtinHere(id) && id.Name != "any" && id.Name != "error"
	}
	switch t := cl.Type.(type) {
	case *ast.ArrayType:
		return basic(t.Elt)
	case *ast.MapType:
		return basic(t.Value)
	}
	return false
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

// reassignable reports whether id is a variable that may be assigned after
// the statement reading it: a top-level variable of a cell (any later cell
// may assign it), a variable of an enclosing function or the cell's top
// level used in a func literal, or a local its function assigns other than
// where it is declared.
func (r *rewriter) reassignable(id *ast.Ident) bool {
	if id.Obj == nil {
		if !r.pc.unres[id] || r.builtinHere(id) {
			return false
		}
		if v, ok := r.s.vars[id.Name]; ok {
			return v
		}
		return r.s.opt.IsVar != nil && r.s.opt.IsVar(id.Name)
	}
	if id.Obj.Kind != ast.Var {
		return false
	}
	decl, ok := id.Obj.Decl.(ast.Node)
	if !ok {
		return false
	}
	for i := len(r.stack) - 1; i >= 0; i-- {
		var body *ast.BlockStmt
		var typ *ast.FuncType
		switch n := r.stack[i].(type) {
		case *ast.FuncLit:
			body, typ = n.Body, n.Type
		case *ast.FuncDecl:
			body, typ = n.Body, n.Type
		default:
			continue
		}
		if body == nil || decl.Pos() < typ.Pos() || decl.Pos() >= body.End() {
			return true // from outside the function
		}
		return assignsOutside(body, id.Obj, decl)
	}
	return true // a variable of the cell's top level
}

// assignsOutside reports whether body may change the variable obj other
// than by decl, its declaration.
func assignsOutside(body *ast.BlockStmt, obj *ast.Object, decl ast.Node) bool {
	is := func(e ast.Expr) bool {
		id, ok := unparen(e).(*ast.Ident)
		return ok && id.Obj == obj
	}
	found := false
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			if ast.Node(x) != decl {
				for _, l := range x.Lhs {
					found = found || is(l)
				}
			}
		case *ast.IncDecStmt:
			found = found || is(x.X)
		case *ast.RangeStmt:
			found = found || ast.Node(x) != decl && (is(x.Key) || is(x.Value))
		case *ast.UnaryExpr:
			found = found || x.Op == token.AND && is(x.X)
		}
		return !found
	})
	return found
}

// oneResult reports whether c, a call of a plain name, is known to give
// one value.
func (r *rewriter) oneResult(c *ast.CallExpr) bool {
	id := unparen(c.Fun).(*ast.Ident)
	if id.Obj != nil {
		return false // a local func value: its results are not known here
	}
	if n, ok := r.s.results[id.Name]; ok {
		return n == 1
	}
	return r.s.opt.Results != nil && r.s.opt.Results(id.Name) == 1
}

// iterationVar reports whether id is a variable a loop around the
// statement declares or assigns each iteration: a range value, a variable
// declared or assigned in the body (not a counter: a 3-clause loop's or a
// range key).
func (r *rewriter) iterationVar(id *ast.Ident) bool {
	if id.Obj == nil && r.pc.unres[id] {
		return r.globalAssignedInLoop(id.Name)
	}
	if id.Obj == nil || id.Obj.Kind != ast.Var {
		return false
	}
	decl, ok := id.Obj.Decl.(ast.Node)
	if !ok {
		return false
	}
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch n := r.stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.ForStmt:
			if decl == n.Init {
				// A counter (i++) is not a cell's value; a variable the post
				// statement or the body assigns may be.
				_, assigned := n.Post.(*ast.AssignStmt)
				return assigned || assigns(n.Body, map[*ast.Object]bool{id.Obj: true})
			}
			if n.Body.Pos() <= decl.Pos() && decl.Pos() < n.Body.End() || assigns(n.Body, map[*ast.Object]bool{id.Obj: true}) {
				return true
			}
		case *ast.RangeStmt:
			if k, ok := n.Key.(*ast.Ident); ok && k.Obj == id.Obj {
				return false
			}
			if n.Pos() <= decl.Pos() && decl.Pos() < n.End() || assigns(n.Body, map[*ast.Object]bool{id.Obj: true}) {
				return true
			}
		}
	}
	return false
}

// globalAssignedInLoop reports whether a loop around the statement, in
// the same function, assigns the package-level variable name (a cell's).
func (r *rewriter) globalAssignedInLoop(name string) bool {
	for i := len(r.stack) - 1; i >= 0; i-- {
		var body *ast.BlockStmt
		switch n := r.stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.ForStmt:
			body = n.Body
		case *ast.RangeStmt:
			body = n.Body
		default:
			continue
		}
		found := false
		ast.Inspect(body, func(x ast.Node) bool {
			if as, ok := x.(*ast.AssignStmt); ok && as.Tok == token.ASSIGN {
				for _, l := range as.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == name && id.Obj == nil {
						found = true
					}
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// namedLit reports whether e is a composite literal of a named type, or
// its address: a value that may be of a cell's type.
func namedLit(e ast.Expr) bool {
	e = unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = unparen(u.X)
	}
	cl, ok := e.(*ast.CompositeLit)
	if !ok {
		return false
	}
	switch t := cl.Type.(type) {
	case *ast.Ident:
		return !universe[t.Name]
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true // a generic type of the cell
	}
	return false
}

// declares reports whether st declares names in its block.
func declares(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.AssignStmt:
		return st.Tok == token.DEFINE
	case *ast.DeclStmt:
		return true
	}
	return false
}

// takesValues reports whether a call's arguments may be converted to
// interfaces by its callee: any call but a builtin's, a conversion to a
// predeclared type, and the fmt and log functions (which take any and
// use their arguments at once).
func (r *rewriter) takesValues(c *ast.CallExpr) bool {
	switch f := unparen(c.Fun).(type) {
	case *ast.Ident:
		return !r.builtinHere(f)
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && r.pc.unres[x] && !r.s.userDeclared(x.Name) {
			return x.Name != "fmt" && x.Name != "log" || r.isIfaceConv(c)
		}
		return true
	}
	return true
}

// mayReturnCellValue reports whether c calls a plain function name, which
// may return a value of a cell's type.
func (r *rewriter) mayReturnCellValue(c *ast.CallExpr) bool {
	id, ok := unparen(c.Fun).(*ast.Ident)
	return ok && !(r.pc.unres[id] && universe[id.Name] && !r.s.userDeclared(id.Name))
}

// overlapsLive reports whether an edit not yet rendered overlaps [start,
// end) without lying inside it (another rewrite owns that text).
func (r *rewriter) overlapsLive(start, end int) bool {
	for _, e := range r.edits {
		inside := start <= e.start && e.end <= end
		if !e.dead && !inside && e.start < end && start < e.end {
			return true
		}
	}
	return false
}

// loopVarDecl gives `var l I = v` in a loop body, v a value that may be of
// a cell's type, the same fresh frame as wrap does for assignments: the
// variable is declared, then assigned in a func literal called on the spot:
//
//	var l dnn.Layer = &A{}   ->   var l dnn.Layer; func() { __gocellH1 := &A{}; l = __gocellH1 }()
func (r *rewriter) loopVarDecl(ds *ast.DeclStmt) {
	gd, ok := ds.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 || gd.Lparen.IsValid() {
		return
	}
	vs := gd.Specs[0].(*ast.ValueSpec)
	if vs.Type == nil || len(vs.Names) != 1 || len(vs.Values) != 1 || !r.inLoopBody() {
		return
	}
	v := unparen(vs.Values[0])
	cand := namedLit(v)
	if c, ok := v.(*ast.CallExpr); ok {
		cand = cand || r.mayReturnCellValue(c) && r.oneResult(c)
	}
	if id, ok := v.(*ast.Ident); ok {
		cand = cand || r.iterationVar(id)
	}
	if !cand || r.overlapsLive(r.off(vs.Values[0].Pos()), r.off(vs.Values[0].End())) {
		return
	}
	name, tmp := vs.Names[0].Name, r.fresh("H")
	text := "var " + name + " " + r.nodeText(vs.Type) + "; func() { " + tmp + " := " + r.nodeText(vs.Values[0]) + "; " + name + " = " + tmp + " }()"
	r.replace(r.off(ds.Pos()), r.off(ds.End()), text)
}

// Receiver kinds of the methods a cell declares.
const (
	valueRecv = 1 << iota
	ptrRecv
)

// methodRecv reports whether a type the cell or an earlier cell declared
// has a method name with a value receiver, and one with a pointer receiver.
func (r *rewriter) methodRecv(name string) (value, pointer bool) {
	m := r.s.methods[name]
	value, pointer = m&valueRecv != 0, m&ptrRecv != 0
	if r.s.opt.Method != nil {
		v, p := r.s.opt.Method(name)
		value, pointer = value || v, pointer || p
	}
	return value, pointer
}

// cellMethod reports whether name is a value method of a cell's type and
// no cell's type has a pointer method of that name: a method value of it
// copies its receiver.
func (r *rewriter) cellMethod(name string) bool {
	v, p := r.methodRecv(name)
	return v && !p
}
