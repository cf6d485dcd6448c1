package cellparse

import (
	"go/scanner"
	"go/token"
	"strings"
	"unicode/utf8"
)

// text is the cell's source with its line index.
type text struct {
	src        string
	lineStarts []int
}

func newText(src string) *text {
	t := &text{src: src, lineStarts: []int{0}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			t.lineStarts = append(t.lineStarts, i+1)
		}
	}
	return t
}

// lineOf returns the 0-based line index holding byte offset off.
func (t *text) lineOf(off int) int {
	lo, hi := 0, len(t.lineStarts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if t.lineStarts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// pos returns the 1-based line and byte column of offset off.
func (t *text) pos(off int) (line, col int) {
	off = max(0, min(off, len(t.src)))
	l := t.lineOf(off)
	return l + 1, off - t.lineStarts[l] + 1
}

// runePos returns the 1-based line and code-point column of offset off.
func (t *text) runePos(off int) (line, col int) {
	off = max(0, min(off, len(t.src)))
	l := t.lineOf(off)
	return l + 1, utf8.RuneCountInString(t.src[t.lineStarts[l]:off]) + 1
}

// errorAt builds an Error at byte offset off.
func (t *text) errorAt(off int, msg string) *Error {
	line, col := t.runePos(off)
	return &Error{Line: line, Col: col, Msg: msg}
}

// RuneColumn converts a 1-based byte column on a 1-based line of src (as
// go/token and the interpreter report them) to a 1-based column in Unicode
// code points, as the frontend counts. Out-of-range input is clamped.
func RuneColumn(src string, line, byteCol int) int {
	t := newText(src)
	if line < 1 {
		return 1
	}
	if line > len(t.lineStarts) {
		line = len(t.lineStarts)
	}
	start := t.lineStarts[line-1]
	end := len(src)
	if line < len(t.lineStarts) {
		end = t.lineStarts[line] - 1
	}
	off := max(start, min(start+byteCol-1, end))
	return utf8.RuneCountInString(src[start:off]) + 1
}

// tok is one scanned token.
type tok struct {
	off int
	tok token.Token
	lit string
}

// chunk is the source range of one top-level construct: the tokens between
// two semicolons at bracket depth zero.
type chunk struct {
	start, end int
	toks       []tok
	doc        string
	// badClose is the offset of a closing bracket without an opener, -1
	// when there is none.
	badClose int
}

// split cuts src into top-level chunks. It never fails: scanning errors are
// left for the parser, which reports them with positions.
func split(src string) []chunk {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, scanner.ScanComments)
	var (
		chunks   []chunk
		cur      chunk
		open     bool
		depth    int
		header   bool
		comments []string
		lastLine = -2 // line of the end of the last comment
	)
	finish := func(end int) {
		if open {
			cur.end = max(cur.start, end)
			for cur.end > cur.start && isSpace(src[cur.end-1]) {
				cur.end--
			}
			chunks = append(chunks, cur)
		}
		cur, open = chunk{}, false
	}
	for {
		pos, tk, lit := s.Scan()
		off := file.Offset(pos)
		if tk == token.EOF {
			finish(len(src))
			return chunks
		}
		if tk == token.COMMENT {
			// Only comments that start their line can document what follows;
			// a comment after code belongs to that code.
			ls := strings.LastIndexByte(src[:off], '\n') + 1
			if !open && strings.TrimSpace(src[ls:off]) == "" {
				line := file.Line(pos)
				if line != lastLine+1 {
					comments = comments[:0]
				}
				comments = append(comments, lit)
				lastLine = line + strings.Count(lit, "\n")
			}
			continue
		}
		// The semicolons of `for init; cond; post {` and `if init; cond {`
		// do not end the statement; a header ends at its body's brace.
		switch {
		case tk == token.SEMICOLON && depth == 0 && (lit == "\n" || !header):
			finish(off)
			header = false
			continue
		case depth == 0 && (tk == token.FOR || tk == token.IF || tk == token.SWITCH):
			header = true
		case depth == 0 && tk == token.LBRACE:
			header = false
		}
		if !open {
			cur, open = chunk{start: off, badClose: -1}, true
			if len(comments) > 0 && lastLine == file.Line(pos)-1 {
				cur.doc = docText(comments)
			}
			comments = comments[:0]
			lastLine = -2
		}
		switch tk {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth == 0 && cur.badClose < 0 {
				cur.badClose = off
			}
			depth = max(0, depth-1)
		}
		cur.toks = append(cur.toks, tok{off: off, tok: tk, lit: lit})
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// docText strips comment markers from a comment group.
func docText(comments []string) string {
	var lines []string
	for _, c := range comments {
		if rest, ok := strings.CutPrefix(c, "//"); ok {
			lines = append(lines, strings.TrimPrefix(rest, " "))
			continue
		}
		c = strings.TrimSuffix(strings.TrimPrefix(c, "/*"), "*/")
		for _, l := range strings.Split(c, "\n") {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
