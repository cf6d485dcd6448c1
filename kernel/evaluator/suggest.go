package evaluator

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// A mistyped name gets Go's wording and, when a close name exists, a
// suggestion (dnn.NewTwoLayerNt, net.Acuracy, dnn.Trainer{Epoch: 3}).
// yaegi's own words name neither the value nor the type.
var (
	undefinedSelectorRE = regexp.MustCompile(`undefined selector ([\w./-]+)\.([\pL_][\pL\pN_]*)$`)
	noSymbolRE          = regexp.MustCompile(`package \w+ "([^"]+)" has no symbol ([\pL_][\pL\pN_]*)$`)
	undefinedMemberRE   = regexp.MustCompile(`undefined (?:method|selector): ([\pL_][\pL\pN_]*)$`)
	unknownFieldRE      = regexp.MustCompile(`unknown field ([\pL_][\pL\pN_]*) in struct literal$`)
	undefinedRE         = regexp.MustCompile(`undefined: ([\pL_][\pL\pN_]*)$`)
	argCountRE          = regexp.MustCompile(`(not enough arguments in call to|too many arguments) ?(\S*)$`)
	directiveRE         = regexp.MustCompile(`/\*line \S*?:(\d+):(\d+)\*/`)
	calleeRE            = regexp.MustCompile(`([\pL_][\pL\pN_]*(?:\s*\.\s*[\pL_][\pL\pN_]*)*)\s*$`)
)

// suggest rewrites a compile error about a name that does not exist; src
// is what was compiled.
func (s *Session) suggest(msg, src string) string {
	if loc := undefinedSelectorRE.FindStringSubmatchIndex(msg); loc != nil {
		return msg[:loc[0]] + s.packageMiss(msg[loc[2]:loc[3]], msg[loc[4]:loc[5]])
	}
	if loc := noSymbolRE.FindStringSubmatchIndex(msg); loc != nil {
		return msg[:loc[0]] + s.packageMiss(msg[loc[2]:loc[3]], msg[loc[4]:loc[5]])
	}
	if loc := undefinedMemberRE.FindStringSubmatchIndex(msg); loc != nil {
		if m := s.memberMiss(msg[loc[2]:loc[3]], src); m != "" {
			return msg[:loc[0]] + m
		}
		return msg
	}
	if loc := argCountRE.FindStringSubmatchIndex(msg); loc != nil && loc[5] == loc[4] {
		if f := callee(msg, src); f != "" {
			return msg[:loc[3]] + map[bool]string{true: " ", false: " in call to "}[strings.HasPrefix(msg[loc[2]:], "not")] + f
		}
		return msg
	}
	if m := undefinedRE.FindStringSubmatch(msg); m != nil {
		s.mu.Lock()
		names := make([]string, 0, len(s.reg.names))
		for n := range s.reg.names {
			names = append(names, n)
		}
		s.mu.Unlock()
		if c := closest(m[1], names); c != "" {
			return msg + " (did you mean " + c + "?)"
		}
		return msg
	}
	if loc := unknownFieldRE.FindStringSubmatchIndex(msg); loc != nil {
		if m := s.fieldMiss(msg[loc[2]:loc[3]], src); m != "" {
			return msg[:loc[0]] + m
		}
	}
	return msg
}

// packageMiss words a missing member of a package.
func (s *Session) packageMiss(path, name string) string {
	pkg := s.pkgs.byPath[path]
	if pkg == "" {
		pkg = path[strings.LastIndex(path, "/")+1:]
	}
	text := "undefined: " + pkg + "." + name
	if c := closest(name, s.pkgs.members[path]); c != "" {
		text += " (did you mean " + pkg + "." + c + "?)"
	}
	return text
}

// memberMiss words a missing field or method, naming the value's type when
// the value is a variable of the session the source selects it on.
func (s *Session) memberMiss(name, src string) string {
	re := regexp.MustCompile(`\b([\pL_][\pL\pN_]*)\s*\.\s*` + regexp.QuoteMeta(name) + `\b`)
	m := re.FindStringSubmatch(src)
	if m == nil {
		return ""
	}
	v, ok := s.global(m[1])
	if !ok {
		return ""
	}
	v = unwrapInterp(v)
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() {
		return ""
	}
	t := v.Type()
	text := fmt.Sprintf("%s.%s undefined (type %s has no field or method %s", m[1], name, s.typeName(t), name)
	if c := closest(name, members(t)); c != "" {
		text += "; did you mean " + c + "?"
	}
	return text + ")"
}

