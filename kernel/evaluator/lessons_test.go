package evaluator

import (
	"testing"

	"github.com/gocell/gocell/kernel/symbols"
)

// lessonBugs are wrong results lesson writers met, each running in a fresh
// session with the preloaded packages (dnn among them).
var lessonBugs = []struct {
	name  string
	steps []step
}{
	{"parallel assignment beside a call", []step{
		{code: "func sq(v float64) float64 { return v * v }\nfunc t() [2]float64 { var a, b float64; x := 3.0; a, b = x, sq(x); return [2]float64{a, b} }\nt()", result: "[3 9]"},
		{code: "func u() [2]float64 { var a, b float64; x := 3.0; a, b = sq(x), x; return [2]float64{a, b} }\nu()", result: "[9 3]"},
		{code: "type P struct{ X, Y float64 }\np := make([]P, 2)\ni, x := 1, 2.0\np[i].X, p[i].Y = x, sq(x)\np[1]", result: "P{X:2, Y:4}"},
		{code: "var a, b float64\na, b = 1, sq(3)\nfmt.Print(a, b)", stdout: "1 9"},
		{code: "var s string\nvar n int\ns, n = \"k\", len(p)\nfmt.Print(s, n)", stdout: "k2"},
	}},
}

func TestLessonBugs(t *testing.T) {
	for _, tc := range lessonBugs {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(Options{Symbols: symbols.Symbols})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for i, st := range tc.steps {
				check(t, i, st, runIn(t, s, st.code, &lines{in: st.stdin}))
			}
		})
	}
}
