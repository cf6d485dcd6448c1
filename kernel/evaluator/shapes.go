package evaluator

import (
	"fmt"
	"go/ast"
	"go/parser"
	"reflect"
	"strings"
)

// gonum's shape panics ("mat: dimension mismatch", "mat: row index out of
// range", "floats: slice lengths do not match") say nothing of the shapes.
// When the failing call in the cell names matrices or slices held in the
// session's variables, their shapes or lengths are added, as dnn's own
// errors give them: mat: dimension mismatch (b is 2×3, c is 2×3).

// explainShapes adds the shapes of the matrices (or the lengths of the
// slices) of the failing call to a gonum shape panic; trace holds yaegi's
// positions, innermost first.
func (s *Session) explainShapes(value string, trace []string, code string, n int) string {
	lengths := strings.HasPrefix(value, "floats: ") && strings.Contains(value, "length")
	shapes := strings.HasPrefix(value, "mat: ") &&
		(strings.Contains(value, "mismatch") || strings.Contains(value, "shape") || strings.Contains(value, "index out of range"))
	if !lengths && !shapes {
		return value
	}
	for _, l := range trace {
		p, ok := parsePos(l, n)
		if !ok || p.cell != n {
			continue
		}
		call := callAt(code, p.line, p.col)
		if call == nil {
			return value
		}
		var shown []string
		seen := map[string]bool{} // a.Add(a, b) names a twice
		add := func(e ast.Expr) {
			id, ok := e.(*ast.Ident)
			if !ok || seen[id.Name] {
				return
			}
			if d, ok := s.dims(id.Name); ok {
				seen[id.Name] = true
				shown = append(shown, id.Name+" is "+d)
			} else if l, ok := s.length(id.Name); ok && lengths {
				seen[id.Name] = true
				shown = append(shown, fmt.Sprintf("%s has length %d", id.Name, l))
			}
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				if d, ok := s.dims(id.Name); ok && d != "0×0" {
					seen[id.Name] = true
					shown = append(shown, id.Name+" is "+d)
				}
			}
		}
		for _, a := range call.Args {
			add(a)
		}
		if len(shown) == 0 {
			return value
		}
		return fmt.Sprintf("%s (%s)", value, strings.Join(shown, ", "))
	}
	return value
}

// length returns the length of a session variable holding a slice.
func (s *Session) length(name string) (int, bool) {
	v, ok := s.global(name)
	if !ok {
		return 0, false
	}
	v = unwrapInterp(v)
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Slice {
		return 0, false
	}
	return v.Len(), true
}

// dims returns the shape of a session variable holding a matrix.
func (s *Session) dims(name string) (string, bool) {
	v, ok := s.global(name)
	if !ok {
		return "", false
	}
	v = unwrapInterp(v)
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() || !v.CanInterface() {
		return "", false
	}
	if v.Kind() != reflect.Pointer && v.CanAddr() {
		v = v.Addr()
	}
	m, ok := v.Interface().(interface{ Dims() (int, int) })
	if !ok || (v.Kind() == reflect.Pointer && v.IsNil()) {
		return "", false
	}
	r, c := m.Dims()
	return fmt.Sprintf("%d×%d", r, c), true
}

// callAt parses the call expression starting at a cell's line and column
// (in bytes, from 1): the text up to its closing parenthesis.
func callAt(code string, line, col int) *ast.CallExpr {
	lines := strings.SplitAfter(code, "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	off := col - 1
	for _, l := range lines[:line-1] {
		off += len(l)
	}
	if off < 0 || off >= len(code) {
		return nil
	}
	text := code[off:]
	open := strings.IndexByte(text, '(')
	if open < 0 {
		return nil
	}
	depth := 0
	for i := open; i < len(text); i++ {
		switch text[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				e, err := parser.ParseExpr(text[:i+1])
				if err != nil {
					return nil
				}
				c, _ := e.(*ast.CallExpr)
				return c
			}
		}
	}
	return nil
}
