package evaluator

import (
	"context"
	"fmt"
	"go/token"
	"os"
	"reflect"
	"sort"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
	"github.com/gocell/gocell/kernel/session"
)

// builtins are the predeclared names offered by completion.
var builtins = []string{
	"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
	"max", "min", "new", "panic", "print", "println", "real", "recover",
	"bool", "byte", "complex128", "complex64", "error", "float32", "float64", "int", "int16",
	"int32", "int64", "int8", "rune", "string", "uint", "uint16", "uint32", "uint64", "uint8",
	"uintptr", "any", "true", "false", "nil", "iota",
}

// Complete proposes names declared in earlier cells, package members after
// "pkg.", package names, keywords and builtins.
func (s *Session) Complete(ctx context.Context, code string, cursor int) (session.Completion, error) {
	if c, ok := completeMagic(code, cursor); ok {
		return c, nil
	}
	cc := cellparse.CursorContext(code, cursor)
	type cand struct{ text, kind, sig string }
	var cands []cand
	if cc.InLiteral {
		return session.Completion{Matches: []string{}, CursorStart: cursor, CursorEnd: cursor}, nil
	}
	if cc.Package != "" {
		if members, ok := s.valueMembers(cc.Package); ok {
			for _, m := range members {
				cands = append(cands, cand{m.name, m.kind, m.signature})
			}
		} else if path, ok := s.packagePath(cc.Package); ok {
			for _, m := range s.pkgs.packageMembers(path) {
				cands = append(cands, cand{m.name, m.kind, m.signature})
			}
		}
	} else {
		s.mu.Lock()
		for n, d := range s.reg.names {
			cands = append(cands, cand{n, kindName(d.kind), signature(d)})
		}
		for n := range s.reg.imports {
			cands = append(cands, cand{n, "package", ""})
		}
		in := s.in
		s.mu.Unlock()
		// Variables of interrupted statements, usable though not recorded;
		// the sort below puts a recorded name first, and it wins.
		for n := range in.Globals() {
			cands = append(cands, cand{n, "var", ""})
		}
		for n := range s.pkgs.byName {
			cands = append(cands, cand{n, "package", ""})
		}
		for tok := token.BREAK; tok <= token.VAR; tok++ {
			if tok.IsKeyword() {
				cands = append(cands, cand{tok.String(), "keyword", ""})
			}
		}
		for _, b := range builtins {
			cands = append(cands, cand{b, "builtin", ""})
		}
	}
	seen := map[string]bool{}
	out := session.Completion{Matches: []string{}, CursorStart: cc.Start, CursorEnd: cc.End}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].text < cands[j].text })
	for _, c := range cands {
		if seen[c.text] || !strings.HasPrefix(c.text, cc.Prefix) || strings.HasPrefix(c.text, "__gocell") {
			continue
		}
		seen[c.text] = true
		out.Matches = append(out.Matches, c.text)
		out.Types = append(out.Types, session.CompletionType{Text: c.text, Start: cc.Start, End: cc.End, Type: c.kind, Signature: c.sig})
	}
	return out, nil
}

// magicNames are what completion offers for % at the start of a cell.
var magicNames = []string{"%%time", "%help", "%reset", "%time", "%who"}

// completeMagic completes a magic's name being typed at the start of a
// cell (%he: %help), as IPython does; ok is false when the cursor is
// elsewhere. cursor counts code points.
func completeMagic(code string, cursor int) (session.Completion, bool) {
	rs := []rune(code)
	cursor = max(0, min(cursor, len(rs)))
	before := string(rs[:cursor])
	typed := strings.TrimLeft(before, " \t\r\n")
	if !strings.HasPrefix(typed, "%") || strings.ContainsAny(typed, " \t\r\n") {
		return session.Completion{}, false
	}
	start := cursor - len([]rune(typed))
	out := session.Completion{Matches: []string{}, CursorStart: start, CursorEnd: cursor}
	for _, m := range magicNames {
		if strings.HasPrefix(m, typed) {
			out.Matches = append(out.Matches, m)
			out.Types = append(out.Types, session.CompletionType{Text: m, Start: start, End: cursor, Type: "magic"})
		}
	}
	return out, true
}

// packagePath resolves a package name as cells see it: imported, or
// implied.
func (s *Session) packagePath(name string) (string, bool) {
	s.mu.Lock()
	p, ok := s.reg.imports[name]
	_, own := s.reg.names[name]
	s.mu.Unlock()
	if ok {
		return p, true
	}
	if own {
		return "", false
	}
	return s.pkgs.resolve(name)
}

// Inspect shows the signature and doc of a package member, or the
// declaration of a name a cell declared.
func (s *Session) Inspect(ctx context.Context, code string, cursor int, detail int) (session.Inspection, error) {
	pkg, name, ok := cellparse.IdentAt(code, cursor)
	if !ok {
		return session.Inspection{}, nil
	}
	full := name
	if pkg != "" {
		full = pkg + "." + name
	}
	text, found := s.describe(full)
	if !found {
		return session.Inspection{}, nil
	}
	return session.Inspection{Found: true, Data: &session.Bundle{Data: map[string]any{"text/plain": text}}}, nil
}

