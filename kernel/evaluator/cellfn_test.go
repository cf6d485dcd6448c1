package evaluator

import "testing"

func TestNoTemporaries(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"1+1", true},
		{"(1+2) * 3 // three", true},
		{`"a" + "b"`, true},
		{"x", true},
		{"x + 1", false},
		{"-x", false},
		{"f()", false},
		{"xs[0]", false},
		{"p.X", false},
		{"T{}", false},
		{"func() {}", false},
	} {
		if got := noTemporaries(c.src); got != c.want {
			t.Errorf("noTemporaries(%q) = %v, want %v", c.src, got, c.want)
		}
	}
}

// TestCellFnSemantics: blocks and expressions run in cellFn behave as at
// the top level: they read and assign the cell's variables, show values,
// and a void call shows nothing.
func TestCellFnSemantics(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct{ code, result, stdout string }{
		{code: "x := 1\nfunc inc() int { x++; return x }"},
		{code: "x = inc() + 10", result: ""},
		{code: "x", result: "12"},
		{code: "for i := 0; i < 3; i++ {\n\tx += i\n}\nx", result: "15"},
		{code: "fmt.Print(x)", stdout: "15"},
		{code: "inc()", result: "16"},
		{code: "func void() {}\nvoid()", result: ""},
		{code: "strings.Repeat(\"ab\", 2)", result: `"abab"`},
	} {
		o := run(t, s, c.code)
		if o.ename != "" || o.result != c.result || o.stdout != c.stdout {
			t.Errorf("%q: result %q stdout %q error %s %s; want result %q stdout %q", c.code, o.result, o.stdout, o.ename, o.evalue, c.result, c.stdout)
		}
	}
}

// TestCellFnGoroutineOutlivesRedeclaration: a goroutine started by a
// block keeps running its own code while later cells redeclare cellFn.
func TestCellFnGoroutineOutlivesRedeclaration(t *testing.T) {
	s := newSession(t)
	run(t, s, "done := make(chan int)\nsum := 0")
	o := run(t, s, "for k := 0; k < 1; k++ {\n\tgo func() {\n\t\ttotal := 0\n\t\tfor i := 1; i <= 50; i++ {\n\t\t\ttime.Sleep(time.Millisecond)\n\t\t\ttotal += i\n\t\t}\n\t\tdone <- total\n\t}()\n}")
	if o.ename != "" {
		t.Fatalf("starting the goroutine: %s %s", o.ename, o.evalue)
	}
	for i := 0; i < 20; i++ {
		if o := run(t, s, "for j := 0; j < 2; j++ {\n\tsum += j\n}"); o.ename != "" {
			t.Fatalf("cell %d: %s %s", i, o.ename, o.evalue)
		}
	}
	if o := run(t, s, "<-done"); o.result != "1275" || o.ename != "" {
		t.Errorf("the goroutine's total: %q %s %s, want 1275", o.result, o.ename, o.evalue)
	}
	if o := run(t, s, "sum"); o.result != "20" {
		t.Errorf("sum = %q, want 20", o.result)
	}
}
