package evaluator

import (
	"bytes"
	"log"
	"strings"
	"testing"
)

// TestYaegiLogFilter: the lines yaegi logs before its compile panics are
// dropped, every other line of the standard logger passes.
func TestYaegiLogFilter(t *testing.T) {
	var out bytes.Buffer
	l := log.New(yaegiLogFilter{&out}, "", log.LstdFlags)
	l.Print("nil reflect type")
	l.Print("nil type")
	l.Print("training: not a nil reflect type")
	l.Print("user line")
	got := out.String()
	for _, want := range []string{"training: not a nil reflect type\n", "user line\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("filtered output %q lacks %q", got, want)
		}
	}
	if strings.Count(got, "\n") != 2 {
		t.Errorf("filtered output %q: want the two other lines only", got)
	}
}

// TestNoStrayYaegiLog: a cell whose first compile makes yaegi log and
// panic ("nil reflect type": a top-level var from an inferred generic
// call) works, and the line does not pass the filter New installs.
func TestNoStrayYaegiLog(t *testing.T) {
	s := newSession(t)
	if _, ok := log.Writer().(yaegiLogFilter); !ok {
		t.Fatalf("the standard logger writes to %T, not through the filter", log.Writer())
	}
	prev := log.Writer()
	defer log.SetOutput(prev)
	var raw, filtered bytes.Buffer
	log.SetOutput(&raw)
	if o := run(t, s, "func Id[T any](x T) T { return x }\ny := Id(3)\ny"); o.result != "3" {
		t.Fatalf("y := Id(3): %q (%s: %s)", o.result, o.ename, o.evalue)
	}
	if !strings.Contains(raw.String(), "nil reflect type") {
		t.Fatalf("yaegi changed (the log filter may go): it logged %q", raw.String())
	}
	log.SetOutput(yaegiLogFilter{&filtered})
	if o := run(t, s, "z := Id(4)\nz"); o.result != "4" {
		t.Fatalf("z := Id(4): %q (%s: %s)", o.result, o.ename, o.evalue)
	}
	if filtered.Len() != 0 {
		t.Errorf("the filter passed %q", filtered.String())
	}
}
