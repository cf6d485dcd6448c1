package evalproc

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

func TestInterruptUnstoppableRestarts(t *testing.T) {
	c := startTest(t)
	for _, code := range []string{"spin", "flood"} {
		t.Run(code, func(t *testing.T) {
			run(c, "set:x=42")
			pid := c.Pid()
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			start := time.Now()
			sink := &recSink{}
			rep := c.Execute(ctx, session.ExecuteRequest{Code: "print:started\n" + code}, sink, nil)
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
			if out := sink.text("stdout"); !strings.HasPrefix(out, "started") {
				t.Errorf("stdout starts %q", truncate(out, 20))
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
		})
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
	tests := []struct {
		name    string
		command func() *exec.Cmd
		want    string
	}{
		{"other version", childCommand("badhello"), `speaks "some-other-program 7"`},
		{"exits at once", childCommand("nostart"), "cannot start: no evaluator here"},
		{"never answers", childCommand("silent"), "did not answer"},
		{"no such binary", func() *exec.Cmd { return exec.Command("/nonexistent/gocell") }, "no such file"},
		{"no command", func() *exec.Cmd { return nil }, "returned nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Start(context.Background(), Options{Command: tt.command, StartTimeout: 500 * time.Millisecond})
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

// procRunning reports whether pid exists and is not a zombie (a process
// killed with its group is reaped by init, which may take a moment).
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
	// Wait until the client has seen the death, not only until the process
	// is gone: a cell sent in between meets a child that dies under it.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		c.mu.Lock()
		seen := c.lastDead != nil
		c.mu.Unlock()
		if seen || time.Now().After(deadline) {
			break
		}
	}
	if alive(pid) {
		t.Fatal("the child is still alive")
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

func TestFailedRestartIsRetried(t *testing.T) {
	var mode atomic.Value
	mode.Store("serve")
	c, err := Start(context.Background(), Options{
		Command: func() *exec.Cmd { return childCommand(mode.Load().(string))() },
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	mode.Store("nostart")
	if rep, _ := run(c, "exit:1"); rep.Error == nil || rep.Error.Name != session.ErrNameLost {
		t.Fatalf("crash cell: %+v", rep.Error)
	}
	rep, _ := run(c, "print:x")
	if rep.Error == nil || !strings.Contains(rep.Error.Value, "no evaluator could be started") || !strings.Contains(rep.Error.Value, "cannot start") {
		t.Fatalf("with a broken command: %+v", rep.Error)
	}
	if _, err := c.Complete(context.Background(), "x", 1); err == nil {
		t.Error("Complete succeeded with no evaluator")
	}
	mode.Store("serve")
	if rep, sink := run(c, "print:back"); rep.Error != nil || sink.text("stdout") != "back" {
		t.Errorf("after the command is fixed: %+v, stdout %q", rep.Error, sink.text("stdout"))
	}
}
