package cellparse

import (
	"go/scanner"
	"go/token"
	"strings"
)

// Statuses IsComplete returns; they equal kernel/session's constants.
const (
	statusComplete   = "complete"
	statusIncomplete = "incomplete"
	statusInvalid    = "invalid"
)

// continues holds the tokens after which a line cannot end a statement.
var continues = map[token.Token]bool{}

func init() {
	for _, t := range []token.Token{
		token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR,
		token.SHL, token.SHR, token.AND_NOT, token.LAND, token.LOR, token.ARROW,
		token.EQL, token.LSS, token.GTR, token.NEQ, token.LEQ, token.GEQ, token.NOT,
		token.ASSIGN, token.DEFINE, token.ADD_ASSIGN, token.SUB_ASSIGN, token.MUL_ASSIGN,
		token.QUO_ASSIGN, token.REM_ASSIGN, token.AND_ASSIGN, token.OR_ASSIGN, token.XOR_ASSIGN,
		token.SHL_ASSIGN, token.SHR_ASSIGN, token.AND_NOT_ASSIGN,
		token.COMMA, token.PERIOD, token.COLON,
		token.ELSE, token.IF, token.FOR, token.SWITCH, token.SELECT, token.GO, token.DEFER,
		token.RANGE, token.IMPORT, token.VAR, token.CONST, token.TYPE, token.FUNC, token.PACKAGE,
		token.CASE, token.CHAN, token.MAP, token.STRUCT, token.INTERFACE, token.GOTO,
	} {
		continues[t] = true
	}
}

// IsComplete judges whether a cell is ready to run, as is_complete_request
// asks: "incomplete" (with the indent for the next line: one unit, four
// spaces or a tab as the cell already uses, per open bracket, plus one after
// a trailing operator) when brackets or braces are open, a raw string or
// block comment is unterminated, or the last token is a binary operator, a
// comma or a keyword that needs more; "invalid" when no continuation can fix
// it (a closing bracket without its opener, an unterminated interpreted
// string, an illegal character); "complete" otherwise, also for cells of
// magics (lines starting with %). Syntax errors that more text cannot fix
// later in a line are left for Parse: such a cell is "complete".
func IsComplete(src string) (status, indent string) {
	code := stripMagics(src)
	if strings.TrimSpace(code) == "" {
		return statusComplete, ""
	}
	unit := "    "
	for _, l := range strings.Split(code, "\n") {
		if strings.HasPrefix(l, "\t") {
			unit = "\t"
			break
		}
	}
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	incomplete, invalid := false, false
	var s scanner.Scanner
	s.Init(file, []byte(code), func(_ token.Position, msg string) {
		switch msg {
		case "raw string literal not terminated", "comment not terminated":
			incomplete = true
		default:
			invalid = true
		}
	}, 0)
	var stack []token.Token
	last := token.ILLEGAL
	for {
		_, tk, lit := s.Scan()
		if tk == token.EOF {
			break
		}
		switch tk {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, tk)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(stack) == 0 || stack[len(stack)-1] != opener(tk) {
				return statusInvalid, ""
			}
			stack = stack[:len(stack)-1]
		case token.ILLEGAL:
			invalid = true
		}
		if tk == token.SEMICOLON && lit == "\n" {
			continue // inserted by the scanner, not written
		}
		last = tk
	}
	switch {
	case invalid:
		return statusInvalid, ""
	case incomplete:
		return statusIncomplete, ""
	}
	depth := len(stack)
	if continues[last] {
		// A case or label colon opens no level of its own (gofmt puts the
		// case at the switch's level); a comma inside brackets neither.
		if last != token.COLON && (last != token.COMMA || depth == 0) {
			depth++
		}
		return statusIncomplete, strings.Repeat(unit, depth)
	}
	if depth > 0 {
		return statusIncomplete, strings.Repeat(unit, depth)
	}
	return statusComplete, ""
}

func opener(t token.Token) token.Token {
	switch t {
	case token.RPAREN:
		return token.LPAREN
	case token.RBRACK:
		return token.LBRACK
	}
	return token.LBRACE
}

// stripMagics drops leading magic lines: a cell magic (%%name) takes the
// first line and leaves the rest as code; line magics (%name) are skipped.
func stripMagics(src string) string {
	for {
		trimmed := strings.TrimLeft(src, " \t\r\n")
		if !strings.HasPrefix(trimmed, "%") {
			return src
		}
		nl := strings.IndexByte(trimmed, '\n')
		if nl < 0 {
			return ""
		}
		src = trimmed[nl+1:]
	}
}
