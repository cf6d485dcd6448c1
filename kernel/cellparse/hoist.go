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
// just before the statement, and so does every call or receive that runs
// before one of them, so the calls keep Go's order:
//
//	n := f(NewA(2)) + f(NewA(3))   ->   __gocellH1 := NewA(2); __gocellH2 := f(__gocellH1); __gocellH3 := NewA(3); n := __gocellH2 + f(__gocellH3)
//	f(NewA())                      ->   { __gocellH1 := NewA(); f(__gocellH1) }   (in a function)
//
// A composite literal of a cell's type passed to a call of a plain name,
// f(T{2}), moves the same way (outside loops): passed straight, its
// methods are lost to assertions in f.
//
// It also works around yaegi's conversion of a cell-typed value to an
// interface, which keeps reading the variable it was made from (see
// loopAppend): outside loops, a variable that may be assigned again (a
// cell's top-level variable, a local its function assigns) passed to a
// call, put in a composite literal, assigned with = or given to a typed
// var is copied into a fresh variable first:
//
//	var i I = a; a = A{2}   ->   __gocellH1 := a; var i I = __gocellH1; a = A{2}
//
// In a loop body, a statement passing such a call, a composite literal of
// a named type or a variable of the iteration (a range value, a variable
// declared in the body; copied inside) to a call, assigning such a literal
// or putting it in a composite literal needs a frame of its own per
// iteration: the whole loop body runs in a func literal when it can (see
// wrapLoopBody), else the statement alone does (not a :=):
//
//	for _, l := range ls { net.Add(l) }   ->   for _, l := range ls { func() { __gocellH1 := l; net.Add(__gocellH1) }() }
//
// At the top level the declarations become an item of their own (the
// statement may be the cell's final expression). Nothing moves out of the
// right operand of && or ||, nor past a call there; the init statement of
// an if or switch counts as a statement of the block liftHeader puts
// around it; other headers are left alone.
func (r *rewriter) hoistArgs(st ast.Stmt) {
	if r.pc.list && r.parent() == nil {
		return // the list's values are shown at once: nothing to protect
	}
	switch st.(type) {
	case *ast.ExprStmt, *ast.AssignStmt, *ast.ReturnStmt, *ast.DeclStmt, *ast.SendStmt:
	default:
		return
	}
	top := false
	var forInit ast.Node // the loop (or its label) whose init statement st is
	switch p := r.parent().(type) {
	case nil:
		top = true
	case *ast.ForStmt:
		if p.Init != st {
			return
		}
		forInit = p
		if len(r.stack) > 1 {
			if lab, ok := r.stack[len(r.stack)-2].(*ast.LabeledStmt); ok && lab.Stmt == p {
				forInit = lab
			}
		}
	case *ast.BlockStmt, *ast.CaseClause, *ast.LabeledStmt:
	case *ast.CommClause:
		if p.Comm == st {
			return
		}
	case *ast.IfStmt:
		if p.Init != st {
			return
		}
	case *ast.SwitchStmt:
		if p.Init != st {
			return
		}
	case *ast.TypeSwitchStmt:
		if p.Init != st {
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
	inLoop := !top && r.inLoopBody()
	var effects []ast.Node // calls and receives, in order of position
	var conds []ast.Node   // right operands of && and ||: run or not
	var cands, idents []ast.Expr
	loopCand := false
	// copyIdent takes a variable that may change after the statement
	// (outside loops; loops copy their iteration's variables below).
	copyIdent := func(e ast.Expr) {
		e = unparen(e)
		if sel, ok := e.(*ast.SelectorExpr); ok {
			// A method value, x.M, keeps reading x too (a field read
			// from the copy is the same); one of a pointer method binds
			// the variable itself, copying would change Go's meaning.
			if _, ptr := r.methodRecv(sel.Sel.Name); ptr {
				return
			}
			e = unparen(sel.X)
		}
		if id, ok := e.(*ast.Ident); ok && !inLoop && r.reassignable(id) && !r.compiledValue(id) {
			cands = append(cands, id)
		}
	}
	// loopMethod takes a method value x.M of a cell's method, x a
	// variable of the iteration: it keeps reading x's slot.
	loopMethod := func(e ast.Expr) {
		sel, ok := unparen(e).(*ast.SelectorExpr)
		if !ok || !inLoop || !r.cellMethod(sel.Sel.Name) {
			return
		}
		if id, ok := unparen(sel.X).(*ast.Ident); ok && r.iterationVar(id) {
			idents = append(idents, id)
			loopCand = true
		}
	}
	ast.Inspect(st, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				conds = append(conds, x.Y)
			}
		case *ast.CallExpr:
			if !r.pureCall(x) {
				effects = append(effects, x)
			}
			args, appends := x.Args, false
			if id, ok := unparen(x.Fun).(*ast.Ident); ok && r.builtinHere(id) {
				if id.Name != "append" || len(args) < 2 || x.Ellipsis.IsValid() {
					break
				}
				// In loops, loopAppend gives each value a frame of its own.
				args, appends = args[1:], true
			} else if !r.takesValues(x) {
				break
			}
			recv, fun := r.callee(x)
			for i, a := range args {
				loopMethod(a)
				if appends && inLoop {
					break
				}
				if fun != "" && r.s.opt.TakesInterface != nil && !r.s.opt.TakesInterface(recv, fun, i) {
					continue // a compiled parameter of a concrete type
				}
				if c, ok := unparen(a).(*ast.CallExpr); ok && r.mayReturnCellValue(c) && (len(x.Args) > 1 || r.oneResult(c)) {
					cands = append(cands, c)
				}
				// A composite literal of a cell's type passed straight to
				// a func of the cell's: yaegi loses its methods there
				// (inside, v.(fmt.Stringer) gives a nil Stringer).
				if _, plain := unparen(x.Fun).(*ast.Ident); plain && !inLoop && !appends && namedLit(a) {
					cands = append(cands, unparen(a))
				}
				id, isIdent := unparen(a).(*ast.Ident)
				loopCand = loopCand || !isIdent && r.mayBeCellValue(a)
				if isIdent && inLoop && r.iterationVar(id) {
					idents = append(idents, id)
					loopCand = true
				}
				copyIdent(a)
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
				loopMethod(e)
				if id, ok := unparen(e).(*ast.Ident); ok && inLoop && !r.basicElems(x) && r.iterationVar(id) {
					loopCand = true
				}
				copyIdent(e)
			}
		case *ast.AssignStmt:
			for _, e := range x.Rhs {
				loopMethod(e)
				loopCand = loopCand || x.Tok == token.ASSIGN && namedLit(e)
				// The call's result slot is the loop's, every iteration.
				c, ok := unparen(e).(*ast.CallExpr)
				loopCand = loopCand || ok && x.Tok == token.ASSIGN && r.mayReturnCellValue(c)
			}
			if x.Tok == token.ASSIGN && len(x.Lhs) == 1 && len(x.Rhs) == 1 && !isBlank(x.Lhs[0]) {
				copyIdent(x.Rhs[0])
			}
			if _, ok := unparen(x.Rhs[0]).(*ast.SelectorExpr); ok && x.Tok == token.DEFINE && len(x.Rhs) == 1 {
				copyIdent(x.Rhs[0])
			}
		case *ast.SendStmt:
			copyIdent(x.Value)
		case *ast.ValueSpec:
			for _, v := range x.Values {
				if _, sel := unparen(v).(*ast.SelectorExpr); x.Type != nil && len(x.Values) == len(x.Names) || sel {
					copyIdent(v)
				}
			}
		}
		return true
	})
	// In a loop, a value converted to a compiled interface at a call keeps
	// reading its slot in the loop's frame (see loopAppend); in a func
	// literal called on the spot each iteration's slots are fresh, and a
	// variable of the iteration is copied into one of them.
	wrap, bodyWrap := false, false
	if inLoop {
		switch x := st.(type) {
		case *ast.ExprStmt:
			wrap = loopCand
		case *ast.AssignStmt:
			wrap = loopCand && x.Tok != token.DEFINE
			bodyWrap = loopCand || len(cands) > 0
		case *ast.DeclStmt:
			bodyWrap = loopCand || len(cands) > 0
		default:
			bodyWrap = loopCand
		}
		if (wrap || bodyWrap) && r.wrapLoopBody() {
			wrap, bodyWrap = false, true
		} else {
			bodyWrap = false
		}
		if wrap || bodyWrap {
			cands = append(cands, idents...)
		}
	}
	if forInit != nil {
		wrap = false // the init runs once: its arguments go before the loop
	}
	hoisted := r.orderHoists(cands, effects, conds)
	if len(hoisted) == 0 && !wrap {
		return
	}
	if r.headerOf(st) != nil && !r.markLift(st) {
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
	case forInit != nil:
		r.insert(r.off(forInit.Pos()), "{ "+pre)
		r.insert(r.off(forInit.End()), " }")
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

// orderHoists picks, in order of position, the candidates that can move
// before their statement together with every call or receive that runs
// before them (which then move too, whole), and returns all that move.
// A candidate in the right operand of && or ||, or after a call there,
// stays.
func (r *rewriter) orderHoists(cands []ast.Expr, effects, conds []ast.Node) []ast.Expr {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Pos() < cands[j].Pos() })
	within := func(in, n ast.Node) bool { return in.Pos() <= n.Pos() && n.End() <= in.End() }
	inCond := func(n ast.Node) bool {
		for _, c := range conds {
			if within(c, n) {
				return true
			}
		}
		return false
	}
	movable := func(n ast.Node) bool { return !r.overlapsLive(r.off(n.Pos()), r.off(n.End())) }
	var hoisted []ast.Expr
	moved := func(n ast.Node) bool {
		for _, h := range hoisted {
			if within(h, n) {
				return true
			}
		}
		return false
	}
	for _, c := range cands {
		if moved(c) || inCond(c) || !movable(c) {
			continue
		}
		// The calls that run before c: earlier in the source and not
		// around it (a call runs after its arguments).
		var before []ast.Expr
		ok := true
		for _, e := range effects {
			if e.Pos() >= c.Pos() || within(e, c) || moved(e) {
				continue
			}
			outer := true
			for _, o := range effects {
				if o != e && within(o, e) && !within(o, c) && o.Pos() < c.Pos() {
					outer = false // moves with o
				}
			}
			if !outer {
				continue
			}
			if inCond(e) || !movable(e) {
				ok = false
				break
			}
			before = append(before, e.(ast.Expr))
		}
		if !ok {
			break // later candidates run after that call too
		}
		hoisted = append(hoisted, before...)
		hoisted = append(hoisted, c)
	}
	return hoisted
}

// pureCall reports whether c is a call whose place among the statement's
// calls does not matter: a conversion to a predeclared or composite type,
// or a builtin without effects.
func (r *rewriter) pureCall(c *ast.CallExpr) bool {
	switch f := unparen(c.Fun).(type) {
	case *ast.Ident:
		if !r.builtinHere(f) {
			return false
		}
		switch f.Name {
		case "len", "cap", "complex", "real", "imag", "new", "make", "min", "max":
			return true
		}
		return !builtinFuncs[f.Name]
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StructType, *ast.StarExpr:
		return true
	}
	return false
}

// builtinFuncs are the predeclared functions (the other predeclared names
// called are conversions).
var builtinFuncs = map[string]bool{
	"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true, "delete": true,
	"imag": true, "len": true, "make": true, "max": true, "min": true, "new": true, "panic": true,
	"print": true, "println": true, "real": true, "recover": true,
}
