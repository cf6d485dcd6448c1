package cellparse

import (
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
	} {
		f.Add(s)
	}
	opt := Options{LoopCheck: "chk()", GoRecover: "R", IsInteger: func(n string) bool { return n == "n" }}
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
