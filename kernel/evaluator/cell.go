package evaluator

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"reflect"
	"regexp"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
	"github.com/gocell/gocell/kernel/session"
)

// lineBase encodes the cell in line numbers: line l of cell n is line
// encodeCell(n)*lineBase+l in yaegi's positions. The file name of a line
// directive cannot carry it: yaegi resolves imports by the position's file
// name, and a name other than its own "_.go" hides every imported package.
const lineBase = 100000

// cellWrap bounds the cell numbers encoded in lines: Go's positions reject
// line numbers of 2^30 and more, which plain n*lineBase reaches at cell
// 10,738. Cell numbers therefore wrap every cellWrap cells, and a position
// is read back as the latest cell with that number (resolveCell).
const cellWrap = 10000

// encodeCell maps cell n to 1..cellWrap; 0 stays free to mean "no cell".
func encodeCell(n int) int {
	if e := n % cellWrap; e != 0 {
		return e
	}
	return cellWrap
}

// resolveCell returns the latest cell number at most cur that encodes as
// e: the cell a position of the running session most likely points at.
func resolveCell(e, cur int) int {
	d := (cur - e) % cellWrap
	if d < 0 {
		d += cellWrap
	}
	if r := cur - d; r > 0 {
		return r
	}
	return e
}

// cellPos is the position text of line:col of cell n, as yaegi prints it.
func cellPos(n, line, col int) string {
	return fmt.Sprintf("%s:%d:%d", interpFile, encodeCell(n)*lineBase+line, col)
}

// interpFile is the file name yaegi gives every Eval.
const interpFile = "_.go"

// runCell evaluates a cell's items in order and shows the last value.
func (s *Session) runCell(ctx context.Context, code string, n int) session.ExecuteReply {
	if reply, ok := s.shortCell(ctx, code); ok {
		return reply
	}
	cell, err := cellparse.Parse(code, cellparse.Options{
		IsInteger:      s.isInteger,
		Declared:       s.declared,
		Results:        s.results,
		IsType:         s.isType,
		IsVar:          s.isVar,
		IsInterface:    s.isInterface,
		ParamInterface: s.paramInterface,
		TakesInterface: s.takesInterface,
		Method:         s.methodRecv,
		LoopCheck:      loopCheckSrc,
		GoRecover:      goRecoverFn,
		Recovered:      recoveredFn,
		Asserted:       assertedFn,
		CellInterface:  s.cellInterface,
		EndCell:        rtName + ".EndCell",
	})
	if err != nil {
		return s.parseErrorReply(err, code, n)
	}
	c := &cellRun{s: s, ctx: ctx, n: n, code: code}
	if err := s.impliedImports(c, cell); err != nil {
		return c.reply(err)
	}
	cell.Items = deferFuncs(cell.Items)
	s.cell.takeEnded()
	ended := false
	for i := 0; i < len(cell.Items) && !ended; i++ {
		j := i + 1
		for isDecl(cell.Items[i].Kind) && j < len(cell.Items) && isDecl(cell.Items[j].Kind) {
			j++
		}
		var err error
		if j-i > 1 {
			err = c.decls(cell.Items[i:j])
		} else {
			err = c.item(&cell.Items[i])
		}
		if err != nil {
			if err = c.endDefers(err); err != nil {
				return c.reply(err)
			}
			return session.ExecuteReply{Result: s.cell.takeBundle()}
		}
		i = j - 1
		ended = s.cell.takeEnded() // a return outside functions ends the cell, as it ends main
	}
	if c.runMain && !ended {
		// A cell holding a program runs it, once, as `go run` would.
		if _, err := s.run(ctx, ";"+mainFn+"()"); err != nil {
			return c.reply(c.endDefers(err))
		}
	}
	if err := c.endDefers(nil); err != nil {
		return c.reply(err)
	}
	reply := session.ExecuteReply{}
	reply.Result = s.cell.takeBundle()
	if c.interrupted() {
		return c.reply(errInterrupted)
	}
	return reply
}

