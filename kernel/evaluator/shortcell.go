package evaluator

import (
	"context"
	"go/scanner"
	"go/token"
	"math"
	"reflect"

	"github.com/gocell/gocell/kernel/cellparse"
	"github.com/gocell/gocell/kernel/session"
)

// Two kinds of cell, the commonest trivial ones, take a shorter way than
// runCell's: one constant expression of literals and operators (1 + 2,
// "a" + "b", 7 / 2.0) and one name (x). No cellparse (it rewrites neither),
// and yaegi evaluates the cell itself instead of a call of the interpreted
// show function, which costs a second, larger compile and an interpreted
// call. yaegi still computes the value; only showing it skips the
// interpreted code, which exists to find String, Error and rich methods of
// cells' types: a value of a predeclared type has none, so the show
// function would hand it to cellState.show unchanged. yaegi gives a value
// of a cell's type with a basic underlying type that underlying type, so a
// name takes the short way only while no cell type shows through a
// method. Anything unexpected (an error, a value of another type) falls
// back to runCell, which evaluates the cell again: neither kind of cell
// has effects, so running it twice is not observable.

// shortCell evaluates code if it is a constant expression of literals and
// operators or a name, and reports whether it did.
func (s *Session) shortCell(ctx context.Context, code string) (session.ExecuteReply, bool) {
	if s.noShortPath {
		return session.ExecuteReply{}, false
	}
	name := ""
	if !isConstExpr(code) {
		var ok bool
		if name, ok = loneName(code); !ok || s.showsThroughMethods() || !s.mayBeShort(name) {
			return session.ExecuteReply{}, false
		}
		if s.isType(name) || cellparse.PredeclaredType(name) && !s.declared(name) {
			// yaegi shows a type as false; runCell reports Go's error.
			return session.ExecuteReply{}, false
		}
	}
	prog, err := s.compile(";" + code + "\n")
	if err != nil {
		s.notShort(name)
		return session.ExecuteReply{}, false
	}
	v, err := s.executeNow(prog)
	if err != nil || !plainBasic(v) {
		s.notShort(name)
		return session.ExecuteReply{}, false
	}
	s.cell.show(v.Interface())
	reply := session.ExecuteReply{Result: s.cell.takeBundle()}
	if ctx.Err() != nil {
		return session.ExecuteReply{}, false
	}
	return reply, true
}

// notShort notes that name, as declared now, does not take the short way:
// a slice or a matrix shown again and again is not evaluated twice each
// time. A name's type changes only when a cell declares it again, which
// gives it another decl; a stale note only costs the short way.
func (s *Session) notShort(name string) {
	if name == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.longNames == nil {
		s.longNames = map[string]*decl{}
	}
	s.longNames[name] = s.reg.names[name]
}

// mayBeShort reports whether name has not been found unfit for the short
// way since it was last declared.
func (s *Session) mayBeShort(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, noted := s.longNames[name]
	return !noted || d != s.reg.names[name]
}

// showsThroughMethods reports whether a cell declared a method that decides
// how values of its type show (generic types' too, to be safe).
func (s *Session) showsThroughMethods() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.reg.decls {
		if d.kind == cellparse.Method && s.showsThrough(d.key) {
			return true
		}
	}
	return false
}

// loneName returns the name src is, if it is one name other than _, nil
// (yaegi evaluates a lone nil to false) and iota.
func loneName(src string) (string, bool) {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(src))
	var sc scanner.Scanner
	errs := 0
	sc.Init(f, []byte(src), func(token.Position, string) { errs++ }, 0)
	_, tok, name := sc.Scan()
	if tok != token.IDENT || name == "_" || name == "nil" || name == "iota" {
		return "", false
	}
	_, tok, lit := sc.Scan()
	if tok == token.SEMICOLON && lit == "\n" {
		_, tok, _ = sc.Scan()
	}
	return name, tok == token.EOF && errs == 0
}

// constOps are the operators a constant expression of literals may use.
var constOps = map[token.Token]bool{
	token.ADD: true, token.SUB: true, token.MUL: true, token.QUO: true, token.REM: true,
	token.AND: true, token.OR: true, token.XOR: true, token.SHL: true, token.SHR: true, token.AND_NOT: true,
	token.LAND: true, token.LOR: true, token.NOT: true,
	token.EQL: true, token.NEQ: true, token.LSS: true, token.LEQ: true, token.GTR: true, token.GEQ: true,
	token.LPAREN: true, token.RPAREN: true,
}

// isConstExpr reports whether src is a single expression of literals and
// operators only: no name (not even true or iota, which a cell may
// redeclare), so nothing an earlier cell did can change its meaning.
func isConstExpr(src string) bool {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(src))
	var sc scanner.Scanner
	errs := 0
	sc.Init(f, []byte(src), func(token.Position, string) { errs++ }, 0)
	literals, ended := 0, false
	for {
		_, tok, lit := sc.Scan()
		switch {
		case tok == token.EOF:
			return literals > 0 && errs == 0
		case ended:
			return false // a second statement after a newline
		case tok == token.SEMICOLON && lit == "\n":
			ended = true
		case tok == token.INT, tok == token.FLOAT, tok == token.IMAG, tok == token.CHAR, tok == token.STRING:
			literals++
		case constOps[tok]:
		default:
			return false
		}
	}
}

// plainBasic reports whether v is a value of a predeclared boolean,
// numeric or string type that passing it to the show function would show
// alike. A rune is not: yaegi's plain evaluation wraps an overflowing rune
// constant around ('a' * 1e12), where passing it to the show function
// fails to compile; nor is an infinity, which is what yaegi makes of an
// overflowing float constant (1e400).
func plainBasic(v reflect.Value) bool {
	if !v.IsValid() || v.Type().PkgPath() != "" || v.Type().Name() != v.Kind().String() {
		return false
	}
	switch v.Kind() {
	case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	case reflect.Float32, reflect.Float64:
		return !math.IsInf(v.Float(), 0)
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		return !math.IsInf(real(c), 0) && !math.IsInf(imag(c), 0)
	}
	return false
}
