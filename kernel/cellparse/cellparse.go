// Package cellparse turns the source of one notebook cell into the items the
// evaluator runs one at a time.
//
// A Go notebook cell mixes what a Go file and a function body keep apart:
// imports, declarations, statements and a final expression, in any order.
// The interpreter underneath (yaegi) accepts only one of those shapes per
// evaluation and lacks several Go 1.22+ forms, so this package splits a cell
// into top-level items, classifies each one, rewrites the forms the
// interpreter cannot run (range over int, per-iteration loop variables,
// min/max/clear, comma-ok at top level) and injects interrupt checks and
// goroutine panic guards. Every rewrite is a text edit that keeps the cell's
// line structure, so a //line directive placed before an item's Source makes
// the interpreter's errors point at the user's lines.
//
// # Rewrites
//
// Each rewrite is applied anywhere in the cell, top level and function
// bodies alike, unless said otherwise; names starting with __gocell are
// generated (unique within a cell):
//
//   - `for i := range N` and `for range N`, N an integer expression (see
//     Options.IsInteger and ReturnsInteger), become a 3-clause loop over a
//     hidden counter with N evaluated once, inside a block: `{ __gocellN1 := N; for __gocellI2 :=
//     __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ { i :=
//     __gocellI2; _ = i; BODY } }`. The counter has N's type; a label stays on
//     the for.
//   - Per-iteration loop variables: when a loop body lets a := loop variable
//     escape (a func literal, go or defer statement mentions it, or &v), the
//     header's variable is renamed and the user's name is declared at the
//     top of the body: `for _, __gocellV1 := range xs { v := __gocellV1; ...`.
//     A 3-clause loop gets this only when its body never assigns the
//     variable (Go copies the variable back before the post statement; a
//     copy at the top of the body would lose the body's assignment, so such
//     loops keep one shared variable). `v := v` is not used: yaegi
//     mis-scopes it.
//   - min(...), max(...) and clear(x), when not the user's own, call MinFunc,
//     MaxFunc and ClearFunc.
//   - A comma-ok assertion to error or a package's type of a name, field
//     or index (`s, ok := v.(fmt.Stringer)`, also with =, var, and in an
//     if header) checks v for nil first, as the interpreter panics on a
//     nil v: `s, ok := *new(fmt.Stringer), false; if __gocellA1 := v;
//     __gocellA1 != nil { s, ok = __gocellA1.(fmt.Stringer) }` (an if's
//     header moves into a block around the if).
//   - A type switch that has a case of an interface type, or of a cell's
//     type, becomes an expression switch whose cases assert with comma-ok
//     (see typeSwitch; an init statement goes in a block around it, unless
//     the switch is labelled); the interpreter's type switch matches only
//     exact types.
//   - With Options.Asserted, an assertion to error or a package's interface
//     passes its operand through that func, told the interface:
//     `z.(fmt.Stringer)` -> `A(z, (*fmt.Stringer)(nil)).(fmt.Stringer)`,
//     and one to a type that may be the cell's with a nil target:
//     `s.(T)` -> `A(s, nil).(T)` (in the nil guard and a type switch's
//     cases too; see assertOperand).
//   - At the top level only, comma-ok forms that declare variables become a
//     typed declaration and a plain assignment on the same line:
//     `v, ok := m[k]` -> `v, ok := m[k], false; v, ok = m[k]`,
//     `x, ok := y.(T)` -> `x, ok := *new(T), false; x, ok = y.(T)`, and
//     `v, ok := <-ch` likewise when ch's element type is known; `var v, ok =
//     ...` too.
//   - A parallel assignment (`=`, two or more values) whose values hold
//     calls or receives gets those values, in order, in fresh variables
//     first, which yaegi needs to keep the other values:
//     `a, b = x, f(x)` -> `{ __gocellT1 := f(x); a, b = x, __gocellT1 }`.
//     Not in if/for/switch headers; calls in the left side's index
//     operands then run after the right side's calls.
//     With nil among the values (yaegi panics), the values that are not
//     constants go into fresh variables and the assignments run one by one:
//     `p, q = nil, x` -> `{ __gocellT1 := x; p = nil; q = __gocellT1; }`.
//   - Inside loop bodies, append(s, v...) sends each value that may be of a
//     cell's type (a composite literal of a named type or its address, a
//     call of a plain name, a variable) through AppendFunc:
//     `ls = append(ls, &A{})` -> `ls = __gocellAppend(ls, &A{})`. yaegi's
//     conversion of such a value to a compiled interface keeps reading the
//     slot it came from, which the next iteration overwrites; the helper's
//     frame is fresh per call.
//   - A call argument that is a call of a plain name (one that may return
//     a cell's type; not a builtin or conversion) moves into a fresh
//     variable declared before the statement, and so does every call or
//     receive that runs before it, whole, so the calls keep their order
//     (yaegi panics passing a call's cell-typed result to a compiled
//     interface): `n := f(NewA(2)) + f(NewA(3))` -> `__gocellH1 :=
//     NewA(2); __gocellH2 := f(__gocellH1); __gocellH3 := NewA(3); n :=
//     __gocellH2 + f(__gocellH3)`; in a function the statement goes in a
//     block, `{ ...; f(__gocellH1) }` (not for a :=), at the top level
//     the declarations are a separate Stmt item before it. Nothing moves
//     out of the right operand of && or ||, nor past a call there. The
//     arguments of fmt and log functions stay.
//   - A variable that may be assigned after the statement (a cell's
//     top-level variable, see Options.IsVar; a local its function assigns
//     elsewhere; an outer variable in a func literal) is copied the same
//     way when passed to a call, put in a composite literal, assigned with
//     = or given to a typed var, and so is the receiver of a method value
//     (x.M): a value of a cell's type converted to an interface keeps
//     reading the variable it came from. `var i I = a` -> `__gocellH1 :=
//     a; var i I = __gocellH1`.
//   - An if's or switch's init statement that needs such a move is lifted
//     into a block around the statement: `if v := f(NewA()); c {...}` ->
//     `{ __gocellH1 := NewA(); v := f(__gocellH1); if c {...} }` (an
//     else-if becomes `else { ...; if ... }`; a label stays on the
//     statement). A for's init statement gets its declarations before the
//     loop, in a block.
//   - pkg.T(x), T an interface type of a compiled package (see
//     Options.IsInterface), becomes `func() pkg.T { var __gocellC1 pkg.T =
//     x; return __gocellC1 }()`: yaegi cannot convert a cell's value to
//     it, but assigns it.
//   - An argument that may hold a value of a cell's interface type,
//     passed to a compiled interface parameter (Options.ParamInterface),
//     goes through a typed variable the same way: `seq.Add(l)` ->
//     `seq.Add(func() dnn.Layer { var __gocellC1 dnn.Layer = l; return
//     __gocellC1 }())`. Compiled values (made by a package's function or
//     literal, declared with a package's type) stay as they are, and
//     arguments for compiled parameters of concrete types
//     (Options.TakesInterface) need none of these copies.
//   - In loop bodies, a statement that passes such a call, a composite
//     literal of a named type or a variable of the iteration (a range
//     value, a variable declared in the body, one the loop assigns) to a
//     call, assigns such a call or literal, puts it in a composite literal
//     of interfaces or named types, or takes a method value of a cell's
//     method (Options.Method) on such a variable needs a frame per iteration
//     (see AppendFunc for why): the whole body runs in a func literal
//     called on the spot, break and continue becoming returns:
//     `for ... { if func() bool { BODY; return false }() { break } }`
//     (`func() { BODY }()` without a break; with a return or a branch to
//     a label outside the body, the literal's first result says whether to
//     go on, break, return the others or take which branch; nested wrapped
//     loops pass these on outwards). A body that defers (or returns bare
//     while a result is named _) cannot move; then each
//     such statement other than a := runs in a func literal of its own,
//     `func() { net.Add(&A{}) }()`, and `var l I = v` with such a v
//     becomes `var l I; func() { __gocellH1 := v; l = __gocellH1 }()`.
//   - A labelled break or continue standing directly in a select case goes
//     in a block, `{ break L }`: yaegi ignores it there.
//   - Options.LoopCheck is inserted at the start of every for body.
//   - With Options.EndCell, a return outside any function calls it first:
//     `if err != nil { return }` -> `if err != nil { E(); return }`.
//   - With Options.GoRecover, a go statement's goroutine defers it first;
//     arguments are evaluated at the go statement: `go f(a, 1)` -> `{
//     __gocellA1 := a; go func() { defer R(); f(__gocellA1, 1) }() }` (the
//     item stays a Stmt), and `go func(){...}()` gets the defer in its body.
//
// A form the rewriter cannot handle is an *Error that says what to write.
//
// The package also answers the source-level questions of the protocol:
// whether a cell is complete (IsComplete) and what identifier the cursor is
// on (CursorContext, IdentAt). It depends on go/ast, go/parser and
// go/scanner only.
package cellparse

