package cellparse

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"path"
	"sort"
	"strconv"
)

// Wrappers that let go/parser read a chunk: declarations at file scope,
// everything else (vars and consts too, so `var x = x + 1` refers to the
// earlier x as it does at a cell's top level) inside a function body. The
// wrappers add no newline before the chunk, so offsets map back by a shift.
const (
	declPrefix = "package p;"
	stmtPrefix = "package p;func _(){"
	stmtSuffix = "\n}"
)

// parsed is one chunk after go/parser.
type parsed struct {
	ch      chunk
	file    *ast.File
	fileOff int // token.Pos of the chunk's first byte, minus the cell offset
	decl    ast.Decl
	stmts   []ast.Stmt
	unres   map[*ast.Ident]bool
	// list is set for a final list of expressions (see exprlist.go).
	list bool
}

// off maps a position in the wrapped source to a byte offset in the cell.
func (p *parsed) off(pos token.Pos) int { return int(pos) - p.fileOff }

// state is one Parse call.
type state struct {
	t         *text
	opt       Options
	top       map[string]bool   // names declared at the cell's top level
	cellInt   map[string]bool   // top-level names of the cell so far: integer or not
	cellTypes map[string]string // top-level names of the cell so far: written type or ""
	intFuncs  map[string]bool   // funcs of the cell: returns a single integer or not
	results   map[string]int    // funcs of the cell: how many results
	vars      map[string]bool   // top-level names of the cell so far: a variable or not
	recvs     map[string]string // top-level variables of the cell so far: what made them (see callee)
	pkgs      map[string]bool   // names the cell uses as packages (X in X.Sel, X free and not the user's)
	methods   map[string]int    // names of the methods the cell declares: valueRecv|ptrRecv
	types     map[string]bool   // names of the types the cell declares
	errs      ErrorList
	seq       int // suffix of generated names, unique in the cell
	chunks    []*parsed
}

// Parse splits a cell into items and applies the rewrites described in the
// package documentation. Syntax errors and forms the rewriter cannot handle
// are returned as an *Error or, when there are several, an ErrorList.
func Parse(src string, opt Options) (cell *Cell, err error) {
	defer func() {
		// A bug in the rewriter must not take the kernel down.
		if r := recover(); r != nil {
			cell, err = nil, &Error{Line: 1, Col: 1, Msg: fmt.Sprintf("internal error while parsing the cell: %v", r)}
		}
	}()
	return parse(src, opt)
}

func parse(src string, opt Options) (*Cell, error) {
	s := &state{t: newText(src), opt: opt, top: map[string]bool{}, cellInt: map[string]bool{}, cellTypes: map[string]string{}, intFuncs: map[string]bool{}, results: map[string]int{}, vars: map[string]bool{}, recvs: map[string]string{}, pkgs: map[string]bool{}, methods: map[string]int{}}
	chunks := split(src)
	for i, ch := range chunks {
		if i == len(chunks)-1 && isExprList(ch.toks) {
			if pc := s.parseExprList(ch); pc != nil {
				s.chunks = append(s.chunks, pc)
			}
			continue
		}
		if pc := s.parseChunk(ch); pc != nil {
			s.chunks = append(s.chunks, pc)
		}
	}
	if err := s.err(); err != nil {
		return nil, err
	}
	s.types = map[string]bool{}
	for _, pc := range s.chunks {
		for _, n := range declaredNames(pc) {
			s.top[n] = true
		}
		if gd, ok := pc.decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			for _, sp := range gd.Specs {
				s.types[sp.(*ast.TypeSpec).Name.Name] = true
			}
		}
	}
	for _, pc := range s.chunks {
		ast.Inspect(pc.file, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && pc.unres[x] && !s.userDeclared(x.Name) {
					s.pkgs[x.Name] = true
				}
			}
			return true
		})
		if fd, ok := pc.decl.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
			if _, ptr := fd.Recv.List[0].Type.(*ast.StarExpr); ptr {
				s.methods[fd.Name.Name] |= ptrRecv
			} else {
				s.methods[fd.Name.Name] |= valueRecv
			}
		}
		if fd, ok := pc.decl.(*ast.FuncDecl); ok && fd.Recv == nil {
			s.intFuncs[fd.Name.Name] = returnsInt(s, fd.Type)
			s.results[fd.Name.Name] = fd.Type.Results.NumFields()
		}
	}
	cell := &Cell{}
	for i, pc := range s.chunks {
		cell.Items = append(cell.Items, s.items(pc, i == len(s.chunks)-1)...)
	}
	if err := s.err(); err != nil {
		return nil, err
	}
	return cell, nil
}

