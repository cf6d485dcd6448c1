package evaluator

import "testing"

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
