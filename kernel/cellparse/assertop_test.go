package cellparse

import "testing"

// An assertion to error or a package's interface passes its operand
// through Options.Asserted, told the interface; other assertions and
// cells without the option are left as they were.
func TestAssertedOperand(t *testing.T) {
	str := func(p, n string) bool { return n == "Stringer" }
	as := Options{Asserted: "A", IsInterface: str}
	tests := []struct {
		name string
		opt  Options
		src  string
		want string
	}{
		{"one-value assertion", as, "f(z.(fmt.Stringer).String())", "f(A(z, (*fmt.Stringer)(nil)).(fmt.Stringer).String())"},
		{"to error", as, "g(v.(error))", "g(A(v, (*error)(nil)).(error))"},
		{"comma-ok at the top level goes into the nil guard", as, "s, ok := z.(fmt.Stringer)",
			"s, ok := *new(fmt.Stringer), false; if __gocellA1 := A(z, (*fmt.Stringer)(nil)); __gocellA1 != nil { s, ok = __gocellA1.(fmt.Stringer) }"},
		{"comma-ok in an if header", as, "func f(v any) { if e, ok := v.(error); ok { g(e) } }",
			"func f(v any) { { e, ok := *new(error), false; if __gocellA1 := A(v, (*error)(nil)); __gocellA1 != nil { e, ok = __gocellA1.(error) }; if ok { g(e) } } }"},
		{"comma-ok of a call, without a guard", as, "func f() { s, ok := get().(fmt.Stringer); g(s, ok) }",
			"func f() { s, ok := A(get(), (*fmt.Stringer)(nil)).(fmt.Stringer); g(s, ok) }"},
		{"a type switch's interface cases", as, "func k(a any) { switch x := a.(type) { case fmt.Stringer: g(x); case int: g(x) } }",
			"func k(a any) { switch __gocellS1 := a; { case __gocellS1 != nil && func() bool { _, ok := A(__gocellS1, (*fmt.Stringer)(nil)).(fmt.Stringer); return ok }(): x, __gocellS1ok := A(__gocellS1, (*fmt.Stringer)(nil)).(fmt.Stringer); _ = x; _ = __gocellS1ok; g(x); case __gocellS1 != nil && func() bool { _, ok := __gocellS1.(int); return ok }(): x, __gocellS1ok := __gocellS1.(int); _ = x; _ = __gocellS1ok; g(x) } }"},
		{"a type switch with an init statement", Options{IsInterface: str}, "func k(f func() any) { switch v := f(); x := v.(type) { case error: g(x) } }",
			"func k(f func() any) { { v := f(); switch __gocellS1 := v; { case __gocellS1 != nil && func() bool { _, ok := __gocellS1.(error); return ok }(): x, __gocellS1ok := __gocellS1.(error); _ = x; _ = __gocellS1ok; g(x) } } }"},
		{"a labelled type switch with an init statement is left", Options{IsInterface: str}, "func k(v any) { L: switch w := v; w.(type) { case error: break L } }", "func k(v any) { L: switch w := v; w.(type) { case error: break L } }"},
		{"a type that may be the cell's gets nil, a package's concrete type nothing", as, "func f(v any) { t := v.(T); p := v.(*os.File); q := v.(*T); n := v.(int); g(t, p, q, n) }", "func f(v any) { t := A(v, (*T)(nil)).(T); p := v.(*os.File); q := A(v, nil).(*T); n := v.(int); g(t, p, q, n) }"},
		{"a package's concrete type is left", as, "d := v.(time.Duration)", "d := v.(time.Duration)"},
		{"a user's type named error is the user's", Options{Asserted: "A", Declared: intNames("error")}, "x := v.(error)", "x := A(v, (*error)(nil)).(error)"},
		{"a type parameter gets nil", as, "func Get[T any](v any) T { return v.(T) }", "func Get[T any](v any) T { return A(v, nil).(T) }"},
		{"a generic receiver's type parameter gets nil", as, "func (s *Stack[E]) Put(v any) { s.items = append(s.items, v.(E)) }", "func (s *Stack[E]) Put(v any) { s.items = append(s.items, A(v, nil).(E)) }"},
		{"no option, no call", Options{IsInterface: str}, "f(z.(fmt.Stringer))", "f(z.(fmt.Stringer))"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := one(t, tc.src, tc.opt).Source; got != tc.want {
				t.Errorf("Parse(%q)\n got %s\nwant %s", tc.src, got, tc.want)
			}
		})
	}
}

// An assertion to an interface type of the cell's, declared in the cell
// or an earlier one, keeps its operand; one to the cell's struct type in
// the same cell does not.
func TestAssertedCellInterface(t *testing.T) {
	opt := Options{Asserted: "A", CellInterface: intNames("Named")}
	c, err := Parse("type Shape interface{ Area() float64 }\ntype Sq struct{}\nfunc f(a, b, c any) { n := a.(Named); s := b.(Shape); q := c.(Sq); g(n, s, q) }", opt)
	if err != nil {
		t.Fatal(err)
	}
	want := "func f(a, b, c any) { n := a.(Named); s := b.(Shape); q := A(c, (*Sq)(nil)).(Sq); g(n, s, q) }"
	if got := c.Items[len(c.Items)-1].Source; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}
