package cellparse

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that any input gives a cell or an error, never a panic
// (parse is called without Parse's recover, so a panic fails the fuzzer),
// and that rewritten items keep the cell's line count.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"x := 1\nx",
		"for i := range 10 { go f(i) }",
		"v, ok := m[k]\nfunc f() { for { defer func() {}() } }",
		"L: for i := range len(s) { for _, v := range s { fs = append(fs, func() { _ = v }) } }",
		"import (\n\t\"fmt\"\n)\ntype T struct{}\nfunc (T) M() {}\nfmt.Println(min(1, 2))",
		"for{0(A())}",
		"for _, a := range as { fs = append(fs, a.String, a.X); m := a.M; g(m) }",
		"s := dnn.NewSequential(nil)\nfor _, l := range ls { s.Add(l, l); seq.Add(x[0]); dnn.WithParams(l.k, p) }",
		"func g(n *N) (c int, err error) { for _, k := range ks { l := []L{mk(k)}; n.Add(l); if k < 0 { break }; if k > 9 { return } }; return }",
		"L: for _, k := range ks { if k < 0 { continue }; l := mk(k); n.Add(l); switch { case k > 1: break; default: continue L } }",
		"if v := f(g()); v > 0 {\n\tuse(v)\n} else if w := f(g()); w > 1 { }\nL: switch y := f(g()); y { case 1: break L }",
		"func g(n *N) (int, error) { L: for _, j := range js { for _, k := range ks { if k < j { continue L }; if k > 9 { return h(k) }; goto M; M: l := mk(k); n.Add(l) }; m := mk(j); n.Add(m) }; return 0, nil }",
		"S: switch { default: for _, k := range ks { select { case <-c: break S }; l := mk(k); n.Add(l); for { return } } }",
		"n := f(NewA(2)) + f(NewA(3)) * h(<-ch, NewA(4))\nvar i I = a\nm := a.String\ns := fmt.Stringer(NewA(1))",
		"L: switch x := v.(type) {\ncase nil, error:\n\tbreak L\ncase fmt.Stringer:\n\tuse(x)\ndefault:\n}\nfunc f(a any) { if s, ok := a.(fmt.Stringer); ok { g(s) } else if e, ok := a.(error); ok { g(e) }; var r, k = a.(io.Reader); r, k = a.(io.Reader) }",
		"e, ok := err.(error)\ndefer func() { if r := recover(); r != nil { f(T{1}, &T{2}) } }()\nswitch q := f(T{3}).(type) { case T: _ = q }",
	} {
		f.Add(s)
	}
	opt := Options{LoopCheck: "chk()", GoRecover: "R", Recovered: "RV", IsInteger: func(n string) bool { return n == "n" },
		Results: func(n string) int { return len(n) % 3 }, IsVar: func(n string) bool { return len(n) == 1 },
		IsInterface:    func(p, n string) bool { return p == "fmt" || p == "dnn" },
		Method:         func(n string) (bool, bool) { return n == "String" || n == "M", n == "Inc" },
		TakesInterface: func(recv, fun string, i int) bool { return i%3 != 1 },
		ParamInterface: func(recv, fun string, i int) (string, bool) {
			if i%2 == 0 {
				return "dnn.Layer", i%4 == 0
			}
			return "", false
		}}
	f.Fuzz(func(t *testing.T, src string) {
		c, err := parse(src, opt)
		if err != nil {
			if len(Errors(err)) == 0 {
				t.Fatalf("error %T %v is not an *Error or ErrorList", err, err)
			}
			for _, e := range Errors(err) {
				if e.Line < 1 || e.Col < 1 {
					t.Fatalf("error position %d:%d", e.Line, e.Col)
				}
			}
			return
		}
		lines := strings.Count(src, "\n") + 1
		for _, it := range c.Items {
			if it.Line < 1 || it.Col < 1 || it.Line+strings.Count(it.Source, "\n") > lines {
				t.Fatalf("item at %d:%d with %d lines does not fit a %d-line cell: %q", it.Line, it.Col, strings.Count(it.Source, "\n")+1, lines, it.Source)
			}
			// Rewrites must leave Go: each item parses as what it is.
			wrapped := "package p;func _(){" + it.Source + "\n}"
			switch {
			case it.Kind == Import, it.Kind == Type, it.Kind == Func, it.Kind == Method:
				wrapped = "package p;" + it.Source
			case it.List:
				wrapped = "package p;func _(){_(" + it.Source + ",\n)\n}"
			}
			if _, err := parser.ParseFile(token.NewFileSet(), "", wrapped, 0); err != nil {
				t.Fatalf("item %q of %q does not parse: %v", it.Source, src, err)
			}
		}
	})
}

// FuzzIsComplete checks IsComplete and the cursor functions never panic and
// answer within their contracts.
func FuzzIsComplete(f *testing.F) {
	for _, s := range []string{"func f() {", "x := `a", "f(x))", "%time\nx", "s := \"日本\" // コ\nfmt.Pr"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, src string, cursor int) {
		status, indent := IsComplete(src)
		switch status {
		case "complete", "invalid":
			if indent != "" {
				t.Fatalf("%s with indent %q", status, indent)
			}
		case "incomplete":
		default:
			t.Fatalf("status %q", status)
		}
		ctx := CursorContext(src, cursor)
		n := utf8.RuneCountInString(src)
		if ctx.Start < 0 || ctx.Start > ctx.End || ctx.End > n {
			t.Fatalf("context range %d..%d in %d code points", ctx.Start, ctx.End, n)
		}
		IdentAt(src, cursor)
	})
}