func (s *state) err() error {
	switch len(s.errs) {
	case 0:
		return nil
	case 1:
		return s.errs[0]
	}
	sort.SliceStable(s.errs, func(i, j int) bool {
		a, b := s.errs[i], s.errs[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	return s.errs
}

// userDeclared reports whether name is a user's declaration, in this cell
// or an earlier one, rather than (possibly) a builtin or a package.
func (s *state) userDeclared(name string) bool {
	return s.top[name] || s.opt.Declared != nil && s.opt.Declared(name)
}

// parseChunk parses one chunk with the wrapper its first tokens call for.
func (s *state) parseChunk(ch chunk) *parsed {
	body := s.t.src[ch.start:ch.end]
	if ch.badClose >= 0 {
		c := s.t.src[ch.badClose : ch.badClose+1]
		s.errs = append(s.errs, s.t.errorAt(ch.badClose, "unexpected "+c+" without a matching opening bracket"))
		return nil
	}
	first := ch.toks[0].tok
	switch {
	case first == token.PACKAGE:
		if len(ch.toks) != 2 || ch.toks[1].tok != token.IDENT {
			s.errs = append(s.errs, s.t.errorAt(ch.start, "a package clause is `package NAME`"))
		}
		return nil // a cell has no package of its own
	case first == token.IMPORT || first == token.TYPE || first == token.FUNC && isFuncDecl(ch.toks):
		pc := s.parseWrapped(ch, declPrefix, body, "")
		if pc != nil && len(pc.file.Decls) == 1 {
			pc.decl = pc.file.Decls[0]
		}
		return pc
	default:
		pc := s.parseWrapped(ch, stmtPrefix, body, stmtSuffix)
		if pc != nil {
			fd := pc.file.Decls[0].(*ast.FuncDecl)
			pc.stmts = fd.Body.List
		}
		return pc
	}
}

// isFuncDecl tells a func or method declaration from a func literal that
// starts a statement: `func (r T) M(` has a name after the first group.
func isFuncDecl(toks []tok) bool {
	if len(toks) < 2 {
		return true
	}
	if toks[1].tok == token.IDENT {
		return true
	}
	if toks[1].tok != token.LPAREN {
		return true // let the parser report it as a declaration
	}
	depth := 0
	for i := 1; i < len(toks); i++ {
		switch toks[i].tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
		if depth == 0 {
			return i+1 < len(toks) && toks[i+1].tok == token.IDENT
		}
	}
	return false
}

func (s *state) parseWrapped(ch chunk, prefix, body, suffix string) *parsed {
	fset := token.NewFileSet()
	src := prefix + body + suffix
	f, err := parser.ParseFile(fset, "cell", src, parser.AllErrors)
	if err != nil {
		var list scanner.ErrorList
		if errors.As(err, &list) {
			seen := map[int]bool{}
			for _, e := range list {
				if seen[e.Pos.Line] {
					continue // the parser's follow-on errors on a line are noise
				}
				seen[e.Pos.Line] = true
				off := ch.start + max(0, min(e.Pos.Offset-len(prefix), ch.end-ch.start))
				s.errs = append(s.errs, s.t.errorAt(off, e.Msg))
			}
		} else {
			s.errs = append(s.errs, s.t.errorAt(ch.start, err.Error()))
		}
		return nil
	}
	tf := fset.File(f.Pos())
	pc := &parsed{ch: ch, file: f, fileOff: tf.Base() + len(prefix) - ch.start, unres: map[*ast.Ident]bool{}}
	for _, id := range f.Unresolved {
		pc.unres[id] = true
	}
	return pc
}

// declaredNames lists the top-level names a chunk declares.
func declaredNames(pc *parsed) []string {
	var names []string
	add := func(ids ...*ast.Ident) {
		for _, id := range ids {
			if id != nil && id.Name != "_" {
				names = append(names, id.Name)
			}
		}
	}
	switch d := pc.decl.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			add(d.Name)
		}
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			switch sp := sp.(type) {
			case *ast.TypeSpec:
				add(sp.Name)
			case *ast.ImportSpec:
				// An import's name is a package, not a user declaration.
			}
		}
	}
	for _, st := range pc.stmts {
		switch st := st.(type) {
		case *ast.DeclStmt:
			if gd, ok := st.Decl.(*ast.GenDecl); ok {
				for _, sp := range gd.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok {
						add(vs.Names...)
					}
				}
			}
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for _, e := range st.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						add(id)
					}
				}
			}
		}
	}
	return names
}

// importLocal is the name an import binds in the file ("" for _ and .).
func importLocal(sp *ast.ImportSpec) string {
	if sp.Name != nil {
		if sp.Name.Name == "_" || sp.Name.Name == "." {
			return ""
		}
		return sp.Name.Name
	}
	p, err := strconv.Unquote(sp.Path.Value)
	if err != nil {
		return ""
	}
	return path.Base(p)
}

// returnsInt reports whether a func type has one result of a predeclared
// integer type.
func returnsInt(s *state, ft *ast.FuncType) bool {
	if ft.Results == nil || len(ft.Results.List) != 1 || len(ft.Results.List[0].Names) > 1 {
		return false
	}
	id, ok := ft.Results.List[0].Type.(*ast.Ident)
	return ok && intTypes[id.Name] && !s.userDeclared(id.Name)
}
