package evaluator

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

// runCancelled runs code and cancels it after a delay.
func runCancelled(t *testing.T, s *Session, code string, after time.Duration) outcome {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	timer := time.AfterFunc(after, cancel)
	defer timer.Stop()
	sink := &recSink{}
	r := s.Execute(ctx, session.ExecuteRequest{Code: code}, sink, &lines{})
	return toOutcome(r, sink)
}

func TestInterrupt(t *testing.T) {
	cases := []struct {
		name, code string
		rebuilt    bool // stopped by yaegi's cancel and a rebuild
	}{
		{"interpreted loop", "n := 0\nfor {\n\tn++\n}", false},
		{"loop in a func", "func spin() {\n\tfor {\n\t}\n}\nspin()", false},
		{"sleep", "time.Sleep(time.Hour)", false},
		{"tick", "for range time.Tick(time.Hour) {\n}", false},
		{"after", "<-time.After(time.Hour)", false},
		{"blocked receive", "<-make(chan int)", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newSession(t)
			run(t, s, "x := 5\nfunc add(a int) func(int) int { return func(b int) int { return a + b } }\nadd3 := add(3)")
			o := runCancelled(t, s, c.code, 50*time.Millisecond)
			if o.ename != session.ErrNameInterrupt {
				t.Fatalf("ename = %q (%s), want %q", o.ename, o.evalue, session.ErrNameInterrupt)
			}
			if got := strings.Contains(o.evalue, "rebuilt"); got != c.rebuilt {
				t.Errorf("evalue %q: rebuilt = %v, want %v", o.evalue, got, c.rebuilt)
			}
			if o := run(t, s, "x"); o.result != "5" {
				t.Errorf("x after the interrupt = %q (%s: %s), want 5", o.result, o.ename, o.evalue)
			}
			want := "4"
			if c.rebuilt {
				want = "0" // reported as made by old code
				if !strings.Contains(o.evalue, "add3") {
					t.Errorf("evalue %q does not name add3", o.evalue)
				}
			}
			if o := run(t, s, "add3(1)"); o.result != want {
				t.Errorf("add3(1) after the interrupt = %q (%s: %s), want %s", o.result, o.ename, o.evalue, want)
			}
			if o := run(t, s, "add(1)(1)"); o.result != "2" {
				t.Errorf("a closure made after the interrupt: %q (%s: %s), want 2", o.result, o.ename, o.evalue)
			}
		})
	}
}

// A goroutine a cell started that sleeps in a loop stops on interrupt,
// quietly: its stop is not reported as a panic.
func TestInterruptStopsGoroutines(t *testing.T) {
	s := newSession(t)
	run(t, s, "done := make(chan bool)\ngo func() {\n\tfor {\n\t\ttime.Sleep(time.Millisecond)\n\t}\n}()")
	o := runCancelled(t, s, "time.Sleep(time.Hour)", 50*time.Millisecond)
	if o.ename != session.ErrNameInterrupt {
		t.Fatalf("ename = %q, want Interrupt", o.ename)
	}
	if o := run(t, s, "1"); o.result != "1" || o.ename != "" {
		t.Fatalf("next cell: %q %s: %s", o.result, o.ename, o.evalue)
	}
}