// cellRun is the state of one cell being evaluated.
type cellRun struct {
	s    *Session
	ctx  context.Context
	n    int
	code string
	// runMain is set when the cell declares func main.
	runMain bool
	// defers are the cell's top-level deferred calls, closures the number
	// of them held in deferList.
	defers     []deferred
	closures   int
	deferReset bool // deferList was emptied for this cell
}

func (c *cellRun) interrupted() bool { return c.ctx.Err() != nil }

// reply turns an evaluation error into the cell's reply.
func (c *cellRun) reply(err error) session.ExecuteReply {
	return c.s.errorFor(err, c.code, c.n)
}

// at prefixes src with a line directive placing it at the item's position.
func (c *cellRun) at(it *cellparse.Item) string {
	col := it.Col
	if col < 1 {
		col = 1
	}
	return "/*line " + cellPos(c.n, it.Line, col) + "*/"
}

// item evaluates one top-level item the way yaegi handles its kind.
func (c *cellRun) item(it *cellparse.Item) error {
	if c.interrupted() {
		return errInterrupted
	}
	if err := c.mainItem(it); err != nil {
		return err
	}
	switch it.Kind {
	case cellparse.Import:
		return c.s.importItem(c, it)
	case cellparse.Type, cellparse.Func, cellparse.Method:
		return c.s.declare(c, it)
	case cellparse.Const, cellparse.Var, cellparse.Stmt:
		c.s.nameInstances(it.Source)
		if done, err := c.s.rerunAsAssignment(c, it); done {
			return err
		}
		// Statement mode: yaegi evaluates the body of its wrapper main in
		// the global scope, and a package-level var referring to an earlier
		// cell's var would be a "definition loop" in file mode.
		if _, err := c.s.run(c.ctx, ";"+c.at(it)+it.Source+"\n"); err != nil {
			if globalGenericError(err) {
				if ok, err := c.defineInFunc(it); ok {
					return err
				}
			}
			return c.s.betterError(err, c.at(it)+it.Source)
		}
		c.s.defined(c, it)
		return nil
	case cellparse.Block:
		c.s.nameInstances(it.Source)
		if ok, err := c.deferItem(c.at(it), it.Source); ok {
			return err
		}
		if src, ok := c.blockDefers(it.Source); ok {
			if err := c.resetDefers(); err != nil {
				return err
			}
			_, err := c.s.runInFunc(c.ctx, c.at(it)+src)
			c.syncDefers()
			return err
		}
		_, err := c.s.runInFunc(c.ctx, c.at(it)+it.Source)
		return err
	case cellparse.Expr:
		c.s.nameInstances(it.Source)
		return c.s.expr(c, it)
	}
	return fmt.Errorf("evaluator: unknown item kind %v", it.Kind)
}