import (
	"fmt"
	"strings"
)

// Kind classifies a top-level item of a cell.
type Kind int

// Kinds of items.
const (
	Import Kind = iota // one import spec (a grouped import becomes several items)
	Const              // one const declaration (a group stays one item, iota needs it)
	Var                // one var declaration
	Type               // one type spec per item
	Func               // a function declaration
	Method             // a method declaration
	Stmt               // a simple statement: x := 1, x = 2, x++, ch <- v, go f(), an expression statement that is not last
	Block              // a compound statement: if, for, switch, type switch, select, {block}, labeled statement, defer
	Expr               // the cell's final expression (only ever the last item)
)

var kindNames = [...]string{"Import", "Const", "Var", "Type", "Func", "Method", "Stmt", "Block", "Expr"}

// String returns the Kind's name, as in the constant.
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Item is one top-level unit of a cell.
type Item struct {
	Kind Kind
	// Source is the Go source of the item after rewrites. Rewrites add no
	// newlines, so its n-th line is the cell's line Line+n-1; the first line
	// starts at column Col. Rewrites may shift columns within a line.
	Source string
	// Line and Col are the 1-based position of the item's first byte in the
	// cell. Col counts bytes, as //line directives and go/token do (see
	// RuneColumn to convert for display).
	Line, Col int
	// Names are the top-level names the item declares: var/const/type/func
	// names, the new names of a top-level `:=`, the local name of an import;
	// for a method "T.M". Blank names are left out.
	Names []string
	// Refs are the free identifiers the item refers to: names not declared
	// inside the item, without builtins (unless the cell or Options.Declared
	// declares them) and without package selectors. An identifier X used
	// only as X.Sel is in Refs instead of Packages when the cell declares X
	// at top level or Options.Declared(X) is true.
	Refs []string
	// Packages are identifiers X used as X.Sel where X is free in the item
	// and not known as a user declaration: candidate package names for
	// implied imports.
	Packages []string
	// ImportPath and ImportName are set for Import items only. ImportName
	// is "" when the import is not renamed, else the name as written ("_",
	// "." or an identifier).
	ImportPath, ImportName string
	// Recv is set for Method items only: the receiver's base type name
	// (without * and type parameters).
	Recv string
	// List is set on an Expr item that is a list of expressions (x, y*2),
	// which Go has no statement for: a notebook shows all their values, as
	// it does a call's results. Source is the list.
	List bool
	// Doc is the comment immediately above a declaration (func, method,
	// type, var, const), without comment markers; "" when there is none.
	Doc string
}

