package evaluator

import (
	"context"
	"fmt"
	"go/constant"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/gocell/gocell/kernel/cellparse"
	"github.com/gocell/gocell/kernel/session"
)

// magic is a cell that starts with %name (line magic) or %%name (cell
// magic).
type magic struct {
	name string // without the % signs
	cell bool   // %%name
	arg  string // the rest of the first line
	body string // the lines after the first
}

// parseMagic recognises a cell whose first non-blank line is a magic.
func parseMagic(code string) (magic, bool) {
	trimmed := strings.TrimLeft(code, " \t\r\n")
	if !strings.HasPrefix(trimmed, "%") {
		return magic{}, false
	}
	first, body, _ := strings.Cut(trimmed, "\n")
	m := magic{body: body}
	if strings.HasPrefix(first, "%%") {
		m.cell = true
		first = first[2:]
	} else {
		first = first[1:]
	}
	m.name, m.arg, _ = strings.Cut(strings.TrimSpace(first), " ")
	m.arg = strings.TrimSpace(m.arg)
	return m, true
}

const magicList = "%help [NAME], %time CODE, %%time, %reset [NAME...], %who"

// runMagic runs a magic cell.
func (s *Session) runMagic(ctx context.Context, m magic, n int) session.ExecuteReply {
	switch {
	case m.name == "time":
		code := m.arg
		if m.cell {
			code = m.body
		} else if m.body != "" {
			code += "\n" + m.body
		}
		start := time.Now()
		r := s.runCell(ctx, code, n)
		s.stream("stdout", fmt.Sprintf("Wall time: %s\n", roundDuration(time.Since(start))))
		return r
	case !m.cell && m.name == "reset":
		all, names, err := resetArgs(m.arg)
		if err != nil {
			return errorReply("UsageError", err.Error(), nil)
		}
		if !all {
			loss, err := s.forget(names)
			if err != nil {
				return errorReply("UsageError", err.Error(), nil)
			}
			s.stream("stdout", "gocell: forgot "+strings.Join(names, ", ")+"\n")
			if loss != "" {
				s.notice("gocell: the interpreter was rebuilt: %s", loss)
			}
			return session.ExecuteReply{}
		}
		if err := s.reset(); err != nil {
			return errorReply("Error", err.Error(), nil)
		}
		s.stream("stdout", "gocell: session reset: all variables, funcs, types and imports are gone\n")
		return session.ExecuteReply{}
	case !m.cell && m.name == "who":
		s.stream("stdout", s.who())
		return session.ExecuteReply{}
	case !m.cell && m.name == "help":
		return session.ExecuteReply{Payloads: []map[string]any{{
			"source": "page",
			"data":   map[string]any{"text/plain": s.help(m.arg)},
			"start":  0,
		}}}
	}
	prefix := "%"
	if m.cell {
		prefix = "%%"
	}
	return errorReply("UsageError", fmt.Sprintf("unknown magic %s%s; available: %s", prefix, m.name, magicList), nil)
}

func roundDuration(d time.Duration) time.Duration {
	switch {
	case d > time.Second:
		return d.Round(time.Millisecond)
	case d > time.Millisecond:
		return d.Round(time.Microsecond)
	}
	return d
}

// stream writes text to the running cell's stdout or stderr.
func (s *Session) stream(name, text string) {
	w := s.opts.Stdout
	if name == "stderr" {
		w = s.opts.Stderr
	}
	if w != nil {
		fmt.Fprint(w, text)
		return
	}
	s.cell.mu.Lock()
	sink := s.cell.sink
	s.cell.mu.Unlock()
	if sink != nil {
		sink.Stream(name, text)
	}
}

// reset replaces the interpreter and forgets every declaration.
func (s *Session) reset() error {
	s.mu.Lock()
	s.reg = newRegistry()
	s.mu.Unlock()
	s.cell.mu.Lock()
	s.cell.types = map[reflect.Type]string{}
	s.cell.fields = nil
	s.cell.textNames = nil
	s.cell.ambiguous = nil
	s.cell.mu.Unlock()
	in, err := s.newInterp()
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.in = in
	s.mu.Unlock()
	return nil
}

