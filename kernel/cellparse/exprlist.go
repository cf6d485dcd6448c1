package cellparse

import (
	"go/ast"
	"go/token"
)

// A cell that ends in a list of expressions (`x, y*2`) shows all their
// values, as a final call with several results does. Go has no such
// statement, but a notebook user coming from Python writes it to see a
// few values at once, and a parse error there would only get in the way.
// The list is parsed as the arguments of a call, so every rewrite and the
// free-name analysis see ordinary expressions.
const (
	listPrefix = stmtPrefix + "_("
	listSuffix = ",\n)" + stmtSuffix
)

// isExprList reports whether toks, one chunk, are expressions separated
// by commas at the top level: no keyword first, and no assignment,
// definition, send or label, which make a statement of a list.
func isExprList(toks []tok) bool {
	if len(toks) == 0 || toks[0].tok.IsKeyword() && toks[0].tok != token.FUNC && toks[0].tok != token.MAP &&
		toks[0].tok != token.CHAN && toks[0].tok != token.STRUCT && toks[0].tok != token.INTERFACE {
		return false
	}
	depth, commas := 0, 0
	for _, t := range toks {
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.COMMA:
			if depth == 0 {
				commas++
			}
		case token.ASSIGN, token.DEFINE, token.ARROW, token.COLON, token.INC, token.DEC,
			token.ADD_ASSIGN, token.SUB_ASSIGN, token.MUL_ASSIGN, token.QUO_ASSIGN, token.REM_ASSIGN,
			token.AND_ASSIGN, token.OR_ASSIGN, token.XOR_ASSIGN, token.SHL_ASSIGN, token.SHR_ASSIGN,
			token.AND_NOT_ASSIGN, token.SEMICOLON:
			if depth == 0 {
				return false
			}
		}
	}
	return commas > 0
}

// parseExprList parses an expression list chunk as one expression
// statement: a call of _ whose arguments are the list. Its item's source
// is the list itself (the chunk), which the evaluator passes to its show
// function as the arguments of a multi-value call.
func (s *state) parseExprList(ch chunk) *parsed {
	body := s.t.src[ch.start:ch.end]
	pc := s.parseWrapped(ch, listPrefix, body, listSuffix)
	if pc == nil {
		return nil
	}
	fd := pc.file.Decls[0].(*ast.FuncDecl)
	pc.stmts = fd.Body.List
	pc.list = true
	return pc
}
