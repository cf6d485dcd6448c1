package cellparse

import (
	"strings"
	"testing"
)

// TestFormRewrites pins the rewrites for values of cells' types converted
// to interfaces (hoisting, copies, loop-body func literals, lifted
// headers); items are joined by " | ".
func TestFormRewrites(t *testing.T) {
	one := func(string) int { return 1 }
	vars := Options{Results: one, IsVar: func(n string) bool { return n == "a" || n == "l" }}
	iface := Options{IsInterface: func(p, n string) bool { return p == "fmt" && n == "Stringer" || p == "dnn" && n == "Layer" }}
	params := Options{ParamInterface: func(recv, fun string, i int) (string, bool) {
		switch {
		case recv+"|"+fun == "$seq|Add":
			return "dnn.Layer", true
		case recv+"|"+fun == "*dnn.Sequential|Add" || recv+"|"+fun == "dnn.NewSequential()|Add" || fun == "dnn.WithParams" && i == 0:
			return "dnn.Layer", false
		case recv+"|"+fun == "$p|Add":
			return "plot.Plotter", false // not imported, and the cell does not name plot
		case recv+"|"+fun == "$q|Add":
			return "plot.Plotter", true
		}
		return "", false
	}, Declared: func(n string) bool { return n == "seq" || n == "p" || n == "q" }, IsVar: func(n string) bool { return n == "seq" }}
	tests := []struct {
		name string
		opt  Options
		in   string
		want string
	}{
		{"package function's interface parameter", params, "d := dnn.WithParams(l, ps)", "d := dnn.WithParams(func() dnn.Layer { var __gocellC1 dnn.Layer = l; return __gocellC1 }(), ps)"},
		{"method of an earlier cell's variable", params, "seq.Add(l)\nseq.Add(os.Stdout)\nseq.Add(nil)\nseq.Add(x[0])", "seq.Add(func() dnn.Layer { var __gocellC1 dnn.Layer = l; return __gocellC1 }()) | seq.Add(os.Stdout) | seq.Add(nil) | seq.Add(func() dnn.Layer { var __gocellC2 dnn.Layer = x[0]; return __gocellC2 }())"},
		{"method of a value a package's function made", params, "func g(ls []L) { s := dnn.NewSequential(nil); for _, l := range ls { s.Add(l) } }", "func g(ls []L) { s := dnn.NewSequential(nil); for _, l := range ls { func() { { __gocellH2 := l; s.Add(func() dnn.Layer { var __gocellC1 dnn.Layer = __gocellH2; return __gocellC1 }()) } ; }() } }"},
		{"method of a literal of a package's type", params, "s := &dnn.Sequential{}\ns.Add(l)", "s := &dnn.Sequential{} | s.Add(func() dnn.Layer { var __gocellC1 dnn.Layer = l; return __gocellC1 }())"},
		{"compiled parameters of concrete types need no frame", Options{TakesInterface: func(recv, fun string, i int) bool { return fun == "Add" }},
			"func f(d []float64, s *dnn.Sequential) { for i, v := range d { d[i] = math.Tanh(v); s.Scale(v) } }", "func f(d []float64, s *dnn.Sequential) { for i, v := range d { d[i] = math.Tanh(v); s.Scale(v) } }"},
		{"compiled interface parameters get one", Options{TakesInterface: func(recv, fun string, i int) bool { return fun == "Add" }},
			"func f(d []L, s *dnn.Sequential) { for _, v := range d { s.Add(v) } }", "func f(d []L, s *dnn.Sequential) { for _, v := range d { func() { { __gocellH1 := v; s.Add(__gocellH1) } ; }() } }"},
		{"an interface of a package the cell does not import stays", params, "p.Add(l)\nq.Add(l)", "p.Add(l) | q.Add(func() plot.Plotter { var __gocellC1 plot.Plotter = l; return __gocellC1 }())"},
		{"compiled values stay", params, "func f(seq *dnn.Sequential, r *dnn.ReLU) { seq.Add(r); a, _ := dnn.Load(p); seq.Add(a); b := dnn.NewReLU(); seq.Add(b) }", "func f(seq *dnn.Sequential, r *dnn.ReLU) { seq.Add(r); a, _ := dnn.Load(p); seq.Add(a); b := dnn.NewReLU(); seq.Add(b) }"},
		{"method value in a loop gets a frame, a field read does not", Options{Method: func(n string) (bool, bool) { return n == "String", false }},
			"func f(as []A) { for _, a := range as { fs = append(fs, a.String) }; for _, a := range as { xs = append(xs, a.X) } }", "func f(as []A) { for _, a := range as { func() { { __gocellH1 := a; fs = append(fs, __gocellH1.String) } ; }() }; for _, a := range as { xs = append(xs, a.X) } }"},
		{"method value of a pointer method binds the variable", vars, "type C struct{ n int }\nfunc (c *C) Inc() { c.n++ }\nc := C{}\ninc := c.Inc\nd := c.n", "type C struct{ n int } | func (c *C) Inc() { c.n++ } | c := C{} | inc := c.Inc | __gocellH1 := c; | d := __gocellH1.n"},
		{"reassignable variable sent on a channel", vars, "ch <- a", "__gocellH1 := a; | ch <- __gocellH1"},
		{"composite literal passed to a plain func", Options{}, "f(T{2})\nfunc g() string { return f(&T{3}) + fmt.Sprint(T{4}) }", "__gocellH1 := T{2}; | f(__gocellH1) | func g() string { { __gocellH2 := &T{3}; return f(__gocellH2) + fmt.Sprint(T{4}) } }"},
		{"literal of a basic type stays", Options{}, "f([]int{1}, struct{}{})", "f([]int{1}, struct{}{})"},
		{"method of an unknown receiver", params, "mk().Add(l)\nn.s.Add(l)", "mk().Add(l) | n.s.Add(l)"},
		{"calls before a second call argument move too", vars, "n := f(NewA(2)) + f(NewA(3))", "__gocellH1 := NewA(2); __gocellH2 := f(__gocellH1); __gocellH3 := NewA(3); | n := __gocellH2 + f(__gocellH3)"},
		{"in a func, all calls of a sum move in order", vars, "func g() int { return f(NewA(2)) * f(NewA(3)) }", "func g() int { { __gocellH1 := NewA(2); __gocellH2 := f(__gocellH1); __gocellH3 := NewA(3); return __gocellH2 * f(__gocellH3) } }"},
		{"nothing moves out of the right of &&", vars, "func g() bool { return ok && f(NewA(3)) > 0 }", "func g() bool { return ok && f(NewA(3)) > 0 }"},
		{"nothing moves past a call right of ||", vars, "func g() bool { return h() || f(NewA(3)) > 0 }", "func g() bool { return h() || f(NewA(3)) > 0 }"},
		{"a receive between arguments moves in order", vars, "func g() int { return f(NewA(2), <-ch, NewA(3)) }", "func g() int { { __gocellH1 := NewA(2); __gocellH2 := <-ch; __gocellH3 := NewA(3); return f(__gocellH1, __gocellH2, __gocellH3) } }"},
		{"typed var of a reassignable variable", vars, "var i I = a", "__gocellH1 := a; | var i I = __gocellH1"},
		{"assignment of a reassignable variable", vars, "i = a", "__gocellH1 := a; | i = __gocellH1"},
		{"reassignable variable passed to a call", vars, "net.Add(l)", "__gocellH1 := l; | net.Add(__gocellH1)"},
		{"fmt takes values at once", vars, "fmt.Println(a, l)", "fmt.Println(a, l)"},
		{"reassignable variable in a composite literal", vars, "x := []I{a, 1}", "__gocellH1 := a; | x := []I{__gocellH1, 1}"},
		{"method value copies its receiver", vars, "m := a.String", "__gocellH1 := a; | m := __gocellH1.String"},
		{"local reassigned later is copied", vars, "func g() { b := NewA(1); var i I = b; b = NewA(2); use(i) }", "func g() { b := NewA(1); __gocellH1 := b; var i I = __gocellH1; b = NewA(2); use(i) }"},
		{"local never reassigned is not copied", vars, "func g() { b := NewA(1); var i I = b; use(i) }", "func g() { b := NewA(1); var i I = b; use(i) }"},
		{"loop body with a := runs in a func literal", vars, "func g(n *N) { for _, k := range ks { l := mk(k); n.Add(l) } }", "func g(n *N) { for _, k := range ks { func() { __gocellH1 := k; l := mk(__gocellH1); { __gocellH2 := l; n.Add(__gocellH2) } ; }() } }"},
		{"break and continue become returns", vars, "func g(n *N) { for _, k := range ks { if k < 0 { continue }; l := mk(k); n.Add(l); if k > 9 { break } } }", "func g(n *N) { for _, k := range ks { if func() bool { if k < 0 { return false }; __gocellH1 := k; l := mk(__gocellH1); { __gocellH2 := l; n.Add(__gocellH2) }; if k > 9 { return true } ; return false }() { break } } }"},
		{"labelled break from an inner loop", vars, "func g(n *N) { L: for _, k := range ks { for { break L }; l := mk(k); n.Add(l) } }", "func g(n *N) { L: for _, k := range ks { if func() bool { for { return true }; __gocellH1 := k; l := mk(__gocellH1); { __gocellH2 := l; n.Add(__gocellH2) } ; return false }() { break } } }"},
		{"labelled continue in a switch", vars, "func g(n *N) { L: for _, k := range ks { l := mk(k); n.Add(l); switch { case k > 1: break; default: continue L } } }", "func g(n *N) { L: for _, k := range ks { func() { __gocellH1 := k; l := mk(__gocellH1); { __gocellH2 := l; n.Add(__gocellH2) }; switch { case k > 1: break; default: return } ; }() } }"},
		{"body that returns says what to do after it", vars, "func g(n *N) error { for _, k := range ks { l := mk(k); n.Add(l); if k < 0 { return nil } }; return nil }", "func g(n *N) error { for _, k := range ks { if __gocellK3, __gocellR4 := func() (int, error) { __gocellH1 := k; l := mk(__gocellH1); { __gocellH2 := l; n.Add(__gocellH2) }; if k < 0 { return 2, nil } ; return 0, *new(error) }(); __gocellK3 != 0 { if __gocellK3 == 1 { break }; return __gocellR4 } }; return nil }"},
		{"bare return of named results", vars, "func g(n *N) (c int, err error) { for _, k := range ks { l := mk(k); n.Add(l); if k < 0 { break }; if k > 9 { return } }; return }", "func g(n *N) (c int, err error) { for _, k := range ks { if __gocellK3, __gocellR4, __gocellR5 := func() (int, int, error) { __gocellH1 := k; l := mk(__gocellH1); { __gocellH2 := l; n.Add(__gocellH2) }; if k < 0 { return 1, *new(int), *new(error) }; if k > 9 { return 2, c, err } ; return 0, *new(int), *new(error) }(); __gocellK3 != 0 { if __gocellK3 == 1 { break }; return __gocellR4, __gocellR5 } }; return }"},
		{"body that defers keeps statement wraps", vars, "func g(n *N) { for _, k := range ks { l := mk(k); n.Add(l); defer done() } }", "func g(n *N) { for _, k := range ks { l := mk(k); func() { __gocellH1 := l; n.Add(__gocellH1) }(); defer done() } }"},
		{"return from an inner loop", vars, "func g(n *N) { for _, k := range ks { l := mk(k); n.Add(l); for { return } } }", "func g(n *N) { for _, k := range ks { if __gocellK3 := func() (int) { __gocellH1 := k; l := mk(__gocellH1); { __gocellH2 := l; n.Add(__gocellH2) }; for { return 2 } ; return 0 }(); __gocellK3 != 0 { if __gocellK3 == 1 { break }; return  } } }"},
		{"continue of an outer loop from a wrapped body", vars, "func g(n *N) { L: for _, j := range js { for _, k := range ks { if k < j { continue L }; l := mk(k); n.Add(l) } } }", "func g(n *N) { L: for _, j := range js { for _, k := range ks { if __gocellK3 := func() (int) { if k < j { return 3 }; __gocellH1 := k; l := mk(__gocellH1); { __gocellH2 := l; n.Add(__gocellH2) } ; return 0 }(); __gocellK3 != 0 { if __gocellK3 == 1 { break }; if __gocellK3 == 3 { continue L } } } } }"},
		{"nested wrapped bodies pass exits out", vars, "func g(n *N) error { L: for _, j := range js { for _, k := range ks { if k < j { continue L }; if k > 9 { return nil }; l := mk(k); n.Add(l) }; m := mk(j); n.Add(m) }; return nil }", "func g(n *N) error { L: for _, j := range js { if __gocellK7, __gocellR8 := func() (int, error) { for _, k := range ks { if __gocellK3, __gocellR4 := func() (int, error) { if k < j { return 3, *new(error) }; if k > 9 { return 2, nil }; __gocellH1 := k; l := mk(__gocellH1); { __gocellH2 := l; n.Add(__gocellH2) } ; return 0, *new(error) }(); __gocellK3 != 0 { if __gocellK3 == 1 { break }; if __gocellK3 == 3 { return 0, *new(error) }; return 2, __gocellR4 } }; __gocellH5 := j; m := mk(__gocellH5); { __gocellH6 := m; n.Add(__gocellH6) } ; return 0, *new(error) }(); __gocellK7 != 0 { if __gocellK7 == 1 { break }; return __gocellR8 } }; return nil }"},
		{"return spreading a call's results", vars, "func g(n *N) (int, error) { for _, k := range ks { l := mk(k); n.Add(l); if k > 9 { return h(k) } }; return 0, nil }", "func g(n *N) (int, error) { for _, k := range ks { if __gocellK4, __gocellR5, __gocellR6 := func() (int, int, error) { __gocellH1 := k; l := mk(__gocellH1); { __gocellH2 := l; n.Add(__gocellH2) }; if k > 9 { { __gocellH3 := k; { __gocellS7, __gocellS8 := h(__gocellH3); return 2, __gocellS7, __gocellS8 } } } ; return 0, *new(int), *new(error) }(); __gocellK4 != 0 { if __gocellK4 == 1 { break }; return __gocellR5, __gocellR6 } }; return 0, nil }"},
		{"call result assigned in a loop", vars, "func g(n *N) { for _, k := range ks { var s fmt.Stringer; s = mk(k); n.Add(s) } }", "func g(n *N) { for _, k := range ks { func() { var s fmt.Stringer; { __gocellH1 := k; s = mk(__gocellH1) }; { __gocellH2 := s; n.Add(__gocellH2) } ; }() } }"},
		{"if init lifts into a block", vars, "if v := f(g()); v > 0 {\n\tuse(v)\n}", "{ __gocellH1 := g(); v := f(__gocellH1); if v > 0 {\n\t{ __gocellH2 := v; use(__gocellH2) }\n} }"},
		{"else-if init lifts into the else", vars, "func h() { if x > 1 {} else if v := f(g()); v > 0 { use(v) } }", "func h() { if x > 1 {} else { __gocellH1 := g(); v := f(__gocellH1); if v > 0 { use(v) } } }"},
		{"labelled switch keeps its label", vars, "func h() { L: switch y := f(g()); y { case 1: break L } }", "func h() { { __gocellH1 := g(); y := f(__gocellH1); L: switch y { case 1: break L } } }"},
		{"init reading the name it declares stays", vars, "func h(v int) { if v := f(v); v > 0 { use(v) } }", "func h(v int) { if v := f(v); v > 0 { use(v) } }"},
		{"type switch assign stays", vars, "func h() { switch t := f(g()).(type) { default: use(t) } }", "func h() { switch t := f(g()).(type) { default: use(t) } }"},
		{"conversion to a compiled interface", iface, "s := fmt.Stringer(NewA(1))", "s := func() fmt.Stringer { var __gocellC1 fmt.Stringer = NewA(1); return __gocellC1 }()"},
		{"for init arguments go before the labelled loop", vars, "func h() { L: for x := f(NewA(1)); x < 3; x++ { continue L } }", "func h() { { __gocellH1 := NewA(1); L: for x := f(__gocellH1); x < 3; x++ { continue L } } }"},
		{"inner for init inside a wrapped body", vars, "func h() { for x := f(NewA(1)); x < 3; x++ { for y := g(NewA(2)); ; { n.Add(y) } } }", "func h() { { __gocellH1 := NewA(1); for x := f(__gocellH1); x < 3; x++ { func() { { __gocellH2 := NewA(2); for y := g(__gocellH2); ; { n.Add(y) } } ; }() } } }"},
		{"for variable assigned by the post statement", vars, "for l := f(NewA(1)); l != nil; l = l.next { n.Add(l) }", "{ __gocellH1 := NewA(1); for l := f(__gocellH1); l != nil; l = l.next { func() { { __gocellH2 := l; n.Add(__gocellH2) } ; }() } }"},
		{"conversion in an append", iface, "func h(x A) { ls = append(ls, dnn.Layer(x)) }", "func h(x A) { ls = append(ls, func() dnn.Layer { var __gocellC1 dnn.Layer = x; return __gocellC1 }()) }"},
		{"return outside functions ends the cell", Options{EndCell: "E"}, "if x > 1 {\n\treturn\n}\nreturn\nfunc g() int { if x > 2 { return 1 }; return 0 }\nh := func() { return }",
			"if x > 1 {\n\tE(); return\n} | E(); return | func g() int { if x > 2 { return 1 }; return 0 } | h := func() { return }"},
		{"package call keeps a call argument", iface, "s := fmt.Sprint(NewA(1))", "s := fmt.Sprint(NewA(1))"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.in, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range c.Items {
				got = append(got, it.Source)
			}
			if g := strings.Join(got, " | "); g != tt.want {
				t.Errorf("\n got %s\nwant %s", g, tt.want)
			}
		})
	}
}

