package evaluator

import (
	"fmt"
	"testing"

	"github.com/traefik/yaegi/interp"
)

// TestCompileStmtsAsCompile: compileStmts compiles statement-mode source
// as yaegi's Compile does: the same values, and the same errors at the
// same positions (a later yaegi that wraps statements differently fails
// here).
func TestCompileStmtsAsCompile(t *testing.T) {
	viaCompile, viaAST := newSession(t), newSession(t)
	for _, src := range []string{
		";x := 40",
		";x + 2",
		";/*line In[3]:1:1*/x * 2\n",
		";/*line In[4]:2:5*/y := x +\n",
		";/*line In[5]:1:1*/undefinedName\n",
		";/*line In[6]:1:1*/x := \"a\"\n",
		";func() int { return x }()",
		"; // only a comment",
		";)",
	} {
		want := compileRun(viaCompile, src, false)
		got := compileRun(viaAST, src, true)
		if got != want {
			t.Errorf("%q: compileStmts gives %s, Compile %s", src, got, want)
		}
	}
}

// compileRun compiles and runs src in s's interpreter, with compileStmts
// or with yaegi's Compile, and describes the outcome.
func compileRun(s *Session, src string, viaAST bool) string {
	in := s.interp()
	m := markCompile(in)
	defer releaseCompiled(in, m)
	compile := in.Compile
	if viaAST {
		compile = func(src string) (*interp.Program, error) { return compileStmts(in, src) }
	}
	prog, err := compile(src)
	if err != nil {
		return fmt.Sprintf("compile error %v", err)
	}
	v, err := in.Execute(prog)
	shown := "none"
	if v.IsValid() {
		shown = fmt.Sprint(v)
	}
	return fmt.Sprintf("value %s, error %v", shown, err)
}
