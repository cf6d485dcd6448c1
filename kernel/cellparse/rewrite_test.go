package cellparse

import (
	"fmt"
	"strings"
	"testing"
)

// one parses a cell that must give exactly one item and returns it.
func one(t *testing.T, src string, opt Options) Item {
	t.Helper()
	c, err := Parse(src, opt)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	if len(c.Items) != 1 {
		t.Fatalf("Parse(%q): %d items, want 1: %+v", src, len(c.Items), c.Items)
	}
	return c.Items[0]
}

func intNames(names ...string) func(string) bool {
	return func(n string) bool {
		for _, x := range names {
			if x == n {
				return true
			}
		}
		return false
	}
}

func TestRewrites(t *testing.T) {
	chk := Options{LoopCheck: "chk()"}
	rec := Options{GoRecover: "R"}
	ints := Options{IsInteger: intNames("n")}
	userMin := Options{Declared: intNames("min")}
	tests := []struct {
		name string
		opt  Options
		in   string
		want string
	}{
		{"range int literal", Options{}, "for i := range 3 { f(i) }",
			"{ __gocellN1 := 3; for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ { i := __gocellI2; _ = i; f(i) } }"},
		{"range without vars", Options{}, "for range 2 { f() }",
			"{ __gocellN1 := 2; for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ { f() } }"},
		{"range blank", Options{}, "for _ = range 2 {}",
			"{ __gocellN1 := 2; for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ {} }"},
		{"range len", Options{}, "for i := range len(s) {}",
			"{ __gocellN1 := len(s); for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ { i := __gocellI2; _ = i;} }"},
		{"range arithmetic of conversion", Options{}, "for i := range int(x)*2 + 1 {}",
			"{ __gocellN1 := int(x)*2 + 1; for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ { i := __gocellI2; _ = i;} }"},
		{"range earlier-cell integer", ints, "for i := range n {}",
			"{ __gocellN1 := n; for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ { i := __gocellI2; _ = i;} }"},
		{"range earlier-cell non-integer kept", ints, "for i := range xs {}", "for i := range xs {}"},
		{"range slice kept", Options{}, "for i, v := range []int{1} { s += i + v }", "for i, v := range []int{1} { s += i + v }"},
		{"range param in func", Options{}, "func f(n int) { for i := range n { g(i) } }",
			"func f(n int) { { __gocellN1 := n; for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ { i := __gocellI2; _ = i; g(i) } } }"},
		{"range local var in func", Options{}, "func f() { var k uint8 = 3; for range k {} }",
			"func f() { var k uint8 = 3; { __gocellN1 := k; for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ {} } }"},
		{"range local float kept", Options{}, "func f() { k := 3.5; for range k {} }", "func f() { k := 3.5; for range k {} }"},
		{"range shadowed len kept", Options{}, "func f(len func([]int) int) { for range len(nil) {} }", "func f(len func([]int) int) { for range len(nil) {} }"},
		{"range over an outer range-int key", Options{}, "for i := range 2 { for range i {} }",
			"{ __gocellN3 := 2; for __gocellI4 := __gocellN3 - __gocellN3; __gocellI4 < __gocellN3; __gocellI4++ { i := __gocellI4; _ = i; { __gocellN1 := i; for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ {} } } }"},
		{"range over a range-slice key kept", Options{}, "for i := range xs { for range i {} }", "for i := range xs { for range i {} }"},
		{"range over an earlier cell's int func", Options{ReturnsInteger: intNames("count")}, "for range count() {}",
			"{ __gocellN1 := count(); for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ {} }"},
		{"range over an unknown call kept", Options{}, "for range count() {}", "for range count() {}"},
		{"range labeled", Options{}, "L: for i := range 2 { continue L }",
			"{ __gocellN1 := 2; L: for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ { i := __gocellI2; _ = i; continue L } }"},
		{"range assign form", Options{}, "for i = range 4 {}",
			"{ __gocellN1 := 4; for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ { i = __gocellI2;} }"},
		{"range capture copy", Options{}, "for _, v := range xs { fs = append(fs, func() int { return v }) }",
			"for _, __gocellV1 := range xs { v := __gocellV1; fs = append(fs, func() int { return v }) }"},
		{"range address copy", Options{}, "for k, v := range m { ps = append(ps, &v); _ = k }",
			"for __gocellV1, __gocellV2 := range m { k := __gocellV1; v := __gocellV2; ps = __gocellAppend(ps, &v); _ = k }"},
		{"range no capture kept", Options{}, "for _, v := range xs { s += v }", "for _, v := range xs { s += v }"},
		{"3-clause capture copy", Options{}, "for i := 0; i < 3; i++ { defer func() { f(i) }() }",
			"for __gocellL2 := 0; __gocellL2 < 3; __gocellL2++ { i := __gocellL2; defer func() { { __gocellH1 := i; f(__gocellH1) } }() }"},
		{"3-clause go capture copy", Options{}, "for i := 0; i < n; i++ { go f(i) }",
			"for __gocellL1 := 0; __gocellL1 < n; __gocellL1++ { i := __gocellL1; go f(i) }"},
		{"3-clause assigned kept", Options{}, "for i := 0; i < 3; i++ { i++; fs = append(fs, func() int { return i }) }",
			"for i := 0; i < 3; i++ { i++; fs = append(fs, func() int { return i }) }"},
		{"3-clause no capture kept", Options{}, "for i := 0; i < 3; i++ { f(i) }", "for i := 0; i < 3; i++ { f(i) }"},
		{"min max", Options{}, "x := min(a, b) + max(1, 2, 3)", "x := __gocellMin(a, b) + __gocellMax(1, 2, 3)"},
		{"max literal first moves back", Options{}, "y := max(0, x, 1, f())", "y := __gocellMax(x, 0, 1, f())"},
		{"min of float literals", Options{}, "y := min(2, -1.5)", "y := __gocellMin(float64(2), -1.5)"},
		{"min of runes", Options{}, "y := min('b', 'a')", "y := __gocellMin(rune('b'), 'a')"},
		{"min of ints kept", Options{}, "y := min(2, 1)", "y := __gocellMin(2, 1)"},
		{"min nested", Options{}, "y := min(1, max(0.5, x))", "y := __gocellMin(__gocellMax(x, 0.5), 1)"},
		{"clear", Options{}, "clear(m)", "__gocellClear(m)"},
		{"min in func body", Options{}, "func f(a, b int) int { return min(a, b) }", "func f(a, b int) int { return __gocellMin(a, b) }"},
		{"min shadowed by param", Options{}, "func f(min func(int) int) int { return min(1) }", "func f(min func(int) int) int { return min(1) }"},
		{"min declared by user earlier", userMin, "x := min(1, 2)", "x := min(1, 2)"},
		{"loop check for", chk, "for {\n\tbreak\n}", "for { chk();\n\tbreak\n}"},
		{"loop check range", chk, "for _, x := range xs { s += x }", "for _, x := range xs { chk(); s += x }"},
		{"loop check nested in func", chk, "func f() { for i := 0; i < 2; i++ { for {} } }",
			"func f() { for i := 0; i < 2; i++ { chk(); for { chk();} } }"},
		{"loop check range int", chk, "for range 2 {}",
			"{ __gocellN1 := 2; for __gocellI2 := __gocellN1 - __gocellN1; __gocellI2 < __gocellN1; __gocellI2++ { chk();} }"},
		{"go call binds args", rec, "go work(x, 1, nil, s...)",
			"{ __gocellA1, __gocellA2 := x, s; go func() { defer R(); work(__gocellA1, 1, nil, __gocellA2...) }() }"},
		{"go method call", rec, "go w.Run(ch)", "{ __gocellA1 := ch; go func() { defer R(); w.Run(__gocellA1) }() }"},
		{"go func literal", rec, "go func(x int) { f(x) }(a)", "go func(x int) { defer R(); f(x) }(a)"},
		{"go call of call", rec, "go mk()(a)", "{ __gocellF1, __gocellA2 := mk(), a; go func() { defer R(); __gocellF1(__gocellA2) }() }"},
		{"go with min arg", rec, "go f(min(a, b))", "{ __gocellA1 := __gocellMin(a, b); go func() { defer R(); f(__gocellA1) }() }"},
		{"return in a wrapped top-level loop ends the cell", Options{EndCell: "E", Results: func(string) int { return 1 }}, "for _, k := range ks { n.Add(NewA(k)); if k > 2 { return } }",
			"for _, k := range ks { if __gocellK2 := func() (int) { { __gocellH1 := NewA(k); n.Add(__gocellH1) }; if k > 2 { E(); return 2 } ; return 0 }(); __gocellK2 != 0 { if __gocellK2 == 1 { break }; return  } }"},
		{"go untouched without GoRecover", Options{}, "go f(x)", "go f(x)"},
		{"append in a loop goes through the helper", Options{}, "for _, a := range as { ls = append(ls, &A{}, 1, a, f(a), x.y) }",
			"for _, a := range as { func() { ls = append(__gocellAppend(__gocellAppend(append(__gocellAppend(ls, &A{}), 1), a), f(a)), x.y) ; }() }"},
		{"append outside loops untouched", Options{}, "ls = append(ls, &A{})", "ls = append(ls, &A{})"},
		{"append of constants in a loop untouched", Options{}, "func g() { const c = 2; for { fs = append(fs, 1, c, float64(k)) } }", "func g() { const c = 2; for { fs = append(fs, 1, c, float64(k)) } }"},
		{"call argument hoisted in a func", Options{}, "func g() int { return f(NewA(1), 2) }", "func g() int { { __gocellH1 := NewA(1); return f(__gocellH1, 2) } }"},
		{"call argument hoisted before a define", Options{}, "func g(t *T) { n := t.Add(NewA(), mk(NewB())) }", "func g(t *T) { __gocellH1 := NewA(); __gocellH2 := mk(NewB()); n := t.Add(__gocellH1, __gocellH2) }"},
		{"call arguments hoisted in order", Options{}, "func g() { f(h(), NewA()) }", "func g() { { __gocellH1 := h(); __gocellH2 := NewA(); f(__gocellH1, __gocellH2) } }"},
		{"calls before a call argument move with it", Options{}, "func g() { f(math.Abs(x), NewA()) }", "func g() { { __gocellH1 := math.Abs(x); __gocellH2 := NewA(); f(__gocellH1, __gocellH2) } }"},
		{"package calls keep their arguments", Options{}, "func g() { fmt.Println(math.Sqrt(sq(2))) }", "func g() { fmt.Println(math.Sqrt(sq(2))) }"},
		{"builtin and conversion arguments stay", Options{}, "func g() { f(len(s), float64(n)) }", "func g() { f(len(s), float64(n)) }"},
		{"call argument in an append in a loop", Options{}, "func g() { for { ls = append(ls, f(NewA())) } }", "func g() { for { func() { ls = __gocellAppend(ls, f(NewA())) ; }() } }"},
		{"call argument in a header stays", Options{}, "func g() { if f(NewA()) > 0 {\n} }", "func g() { if f(NewA()) > 0 {\n} }"},
		{"call with a cell value in a loop runs in a func literal", Options{Results: func(string) int { return 1 }}, "func g(n *N) { for i := 0; i < 2; i++ { n.Add(NewA(i)); n.Add(&A{i}); n.Add(a) } }",
			"func g(n *N) { for i := 0; i < 2; i++ { func() { { __gocellH1 := NewA(i); n.Add(__gocellH1) }; n.Add(&A{i}); n.Add(a) ; }() } }"},
		{"labelled break in a select case", Options{}, "L:\nfor {\n\tselect {\n\tcase <-done:\n\t\tbreak L\n\tcase <-c:\n\t\tcontinue L\n\t}\n}",
			"L:\nfor {\n\tselect {\n\tcase <-done:\n\t\t{ break L }\n\tcase <-c:\n\t\t{ continue L }\n\t}\n}"},
		{"plain break in a select case untouched", Options{}, "for {\n\tselect {\n\tcase <-done:\n\t\tbreak\n\t}\n}", "for {\n\tselect {\n\tcase <-done:\n\t\tbreak\n\t}\n}"},
		{"literal stored in a loop runs in a func literal", Options{}, "func g() { for i := 0; i < 2; i++ { ls[i] = &A{i}; n.ls = []L{&A{}, B{}}; ys[i] = sq(x); fs[i] = float64(i) } }",
			"func g() { for i := 0; i < 2; i++ { func() { ls[i] = &A{i}; n.ls = []L{&A{}, B{}}; ys[i] = sq(x); fs[i] = float64(i) ; }() } }"},
		{"parallel assign with nil", Options{}, "p, q, r = nil, x, 2", "{ __gocellT1 := x; p = nil; q = __gocellT1; r = 2; }"},
		{"parallel assign with nil and a clash untouched", Options{}, "i, p[i] = 0, nil", "i, p[i] = 0, nil"},
		{"iteration variable passed in a loop is copied in a func literal", Options{}, "func g(n *N) { for i, l := range ls { a := l; n.Add(a, i); f(l) }; for i := 0; i < 2; i++ { n.Set(i) } }",
			"func g(n *N) { for i, l := range ls { func() { a := l; { __gocellH1 := a; n.Add(__gocellH1, i) }; { __gocellH2 := l; f(__gocellH2) } ; }() }; for i := 0; i < 2; i++ { n.Set(i) } }"},
		{"sole call argument of unknown results stays", Options{Results: func(string) int { return 2 }}, "func g() { f(two()) }", "func g() { f(two()) }"},
		{"sole call argument of one result hoisted", Options{Results: func(n string) int { return len(n) - 2 }}, "func g() { f(one()) }", "func g() { { __gocellH1 := one(); f(__gocellH1) } }"},
		{"typed var of a cell value in a loop", Options{Results: func(string) int { return 1 }}, "func g() { for _, a := range as { var l L = a; var m L = NewA(); var k float64 = 1; var p L = &A{}; _, _, _, _ = l, m, k, p } }",
			"func g() { for _, a := range as { var l L; func() { __gocellH1 := a; l = __gocellH1 }(); var m L; func() { __gocellH2 := NewA(); m = __gocellH2 }(); var k float64 = 1; var p L; func() { __gocellH3 := &A{}; p = __gocellH3 }(); _, _, _, _ = l, m, k, p } }"},
		{"variable assigned in a loop is copied in a func literal", Options{}, "func g(n *N, a *A) { for i := 0; i < 2; i++ { a = mk(i); n.Add(a); n.Add(i) } }",
			"func g(n *N, a *A) { for i := 0; i < 2; i++ { func() { a = mk(i); { __gocellH1 := a; n.Add(__gocellH1) }; n.Add(i) ; }() } }"},
		{"parallel assign hoists calls", Options{}, "a, b = x, sq(x)", "{ __gocellT1 := sq(x); a, b = x, __gocellT1 }"},
		{"parallel assign keeps call order", Options{}, "a, b, c = f(), 1, <-ch", "{ __gocellT1 := f(); __gocellT2 := <-ch; a, b, c = __gocellT1, 1, __gocellT2 }"},
		{"parallel assign with index on the left", Options{}, "p[i].X, p[i].Y = x,\n\tf(x)", "{ __gocellT1 := f(x); p[i].X, p[i].Y = x, __gocellT1 }\n"},
		{"parallel assign in a func", Options{}, "func g() { a, b = min(x, 1), x }", "func g() { { __gocellT1 := __gocellMin(x, 1); a, b = __gocellT1, x } }"},
		{"parallel assign without calls untouched", Options{}, "a, b = b, a+b", "a, b = b, a+b"},
		{"parallel define untouched", Options{}, "a, b := x, f(x)", "a, b := x, f(x)"},
		{"parallel assign in a for header untouched", Options{}, "for a, b = x, f(); a < b; a, b = a+1, g() {\n}", "for a, b = x, f(); a < b; a, b = a+1, g() {\n}"},
		{"comma-ok map", Options{}, `v, ok := m["a"]`, `v, ok := m["a"], false; v, ok = m["a"]`},
		{"comma-ok map with min key", Options{}, `v, ok := m[min(a, b)]`, ``},
		{"comma-ok type assertion", Options{}, `x, ok := y.(fmt.Stringer)`, `x, ok := *new(fmt.Stringer), false; if __gocellA1 := y; __gocellA1 != nil { x, ok = __gocellA1.(fmt.Stringer) }`},
		{"comma-ok type assertion to a cell's type", Options{}, `x, ok := y.(T)`, `x, ok := *new(T), false; x, ok = y.(T)`},
		{"comma-ok assertion to error in a func", Options{}, "func f(a any) bool { if _, ok := a.(error); ok { return true }; var r io.Reader; var k bool; r, k = a.(io.Reader); _ = r; return k }",
			"func f(a any) bool { { _, ok := *new(error), false; if __gocellA1 := a; __gocellA1 != nil { _, ok = __gocellA1.(error) }; if ok { return true } }; var r io.Reader; var k bool; if __gocellA2 := a; __gocellA2 != nil { r, k = __gocellA2.(io.Reader) } else { r, k = *new(io.Reader), false }; _ = r; return k }"},
		{"comma-ok var and else-if forms in a func", Options{}, "func f(a any) { var e, ok = a.(error); if ok { g(e) } else if s, ok := a.(fmt.Stringer); ok { g(s) } }",
			"func f(a any) { var e, ok = *new(error), false; if __gocellA1 := a; __gocellA1 != nil { e, ok = __gocellA1.(error) }; if ok { g(e) } else { s, ok := *new(fmt.Stringer), false; if __gocellA2 := a; __gocellA2 != nil { s, ok = __gocellA2.(fmt.Stringer) }; if ok { g(s) } } }"},
		{"comma-ok assertion of a call kept", Options{}, "func f() { e, ok := get().(error); g(e, ok) }", "func f() { e, ok := get().(error); g(e, ok) }"},
		{"recover's value goes through Options.Recovered", Options{Recovered: "RV"}, "defer func() { if r := recover(); r != nil { f(r) } }()",
			"defer func() { if r := RV(recover()); r != nil { f(r) } }()"},
		{"recover in a func", Options{Recovered: "RV"}, "func g() { defer func() { recover() }() }", "func g() { defer func() { RV(recover()) }() }"},
		{"a user's recover is kept", Options{Recovered: "RV", Declared: intNames("recover")}, "x := recover()", "x := recover()"},
		{"single-value assertion kept", Options{}, "func f(a any) error { return a.(error) }", "func f(a any) error { return a.(error) }"},
		{"type switch with an interface case", Options{}, "func f(a any) string { switch x := a.(type) {\ncase error:\n\treturn x.Error()\ncase int, string:\n\treturn fmt.Sprint(x)\ncase nil:\n\treturn \"nil\"\ndefault:\n\t_ = x\n}; return \"\" }",
			"func f(a any) string { switch __gocellS1 := a; {\ncase __gocellS1 != nil && func() bool { _, ok := __gocellS1.(error); return ok }(): x, __gocellS1ok := __gocellS1.(error); _ = x; _ = __gocellS1ok;\n\treturn x.Error()\ncase __gocellS1 != nil && func() bool { _, ok := __gocellS1.(int); return ok }() || __gocellS1 != nil && func() bool { _, ok := __gocellS1.(string); return ok }(): x := __gocellS1; _ = x;\n\treturn fmt.Sprint(x)\ncase __gocellS1 == nil:\n\treturn \"nil\"\ndefault: x := __gocellS1; _ = x;\n\t_ = x\n}; return \"\" }"},
		{"type switch of a cell's type without a variable", Options{}, "switch a.(type) { case Dog: f() }", "switch __gocellS1 := a; { case __gocellS1 != nil && func() bool { _, ok := __gocellS1.(Dog); return ok }(): f() }"},
		{"type switch of basic and package types kept", Options{IsInterface: func(p, n string) bool { return n == "Stringer" }}, "switch x := a.(type) { case int, []string, *os.File, time.Duration: fmt.Println(x) }", "switch x := a.(type) { case int, []string, *os.File, time.Duration: fmt.Println(x) }"},
		{"type switch of a package's interface", Options{IsInterface: func(p, n string) bool { return n == "Stringer" }}, "switch a.(type) { case fmt.Stringer: f() }", "switch __gocellS1 := a; { case __gocellS1 != nil && func() bool { _, ok := __gocellS1.(fmt.Stringer); return ok }(): f() }"},
		{"type switch with an init goes in a block", Options{}, "switch y := g(); y.(type) { case error: f() }", "{ y := g(); switch __gocellS1 := y; { case __gocellS1 != nil && func() bool { _, ok := __gocellS1.(error); return ok }(): f() } }"},
		{"user's own error type kept", Options{Declared: intNames("error")}, "func f(a any) bool { _, ok := a.(error); return ok }", "func f(a any) bool { _, ok := a.(error); return ok }"},
		{"comma-ok var form", Options{}, `var v, ok = m[k]`, `v, ok := m[k], false; v, ok = m[k]`},
		{"comma-ok receive, type from earlier cell", Options{TypeOf: func(n string) string { return map[string]string{"ch": "<-chan []int"}[n] }},
			`v, ok := <-ch`, `v, ok := *new([]int), false; v, ok = <-ch`},
		{"comma-ok receive, unknown type", Options{}, `v, ok := <-ch`, ``},
		{"comma-ok plain assign kept", Options{}, `v, ok = m[k]`, `v, ok = m[k]`},
		{"comma-ok inside func kept", Options{}, `func f() { v, ok := m[k]; _, _ = v, ok }`, `func f() { v, ok := m[k]; _, _ = v, ok }`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == "" {
				if _, err := Parse(tt.in, tt.opt); err == nil {
					t.Fatalf("Parse(%q) succeeded, want an error", tt.in)
				}
				return
			}
			it := one(t, tt.in, tt.opt)
			if it.Source != tt.want {
				t.Errorf("Source\n got %s\nwant %s", it.Source, tt.want)
			}
		})
	}
}

