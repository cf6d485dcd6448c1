package evaluator

import (
	"strings"
	"testing"
)

// TestCellTypesNamedLikeTypeParams checks that a cell may declare types
// named as type parameters usually are (the prelude's generics once used T,
// E and V, and yaegi let those shadow the cell's types), and that the
// helpers behind min, max and loop appends still work after.
func TestCellTypesNamedLikeTypeParams(t *testing.T) {
	s := newSession(t)
	steps := []struct{ code, result string }{
		{"type T int", ""},
		{"var t T = 5", ""},
		{"t", "5"},
		{"type E struct{ A int }\ne := E{1}\ne", "E{A:1}"},
		{"type V float64\nv := V(2.5)\nv", "2.5"},
		{"min(3, 1, 2) + max(2, 4)", "5"},
		{"es := []interface{}{}\nfor i := 0; i < 2; i++ {\n\tes = append(es, E{i})\n}\nes", "[E{A:0} E{A:1}]"},
	}
	for _, st := range steps {
		o := run(t, s, st.code)
		if o.ename != "" {
			t.Fatalf("%q: %s: %s", st.code, o.ename, o.evalue)
		}
		if o.result != st.result {
			t.Errorf("%q: Out = %q, want %q", st.code, o.result, st.result)
		}
	}
}

// TestTypeNamedLikeUserTypeParam checks that yaegi's failure with a type
// named as a type parameter of a generic func of the user's says what to
// do.
func TestTypeNamedLikeUserTypeParam(t *testing.T) {
	s := newSession(t)
	run(t, s, "func Id[T any](x T) T { return x }")
	o := run(t, s, "type T int\nvar t T = 5")
	if o.ename == "" || !strings.Contains(o.evalue, "rename the type or the parameter") {
		t.Fatalf("ename %q, evalue %q: want the hint to rename", o.ename, o.evalue)
	}
	if o := run(t, s, "Id(3)"); o.result != "3" {
		t.Errorf("after the error, Id(3) = %q %s %s", o.result, o.ename, o.evalue)
	}
}
