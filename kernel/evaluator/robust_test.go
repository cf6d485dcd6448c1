package evaluator

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/gocell/gocell/kernel/session"
)

// Odd cells get an answer, never a crash of the session.
func TestOddCells(t *testing.T) {
	s := newSession(t)
	for _, code := range []string{
		"", "   \n\t", "}", "%", "%%", "func", "import", "type T", "1 +", "\x00", "package main",
		"func main() { fmt.Println(\"main\") }", "func init() {}", "var _ = 1", "_ = 1", "return", "break",
		"goto x", "defer fmt.Println(1)", "π := 3.14\nπ", "1 << 100", "x := []int{}\nx[5]",
		"var a [3]int\na[1:2][5]", "import \"C\"", "import . \"strings\"\nToUpper(\"a\")", "import _ \"embed\"",
		"type T struct{ T }", "func (x int) M() {}", "nil", "make([]float64, 1<<62)",
		"ch := make(chan int, 1)\nch <- 1\nv, ok := <-ch\nfmt.Println(v, ok)", "select {\ndefault:\n}",
		"var e error = nil\ne.Error()", "type I interface{ M() }\nvar i I\ni.M()", "panic(nil)",
		"func g[T any](x T) T { return x }\ng(1)", "//only a comment", "/* open comment",
		"\"unterminated", "label:\nfor {\n\tbreak label\n}", "switch {\ncase true:\n\tfmt.Print(\"t\")\n}",
	} {
		o := run(t, s, code)
		if o.ename == "" && o.reply.Error != nil {
			t.Errorf("%q: an error without a name", code)
		}
	}
	if o := run(t, s, "40 + 2"); o.result != "42" {
		t.Fatalf("the session broke: %q %s %s", o.result, o.ename, o.evalue)
	}
}

// TestCellNumbersBeyondLinePositions runs cells numbered past 10,737, where
// cell*lineBase would exceed the largest line number Go positions accept,
// and checks that errors still name the right cell.
func TestCellNumbersBeyondLinePositions(t *testing.T) {
	s := newSession(t)
	for _, n := range []int{9999, 10000, 10737, 10738, 20001} {
		sink := &recSink{}
		code := fmt.Sprintf("func f%d() int { return %d }\nf%d()", n, n, n)
		o := toOutcome(s.Execute(context.Background(), session.ExecuteRequest{Code: code, ExecutionCount: n}, sink, &lines{}), sink)
		if o.ename != "" || o.result != fmt.Sprint(n) {
			t.Fatalf("cell %d: result %q, error %s: %s", n, o.result, o.ename, o.evalue)
		}
		sink = &recSink{}
		o = toOutcome(s.Execute(context.Background(), session.ExecuteRequest{Code: "x := 1\nvar y string = x", ExecutionCount: n}, sink, &lines{}), sink)
		if o.ename != "CompileError" || !strings.Contains(o.traceback, fmt.Sprintf("In[%d] line 2", n)) {
			t.Errorf("cell %d: compile error %s, traceback %q; want one naming In[%d] line 2", n, o.ename, o.traceback, n)
		}
	}
}