func TestRewriteKeepsLines(t *testing.T) {
	src := "x := 1\n" +
		"L:\n" +
		"for i := range len(\n" +
		"\txs) {\n" +
		"\tgo work(i,\n" +
		"\t\tmin(a,\n" +
		"\t\t\tb))\n" +
		"\tmarkA()\n" +
		"}\n" +
		"markB()\n"
	c, err := Parse(src, Options{LoopCheck: "chk()", GoRecover: "R"})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range c.Items {
		lines := strings.Split(it.Source, "\n")
		for _, mark := range []string{"markA", "markB", "xs)"} {
			for k, l := range lines {
				if strings.Contains(l, mark) {
					got := it.Line + k
					want := 1 + strings.Count(src[:strings.Index(src, mark)], "\n")
					if got != want {
						t.Errorf("%s: on line %d of the rewritten cell, want %d\n%s", mark, got, want, it.Source)
					}
				}
			}
		}
	}
	if n := len(c.Items); n != 3 {
		t.Fatalf("%d items, want 3", n)
	}
	if got := strings.Count(c.Items[1].Source, "\n"); got != 7 {
		t.Errorf("loop item has %d newlines, want 7:\n%s", got, c.Items[1].Source)
	}
}

// A chain of integer declarations is judged once per name; without that,
// each `x_k := x_k-1 + x_k-1` doubles the work and this test never ends.
func TestRangeIntLongChain(t *testing.T) {
	var b strings.Builder
	b.WriteString("func f() {\n\tx0 := 1\n")
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, "\tx%d := x%d + x%d\n", i, i-1, i-1)
	}
	b.WriteString("\tfor range x60 {}\n}")
	it := one(t, b.String(), Options{})
	if !strings.Contains(it.Source, "__gocellN1 := x60") {
		t.Errorf("range over an integer chain not rewritten:\n%s", it.Source)
	}
}

// At the top level the hoisted arguments are an item of their own, so the
// statement keeps its kind (here the cell's final expression).
func TestHoistAtTopLevel(t *testing.T) {
	c, err := Parse("x := 1\nf(NewA(x))", Options{Results: func(string) int { return 1 }})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range c.Items {
		got = append(got, fmt.Sprintf("%v@%d:%d %s", it.Kind, it.Line, it.Col, it.Source))
	}
	want := []string{"Stmt@1:1 x := 1", "Stmt@2:1 __gocellH1 := NewA(x);", "Expr@2:1 f(__gocellH1)"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