// expr evaluates the cell's final expression and shows its values, if it
// has any. Whether it has is decided by compiling (not running) a call
// that passes it to the show function: a void call fails to compile, a
// multi-value call passes all its values.
func (s *Session) expr(c *cellRun, it *cellparse.Item) error {
	if it.List {
		// Go has no list statement to fall back on: the show call's error
		// is the cell's.
		if err := s.declareCellFn(showFn + "(" + c.at(it) + codeOnly(it.Source) + ",\n)"); err != nil {
			return err
		}
		_, err := s.run(c.ctx, ";"+cellFn+"()")
		return err
	}
	if isPrintCall(it.Source) {
		_, err := s.runInFunc(c.ctx, c.at(it)+it.Source)
		return err
	}
	// A value that is not a call's is one value: it goes to the one-value
	// show function, which a []interface{} cannot be spread into (yaegi
	// spreads it into the variadic one, showing [1 2] as 1, 2).
	show := showFn
	if !isCall(it.Source) {
		show = showFn + "1"
	}
	if noTemporaries(it.Source) {
		// One compile instead of two (cellFn's and its call's).
		prog, err := s.compile(";" + show + "(" + c.at(it) + codeOnly(it.Source) + ",\n)")
		if err == nil {
			_, err = s.execute(c.ctx, prog)
		}
		return err
	}
	err := s.declareCellFn(show + "(" + c.at(it) + codeOnly(it.Source) + ",\n)")
	if err != nil && strings.Contains(err.Error(), "panic") {
		// Some single values crash yaegi inside a variadic call (a
		// conversion of a compiled named type: "NumIn of non-func type").
		// Not tried for others: yaegi compiles v := f() for a void f.
		err = s.declareCellFn("__gocellV := " + c.at(it) + it.Source + "\n" + show + "(__gocellV)")
	}
	if err != nil {
		// A void call, or an error best reported on the plain expression.
		_, perr := s.runInFunc(c.ctx, c.at(it)+it.Source)
		if perr == nil && !isCall(it.Source) {
			// Not a call, so not void: yaegi runs an unused value as a
			// statement (big * 4 for a constant that overflows int), and
			// the show function's error is the cell's.
			return err
		}
		return perr
	}
	_, err = s.run(c.ctx, ";"+cellFn+"()")
	return err
}

// isCall reports whether an expression is a call (or a conversion, which
// looks the same), whose values may be several; an expression that does
// not parse counts as one, for the compiler to report.
func isCall(src string) bool {
	x, err := parser.ParseExpr(src)
	if err != nil {
		return true
	}
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	_, call := x.(*ast.CallExpr)
	return call
}

// noTemporaries reports whether an expression is one yaegi evaluates at
// the top level without a slot of its global frame: a constant expression
// (1+1, "a"+"b") or a lone name (x). Such cells, the commonest, need not
// pay for running in cellFn.
func noTemporaries(src string) bool {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(src))
	var sc scanner.Scanner
	sc.Init(f, []byte(src), nil, 0)
	names, others := 0, 0
	for {
		_, tok, lit := sc.Scan()
		switch {
		case tok == token.EOF:
			return names == 0 || (names == 1 && others == 0)
		case tok == token.SEMICOLON && lit == "\n", tok == token.COMMENT:
		case tok == token.IDENT:
			names++
		case tok.IsLiteral(), tok.IsOperator() && tok != token.LBRACK && tok != token.LBRACE && tok != token.PERIOD:
			others++
		default:
			return false
		}
	}
}

// printCallRE matches a call of fmt's or log's print functions, whose
// results (a byte count and an error) nobody wants to see.
var printCallRE = regexp.MustCompile(`^\s*(?:fmt|log)\.(?:Print|Printf|Println|Fprint|Fprintf|Fprintln)\s*\(`)

func isPrintCall(src string) bool { return printCallRE.MatchString(src) }

