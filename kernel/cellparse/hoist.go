package cellparse

import (
	"go/ast"
	"go/token"
	"sort"
	"strings"
)

// hoistArgs works around a yaegi panic: a call's result passed straight to
// a parameter of a compiled interface type ("reflect.Set: value of type
// *struct {...} is not assignable to type dnn.Layer"); the same value in a
// variable passes. Arguments that are calls of a plain function name (the
// ones that may return a cell's type) move into fresh variables declared
// just before the statement:
//
//	n := f(NewA())   ->   __gocellH1 := NewA(); n := f(__gocellH1)
//	f(NewA())        ->   { __gocellH1 := NewA(); f(__gocellH1) }   (in a function)
//
// In a loop body, a statement (not a :=) passing such a call, a composite
// literal of a named type or a variable of the iteration (a range value,
// a variable declared in the body) to a call, assigning such a literal or
// putting it in a composite literal runs in a func literal called on the
// spot, the variables copied inside (see wrap below):
//
//	for _, l := range ls { net.Add(l) }   ->   for _, l := range ls { func() { __gocellH1 := l; net.Add(__gocellH1) }() }
//
// At the top level the declarations become an item of their own (the
// statement may be the cell's final expression). An argument moves only
// when no other call or receive of the statement would run before it, so
// the order of calls stays Go's; statements in if/for/switch headers are
// left alone.
func (r *rewriter) hoistArgs(st ast.Stmt) {
	switch st.(type) {
	case *ast.ExprStmt, *ast.AssignStmt, *ast.ReturnStmt, *ast.DeclStmt, *ast.SendStmt:
	default:
		return
	}
	top := false
	switch p := r.parent().(type) {
	case nil:
		top = true
	case *ast.BlockStmt, *ast.CaseClause, *ast.LabeledStmt:
	case *ast.CommClause:
		if p.Comm == st {
			return
		}
	default:
		return
	}
	if ds, ok := st.(*ast.DeclStmt); ok {
		if gd, ok := ds.Decl.(*ast.GenDecl); !ok || gd.Tok != token.VAR {
			return
		}
	}
	var effects []ast.Node // calls and receives, in order of position
	var cands, idents []ast.Expr
	loopCand := false
	ast.Inspect(st, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			effects = append(effects, x)
			if r.passesInterfaces(x) {
				for _, a := range x.Args {
					if c, ok := unparen(a).(*ast.CallExpr); ok && r.mayReturnCellValue(c) && (len(x.Args) > 1 || r.oneResult(c)) {
						cands = append(cands, c)
					}
					id, isIdent := unparen(a).(*ast.Ident)
					loopCand = loopCand || !isIdent && r.mayBeCellValue(a)
					if isIdent && r.iterationVar(id) {
						idents = append(idents, id)
						loopCand = true
					}
				}
			}
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				effects = append(effects, x)
			}
		case *ast.CompositeLit:
			for _, e := range x.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Value
				}
				loopCand = loopCand || namedLit(e)
			}
		case *ast.AssignStmt:
			for _, e := range x.Rhs {
				loopCand = loopCand || x.Tok == token.ASSIGN && namedLit(e)
			}
		}
		return true
	})
	// In a loop, a value converted to a compiled interface at a call keeps
	// reading its slot in the loop's frame (see loopAppend); in a func
	// literal called on the spot each iteration's slots are fresh, and a
	// variable of the iteration is copied into one of them.
	wrap := false
	switch x := st.(type) {
	case *ast.ExprStmt:
		wrap = true
	case *ast.AssignStmt:
		wrap = x.Tok != token.DEFINE
	}
	wrap = wrap && loopCand && !top && r.inLoopBody()
	if wrap {
		cands = append(cands, idents...)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Pos() < cands[j].Pos() })
	within := func(in, n ast.Node) bool { return in.Pos() <= n.Pos() && n.End() <= in.End() }
	var hoisted []ast.Expr
	for _, c := range cands {
		ok := true
		for _, e := range effects {
			if e.Pos() >= c.Pos() || within(e, c) {
				continue // runs after c, or encloses it
			}
			moved := false
			for _, h := range hoisted {
				moved = moved || within(h, e)
			}
			ok = ok && moved
		}
		for _, h := range hoisted {
			ok = ok && !within(h, c)
		}
		ok = ok && !r.overlapsLive(r.off(c.Pos()), r.off(c.End()))
		if ok {
			hoisted = append(hoisted, c)
		}
	}
	if len(hoisted) == 0 && !wrap {
		return
	}
	var decls []string
	for _, c := range hoisted {
		name := r.fresh("H")
		decls = append(decls, name+" := "+r.nodeText(c)+";")
		r.replace(r.off(c.Pos()), r.off(c.End()), name)
	}
	pre := strings.Join(decls, " ") + " "
	if len(hoisted) == 0 {
		pre = ""
	}
	switch {
	case wrap:
		r.insert(r.off(st.Pos()), "func() { "+pre)
		r.insert(r.off(st.End()), " }()")
	case top:
		r.pre += pre
	case declares(st):
		r.insert(r.off(st.Pos()), pre)
	default:
		r.insert(r.off(st.Pos()), "{ "+pre)
		r.insert(r.off(st.End()), " }")
	}
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
				return false
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

// passesInterfaces reports whether the callee of c may be interpreted code
// with parameters of compiled interface types: not a builtin, a
// conversion to a predeclared type or a function of a package.
func (r *rewriter) passesInterfaces(c *ast.CallExpr) bool {
	switch f := unparen(c.Fun).(type) {
	case *ast.Ident:
		return !(r.pc.unres[f] && universe[f.Name] && !r.s.userDeclared(f.Name))
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && r.pc.unres[x] && !r.s.userDeclared(x.Name) {
			return false // a package's function: compiled, takes the value
		}
		return true
	}
	return false
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
