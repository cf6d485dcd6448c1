package cellparse

import (
	"go/scanner"
	"go/token"
	"strings"
	"unicode"
)

// Context describes the code at a cursor, for completion. Positions count
// Unicode code points.
type Context struct {
	// Prefix is the part of the identifier being typed that lies before the
	// cursor ("" when the cursor is not after an identifier character).
	Prefix string
	// Package is X when the identifier follows `X.` and X is a single
	// identifier (a package, or a variable whose fields are wanted).
	Package string
	// Start and End delimit the text a completion replaces: the prefix.
	Start, End int
	// Expr is the whole operand before the dot for a selector chain
	// ("p.Pos" for `p.Pos.X|`, "fmt" for `fmt.Pr|`); "" when there is no
	// dot or the operand is not a chain of identifiers (`f().x`).
	Expr string
	// InLiteral is true when the cursor is inside a string, rune literal or
	// comment, where nothing should be completed.
	InLiteral bool
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// CursorContext describes the identifier being typed at cursor (a position
// in code points, clamped to the text).
func CursorContext(src string, cursor int) Context {
	rs := []rune(src)
	cursor = max(0, min(cursor, len(rs)))
	start := cursor
	for start > 0 && isIdentRune(rs[start-1]) {
		start--
	}
	ctx := Context{Start: start, End: cursor, InLiteral: inLiteral(string(rs[:cursor]))}
	if start < cursor && unicode.IsDigit(rs[start]) {
		ctx.Start = cursor // a number, not an identifier
		return ctx
	}
	ctx.Prefix = string(rs[start:cursor])
	if parts := chainBefore(rs, start); len(parts) > 0 {
		ctx.Expr = strings.Join(parts, ".")
		if len(parts) == 1 {
			ctx.Package = parts[0]
		}
	}
	return ctx
}

// chainBefore returns the identifiers of `a.b.` ending just before rs[at],
// or nil when rs[at-1] is not a dot or the operand is not a plain chain.
func chainBefore(rs []rune, at int) []string {
	var parts []string
	for at > 0 && rs[at-1] == '.' {
		end := at - 1
		k := end
		for k > 0 && isIdentRune(rs[k-1]) {
			k--
		}
		if k == end || unicode.IsDigit(rs[k]) {
			return nil // `f().`, `x[i].`, `1.`: not a chain of names
		}
		parts = append([]string{string(rs[k:end])}, parts...)
		at = k
	}
	if at > 0 && (rs[at-1] == ')' || rs[at-1] == ']') {
		return nil
	}
	return parts
}

// inLiteral reports whether code ends inside a string, rune literal or
// comment.
func inLiteral(code string) bool {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	open := false
	var s scanner.Scanner
	s.Init(file, []byte(code), func(_ token.Position, msg string) {
		if strings.Contains(msg, "not terminated") {
			open = true
		}
	}, scanner.ScanComments)
	lastComment := false
	for {
		pos, tk, lit := s.Scan()
		if tk == token.EOF {
			break
		}
		if tk == token.SEMICOLON && lit == "\n" {
			continue // inserted by the scanner
		}
		lastComment = tk == token.COMMENT && strings.HasPrefix(lit, "//") && file.Offset(pos)+len(lit) >= len(strings.TrimRight(code, "\r"))
	}
	return open || lastComment
}

// IdentAt returns the identifier under or just before cursor (code points),
// for inspection, and the dotted operand before it when it is selected from
// one (pkg "fmt" for `fmt.Prin|tln`, "p.Pos" for `p.Pos.X`). ok is false
// when there is no identifier there, or it is a keyword, or the cursor is in
// a string or comment.
func IdentAt(src string, cursor int) (pkg, name string, ok bool) {
	rs := []rune(src)
	cursor = max(0, min(cursor, len(rs)))
	i, j := cursor, cursor
	for i > 0 && isIdentRune(rs[i-1]) {
		i--
	}
	for j < len(rs) && isIdentRune(rs[j]) {
		j++
	}
	if i == j || unicode.IsDigit(rs[i]) || inLiteral(string(rs[:i])) {
		return "", "", false
	}
	name = string(rs[i:j])
	if token.Lookup(name).IsKeyword() {
		return "", "", false
	}
	return strings.Join(chainBefore(rs, i), "."), name, true
}
