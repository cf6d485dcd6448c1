package evaluator

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
)

// A defer statement at a cell's top level defers its call to the end of
// the cell, as a defer in func main defers it to the end of the program:
// `defer cancel()` then a select on ctx.Done() sees the timeout, not the
// cancel. Run as an item of its own, the defer would run at once.
//
// A deferred func literal without arguments is kept as source and
// deferred, as written, by the code that ends the cell: recover works in
// it only when it is the deferred function itself, and yaegi neither
// recovers nor returns when a func held in a variable is deferred (#1697).
// Any other call is stored as a closure in deferList, with its function
// (when a call makes it) and its non-constant arguments evaluated at the
// defer statement, as Go does.

// deferList is the prelude's list of the cell's deferred closures.
const deferList = "__gocellDefers"

// deferred is one top-level defer of the running cell.
type deferred struct {
	call    string // deferred by the end-of-cell code: a func literal, or deferList[i]
	recover bool   // the literal may recover a panic
}

// topDefer returns the call of a top-level item that is a lone defer
// statement, or nil.
func topDefer(src string) (*ast.CallExpr, *token.FileSet, int) {
	if !strings.HasPrefix(strings.TrimSpace(src), "defer") {
		return nil, nil, 0
	}
	const head = "package p; func _() {\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", head+src+"\n}", 0)
	if err != nil || len(f.Decls) != 1 {
		return nil, nil, 0
	}
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	if len(body) != 1 {
		return nil, nil, 0
	}
	d, ok := body[0].(*ast.DeferStmt)
	if !ok {
		return nil, nil, 0
	}
	return d.Call, fset, fset.Position(f.Pos()).Offset + len(head)
}

// deferItem registers a top-level defer statement for the end of the cell;
// ok is false when src is not one.
func (c *cellRun) deferItem(at, src string) (ok bool, err error) {
	call, fset, base := topDefer(src)
	if call == nil {
		return false, nil
	}
	text := func(n ast.Node) string {
		return src[fset.Position(n.Pos()).Offset-base : fset.Position(n.End()).Offset-base]
	}
	if lit, isLit := call.Fun.(*ast.FuncLit); isLit && len(call.Args) == 0 {
		body := text(lit)
		// Compiled now, so that its errors are this item's.
		if _, err := c.s.compile(";" + at + "func() { defer " + body + "() }\n"); err != nil {
			return true, err
		}
		c.defers = append(c.defers, deferred{call: body, recover: strings.Contains(body, "recover")})
		return true, nil
	}
	if err := c.resetDefers(); err != nil {
		return true, err
	}
	if _, err := c.s.runInFunc(c.ctx, at+c.registration(call, text)); err != nil {
		return true, err
	}
	c.syncDefers()
	return true, nil
}

// registration is the statement that appends a closure running call to
// deferList, with call's function (when a call makes it) and its
// non-constant arguments evaluated first, as a defer statement does.
func (c *cellRun) registration(call *ast.CallExpr, text func(ast.Node) string) string {
	var pre strings.Builder
	fun := text(call.Fun)
	if _, isCall := call.Fun.(*ast.CallExpr); isCall {
		fmt.Fprintf(&pre, "__gocellDF := %s; ", fun)
		fun = "__gocellDF"
	}
	held := make([]string, len(call.Args))
	for i, a := range call.Args {
		held[i] = text(a)
		if c.heldAtDefer(a) && !(len(call.Args) == 1 && c.maybeMultiValue(a, held[i])) {
			v := fmt.Sprintf("__gocellDA%d", i)
			fmt.Fprintf(&pre, "%s := %s; ", v, held[i])
			held[i] = v
		}
	}
	ell := ""
	if call.Ellipsis.IsValid() {
		ell = "..."
	}
	return "{ " + pre.String() + deferList + " = append(" + deferList + ", func() { " + fun + "(" + strings.Join(held, ", ") + ell + ") }) }"
}

// resetDefers empties deferList before the cell's first registration (a
// cell stopped by an interrupt leaves its closures there).
func (c *cellRun) resetDefers() error {
	if c.closures > 0 || c.deferReset {
		return nil
	}
	c.deferReset = true
	_, err := c.s.run(c.ctx, ";"+deferList+" = nil\n")
	return err
}

// syncDefers records the closures the item appended to deferList, in
// order, as the cell's deferred calls.
func (c *cellRun) syncDefers() {
	v, ok := c.s.interp().Globals()[deferList]
	if !ok || !v.IsValid() || v.Kind() != reflect.Slice {
		return
	}
	for ; c.closures < v.Len(); c.closures++ {
		c.defers = append(c.defers, deferred{call: fmt.Sprintf("%s[%d]", deferList, c.closures)})
	}
}

