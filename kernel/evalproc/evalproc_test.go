package evalproc

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"reflect"
	"strconv"
	"strings"
	"syscall"
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

func TestInterruptSpinRestarts(t *testing.T) {
	c := startTest(t)
	run(c, "set:x=42")
	pid := c.Pid()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	rep := c.Execute(ctx, session.ExecuteRequest{Code: "print:spinning\nspin"}, &recSink{}, nil)
	if elapsed := time.Since(start); elapsed < testGrace {
		t.Errorf("killed after %v, before the grace of %v", elapsed, testGrace)
	}
	if rep.Error == nil || rep.Error.Name != session.ErrNameLost {
		t.Fatalf("reply error = %+v, want %s", rep.Error, session.ErrNameLost)
	}
	for _, want := range []string{"did not stop within 300ms", "every variable and function was lost"} {
		if !strings.Contains(rep.Error.Value, want) {
			t.Errorf("evalue %q lacks %q", rep.Error.Value, want)
		}
	}
	rep, _ = run(c, "get:x\npid")
	if rep.Error != nil {
		t.Fatalf("next cell: %v", rep.Error)
	}
	if resultText(rep) == strconv.Itoa(pid) {
		t.Errorf("still pid %d after the kill", pid)
	}
	if rep, _ := run(c, "get:x"); resultText(rep) != "" {
		t.Errorf("x = %q in the fresh child, want it gone", resultText(rep))
	}
	if alive(pid) {
		t.Errorf("old child %d still exists", pid)
	}
}

func TestCrashes(t *testing.T) {
	c := startTest(t)
	tests := []struct {
		code, cause string
	}{
		{"recurse", "runaway recursion (stack overflow)"},
		{"mapwrites", "concurrent map writes"},
		{"alloc", "out of memory"},
		{"exit:3", "exited with status 3"},
		{"panicgo:boom", "a panic nothing recovered (boom)"},
		{"killself", "killed by signal SIGKILL"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			run(c, "set:x=1")
			pid := c.Pid()
			rep, sink := run(c, "print:before\n"+tt.code)
			if rep.Error == nil || rep.Error.Name != session.ErrNameLost {
				t.Fatalf("reply error = %+v, want %s", rep.Error, session.ErrNameLost)
			}
			for _, want := range []string{tt.cause, "the evaluator process died", "every variable and function was lost"} {
				if !strings.Contains(rep.Error.Value, want) {
					t.Errorf("evalue %q lacks %q", rep.Error.Value, want)
				}
			}
			if got := sink.text("stdout"); got != "before" {
				t.Errorf("stdout = %q, want the text printed before the crash", got)
			}
			// (Under -race the child reports the intended race of mapwrites.)
			if e := sink.text("stderr"); strings.Contains(e, "goroutine ") && !strings.Contains(e, "DATA RACE") {
				t.Errorf("the runtime's crash report reached the cell: %q", truncate(e, 200))
			}
			rep, _ = run(c, "get:x\npid")
			if rep.Error != nil {
				t.Fatalf("next cell: %v", rep.Error)
			}
			if got := resultText(rep); got == strconv.Itoa(pid) || got == "" {
				t.Errorf("next cell ran in pid %q, want a fresh child (old %d)", got, pid)
			}
			if rep, _ := run(c, "get:x"); resultText(rep) != "" {
				t.Errorf("x = %q in the fresh child, want it gone", resultText(rep))
			}
		})
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

func TestCloseLeavesNoProcess(t *testing.T) {
	c := startTest(t)
	rep, sink := run(c, "subproc")
	if rep.Error != nil {
		t.Fatal(rep.Error)
	}
	grandchild, err := strconv.Atoi(sink.text("stdout"))
	if err != nil {
		t.Fatalf("subproc printed %q", sink.text("stdout"))
	}
	pid := c.Pid()
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if alive(pid) {
		t.Errorf("child %d still exists after Close (zombie or running)", pid)
	}
	if procRunning(grandchild) {
		t.Errorf("process %d started by a cell still runs after Close", grandchild)
	}
	if rep, _ := run(c, "nop"); rep.Error == nil || !strings.Contains(rep.Error.Value, "closed") {
		t.Errorf("Execute after Close = %+v, want an error", rep.Error)
	}
}

func TestStartFailures(t *testing.T) {
	tests := []struct{ mode, want string }{
		{"badhello", `speaks "some-other-program 7"`},
		{"nostart", "cannot start: no evaluator here"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			c, err := Start(context.Background(), Options{Command: childCommand(tt.mode), StartTimeout: 5 * time.Second})
			if err == nil {
				c.Close()
				t.Fatal("Start succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
		})
	}
}

// alive reports whether pid exists at all (a zombie counts).
func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

// procRunning reports whether pid exists and is not a zombie (a process killed
// with its group is reaped by init, which may take a moment).
func procRunning(pid int) bool {
	for i := 0; i < 100; i++ {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return false
		}
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) > 0 && f[0] == "Z" {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

func TestDeathBetweenCellsIsReported(t *testing.T) {
	c := startTest(t)
	run(c, "set:x=1")
	pid := c.Pid()
	if rep, _ := run(c, "goprint:bye"); rep.Error != nil {
		t.Fatal(rep.Error)
	}
	// A goroutine of the last cell kills the child while no cell runs.
	if rep, _ := run(c, "goexit"); rep.Error != nil {
		t.Fatal(rep.Error)
	}
	for alive(pid) {
		time.Sleep(5 * time.Millisecond)
	}
	rep, sink := run(c, "set:y=2\nprint:ran")
	if rep.Error == nil || rep.Error.Name != session.ErrNameLost || !strings.Contains(rep.Error.Value, "exited with status 7 after the last cell ended") {
		t.Fatalf("reply error = %+v, want the death between cells", rep.Error)
	}
	if got := sink.text("stdout"); got != "bye" {
		t.Errorf("stdout = %q, want only what the dead child printed", got)
	}
	rep, _ = run(c, "get:x\npid")
	if rep.Error != nil || resultText(rep) == strconv.Itoa(pid) {
		t.Errorf("next cell: %+v, pid %s (old %d)", rep.Error, resultText(rep), pid)
	}
}

// blockingStdin waits for the cell to be interrupted.
type blockingStdin struct{ asked chan struct{} }

func (s *blockingStdin) ReadLine(ctx context.Context, prompt string, password bool) (string, error) {
	close(s.asked)
	<-ctx.Done()
	return "", ctx.Err()
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

func TestCloseDuringExecute(t *testing.T) {
	c := startTest(t)
	sink := &recSink{}
	done := make(chan session.ExecuteReply, 1)
	go func() {
		done <- c.Execute(context.Background(), session.ExecuteRequest{Code: "print:up\nsleep"}, sink, nil)
	}()
	for sink.text("stdout") != "up" {
		time.Sleep(5 * time.Millisecond)
	}
	pid := c.Pid()
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	select {
	case rep := <-done:
		if rep.Error == nil {
			t.Errorf("the running cell succeeded after Close")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Execute still running after Close")
	}
	if alive(pid) {
		t.Errorf("child %d still exists", pid)
	}
}
