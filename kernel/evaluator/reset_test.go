package evaluator

import (
	"strings"
	"testing"
	"time"
)

// TestResetNames pins %reset's arguments: none (or IPython's -f) forgets
// the whole session; names forget just those declarations, or, when
// something kept still uses one, nothing at all; anything else is a
// UsageError that says what %reset accepts, and the session is kept.
func TestResetNames(t *testing.T) {
	setup := "x := 1\ny := 2\nfunc f() int { return 1 }\ntype T struct{ A int }\nfunc (t T) M() int { return t.A }\n" +
		"z := 3\nfunc g() int { return z }\ntype P struct{ B int }\np := P{4}\nconst c = 5"
	tests := []struct {
		name    string
		magic   string
		ename   string   // "" when the reset succeeds
		msg     []string // in stdout on success, in evalue on error
		gone    []string // expressions now undefined
		kept    []string // "expr=value" still working
		whoGone []string // names %who no longer lists
	}{
		{"one var", "%reset x", "", []string{"x"}, []string{"x"}, []string{"y=2", "g()=3", "p.B=4", "c=5"}, []string{"x"}},
		{"several", "%reset x y f", "", []string{"x", "y", "f"}, []string{"x", "y", "f()"}, []string{"g()=3"}, []string{"x", "y", "f"}},
		{"type and its methods", "%reset T", "", []string{"T"}, []string{"T{}"}, []string{"x=1", "p.B=4"}, []string{"T", "T.M"}},
		{"const", "%reset c", "", []string{"c"}, []string{"c"}, []string{"x=1"}, []string{"c"}},
		{"used by a func", "%reset z", "UsageError", []string{"z", "g"}, nil, []string{"z=3", "g()=3", "x=1"}, nil},
		{"type of a var", "%reset P", "UsageError", []string{"%reset: p still holds a value of P; forget it too"}, nil, []string{"p.B=4", "x=1"}, nil},
		{"unknown name", "%reset x nope", "UsageError", []string{"nope", "%reset"}, nil, []string{"x=1", "f()=1"}, nil},
		{"unknown flag", "%reset -s", "UsageError", []string{"-s", "%reset"}, nil, []string{"x=1"}, nil},
		{"force", "%reset -f", "", []string{"session reset"}, []string{"x", "f()", "T{}"}, nil, []string{"x", "f", "T"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSession(t)
			if o := run(t, s, setup); o.ename != "" {
				t.Fatalf("setup: %s: %s", o.ename, o.evalue)
			}
			o := run(t, s, tt.magic)
			if o.ename != tt.ename {
				t.Fatalf("%s: ename %q (%s), want %q", tt.magic, o.ename, o.evalue, tt.ename)
			}
			text := o.stdout
			if tt.ename != "" {
				text = o.evalue
			}
			for _, m := range tt.msg {
				if !strings.Contains(text, m) {
					t.Errorf("%s said %q, missing %q", tt.magic, text, m)
				}
			}
			for _, e := range tt.gone {
				if o := run(t, s, e); !strings.Contains(o.evalue, "undefined") {
					t.Errorf("after %s, %s gives %q %s: %s; want undefined", tt.magic, e, o.result, o.ename, o.evalue)
				}
			}
			for _, kv := range tt.kept {
				e, want, _ := strings.Cut(kv, "=")
				if o := run(t, s, e); o.result != want {
					t.Errorf("after %s, %s = %q (%s: %s), want %s", tt.magic, e, o.result, o.ename, o.evalue, want)
				}
			}
			who := run(t, s, "%who").stdout
			for _, n := range tt.whoGone {
				for _, l := range strings.Split(who, "\n") {
					if f := strings.Fields(l); len(f) > 0 && f[0] == n {
						t.Errorf("%%who still lists %s after %s:\n%s", n, tt.magic, who)
					}
				}
			}
		})
	}
}

// TestResetNameRedeclare pins that a forgotten type's name can be
// declared again, with another kind, as in a fresh session.
func TestResetNameRedeclare(t *testing.T) {
	s := newSession(t)
	run(t, s, "type T struct{ A int }\nfunc (t T) String() string { return \"T!\" }\nv := T{1}\nv")
	if o := run(t, s, "%reset T v"); o.ename != "" {
		t.Fatalf("%s: %s", o.ename, o.evalue)
	}
	if o := run(t, s, "T := 7\nT + 1"); o.result != "8" {
		t.Errorf("T after %%reset T: %q %s: %s, want 8", o.result, o.ename, o.evalue)
	}
}

// TestResetInterruptedVar pins that %reset forgets a variable %who lists
// although its statement was interrupted (it was never recorded).
func TestResetInterruptedVar(t *testing.T) {
	s := newSession(t)
	run(t, s, "func slow() int {\n\ttime.Sleep(time.Hour)\n\treturn 1\n}")
	if o := runCancelled(t, s, "hist := slow()", 50*time.Millisecond); o.ename == "" {
		t.Fatal("the cell was not interrupted")
	}
	if o := run(t, s, "%reset hist"); o.ename != "" {
		t.Fatalf("%%reset hist: %s: %s", o.ename, o.evalue)
	}
	if o := run(t, s, "hist"); !strings.Contains(o.evalue, "undefined") {
		t.Errorf("hist after %%reset hist: %q %s: %s, want undefined", o.result, o.ename, o.evalue)
	}
	if strings.Contains(run(t, s, "%who").stdout, "hist") {
		t.Error("%who lists hist after %reset hist")
	}
}

// TestResetKeepsFuncValues: a func value made before %reset NAME still
// works after the rebuild, and the notice says, in one line and with the
// right number, which variables hold such values.
func TestResetKeepsFuncValues(t *testing.T) {
	tests := []struct {
		setup, notice string
	}{
		{"x := 1\ndbl := func(n int) int { return 2 * n }", "dbl still holds a func value made by old code"},
		{"x := 1\ndbl := func(n int) int { return 2 * n }\ninc := func(n int) int { return n + 1 }", "dbl, inc still hold func values made by old code"},
	}
	for _, tt := range tests {
		s := newSession(t)
		if o := run(t, s, tt.setup); o.ename != "" {
			t.Fatalf("setup: %s: %s", o.ename, o.evalue)
		}
		o := run(t, s, "%reset x")
		if o.ename != "" || !strings.Contains(o.stderr, tt.notice) {
			t.Errorf("%%reset x: %s %s, stderr %q; want a notice %q", o.ename, o.evalue, o.stderr, tt.notice)
		}
		if o := run(t, s, "dbl(5)"); o.result != "10" {
			t.Errorf("dbl(5) after the reset = %q (%s: %s), want 10", o.result, o.ename, o.evalue)
		}
	}
}
