package evaluator

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/gocell/gocell/kernel/session"
	"golang.org/x/text/width"
)

// posRE matches the position yaegi and go/scanner put before a message:
// "In[3]:2:5: msg", "2:5: msg" or "_.go:2:5: msg".
var posRE = regexp.MustCompile(`^(?:(\S*?):)?(\d+):(\d+): `)

// position is a place in a cell.
type position struct {
	cell, line, col int // cell 0: not in a cell
	rest            string
}

// parsePos splits a message into its position and the rest; cur is the
// running cell's number, against which wrapped cell numbers are resolved.
func parsePos(msg string, cur int) (position, bool) {
	m := posRE.FindStringSubmatch(msg)
	if m == nil {
		return position{rest: msg}, false
	}
	var p position
	p.line, _ = strconv.Atoi(m[2])
	p.col, _ = strconv.Atoi(m[3])
	if p.line >= lineBase {
		p.cell, p.line = resolveCell(p.line/lineBase, cur), p.line%lineBase
	}
	p.rest = msg[len(m[0]):]
	return p, true
}

// errorFor turns an evaluation error into a reply.
func (s *Session) errorFor(err error, code string, n int) session.ExecuteReply {
	var ce *compileError
	var pe *panicError
	var le *lostError
	var xe *exitError
	switch {
	case errors.As(err, &xe):
		if xe.code == 0 {
			return session.ExecuteReply{}
		}
		return errorReply("Exit", fmt.Sprintf("os.Exit(%d) ended the cell; the session is kept", xe.code), nil)
	case errors.Is(err, errInterrupted):
		return errorReply(session.ErrNameInterrupt, "the cell was interrupted", nil)
	case errors.As(err, &le):
		name := session.ErrNameLost
		if le.interrupt {
			name = session.ErrNameInterrupt
		}
		return errorReply(name, le.msg, nil)
	case errors.As(err, &pe):
		pe.value = s.explainShapes(explainInterfaceValue(pe.value), pe.trace, code, n)
		tb := []string{"Panic: " + pe.value}
		for _, l := range pe.trace {
			p, ok := parsePos(l, n)
			if !ok || p.cell == 0 {
				continue // the session's own code
			}
			fn := strings.TrimSuffix(strings.TrimPrefix(p.rest, "panic: "), "(...)")
			fn = strings.TrimPrefix(fn, "main.")
			// A cell's statements run in cellFn; its func literals are
			// cellFn.func, cellFn.func.func and so on.
			fn = strings.TrimPrefix(strings.TrimPrefix(fn, cellFn), ".")
			where := "in the cell"
			if fn != "" && fn != "main" {
				where = "in " + fn
			}
			tb = append(tb, fmt.Sprintf("%s line %d, column %d, %s", cellName(p.cell, n), p.line, p.col, where))
			tb = append(tb, s.sourceLines(p, code, n)...)
		}
		return errorReply("Panic", pe.value, tb)
	case errors.As(err, &ce):
		ce = &compileError{msg: explainCompile(ce.msg)}
		p, ok := parsePos(ce.msg, n)
		if !ok {
			return errorReply("CompileError", ce.msg, nil)
		}
		if p.cell == 0 {
			return errorReply("CompileError", p.rest, nil)
		}
		if p.cell == n {
			return compileReply(p.rest, code, n, p.line, p.col)
		}
		r := errorReply("CompileError", p.rest, nil)
		r.Error.Traceback = append([]string{fmt.Sprintf("%s line %d, column %d: %s", cellName(p.cell, n), p.line, p.col, p.rest)},
			s.sourceLines(p, code, n)...)
		return r
	}
	return errorReply("Error", explainInterfaceValue(err.Error()), nil)
}

func cellName(cell, n int) string {
	if cell == 0 {
		cell = n
	}
	return fmt.Sprintf("In[%d]", cell)
}

// compileReply reports a compile error at line:col of cell n.
func compileReply(msg, code string, n, line, col int) session.ExecuteReply {
	tb := []string{fmt.Sprintf("In[%d] line %d, column %d: %s", n, line, col, msg)}
	tb = append(tb, caretLines(code, line, col)...)
	return errorReply("CompileError", msg, tb)
}

// sourceLines shows the line p points at, from this cell or an earlier one.
// Of an earlier cell the session keeps its declarations (where a later
// cell's call can fail), not its code: the line is taken from the
// declaration that holds it, and left out when none does.
func (s *Session) sourceLines(p position, code string, n int) []string {
	if p.cell == 0 || p.cell == n {
		return caretLines(code, p.line, p.col)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if code, ok := s.reg.sources[p.cell]; ok {
		return caretLines(code, p.line, p.col)
	}
	var best *decl
	for _, d := range s.reg.names {
		if d.cell == p.cell && d.line <= p.line && (best == nil || d.line > best.line) {
			best = d
		}
	}
	if best == nil || p.line-best.line >= strings.Count(best.src, "\n")+1 {
		return nil
	}
	// Lines before the declaration's stand in for the cell's: only the
	// line p points at is shown.
	return caretLines(strings.Repeat("\n", best.line-1)+best.src, p.line, p.col)
}

// caretLines returns the source line and a caret under column col, a byte
// column as Go and yaegi count. Frontends show the traceback in monospace
// (a <pre>, a terminal), so the caret is indented by the display width of
// what precedes it: tabs are copied to expand as the line's own do, East
// Asian wide characters take two cells, combining marks none.
func caretLines(code string, line, col int) []string {
	lines := strings.Split(code, "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	src := lines[line-1]
	if strings.TrimSpace(src) == "" {
		return nil
	}
	var pad strings.Builder
	for i, r := range src {
		if i >= col-1 {
			break
		}
		if r == '\t' {
			pad.WriteByte('\t')
			continue
		}
		pad.WriteString(strings.Repeat(" ", runeWidth(r)))
	}
	return []string{"    " + src, "    " + pad.String() + "^"}
}

// runeWidth is the number of monospace cells r takes.
func runeWidth(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0 // combining marks, zero-width joiners and spaces
	case r < 0x20 || r == 0x7f:
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// displayWidth is the number of monospace cells s takes (a tab counts one).
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r == '\t' {
			n++
			continue
		}
		n += runeWidth(r)
	}
	return n
}

// padRight pads s with spaces to n cells of display width; a wider s is
// returned as it is.
func padRight(s string, n int) string {
	if w := displayWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// genericRE matches yaegi's error for a member its partial generic
// standard packages lack.
var genericRE = regexp.MustCompile(`undefined selector: (slices|maps)\.(\w+)$`)

// explainGeneric says why slices.Sort and the like are missing and what to
// use instead.
func explainGeneric(msg string) string {
	m := genericRE.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	hint := "use sort.Ints, sort.Float64s, sort.Strings or sort.Slice, or a loop"
	if m[1] == "maps" {
		hint = "use a for ... range loop over the map"
	}
	return fmt.Sprintf("%s (the interpreter's %s package has only some of Go's generic functions: %s)", msg, m[1], hint)
}
