package evaluator

import (
	"regexp"
	"testing"
)

// goStyle holds sessions an experienced Go programmer tries first; each
// expectation is what `go run` prints for the same program.
var goStyle = []struct {
	name  string
	steps []step
}{
	{"a pointer is not taken for a pointer to a cell's type with String", []step{
		{code: "type Weekday int\nfunc (d Weekday) String() string { return [...]string{\"Sun\", \"Mon\", \"Tue\"}[d] }\ntype P struct{ A int }\nfunc (p P) String() string { return \"P!\" }"},
		{code: "var np *int\nnp", result: "nil"},
		{code: "&P{1}", result: "P!"},
		{code: "var pn *P\npn", result: "nil"},
		{code: "x := 2\n*&x", result: "2"},
	}},
}

func TestGoStyle(t *testing.T) {
	for _, tc := range goStyle {
		t.Run(tc.name, func(t *testing.T) {
			s := newSession(t)
			for i, st := range tc.steps {
				check(t, i, st, runIn(t, s, st.code, &lines{in: st.stdin}))
			}
		})
	}
}

// Values whose text holds an address are matched by a pattern.
func TestGoStyleAddresses(t *testing.T) {
	s := newSession(t)
	run(t, s, "type Weekday int\nfunc (d Weekday) String() string { return [...]string{\"Sun\", \"Mon\", \"Tue\"}[d] }")
	for _, c := range []struct{ code, want string }{
		{"x := 1\n&x", `^\(\*int\)\(0x[0-9a-f]+\)$`},
		{"y := 7\n&y", `^\(\*int\)\(0x[0-9a-f]+\)$`},
		{"f := 1.5\n&f", `^\(\*float64\)\(0x[0-9a-f]+\)$`},
	} {
		o := run(t, s, c.code)
		if o.ename != "" || !regexp.MustCompile(c.want).MatchString(o.result) {
			t.Errorf("%q: result %q, error %s: %s; want %s", c.code, o.result, o.ename, o.evalue, c.want)
		}
	}
}