// fieldMiss words an unknown field of a package's struct type in a
// composite literal.
func (s *Session) fieldMiss(name, src string) string {
	re := regexp.MustCompile(`\b(\w+)\.(\w+)\s*\{[^{}]*\b` + regexp.QuoteMeta(name) + `\s*:`)
	m := re.FindStringSubmatch(src)
	if m == nil {
		return ""
	}
	path, ok := s.pkgs.resolve(m[1])
	if !ok {
		return ""
	}
	t, ok := s.exportedType(path, m[2])
	if !ok {
		return ""
	}
	text := fmt.Sprintf("unknown field %s in struct literal of type %s.%s", name, m[1], m[2])
	if c := closest(name, members(t)); c != "" {
		text += " (did you mean " + c + "?)"
	}
	return text
}

// global returns a variable of the session by name.
func (s *Session) global(name string) (v reflect.Value, ok bool) {
	defer func() {
		if recover() != nil {
			v, ok = reflect.Value{}, false
		}
	}()
	v, ok = s.interp().Globals()[name]
	return v, ok && v.IsValid()
}

// exportedType returns a package's exported type by name.
func (s *Session) exportedType(path, name string) (reflect.Type, bool) {
	for _, table := range []interp.Exports{s.opts.Symbols, stdlibTable()} {
		for key, syms := range table {
			if key[:strings.LastIndex(key, "/")] != path {
				continue
			}
			v, ok := syms[name]
			if !ok || v.Kind() != reflect.Pointer || !v.IsNil() {
				return nil, false
			}
			return v.Type().Elem(), true
		}
	}
	return nil, false
}

// typeName names t as a cell would write it: a cell's struct type by its
// name, which yaegi's reflect type lacks.
func (s *Session) typeName(t reflect.Type) string {
	star, base := "", t
	if t.Kind() == reflect.Pointer {
		star, base = "*", t.Elem()
	}
	if base.Name() == "" && base.Kind() == reflect.Struct {
		c := s.cell
		c.mu.Lock()
		n, ok := c.types[base]
		ambiguous := c.ambiguous[base]
		c.mu.Unlock()
		if ok && !ambiguous {
			return star + n
		}
	}
	return t.String()
}

// members lists the exported and unexported fields and methods of t (and
// of *t, and of the struct t points to).
func members(t reflect.Type) []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, tt := range []reflect.Type{t, reflect.PointerTo(t)} {
		for i := range tt.NumMethod() {
			add(tt.Method(i).Name)
		}
	}
	if t.Kind() == reflect.Pointer {
		for i := range t.NumMethod() {
			add(t.Method(i).Name)
		}
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(t) {
			add(f.Name)
		}
	}
	return out
}

// closest returns the candidate nearest to name, when it is near enough
// to be a typo of it: one edit for names of 3 or 4 letters, two for
// longer ones, or the same letters in another case.
func closest(name string, cands []string) string {
	best, bestD := "", 3
	limit := 0
	switch n := len([]rune(name)); {
	case n >= 5:
		limit = 2
	case n >= 3:
		limit = 1
	}
	for _, c := range cands {
		if c == name {
			continue
		}
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		if strings.EqualFold(c, name) {
			d = 0
		}
		if d <= limit && d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, in runes, with a
// swap of two neighbours counting as one edit.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}

// callee returns the function called by the innermost call around the
// position msg starts with, read from src, which holds one line directive
// placing the text after it (yaegi names no callee for a compiled one).
func callee(msg, src string) string {
	pm := posRE.FindStringSubmatch(msg)
	d := directiveRE.FindStringSubmatchIndex(src)
	if pm == nil || d == nil {
		return ""
	}
	line, _ := strconv.Atoi(pm[2])
	col, _ := strconv.Atoi(pm[3])
	line0, _ := strconv.Atoi(src[d[2]:d[3]])
	col0, _ := strconv.Atoi(src[d[4]:d[5]])
	text := src[d[1]:]
	lines := strings.SplitAfter(text, "\n")
	i := line - line0
	if i < 0 || i >= len(lines) {
		return ""
	}
	off := col - 1
	if i == 0 {
		off = col - col0
	}
	for _, l := range lines[:i] {
		off += len(l)
	}
	if off < 0 || off > len(text) {
		return ""
	}
	// Back to the unmatched ( before the position, or the one after it
	// when the position is the callee itself.
	depth := 0
	for j := off - 1; j >= 0; j-- {
		switch text[j] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			if depth > 0 {
				depth--
				continue
			}
			if text[j] != '(' {
				return ""
			}
			if m := calleeRE.FindStringSubmatch(text[:j]); m != nil {
				return strings.Join(strings.Fields(m[1]), "")
			}
			return ""
		}
	}
	if j := strings.IndexByte(text[off:], '('); j >= 0 {
		if m := calleeRE.FindStringSubmatch(text[off : off+j]); m != nil && strings.HasPrefix(text[off:], m[1]) {
			return m[1]
		}
	}
	return ""
}
