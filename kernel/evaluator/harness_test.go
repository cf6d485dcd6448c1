package evaluator

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/symbols"
)

// recSink records what a cell sends.
type recSink struct {
	mu             sync.Mutex
	stdout, stderr strings.Builder
	displays       []session.Display
}

func (r *recSink) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == "stdout" {
		r.stdout.WriteString(text)
	} else {
		r.stderr.WriteString(text)
	}
}
func (r *recSink) Display(d session.Display) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, d)
}
func (r *recSink) Clear(bool) {}

// lines answers ReadLine from a list.
type lines struct {
	mu  sync.Mutex
	in  []string
	err error
}

func (l *lines) ReadLine(ctx context.Context, prompt string, password bool) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return "", l.err
	}
	if len(l.in) == 0 {
		return "", session.ErrNoStdin
	}
	s := l.in[0]
	l.in = l.in[1:]
	return s, nil
}

// outcome is what one cell produced.
type outcome struct {
	stdout, stderr string
	result         string // text/plain of the result, "" when none
	ename, evalue  string
	traceback      string
	reply          session.ExecuteReply
}

func newSession(t testing.TB) *Session {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// newPreloaded returns a session with the preloaded packages (dnn, gonum,
// plots), closed when the test ends.
func newPreloaded(t testing.TB) *Session {
	t.Helper()
	s, err := New(Options{Symbols: symbols.Symbols})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// runSteps runs the cells of steps in s, in order, checking each.
func runSteps(t *testing.T, s *Session, steps []step) {
	t.Helper()
	for i, st := range steps {
		check(t, i, st, runIn(t, s, st.code, &lines{in: st.stdin}))
	}
}

func run(t testing.TB, s *Session, code string) outcome {
	return runIn(t, s, code, &lines{})
}

func runIn(t testing.TB, s *Session, code string, in session.Stdin) outcome {
	t.Helper()
	sink := &recSink{}
	r := s.Execute(context.Background(), session.ExecuteRequest{Code: code}, sink, in)
	return toOutcome(r, sink)
}

func toOutcome(r session.ExecuteReply, sink *recSink) outcome {
	sink.mu.Lock()
	defer sink.mu.Unlock()
	o := outcome{stdout: sink.stdout.String(), stderr: sink.stderr.String(), reply: r}
	if r.Result != nil {
		o.result, _ = r.Result.Data["text/plain"].(string)
	}
	if r.Error != nil {
		o.ename, o.evalue = r.Error.Name, r.Error.Value
		o.traceback = strings.Join(r.Error.Traceback, "\n")
	}
	return o
}