// Cell is a parsed cell: its items in source order.
type Cell struct {
	Items []Item
}

// Options tune Parse's rewrites. The zero value is valid.
type Options struct {
	// IsInteger reports whether a name declared in an earlier cell has an
	// integer type; used to rewrite `for i := range n`.
	IsInteger func(name string) bool
	// ReturnsInteger reports whether a func declared in an earlier cell
	// returns a single integer; used to rewrite `for i := range f()`.
	ReturnsInteger func(name string) bool
	// Declared reports whether an earlier cell declared name at top level
	// (a var, const, type or func of the user). A user's min, max or clear
	// is then not rewritten, and X.Sel with such an X is a reference rather
	// than a package use. Nil means no earlier declarations.
	Declared func(name string) bool
	// TypeOf returns the type, as Go source ("chan int"), of a variable
	// declared in an earlier cell, or "" when unknown. It lets a top-level
	// `v, ok := <-ch` be rewritten; without it that form is an error unless
	// the cell itself makes ch.
	TypeOf func(name string) string
	// Results returns how many results a func declared in an earlier cell
	// has, or -1 when name is no such func. A call of it passed as the only
	// argument of another call is hoisted (see the package documentation)
	// only when it has one result: f(g()) may spread g's results. Results
	// is also asked about "pkg.F", a function of a package in scope, and
	// "$x.M", method M of an earlier cell's variable x, to check that the
	// results of a call are used in the number they come in (yaegi keeps
	// the first of several results where one is wanted).
	Results func(name string) int
	// IsType reports whether name is a type: "T" one an earlier cell
	// declared, "pkg.T" one of a package in scope. A type in a value's
	// place is then Go's error, which yaegi does not give. Nil means
	// none is.
	IsType func(name string) bool
	// IsVar reports whether a name an earlier cell declared at top level
	// is a variable (not a const, type or func). Such a variable passed to
	// a call, assigned or stored is copied first (see the package
	// documentation); nil means none is.
	IsVar func(name string) bool
	// IsInterface reports whether pkg.Name, pkg a package name in scope,
	// is an interface type of a compiled package. A conversion to it,
	// pkg.Name(x), becomes a typed variable in a func literal (see
	// ifaceConv); nil means none is.
	IsInterface func(pkg, name string) bool
	// ParamInterface returns, as Go source ("dnn.Layer"), the type of
	// parameter i of a compiled function when it is an interface type of
	// a compiled package, else "", and whether that package is imported
	// under its name already (else the cell must name it too). recv is ""
	// for a package's function fun ("dnn.WithParams"); for a method fun
	// ("Add") it describes the receiver: "$x" for an earlier cell's
	// variable x, "pkg.F()" for what a package's function returns, "pkg.T"
	// or "*pkg.T". Arguments for such parameters go through a typed
	// variable (see paramIface); nil means none do.
	ParamInterface func(recv, fun string, i int) (typ string, imported bool)
	// TakesInterface reports whether parameter i of a compiled function
	// or method (recv and fun as for ParamInterface) may convert its
	// argument to an interface; when it says no, the argument needs no
	// copy nor a frame of its own (math.Exp(v) in a loop). Nil means yes.
	TakesInterface func(recv, fun string, i int) bool
	// Method reports whether types earlier cells declared have a method
	// of this name with a value receiver, and with a pointer receiver. In
	// loops, a method value x.M of a value method, x a variable of the
	// iteration, is copied in a frame of its own (a field read x.F is
	// left alone); the receiver of a method value of a pointer method is
	// never copied (it binds the variable itself). Nil means none has.
	Method func(name string) (value, pointer bool)
	// LoopCheck, when non-empty, is a statement inserted at the start of
	// every for-loop body (interrupt polling), on the same line.
	LoopCheck string
	// GoRecover, when non-empty, names a func called with defer at the start
	// of every goroutine a `go` statement starts, so a panic in it cannot
	// kill the process.
	GoRecover string
	// Recovered, when non-empty, names a func(interface{}) interface{}
	// that the value of every call of the builtin recover goes through:
	// `recover()` becomes `Recovered(recover())` (still called by the
	// deferred function itself). The interpreter's recover returns a
	// reflect.Value; the evaluator's func gives the value back.
	Recovered string
	// Asserted, when non-empty, names a func(v, target interface{})
	// interface{} that the operand of every assertion to error or a
	// compiled package's interface goes through, with target a nil
	// pointer to that interface, and of one to a type that may be the
	// cell's, with a nil target (see assertOperand): the interpreter
	// loses the methods of a value of a cell's type stored in interface{}
	// from a composite literal, and the evaluator's func gives them back.
	Asserted string
	// CellInterface reports whether an earlier cell declared name as an
	// interface type: an assertion to it keeps its operand (the
	// interpreter asserts interface{} to a cell's interface only from a
	// variable of an interface type). Nil means none is.
	CellInterface func(name string) bool
	// EndCell, when non-empty, names a func that ends the cell after the
	// item running: a return outside any function (`if err != nil {
	// return }`, or a return standing alone) calls it first, as a return
	// from main ends a program. Empty means a return standing alone is an
	// error, and one in a statement ends only that statement.
	EndCell string
}

// Names of the helpers the rewrites call; the evaluator must define them
// before running rewritten code. MinFunc and MaxFunc take one or more
// ordered values (numbers or strings) of one type and return the least and
// greatest; ClearFunc takes a map or a slice.
const MinFunc, MaxFunc, ClearFunc = "__gocellMin", "__gocellMax", "__gocellClear"

// Error is a syntax error or a form the rewriter cannot handle, at a
// position in the cell.
type Error struct {
	// Line and Col are 1-based; Col counts Unicode code points.
	Line, Col int
	// Msg says what is wrong and, for unsupported forms, what to write
	// instead.
	Msg string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("cellparse: %d:%d: %s", e.Line, e.Col, e.Msg)
}

// ErrorList is several Errors, in source order. Parse returns one when a
// cell has more than one error.
type ErrorList []*Error

// Error implements the error interface.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Errors returns the Errors in err: the list of an ErrorList, the one
// *Error, or nil for any other error.
func Errors(err error) []*Error {
	switch e := err.(type) {
	case *Error:
		return []*Error{e}
	case ErrorList:
		return e
	}
	return nil
}
