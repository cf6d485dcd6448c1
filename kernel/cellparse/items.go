package cellparse

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// items turns a parsed chunk into items, rewriting as it goes. last is true
// for the cell's last chunk, whose final expression statement is the Expr.
func (s *state) items(pc *parsed, last bool) []Item {
	r := s.newRewriter(pc)
	if pc.decl != nil {
		return s.declItems(pc, r)
	}
	var items []Item
	for i, st := range pc.stmts {
		if _, ok := st.(*ast.EmptyStmt); ok {
			continue
		}
		kind, ok := s.stmtKind(pc, st)
		if !ok {
			continue
		}
		if kind == Stmt && last && i == len(pc.stmts)-1 {
			if _, isExpr := st.(*ast.ExprStmt); isExpr {
				kind = Expr
			}
		}
		it := Item{Kind: kind}
		if kind == Expr && pc.list {
			it.List = true
		}
		r.pre = ""
		r.walk(st)
		start, end := pc.off(st.Pos()), pc.off(st.End())
		if len(pc.stmts) == 1 {
			start, end = pc.ch.start, pc.ch.end
		}
		it.Line, it.Col = s.t.pos(start)
		if r.pre != "" {
			// The arguments hoistArgs moved, declared first, at the same
			// position; the item's columns shift, its lines do not.
			items = append(items, Item{Kind: Stmt, Source: strings.TrimSpace(r.pre), Line: it.Line, Col: it.Col})
		}
		if gd, ok := declOf(st); ok {
			it.Doc = pc.ch.doc
			for _, sp := range gd.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					it.Names = appendNames(it.Names, vs.Names...)
				}
			}
		}
		if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, e := range as.Lhs {
				if id, ok := e.(*ast.Ident); ok {
					it.Names = appendNames(it.Names, id)
				}
			}
		}
		s.topCommaOK(r, st, &it)
		it.Source = r.text(start, end)
		it.Refs, it.Packages = s.free(pc, st)
		r.recordInts(st)
		r.recordTypes(st)
		r.recordVars(st)
		items = append(items, it)
	}
	s.errs = append(s.errs, r.errs...)
	return items
}

// recordVars remembers which top-level names of the cell are variables,
// for the copies hoistArgs makes in later items of the same cell.
func (r *rewriter) recordVars(st ast.Stmt) {
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			for i, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					r.s.vars[id.Name] = true
					r.s.recvs[id.Name] = ""
					if len(st.Lhs) == len(st.Rhs) {
						r.s.recvs[id.Name] = r.madeBy(st.Rhs[i])
					}
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := st.Decl.(*ast.GenDecl); ok {
			for _, sp := range gd.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for i, id := range vs.Names {
						r.s.vars[id.Name] = gd.Tok == token.VAR
						r.s.recvs[id.Name] = r.pkgType(vs.Type)
						if vs.Type == nil && len(vs.Values) == len(vs.Names) {
							r.s.recvs[id.Name] = r.madeBy(vs.Values[i])
						}
					}
				}
			}
		}
	}
}

func declOf(st ast.Stmt) (*ast.GenDecl, bool) {
	ds, ok := st.(*ast.DeclStmt)
	if !ok {
		return nil, false
	}
	gd, ok := ds.Decl.(*ast.GenDecl)
	return gd, ok
}

// stmtKind classifies a top-level statement, reporting the ones a cell's
// top level cannot hold.
func (s *state) stmtKind(pc *parsed, st ast.Stmt) (Kind, bool) {
	switch st := st.(type) {
	case *ast.DeclStmt:
		if gd, ok := st.Decl.(*ast.GenDecl); ok && gd.Tok == token.CONST {
			return Const, true
		}
		return Var, true
	case *ast.ExprStmt, *ast.AssignStmt, *ast.IncDecStmt, *ast.SendStmt, *ast.GoStmt:
		return Stmt, true
	case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt,
		*ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt, *ast.DeferStmt:
		return Block, true
	case *ast.ReturnStmt:
		if s.opt.EndCell != "" {
			return Block, true // endCell rewrites it, or says why not
		}
		s.errs = append(s.errs, s.t.errorAt(pc.off(st.Pos()),
			"return is not allowed at the top level of a cell: end the cell with an expression to show its value"))
	case *ast.BranchStmt:
		s.errs = append(s.errs, s.t.errorAt(pc.off(st.Pos()),
			st.Tok.String()+" is not allowed at the top level of a cell: use it inside a loop, switch or function"))
	default:
		s.errs = append(s.errs, s.t.errorAt(pc.off(st.Pos()), "this statement cannot stand at the top level of a cell"))
	}
	return 0, false
}

// declItems makes the items of a file-scope declaration: one per import
// spec, one per type spec, one per func or method.
func (s *state) declItems(pc *parsed, r *rewriter) []Item {
	var items []Item
	switch d := pc.decl.(type) {
	case *ast.FuncDecl:
		r.walk(d)
		it := Item{Kind: Func, Names: appendNames(nil, d.Name), Doc: pc.ch.doc}
		if d.Recv != nil && len(d.Recv.List) == 1 {
			it.Kind = Method
			it.Recv = recvBase(d.Recv.List[0].Type)
			it.Names = []string{it.Recv + "." + d.Name.Name}
		}
		it.Line, it.Col = s.t.pos(pc.ch.start)
		it.Source = r.text(pc.ch.start, pc.ch.end)
		it.Refs, it.Packages = s.free(pc, d)
		items = append(items, it)
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			var it Item
			var kw string
			switch sp := sp.(type) {
			case *ast.ImportSpec:
				kw = "import "
				it.Kind = Import
				it.ImportPath, _ = strconv.Unquote(sp.Path.Value)
				if sp.Name != nil {
					it.ImportName = sp.Name.Name
				}
				if n := importLocal(sp); n != "" {
					it.Names = []string{n}
				}
			case *ast.TypeSpec:
				kw = "type "
				it.Kind = Type
				it.Names = appendNames(nil, sp.Name)
				if len(d.Specs) == 1 {
					it.Doc = pc.ch.doc
				}
			default:
				continue
			}
			r.walk(sp)
			start, end := pc.off(sp.Pos()), pc.off(sp.End())
			it.Line, it.Col = s.t.pos(start)
			// Start the keyword left of the spec so the spec keeps its column.
			it.Col = max(1, it.Col-len(kw))
			it.Source = kw + r.text(start, end)
			it.Refs, it.Packages = s.free(pc, sp)
			items = append(items, it)
		}
	}
	s.errs = append(s.errs, r.errs...)
	return items
}

// recvBase is the base type name of a receiver type expression.
func recvBase(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

func appendNames(names []string, ids ...*ast.Ident) []string {
	for _, id := range ids {
		if id != nil && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	return names
}