// describe documents "name", "pkg" or "pkg.Name" (also "pkg.Type.Method").
func (s *Session) describe(full string) (string, bool) {
	s.mu.Lock()
	d, own := s.reg.names[full]
	s.mu.Unlock()
	if own {
		text := fmt.Sprintf("%s (declared in In[%d])\n\n", full, d.cell)
		if d.kind == cellparse.Var {
			if v, ok := s.interp().Globals()[full]; ok && v.IsValid() {
				s.cell.mu.Lock()
				val := formatValueFields(v, s.cell.types, s.cell.fields)
				s.cell.mu.Unlock()
				text += fmt.Sprintf("%s %s = %s\n\n", full, s.typeText(v.Type()), val)
			}
		}
		if d.doc != "" {
			text += d.doc + "\n\n"
		}
		return text + d.src, true
	}
	if v, ok := s.globalVar(full); ok {
		// Declared by a statement that did not finish: no source recorded.
		s.cell.mu.Lock()
		val := formatValueFields(v, s.cell.types, s.cell.fields)
		s.cell.mu.Unlock()
		return fmt.Sprintf("%s (declared by a statement that did not finish)\n\n%s %s = %s", full, full, s.typeText(v.Type()), val), true
	}
	pkg, member, _ := strings.Cut(full, ".")
	if text, ok := s.describeMember(pkg, member); ok {
		return text, true
	}
	path, ok := s.packagePath(pkg)
	if !ok {
		return "", false
	}
	return packageDoc(path, member)
}

// IsComplete judges whether code is ready to run (delegated to cellparse).
func (s *Session) IsComplete(ctx context.Context, code string) (session.Completeness, error) {
	if m, ok := parseMagic(code); ok {
		if !m.cell && m.name != "time" {
			return session.Completeness{Status: session.Complete}, nil
		}
		// A cell magic or %time: judge the code it runs.
		code = m.body
		if !m.cell {
			code = m.arg + "\n" + m.body
		}
		if strings.TrimSpace(code) == "" {
			return session.Completeness{Status: session.Incomplete}, nil
		}
	}
	status, indent := cellparse.IsComplete(code)
	return session.Completeness{Status: status, Indent: indent}, nil
}

// userExpressions evaluates the request's user_expressions after the cell.
func (s *Session) userExpressions(ctx context.Context, exprs map[string]string, n int) map[string]any {
	out := make(map[string]any, len(exprs))
	for k, e := range exprs {
		s.cell.takeResults()
		err := s.exprImports(ctx, e, n)
		if err == nil {
			_, err = s.run(ctx, ";"+showFn+"("+codeOnly(e)+",\n)")
		}
		if err != nil {
			r := s.errorFor(err, e, n)
			out[k] = map[string]any{"status": "error", "ename": r.Error.Name, "evalue": r.Error.Value, "traceback": r.Error.Traceback}
			continue
		}
		out[k] = map[string]any{"status": "ok", "data": map[string]any{"text/plain": strings.Join(s.cell.takeResults(), ", ")}, "metadata": map[string]any{}}
	}
	return out
}

// exprImports imports the packages a user expression uses by name, as a
// cell's are (strings.ToUpper("a") needs no import line). An expression
// that does not parse is left for the evaluation to report.
func (s *Session) exprImports(ctx context.Context, e string, n int) error {
	cell, err := cellparse.Parse(e, cellparse.Options{Declared: s.declared})
	if err != nil {
		return nil
	}
	return s.impliedImports(&cellRun{s: s, ctx: ctx, n: n, code: e}, cell)
}

// chdir makes dir the working directory of the cells.
func chdir(dir string) error {
	if err := os.Chdir(dir); err != nil {
		return fmt.Errorf("evaluator: working directory: %w", err)
	}
	return nil
}

func derefType(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		return t.Elem()
	}
	return t
}

// describeMember documents a field or method selected from a variable of
// the cells: a method of a cell type from the registry, a method of a
// compiled type from the generated docs. Members promoted from embedded
// fields are found as Go selects them: the shallowest depth wins.
func (s *Session) describeMember(name, member string) (string, bool) {
	if member == "" || strings.Contains(member, ".") {
		return "", false
	}
	v, ok := s.globalVar(name)
	if !ok {
		return "", false
	}
	level := []reflect.Type{v.Type()}
	for depth := 0; depth < 4 && len(level) > 0; depth++ {
		var next []reflect.Type
		for _, t := range level {
			if text, ok := s.typeMemberDoc(t, name, member); ok {
				return text, true
			}
			next = append(next, s.embedded(t)...)
		}
		level = next
	}
	return "", false
}
