package evaluator

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
	"github.com/traefik/yaegi/stdlib"
)

// The interpreted side of errchain.go, and the interfaces yaegi passes a
// cell's value to fmt's print functions as.

// errMethods are the methods errOpFn dispatches, by operation, with the
// signature (as written after the name) each must have.
var errMethods = []struct {
	op   int
	name string
	sig  string
	call string
}{
	{opUnwrap, "Unwrap", "() error", "x.Unwrap()"},
	{opUnwrapMulti, "Unwrap", "() []error", "x.Unwrap()"},
	{opIs, "Is", "(error) bool", "x.Is(arg.(error))"},
	{opAs, "As", "(any) bool", "x.As(arg)"},
}

// isErrMethod reports whether a method key ("T.M") may be one errOpFn
// dispatches.
func isErrMethod(key string) bool {
	_, m, _ := strings.Cut(key, ".")
	return m == "Unwrap" || m == "Is" || m == "As"
}

// errOpsSource is the interpreted errOpFn for the cells' methods in decls.
// Each case asserts the raw value to the method's receiver type; a pointer
// to a struct, the usual error type, is told apart by its reflect type.
func errOpsSource(decls []*decl) string {
	cases := map[int][]string{}
	for _, d := range decls {
		if d.kind != cellparse.Method || d.generic || !isErrMethod(d.key) {
			continue
		}
		typ, _, _ := strings.Cut(d.key, ".")
		sig := methodSig(d.src)
		for _, m := range errMethods {
			if !strings.HasSuffix(d.key, "."+m.name) || sig != m.sig {
				continue
			}
			types := []string{"*" + typ}
			if !ptrRecvRE.MatchString(d.src) {
				types = append(types, typ)
			}
			for _, t := range types {
				cases[m.op] = append(cases[m.op], fmt.Sprintf("\t\tif x, ok := v.(%s); ok {\n\t\t\treturn %s, true\n\t\t}\n", t, m.call))
			}
		}
	}
	sets := assertCases(decls)
	var b strings.Builder
	b.WriteString("package main\n\nfunc " + errOpFn + "(op int, v, arg interface{}) (interface{}, bool) {\n")
	if len(cases) > 0 || sets != "" {
		// arg is not asserted with comma-ok: yaegi panics on a nil one.
		b.WriteString("\tswitch op {\n")
		for _, m := range errMethods {
			if len(cases[m.op]) == 0 {
				continue
			}
			fmt.Fprintf(&b, "\tcase %d:\n%s", m.op, strings.Join(cases[m.op], ""))
		}
		b.WriteString(sets)
		b.WriteString("\t}\n")
	}
	b.WriteString("\treturn nil, false\n}\n")
	return b.String()
}

// methodSig returns a method declaration's parameter and result types as
// "(error) bool", "" when src does not parse.
func methodSig(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+src, 0)
	if err != nil || len(f.Decls) != 1 {
		return ""
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok {
		return ""
	}
	list := func(fl *ast.FieldList) []string {
		var out []string
		if fl == nil {
			return out
		}
		for _, fld := range fl.List {
			t := types(fld.Type)
			for n := max(1, len(fld.Names)); n > 0; n-- {
				out = append(out, t)
			}
		}
		return out
	}
	params := "(" + strings.Join(list(fd.Type.Params), ", ") + ")"
	res := list(fd.Type.Results)
	switch len(res) {
	case 0:
		return params
	case 1:
		return params + " " + res[0]
	}
	return params + " (" + strings.Join(res, ", ") + ")"
}

// types writes a type expression the way errMethods spells it.
func types(x ast.Expr) string {
	switch t := x.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.ArrayType:
		if t.Len == nil {
			return "[]" + types(t.Elt)
		}
	case *ast.InterfaceType:
		if t.Methods == nil || len(t.Methods.List) == 0 {
			return "any"
		}
	}
	return "?"
}

// errOpsRegister is the statement that hands errOpFn to the session.
const errOpsRegister = ";" + rtName + ".ErrOps(" + errOpFn + ")"

// errorMapTypes is yaegi's table of the interfaces a cell's value is
// passed as to compiled functions taking interface{} arguments, with
// fmt's and log's print functions passing a value of a cell's error type
// as an error. yaegi's own table lists
// only fmt.Formatter and fmt.Stringer for them, so fmt.Println(&MyErr{})
// printed the struct (&{...}) and fmt.Errorf("%w", &MyErr{}) wrapped
// nothing (%!w(...)). error comes before Stringer, as in fmt.
func errorMapTypes() map[reflect.Value][]reflect.Type {
	ifaces := printIfaces()
	m := map[reflect.Value][]reflect.Type{}
	for k, v := range stdlib.MapTypes {
		m[k] = v
	}
	for pkg, names := range map[string][]string{
		"fmt/fmt": {"Errorf", "Fprint", "Fprintf", "Fprintln", "Print", "Printf", "Println", "Sprint", "Sprintf", "Sprintln", "Append", "Appendf", "Appendln"},
		"log/log": {"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln", "Print", "Printf", "Println"},
	} {
		for _, n := range names {
			if v, ok := stdlib.Symbols[pkg][n]; ok {
				m[v] = ifaces
			}
		}
	}
	return m
}

// printIfaces are the interfaces a cell's value is passed to a print
// function as, the first it implements: fmt's order.
func printIfaces() []reflect.Type {
	return []reflect.Type{
		reflect.TypeOf((*fmt.Formatter)(nil)).Elem(),
		errorType,
		reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
	}
}