// formsPrelude declares a cell type with a String method, a constructor
// that says when it runs and a func taking the compiled fmt.Stringer.
const formsPrelude = "type A struct{ v int }\n" +
	"func (a A) String() string { return fmt.Sprint(a.v) }\n" +
	"func NewA(v int) A { fmt.Print(\"new\", v, \" \"); return A{v} }\n" +
	"func f(s fmt.Stringer) int { fmt.Print(\"f\", s, \" \"); return 1 }\n"

// TestFormsRunInYaegi runs rewritten cells in plain yaegi: each gives what
// Go gives, where the unrewritten cell panics or shows a later value (see
// kernel/evaluator's yaegi tests for those).
func TestFormsRunInYaegi(t *testing.T) {
	if testing.Short() {
		t.Skip("interpreter runs in -short mode are skipped")
	}
	tests := []struct {
		name, cell, want string
	}{
		{"two calls passing call results", "n := f(NewA(2)) + f(NewA(3))\nfmt.Print(n)", "new2 f2 new3 f3 2"},
		{"three calls in a func keep their order", "func g() int { return f(NewA(1)) * 10 + f(NewA(2)) + f(NewA(3)) }\nfmt.Print(g())", "new1 f1 new2 f2 new3 f3 12"},
		{"interface var keeps its value", "a := A{1}\nvar s fmt.Stringer = a\na = A{2}\nfmt.Print(s, a)", "1 2"},
		{"assigned interface keeps its value", "a := A{1}\nvar s fmt.Stringer\ns = a\na = A{2}\nfmt.Print(s)", "1"},
		{"interface slice keeps its values", "a := A{1}\nss := []fmt.Stringer{a}\na = A{2}\nss = append(ss, a)\na = A{3}\nfmt.Print(ss)", "[1 2]"},
		{"in a func", "func g() string { a := A{1}; var s fmt.Stringer = a; a = A{2}; return s.String() + a.String() }\nfmt.Print(g())", "12"},
		{"method value binds its receiver", "a := A{1}\nm := a.String\na = A{2}\nfmt.Print(m())", "1"},
		{":= in a loop with break and continue", "var ss []fmt.Stringer\nfor i := 0; i < 9; i++ {\n\tif i == 1 {\n\t\tcontinue\n\t}\n\tif i == 4 {\n\t\tbreak\n\t}\n\ta := A{i}\n\tl := []fmt.Stringer{a}\n\tss = append(ss, l...)\n}\nfmt.Print(ss)", "[0 2 3]"},
		{"labelled branches in a wrapped loop", "var ss []fmt.Stringer\nL:\nfor _, k := range []int{1, 2, 3, 4} {\n\tfor j := 0; ; j++ {\n\t\tif k == 2 {\n\t\t\tcontinue L\n\t\t}\n\t\tif k == 4 {\n\t\t\tbreak L\n\t\t}\n\t\tbreak\n\t}\n\ta := A{k}\n\tl := []fmt.Stringer{a}\n\tss = append(ss, l...)\n}\nfmt.Print(ss)", "[1 3]"},
		{"if init with a call result", "if n := f(NewA(5)); n > 0 {\n\tfmt.Print(\"yes\")\n}", "new5 f5 yes"},
		{"else-if init runs only when reached", "x := 1\nif x > 0 {\n\tfmt.Print(\"first \")\n} else if n := f(NewA(6)); n > 0 {\n\tfmt.Print(\"no\")\n}\nif x < 0 {\n} else if n := f(NewA(7)); n > 0 {\n\tfmt.Print(\"second\")\n}", "first new7 f7 second"},
		{"switch init with a call result", "L:\nswitch n := f(NewA(8)); n {\ncase 1:\n\tfmt.Print(\"one\")\n\tbreak L\n}", "new8 f8 one"},
		{"returns from a wrapped loop body", "func first(ks []int) (s fmt.Stringer, n int) {\n\tfor _, k := range ks {\n\t\tif k == 0 {\n\t\t\tcontinue\n\t\t}\n\t\ta := A{k}\n\t\tl := []fmt.Stringer{a}\n\t\tn++\n\t\tif k > 5 {\n\t\t\treturn l[0], n\n\t\t}\n\t\tif k < 0 {\n\t\t\ts = l[0]\n\t\t\treturn\n\t\t}\n\t}\n\treturn nil, -1\n}\nfmt.Print(first([]int{0, 1, 7, 8}))\nfmt.Print(first([]int{2, -3, 9}))\nfmt.Print(first([]int{1}))", "7 2-3 2<nil> -1"},
		{"exits of nested wrapped bodies", "func pick(js, ks []int) (out []fmt.Stringer, err error) {\nL:\n\tfor _, j := range js {\n\t\tfor _, k := range ks {\n\t\t\tif k < j {\n\t\t\t\tcontinue L\n\t\t\t}\n\t\t\tif k > 8 {\n\t\t\t\treturn out, fmt.Errorf(\"big %d\", k)\n\t\t\t}\n\t\t\tif k == 7 {\n\t\t\t\tbreak L\n\t\t\t}\n\t\t\ta := A{10*j + k}\n\t\t\tl := []fmt.Stringer{a}\n\t\t\tout = append(out, l...)\n\t\t}\n\t\tb := A{j}\n\t\tm := []fmt.Stringer{b}\n\t\tout = append(out, m...)\n\t}\n\treturn out, nil\n}\nfmt.Println(pick([]int{1, 3, 2}, []int{1, 2, 3}))\nfmt.Println(pick([]int{1}, []int{1, 9, 2}))\nfmt.Println(pick([]int{2, 1}, []int{2, 7, 5}))\nfmt.Println(pick([]int{1, 2}, []int{2, 3}))", "[11 12 13 1] <nil>\n[11] big 9\n[22] <nil>\n[12 13 1 22 23 2] <nil>\n"},
		{"return spreading a call from a wrapped body", "func two(k int) (fmt.Stringer, int) { return A{k}, k * 2 }\nfunc find(ks []int) (fmt.Stringer, int) {\n\tfor _, k := range ks {\n\t\ta := A{k}\n\t\tl := []fmt.Stringer{a}\n\t\tif k > 2 {\n\t\t\treturn two(k)\n\t\t}\n\t\t_ = l\n\t}\n\treturn nil, 0\n}\nfmt.Print(find([]int{1, 5, 6}))", "5 10"},
		{"goto inside a wrapped body", "var ss []fmt.Stringer\nfor _, k := range []int{1, 2, 3} {\n\tif k == 2 {\n\t\tgoto skip\n\t}\n\tss = append(ss, []fmt.Stringer{A{k}}...)\nskip:\n\ta := A{k * 10}\n\tl := []fmt.Stringer{a}\n\tss = append(ss, l...)\n}\nfmt.Print(ss)", "[1 10 20 3 30]"},
		{"break of a switch outside the loop", "var ss []fmt.Stringer\nS:\nswitch {\ndefault:\n\tfor _, k := range []int{1, 2, 3} {\n\t\tif k == 3 {\n\t\t\tbreak S\n\t\t}\n\t\ta := A{k}\n\t\tl := []fmt.Stringer{a}\n\t\tss = append(ss, l...)\n\t}\n\tfmt.Print(\"not here \")\n}\nfmt.Print(ss)", "[1 2]"},
		{"for init with a call result", "for n := f(NewA(9)); n < 3; n++ {\n\tfmt.Print(n)\n}", "new9 f9 12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := run(t, formsPrelude+tt.cell); got != tt.want {
				t.Errorf("output %q, want %q", got, tt.want)
			}
		})
	}
}
