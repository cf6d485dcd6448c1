package cellparse

import (
	"go/ast"
	"strings"
)

// The interpreter's type switch matches a case by the dynamic type's
// exact name: a case of an interface type (error, fmt.Stringer, a cell's
// interface) never matches, and with a bound variable (`switch x :=
// v.(type)`) over an interface{} neither does a cell's own type. Its
// comma-ok assertion gets them right, so a type switch without an init
// statement becomes an expression switch over the same value whose cases
// assert:
//
//	switch x := v.(type) {        switch __gocellS1 := v; {
//	case error:                   case __gocellS1 != nil && func() bool { _, ok := __gocellS1.(error); return ok }(): x := __gocellS1.(error); _ = x
//	case int, string:       ->    case ...int... || ...string...: x := __gocellS1; _ = x
//	case nil:                     case __gocellS1 == nil: x := __gocellS1; _ = x
//	default:                      default: x := __gocellS1; _ = x
//
// (x is declared only in the clauses that use it; an init statement goes
// in a block around the switch, `{ init; switch ... }`; with Options.Asserted,
// the operand of an assertion to error or a package's interface is
// __gocellS1 passed through it, see assertOperand.)
// Cases are tried in order and break leaves the switch, as before; the
// lines stay where they were.

// typeSwitch rewrites a type switch as above.
func (r *rewriter) typeSwitch(n *ast.TypeSwitchStmt) {
	init := ""
	if n.Init != nil {
		// The init goes in a block around the switch, as liftHeader
		// moves one; a lifted init or a label (break L would name the
		// block) leaves the switch as written.
		if _, labelled := r.parent().(*ast.LabeledStmt); labelled || r.lifts[n] {
			return
		}
		if init = r.s.t.src[r.off(n.Init.Pos()):r.off(n.Init.End())]; strings.Contains(init, "\n") {
			return
		}
	}
	var bind string
	var assert *ast.TypeAssertExpr
	switch a := n.Assign.(type) {
	case *ast.ExprStmt:
		assert, _ = a.X.(*ast.TypeAssertExpr)
	case *ast.AssignStmt:
		if len(a.Lhs) == 1 && len(a.Rhs) == 1 {
			if id, ok := a.Lhs[0].(*ast.Ident); ok {
				bind = id.Name
			}
			assert, _ = a.Rhs[0].(*ast.TypeAssertExpr)
		}
	}
	if assert == nil || assert.Type != nil || !r.switchNeedsRewrite(n, bind != "") {
		return
	}
	subject := r.nodeText(assert.X)
	if strings.Contains(subject, "\n") {
		return
	}
	s := r.fresh("S")
	type clauseEdit struct {
		start, end int
		text       string
	}
	var edits []clauseEdit
	for _, st := range n.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok {
			return
		}
		var conds []string
		bound, comma := s, ""
		for _, t := range cc.List {
			if id, ok := t.(*ast.Ident); ok && id.Name == "nil" && r.builtinHere(id) {
				conds = append(conds, s+" == nil")
				continue
			}
			if !typeShaped(t) {
				return // not a type (case 0:): left for the compiler to report
			}
			typ := r.nodeText(t)
			x := r.asserted(s, t)
			conds = append(conds, s+" != nil && func() bool { _, ok := "+x+".("+typ+"); return ok }()")
			if len(cc.List) == 1 {
				// comma-ok: the one-value assertion to a cell's interface
				// panics; and with _ for ok, yaegi gives a cell's error
				// value to error as nil.
				bound, comma = x+".("+typ+")", ", "+s+"ok"
			}
		}
		head := "default:"
		if cc.List != nil {
			head = "case " + strings.Join(conds, " || ") + ":"
		}
		if bind != "" && bind != "_" && mentions(cc.Body, bind) {
			head += " " + bind + comma + " := " + bound + "; _ = " + bind + ";"
			if comma != "" {
				head = strings.TrimSuffix(head, ";") + "; _ = " + s + "ok;"
			}
		}
		if strings.Contains(head, "\n") {
			return
		}
		edits = append(edits, clauseEdit{r.off(cc.Case), r.off(cc.Colon) + 1, head})
	}
	head := "switch " + s + " := " + subject + "; {"
	if n.Init != nil {
		head = "{ " + r.nodeText(n.Init) + "; " + head
		r.insert(r.off(n.End()), " }")
	}
	r.replace(r.off(n.Pos()), r.off(n.Body.Lbrace)+1, head)
	for _, e := range edits {
		r.replace(e.start, e.end, e.text)
	}
}

// switchNeedsRewrite reports whether a case of the switch names a type the
// interpreter's type switch gets wrong: an interface type (error, any, an
// interface literal, a package's interface, or a name of the cell's, which
// may be one), or, with a bound variable, a type of the cell's. Cases of
// predeclared, composite and other packages' concrete types work.
func (r *rewriter) switchNeedsRewrite(n *ast.TypeSwitchStmt, bound bool) bool {
	for _, st := range n.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok {
			continue
		}
		for _, t := range cc.List {
			if r.caseNeedsRewrite(t, bound) {
				return true
			}
		}
	}
	return false
}

func (r *rewriter) caseNeedsRewrite(t ast.Expr, bound bool) bool {
	switch t := t.(type) {
	case *ast.Ident:
		if r.builtinHere(t) {
			return t.Name == "error" || t.Name == "any"
		}
		return true // a type of the cell's: an interface, or bound
	case *ast.InterfaceType:
		return true
	case *ast.SelectorExpr:
		pkg, ok := t.X.(*ast.Ident)
		if !ok || r.s.opt.IsInterface == nil {
			return true
		}
		return r.s.opt.IsInterface(pkg.Name, t.Sel.Name)
	case *ast.StarExpr:
		id, ok := t.X.(*ast.Ident)
		return ok && bound && !r.builtinHere(id)
	case *ast.ParenExpr:
		return r.caseNeedsRewrite(t.X, bound)
	}
	return false
}

// mentions reports whether the statements name id; a clause that does not
// gets no variable (binding a cell's interface type out of an interface{}
// panics in the interpreter, so it is done only where it is used).
func mentions(stmts []ast.Stmt, id string) bool {
	found := false
	for _, st := range stmts {
		ast.Inspect(st, func(n ast.Node) bool {
			if x, ok := n.(*ast.Ident); ok && x.Name == id {
				found = true
			}
			return !found
		})
	}
	return found
}

// typeShaped reports whether e, a type switch case, is written as a type
// can be; the parser takes any expression there.
func typeShaped(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident, *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType,
		*ast.InterfaceType, *ast.StructType:
		return true
	case *ast.SelectorExpr:
		_, ok := e.X.(*ast.Ident)
		return ok
	case *ast.StarExpr:
		return typeShaped(e.X)
	case *ast.ParenExpr:
		return typeShaped(e.X)
	case *ast.IndexExpr:
		return typeShaped(e.X) && typeShaped(e.Index)
	case *ast.IndexListExpr:
		for _, i := range e.Indices {
			if !typeShaped(i) {
				return false
			}
		}
		return typeShaped(e.X)
	}
	return false
}
