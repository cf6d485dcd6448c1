package evalproc

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

const testGrace = 300 * time.Millisecond

func startTest(t testing.TB) *Client {
	t.Helper()
	c, err := Start(context.Background(), Options{
		Command:        childCommand("serve"),
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		InterruptGrace: testGrace,
	})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func run(c *Client, code string) (session.ExecuteReply, *recSink) {
	sink := &recSink{}
	rep := c.Execute(context.Background(), session.ExecuteRequest{Code: code}, sink, &fakeStdin{})
	return rep, sink
}

func resultText(rep session.ExecuteReply) string {
	if rep.Result == nil {
		return "<nil>"
	}
	s, _ := rep.Result.Data["text/plain"].(string)
	return s
}

func TestOutputOrder(t *testing.T) {
	c := startTest(t)
	tests := []struct {
		name, code string
		want       []string // stdout, display and clear events
	}{
		{"print then display", "print:a\ndisplay:d1\nprint:b", []string{"stdout:a", "display:d1", "stdout:b"}},
		{"display then print", "display:d1\nprint:after\ndisplay:d2", []string{"display:d1", "stdout:after", "display:d2"}},
		{"sink and fd writes", "print:a\nstream:b\nprint:c\ndisplay:x\nstream:d", []string{"stdout:abc", "display:x", "stdout:d"}},
		{"clear between", "print:p1\nclear\nprint:p2", []string{"stdout:p1", "clear:true", "stdout:p2"}},
		{"utf-8", "print:héllo → wörld ✓", []string{"stdout:héllo → wörld ✓"}},
		{"nothing", "nop", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, sink := run(c, tt.code)
			if rep.Error != nil {
				t.Fatalf("error: %v", rep.Error)
			}
			if got := sink.only("stdout", "display", "clear"); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("events = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBigOutputComplete(t *testing.T) {
	c := startTest(t)
	rep, sink := run(c, "big:3000000\ndisplay:end")
	if rep.Error != nil {
		t.Fatalf("error: %v", rep.Error)
	}
	out := sink.only("stdout", "display")
	if len(out) != 2 || len(out[0]) != len("stdout:")+3000000 || out[1] != "display:end" {
		t.Fatalf("got %d events, first of %d bytes; want 3000000 bytes of stdout then the display", len(out), len(out[0]))
	}
}

func TestStderrThatLooksLikeACrash(t *testing.T) {
	c := startTest(t)
	rep, sink := run(c, "stderr:panic: not really\nstderr:fatal error: neither\nstderr:runt\nprint:x")
	if rep.Error != nil {
		t.Fatalf("error: %v", rep.Error)
	}
	if got, want := sink.text("stderr"), "panic: not reallyfatal error: neitherrunt"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}

func TestStreamsAreLiveAndInterruptKeepsState(t *testing.T) {
	c := startTest(t)
	if rep, _ := run(c, "set:x=42"); rep.Error != nil {
		t.Fatal(rep.Error)
	}
	pid := c.Pid()
	ctx, cancel := context.WithCancel(context.Background())
	sink := &recSink{}
	done := make(chan session.ExecuteReply)
	go func() { done <- c.Execute(ctx, session.ExecuteRequest{Code: "print:first\nsleep"}, sink, nil) }()
	for sink.text("stdout") != "first" {
		select {
		case rep := <-done:
			t.Fatalf("cell ended before the interrupt: %+v", rep)
		case <-time.After(5 * time.Millisecond):
		}
	}
	cancel()
	rep := <-done
	if rep.Error == nil || rep.Error.Name != session.ErrNameInterrupt {
		t.Fatalf("reply = %+v, want %s", rep.Error, session.ErrNameInterrupt)
	}
	if c.Pid() != pid {
		t.Errorf("pid changed from %d to %d: a cooperative interrupt must keep the child", pid, c.Pid())
	}
	if rep, _ := run(c, "get:x"); resultText(rep) != "42" {
		t.Errorf("after interrupt get:x = %q, want 42", resultText(rep))
	}
}

func TestStdin(t *testing.T) {
	c := startTest(t)
	tests := []struct {
		name    string
		in      session.Stdin
		wantOut string
		wantErr string
	}{
		{"answered", &fakeStdin{line: "bob"}, "name? got:bob", ""},
		{"no stdin", &fakeStdin{err: session.ErrNoStdin}, "name? ", "ErrNoStdin: true"},
		{"nil stdin", nil, "name? ", "ErrNoStdin: true"},
		{"other error", &fakeStdin{err: errors.New("frontend gone")}, "name? ", "frontend gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := &recSink{}
			rep := c.Execute(context.Background(), session.ExecuteRequest{Code: "print:name? \ninput:Your name"}, sink, tt.in)
			if got := sink.text("stdout"); got != tt.wantOut {
				t.Errorf("stdout = %q, want %q", got, tt.wantOut)
			}
			switch {
			case tt.wantErr == "" && rep.Error != nil:
				t.Errorf("error %v", rep.Error)
			case tt.wantErr != "" && (rep.Error == nil || !strings.Contains(rep.Error.Value, tt.wantErr)):
				t.Errorf("error = %+v, want one containing %q", rep.Error, tt.wantErr)
			}
			if fs, ok := tt.in.(*fakeStdin); ok && !reflect.DeepEqual(fs.prompts, []string{"Your name"}) {
				t.Errorf("prompts = %q", fs.prompts)
			}
		})
	}
}

func TestRequestsDuringExecute(t *testing.T) {
	c := startTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sink := &recSink{}
	done := make(chan session.ExecuteReply, 1)
	go func() { done <- c.Execute(ctx, session.ExecuteRequest{Code: "print:up\nsleep"}, sink, nil) }()
	for sink.text("stdout") != "up" {
		time.Sleep(5 * time.Millisecond)
	}
	bg := context.Background()
	comp, err := c.Complete(bg, "fm", 2)
	if err != nil || !reflect.DeepEqual(comp.Matches, []string{"fm_done"}) || comp.CursorEnd != 2 {
		t.Errorf("Complete = %+v, %v", comp, err)
	}
	insp, err := c.Inspect(bg, "x", 1, 1)
	if err != nil || !insp.Found || insp.Data.Data["text/plain"] != "x@1/1" {
		t.Errorf("Inspect = %+v, %v", insp, err)
	}
	cpl, err := c.IsComplete(bg, "for {\\")
	if err != nil || cpl.Status != session.Incomplete || cpl.Indent != "  " {
		t.Errorf("IsComplete = %+v, %v", cpl, err)
	}
	if _, err := c.Complete(bg, "fail", 0); err == nil || !strings.Contains(err.Error(), "fake: cannot complete") {
		t.Errorf("Complete(fail) error = %v, want the session's error", err)
	}
	select {
	case rep := <-done:
		t.Fatalf("cell ended early: %+v", rep)
	default:
	}
	cancel()
	if rep := <-done; rep.Error == nil || rep.Error.Name != session.ErrNameInterrupt {
		t.Errorf("reply = %+v", rep.Error)
	}
}

func TestOutputBetweenCells(t *testing.T) {
	c := startTest(t)
	if rep, sink := run(c, "goprint:late"); rep.Error != nil || sink.text("stdout") != "" {
		t.Fatalf("first cell: %+v, stdout %q", rep.Error, sink.text("stdout"))
	}
	time.Sleep(300 * time.Millisecond) // the goroutine prints after 50 ms
	_, sink := run(c, "print:now")
	if got := sink.text("stdout"); got != "latenow" {
		t.Errorf("next cell stdout = %q, want the late output first", got)
	}
}

// blockingStdin waits for the cell to be interrupted.
type blockingStdin struct{ asked chan struct{} }

func (s *blockingStdin) ReadLine(ctx context.Context, prompt string, password bool) (string, error) {
	close(s.asked)
	<-ctx.Done()
	return "", ctx.Err()
}

// TestInterruptEndsAReadBeforeItFails checks that a cell whose read was
// ended by an interrupt sees the interrupt by the time the read returns.
func TestInterruptEndsAReadBeforeItFails(t *testing.T) {
	c := startTest(t)
	for round := range 20 {
		ctx, cancel := context.WithCancel(context.Background())
		in := &blockingStdin{asked: make(chan struct{})}
		go func() {
			<-in.asked
			cancel()
		}()
		rep := c.Execute(ctx, session.ExecuteRequest{Code: "inputon:wait"}, &recSink{}, in)
		if rep.Error == nil || rep.Error.Name != session.ErrNameInterrupt {
			t.Fatalf("round %d: reply = %+v, want %s", round, rep.Error, session.ErrNameInterrupt)
		}
	}
}

func TestInterruptDuringInput(t *testing.T) {
	c := startTest(t)
	pid := c.Pid()
	ctx, cancel := context.WithCancel(context.Background())
	in := &blockingStdin{asked: make(chan struct{})}
	go func() {
		<-in.asked
		cancel()
	}()
	rep := c.Execute(ctx, session.ExecuteRequest{Code: "input:wait"}, &recSink{}, in)
	if rep.Error == nil || rep.Error.Name != "StdinError" {
		t.Fatalf("reply = %+v, want the cell's failed read", rep.Error)
	}
	if c.Pid() != pid {
		t.Errorf("the child was replaced (pid %d → %d)", pid, c.Pid())
	}
	if rep, _ := run(c, "print:ok"); rep.Error != nil {
		t.Errorf("next cell: %v", rep.Error)
	}
}