// who lists what cells defined, with types, one name a line.
func (s *Session) who() string {
	s.mu.Lock()
	names := make(map[string]*decl, len(s.reg.names))
	for n, d := range s.reg.names {
		names[n] = d
	}
	in := s.in
	s.mu.Unlock()
	globals := in.Globals()
	for n := range globals {
		// A variable whose statement was interrupted, or whose initialiser
		// failed to compile, is not recorded, yet yaegi keeps it (a zero
		// value) and later cells use it: list what is usable.
		if _, ok := names[n]; !ok && !strings.HasPrefix(n, "__gocell") {
			names[n] = &decl{kind: cellparse.Var, names: []string{n}}
		}
	}
	if len(names) == 0 {
		return "Nothing is defined yet.\n"
	}
	s.cell.mu.Lock()
	tn := make(map[reflect.Type]string, len(s.cell.types))
	for t, n := range s.cell.types {
		tn[t] = n
	}
	s.cell.mu.Unlock()
	keys := make([]string, 0, len(names))
	for n := range names {
		keys = append(keys, n)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, n := range keys {
		d := names[n]
		kind := kindName(d.kind)
		typ := ""
		if v, ok := globals[n]; ok && v.IsValid() {
			if u, ok := untypedConst(v); ok {
				typ = u
			} else if t, ok := typeExpr(v.Type(), tn, map[string]string{}, 0); ok && !strings.Contains(t, "struct {") {
				typ = t
			} else if t, ok := s.yaegiTypeName(n); ok {
				typ = t // a generic type's instance: *List[string]
			} else {
				typ = v.Type().String()
			}
		}
		if d.kind == cellparse.Func || d.kind == cellparse.Type || d.kind == cellparse.Method {
			typ = signature(d)
		}
		// Padded by display width: fmt pads by runes, and a Japanese name
		// takes two cells a rune.
		fmt.Fprintf(&b, "%s %-6s %s\n", padRight(n, 16), kind, typ)
	}
	return b.String()
}

func kindName(k cellparse.Kind) string {
	switch k {
	case cellparse.Const:
		return "const"
	case cellparse.Var, cellparse.Stmt:
		return "var"
	case cellparse.Type:
		return "type"
	case cellparse.Func:
		return "func"
	case cellparse.Method:
		return "method"
	}
	return ""
}

// signature is a declaration's first line, without a func's body.
func signature(d *decl) string {
	l := firstLine(d.src)
	if d.kind == cellparse.Func || d.kind == cellparse.Method {
		if i := strings.Index(l, "{"); i > 0 {
			l = strings.TrimSpace(l[:i])
		}
	}
	return l
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return strings.TrimSuffix(strings.TrimSpace(l), "{")
}

const helpText = `gocell: Go cells on the yaegi interpreter.

Write Go as in a function body or a file, mixed: imports, consts, vars,
types, funcs, methods and statements in any order. The value of the last
expression is shown. Standard packages and the preloaded ones need no
import line: using fmt. or mat. imports them.

Redefining a func, type or method takes effect everywhere; values that
cannot survive a type change are named on stderr.

Magics:
  %help        this text
  %help NAME   the documentation of NAME (fmt.Println, mat.Dense, or
               a name declared in a cell)
  %time CODE   run CODE and print how long it took
  %%time       (first line of a cell) time the whole cell
  %reset       forget everything: a fresh session
  %reset NAME  forget the variables, funcs, types (with their methods)
               or consts of those names, keeping the rest
  %who         list what the cells defined, with types

Interrupt stops loops, time.Sleep and cooperating library code; the
session is kept.`

// help is the pager text of %help and %help NAME.
func (s *Session) help(name string) string {
	if name == "" {
		return helpText
	}
	if text, ok := s.describe(name); ok {
		return text
	}
	return fmt.Sprintf("No documentation found for %s.", name)
}

// yaegiTypeName is the type of the global variable name as yaegi names it
// in a compile error, with the cells' package name dropped; ok is false
// when yaegi spells it as a reflect type (struct { ... }).
func (s *Session) yaegiTypeName(name string) (string, bool) {
	_, err := s.compile(";func() { var _ " + probeType + " = " + name + " }\n")
	m := probeRE.FindStringSubmatch(errText(err))
	if m == nil || strings.Contains(m[1], "struct {") {
		return "", false
	}
	return strings.ReplaceAll(m[1], "main.", ""), true
}

// untypedConst names the type of an untyped constant as Go does ("untyped
// int"): yaegi keeps one as a go/constant value.
func untypedConst(v reflect.Value) (string, bool) {
	if !v.CanInterface() {
		return "", false
	}
	c, ok := v.Interface().(constant.Value)
	if !ok {
		return "", false
	}
	switch c.Kind() {
	case constant.Bool:
		return "untyped bool", true
	case constant.String:
		return "untyped string", true
	case constant.Int:
		return "untyped int", true
	case constant.Float:
		return "untyped float", true
	case constant.Complex:
		return "untyped complex", true
	}
	return "", false
}
