package evaluator

import (
	"context"
	"go/scanner"
	"go/token"
	"math"
	"reflect"

	"github.com/gocell/gocell/kernel/session"
)

// A cell that is one constant expression made of literals and operators
// (1 + 2, "a" + "b", 7 / 2.0), the commonest trivial cell, takes a shorter
// way than runCell's: no cellparse, and yaegi evaluates the expression
// itself instead of a call of the interpreted show function, which costs a
// second, larger compile and an interpreted call. yaegi still computes the
// value; only showing it skips the interpreted code, which exists to find
// String and Error methods of cells' types: a constant of a predeclared
// type has none, so the show function would hand it to cellState.show
// unchanged. Anything unexpected (an error, a value of another type) falls
// back to runCell, which evaluates the cell again: a constant expression
// has no effects, so running it twice is not observable.

// constCell evaluates code if it is a constant expression of literals and
// operators, and reports whether it did.
func (s *Session) constCell(ctx context.Context, code string) (session.ExecuteReply, bool) {
	if s.noConstPath || !isConstExpr(code) {
		return session.ExecuteReply{}, false
	}
	prog, err := s.compile(";" + code + "\n")
	if err != nil {
		return session.ExecuteReply{}, false
	}
	v, err := s.execute(ctx, prog)
	if err != nil || !defaultTyped(v) {
		return session.ExecuteReply{}, false
	}
	s.cell.show(v.Interface())
	reply := session.ExecuteReply{Result: s.cell.takeBundle()}
	if ctx.Err() != nil {
		return session.ExecuteReply{}, false
	}
	return reply, true
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

// defaultTyped reports whether v is a value of bool, int, float64,
// complex128 or string, the default types of constant expressions, that
// passing it to the show function would show alike. A rune is not: yaegi's
// plain evaluation wraps an overflowing rune constant around ('a' * 1e12),
// where passing it to the show function fails to compile, and it turns an
// overflowing float constant into an infinity (1e400), which a constant
// cannot be.
func defaultTyped(v reflect.Value) bool {
	if !v.IsValid() || v.Type().PkgPath() != "" || v.Type().Name() != v.Kind().String() {
		return false
	}
	switch v.Kind() {
	case reflect.Bool, reflect.Int, reflect.String:
		return true
	case reflect.Float64:
		return !math.IsInf(v.Float(), 0)
	case reflect.Complex128:
		c := v.Complex()
		return !math.IsInf(real(c), 0) && !math.IsInf(imag(c), 0)
	}
	return false
}