// isInteger tells cellparse whether a name used as `for i := range name`
// is an integer (a range over a number, which yaegi lacks).
func (s *Session) isInteger(name string) bool {
	g := s.interp().Globals()
	v, ok := g[name]
	if !ok || !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

// isType tells cellparse whether name is a type an earlier cell declared
// ("T") or a type of a package in scope ("pkg.T").
func (s *Session) isType(name string) bool {
	if pkg, typ, ok := strings.Cut(name, "."); ok {
		_, found := s.compiledType(pkg, typ)
		return found
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.reg.names[name]
	return ok && d.kind == cellparse.Type
}

// results tells cellparse how many results a func an earlier cell
// declared has, a compiled package's function pkg.Name, or a method of
// an earlier cell's variable of a compiled type, $x.M (-1 for any other
// name).
func (s *Session) results(name string) int {
	if strings.HasPrefix(name, "$") {
		recv, method, _ := strings.Cut(name, ".")
		rt := s.receiverType(recv)
		if rt == nil {
			return -1
		}
		m, ok := rt.MethodByName(method)
		if !ok {
			return -1
		}
		return m.Type.NumOut()
	}
	if pkg, fun, ok := strings.Cut(name, "."); ok {
		v, found := s.compiledSymbol(pkg, fun)
		if !found || v.Kind() != reflect.Func {
			return -1
		}
		return v.Type().NumOut()
	}
	s.mu.Lock()
	d, ok := s.reg.names[name]
	s.mu.Unlock()
	if !ok || d.kind != cellparse.Func {
		return -1
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+d.src, 0)
	if err != nil || len(f.Decls) != 1 {
		return -1
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok {
		return -1
	}
	return fd.Type.Results.NumFields()
}

// declared tells cellparse whether an earlier cell declared name.
func (s *Session) declared(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.reg.names[name]
	return ok
}

// parseErrorReply reports the syntax errors cellparse found.
func (s *Session) parseErrorReply(err error, code string, n int) session.ExecuteReply {
	errs := cellparse.Errors(err)
	if len(errs) == 0 {
		return errorReply("CompileError", err.Error(), nil)
	}
	lines := strings.Split(code, "\n")
	var r session.ExecuteReply
	for i, e := range errs {
		col := e.Col
		if e.Line >= 1 && e.Line <= len(lines) {
			col = byteColumn(lines[e.Line-1], e.Col)
		}
		one := compileReply(e.Msg, code, n, e.Line, col)
		if i == 0 {
			r = one
			continue
		}
		r.Error.Traceback = append(r.Error.Traceback, one.Error.Traceback...)
	}
	return r
}

// byteColumn converts a column in code points to one in bytes.
func byteColumn(line string, runeCol int) int {
	n := 1
	for i := range line {
		if n == runeCol {
			return i + 1
		}
		n++
	}
	return len(line) + 1
}

// betterError replaces yaegi's "definition loop" message, which it gives
// for an undefined name in a global declaration, with the message the same
// code gets inside a function.
func (s *Session) betterError(err error, src string) error {
	var ce *compileError
	if !errors.As(err, &ce) || !strings.Contains(ce.msg, "definition loop") {
		return err
	}
	if _, err2 := s.compile(";func() {" + src + "\n}"); err2 != nil {
		return err2
	}
	return err
}

// codeOnly drops comments after the last token of src, so that code can
// follow it on the same line.
func codeOnly(src string) string {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(src))
	var sc scanner.Scanner
	sc.Init(f, []byte(src), nil, scanner.ScanComments)
	end := len(src)
	last := 0
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.COMMENT || (tok == token.SEMICOLON && lit == "\n") {
			continue
		}
		last = f.Offset(pos) + len(lit)
		if lit == "" {
			last = f.Offset(pos) + len(tok.String())
		}
	}
	if last > 0 && last < end {
		return src[:last]
	}
	return src
}

// mainFnRE finds the declaration of func main.
var mainFnRE = regexp.MustCompile(`^func\s+main\b`)

// mainItem keeps the name main away from yaegi, which runs a global main
// after every later Eval (and breaks on a var named main): func main is
// declared under another name and run when its cell ends.
func (c *cellRun) mainItem(it *cellparse.Item) error {
	for _, r := range it.Refs {
		if r == "main" && it.Kind != cellparse.Func && it.Kind != cellparse.Method {
			// In statement mode main is yaegi's own wrapper.
			return &compileError{msg: cellPos(c.n, it.Line, it.Col) + ": main cannot be called from a cell: a cell's func main runs when its cell runs; run that cell again, or give the function another name to call it"}
		}
	}
	for _, n := range it.Names {
		if n != "main" {
			continue
		}
		if it.Kind != cellparse.Func {
			return &compileError{msg: cellPos(c.n, it.Line, it.Col) + ": main cannot be a variable, constant or type in a cell: choose another name"}
		}
		it.Source = mainFnRE.ReplaceAllString(it.Source, "func "+mainFn)
		c.runMain = true
	}
	return nil
}