// blockDefers rewrites the defer statements of a top-level compound
// statement (an if's, a loop's, a switch's; not a func literal's) into
// registrations, so they run when the cell ends, as in main; changed is
// false when it has none. A deferred func literal there is registered as
// a closure: a recover in it sees no panic.
func (c *cellRun) blockDefers(src string) (out string, changed bool) {
	if !strings.Contains(src, "defer") {
		return src, false
	}
	const head = "package p; func _() {\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", head+src+"\n}", 0)
	if err != nil || len(f.Decls) != 1 {
		return src, false
	}
	base := fset.Position(f.Pos()).Offset + len(head)
	off := func(p token.Pos) int { return fset.Position(p).Offset - base }
	text := func(n ast.Node) string { return src[off(n.Pos()):off(n.End())] }
	var defers []*ast.DeferStmt
	ast.Inspect(f.Decls[0].(*ast.FuncDecl).Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			defers = append(defers, n)
		}
		return true
	})
	if len(defers) == 0 {
		return src, false
	}
	out = src
	for i := len(defers) - 1; i >= 0; i-- {
		d := defers[i]
		reg := c.registration(d.Call, text)
		if lit, ok := d.Call.Fun.(*ast.FuncLit); ok && len(d.Call.Args) == 0 {
			reg = deferList + " = append(" + deferList + ", " + text(lit) + ")"
		}
		orig := out[off(d.Pos()):off(d.End())]
		if n := strings.Count(orig, "\n") - strings.Count(reg, "\n"); n > 0 {
			reg += strings.Repeat("\n", n) // the lines after keep their numbers
		}
		out = out[:off(d.Pos())] + reg + out[off(d.End()):]
	}
	return out, true
}

// heldAtDefer reports whether an argument is evaluated into a variable at
// the defer statement. Not a literal, nor a name or pkg.Name that is not a
// cell's variable: an untyped constant held in a variable would take its
// default type.
func (c *cellRun) heldAtDefer(a ast.Expr) bool {
	switch x := a.(type) {
	case *ast.BasicLit, *ast.FuncLit:
		return false
	case *ast.Ident:
		c.s.mu.Lock()
		defer c.s.mu.Unlock()
		d, ok := c.s.reg.names[x.Name]
		return ok && d.kind == cellparse.Var
	case *ast.ParenExpr:
		return c.heldAtDefer(x.X)
	case *ast.SelectorExpr:
		return c.heldAtDefer(x.X)
	case *ast.BinaryExpr:
		return c.heldAtDefer(x.X) || c.heldAtDefer(x.Y)
	case *ast.UnaryExpr:
		return c.heldAtDefer(x.X)
	}
	return true
}

// maybeMultiValue reports whether an argument may be a call of several
// results, which one variable cannot hold (yaegi keeps the first result
// and compiles): true unless it is a call of a cell's func or a compiled
// package's func known to return one value, or one that does not
// compile as two values.
func (c *cellRun) maybeMultiValue(a ast.Expr, src string) bool {
	call, ok := a.(*ast.CallExpr)
	if !ok {
		return false
	}
	switch f := call.Fun.(type) {
	case *ast.Ident:
		if n := c.s.results(f.Name); n >= 0 {
			return n > 1
		}
	case *ast.SelectorExpr:
		if pkg, ok := f.X.(*ast.Ident); ok {
			if v, found := c.s.compiledSymbol(pkg.Name, f.Sel.Name); found && v.Kind() == reflect.Func {
				return v.Type().NumOut() > 1
			}
		}
	}
	// A method, or a func value: two results compile as two values.
	_, err := c.s.compile(";func() { _, _ = " + src + " }\n")
	return err == nil
}

// runDefers runs the cell's deferred calls, last first, after its items
// ran or one failed with err. A panic is raised again among them, so that
// a deferred func literal can recover it; the cell then ends without an
// error. Otherwise err, or else the first deferred call's error, is the
// cell's.
func (c *cellRun) runDefers(err error) error {
	if len(c.defers) == 0 {
		return err
	}
	ds := c.defers
	c.defers, c.closures = nil, 0
	var pe *panicError
	repanic := errors.As(err, &pe) && pe.raw != nil
	if repanic {
		repanic = false
		for _, d := range ds {
			repanic = repanic || d.recover
		}
	}
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "defer %s()\n", d.call)
	}
	b.WriteString(deferList + " = nil\n")
	if repanic {
		c.s.cell.setRepanic(pe.raw)
		b.WriteString("panic(" + rtName + ".Repanic())\n")
	}
	_, derr := c.s.runInFunc(c.ctx, b.String())
	if repanic {
		c.s.cell.setRepanic(nil)
		if derr == nil {
			return nil // recovered
		}
		var again *panicError
		if errors.As(derr, &again) && again.value == pe.value {
			return err // not recovered: the original panic, with its positions
		}
		return derr
	}
	if err != nil {
		return err
	}
	return derr
}

// endDefers runs the deferred calls unless the cell was interrupted; then
// they are dropped (they might block the stop).
func (c *cellRun) endDefers(err error) error {
	if c.interrupted() || errors.Is(err, errInterrupted) {
		c.defers, c.closures = nil, 0
		return err
	}
	return c.runDefers(err)
}
