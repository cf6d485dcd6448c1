package evaluator

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
)

// A variable declared at a cell's top level from a call of a generic
// func, `s := NewStack[int]()` or `x := Id(3)`, fails in yaegi's global
// scope ("constant definition loop" with an explicit instantiation, "nil
// reflect type" with an inferred one), while the same call works inside a
// func. The session then asks yaegi, in a func, for the type of each
// value, declares the variables with those types, and assigns them in a
// func.

// probeType is the prelude's type a value is assigned to so that yaegi's
// error names the value's type.
const probeType = "__gocellProbe"

// probeRE reads the type out of the probe's error.
var probeRE = regexp.MustCompile(`cannot use type (.+) as type main\.` + probeType + `\b`)

// globalGenericError reports whether err is what yaegi says about a
// generic call in a top-level declaration.
func globalGenericError(err error) bool {
	var ce *compileError
	if !errors.As(err, &ce) {
		return false
	}
	return strings.Contains(ce.msg, "constant definition loop") || strings.HasSuffix(ce.msg, "nil reflect type") ||
		strings.HasSuffix(ce.msg, "invalid memory address or nil pointer dereference") // a multi-value call
}

// defineInFunc declares the variables of it, a `names := values` or `var
// names = values` item, with the types of its values and assigns them in
// a func; ok is false when it cannot (another form, a value whose type
// cannot be written), and the caller reports its first error.
func (c *cellRun) defineInFunc(it *cellparse.Item) (ok bool, err error) {
	names, values := splitDefine(it.Source)
	if len(names) == 0 {
		return false, nil
	}
	tmp := make([]string, len(names))
	for i := range names {
		tmp[i] = "__gocellP" + strconv.Itoa(i)
	}
	var decls strings.Builder
	for i, n := range names {
		if n == "_" {
			continue
		}
		perr := c.s.declareCellFn(strings.Join(tmp, ", ") + " := " + values + "\nvar _ " + probeType + " = " + tmp[i])
		m := probeRE.FindStringSubmatch(errText(perr))
		if m == nil {
			var ce *compileError
			if errors.As(perr, &ce) && undefinedTypeParamRE.MatchString(ce.msg) {
				// The call does not compile in a func either: yaegi
				// cannot infer a type argument, which says more than
				// the global scope's "nil reflect type".
				return true, perr
			}
			return false, nil
		}
		typ := strings.ReplaceAll(m[1], "main.", "")
		if strings.Contains(typ, "struct {") || strings.Contains(typ, "interface {") {
			return false, nil // how yaegi shows a type it cannot name
		}
		decls.WriteString("var " + n + " " + typ + "\n")
	}
	if _, err := c.s.run(c.ctx, ";"+c.at(it)+decls.String()); err != nil {
		return false, nil
	}
	c.s.nameInstances(decls.String())
	if _, err := c.s.runInFunc(c.ctx, c.at(it)+strings.Join(names, ", ")+" = "+values); err != nil {
		return true, err
	}
	c.s.defined(c, it)
	return true, nil
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// splitDefine splits `a, b := v` and `var a, b = v` (no type) into the
// names and the source of the values; nil names for any other statement.
func splitDefine(src string) (names []string, values string) {
	const head = "package p; func _() {\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", head+src+"\n}", 0)
	if err != nil || len(f.Decls) != 1 {
		return nil, ""
	}
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	if len(body) != 1 {
		return nil, ""
	}
	base := fset.Position(f.Pos()).Offset + len(head)
	text := func(from, to token.Pos) string {
		return src[fset.Position(from).Offset-base : fset.Position(to).Offset-base]
	}
	var lhs []ast.Expr
	var rhs []ast.Expr
	switch st := body[0].(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE {
			return nil, ""
		}
		lhs, rhs = st.Lhs, st.Rhs
	case *ast.DeclStmt:
		g, ok := st.Decl.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR || len(g.Specs) != 1 {
			return nil, ""
		}
		vs := g.Specs[0].(*ast.ValueSpec)
		if vs.Type != nil || len(vs.Values) == 0 {
			return nil, ""
		}
		for _, n := range vs.Names {
			lhs = append(lhs, n)
		}
		rhs = vs.Values
	default:
		return nil, ""
	}
	for _, l := range lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return nil, ""
		}
		names = append(names, id.Name)
	}
	return names, text(rhs[0].Pos(), rhs[len(rhs)-1].End())
}
