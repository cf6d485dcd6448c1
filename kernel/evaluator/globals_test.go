package evaluator

import (
	"strings"
	"testing"
)

// TestYaegiGlobalsAfterFailedDefine pins the yaegi behaviour compile's
// repair works around: a := at the top level that fails to compile leaves
// its name in the global scope without a slot in the global frame, and
// Globals then panics with an index out of range until some program runs
// and grows the frame.
func TestYaegiGlobalsAfterFailedDefine(t *testing.T) {
	in := rawInterp(t)
	if _, err := rawEval(t, in, "a := 1", "x := struct{ A int }{A: nosuch}"); err == nil {
		t.Fatal("x := ... nosuch compiled")
	}
	panicked := func() (p bool) {
		defer func() { p = recover() != nil }()
		in.Globals()
		return false
	}
	if !panicked() {
		t.Fatal("yaegi changed: Globals works after a failed :=; compile's repairGlobals may go")
	}
	if _, err := rawEval(t, in, "0"); err != nil {
		t.Fatal(err)
	}
	if panicked() {
		t.Fatal("yaegi changed: running a program no longer grows the global frame")
	}
}

// TestFailedDefineKeepsSession checks that cells after a failed top-level
// := still work, implied imports included (they ask yaegi for its globals).
func TestFailedDefineKeepsSession(t *testing.T) {
	steps := []step{
		{code: "x := struct{A int}{B: 1}", ename: "CompileError", evalue: "unknown field B"},
		{code: "x := struct{A int}{A: nosuch}", ename: "CompileError", evalue: "nosuch"},
		{code: "strings.ToUpper(\"a\")", result: "\"A\""},
		{code: "%who"},
	}
	s := newSession(t)
	for i, st := range steps {
		o := runIn(t, s, st.code, &lines{})
		if i == 3 {
			if o.ename != "" || strings.Contains(o.stdout, "index out of range") {
				t.Errorf("%%who after a failed := : %s %s %q", o.ename, o.evalue, o.stdout)
			}
			continue
		}
		check(t, i, st, o)
	}
}

// TestUndefinedOnTheRight checks that an undefined name on the right of a
// top-level := says so as Go does, at its place in the cell.
func TestUndefinedOnTheRight(t *testing.T) {
	runSteps(t, newSession(t), []step{
		{code: "a := nosuch", ename: "CompileError", evalue: "undefined: nosuch", traceback: "In[1] line 1, column 6"},
		{code: "x := 1\ny := nosuch + x", ename: "CompileError", evalue: "undefined: nosuch", traceback: "In[2] line 2, column 6"},
		{code: "x + 1", result: "2"},
		{code: "損失 := 未定義 + 1", ename: "CompileError", evalue: "undefined: 未定義", traceback: "In[4] line 1, column 11"},
	})
}

// TestUndefinedThenDeclared checks that a name first met undefined can be
// declared and used afterwards.
func TestUndefinedThenDeclared(t *testing.T) {
	runSteps(t, newSession(t), []step{
		{code: "a := later", ename: "CompileError", evalue: "undefined: later"},
		{code: "later := 5"},
		{code: "a := later * 2\na", result: "10"},
		{code: "var b = later + a\nb", result: "15"},
	})
}
