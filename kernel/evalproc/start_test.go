package evalproc

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

// Environment of the "gated" child modes (see TestMain).
const (
	gateEnv = "EVALPROC_TEST_GATE"
	pidEnv  = "EVALPROC_TEST_PIDFILE"
)

// gatedStart is a child whose start the test holds until open is called.
type gatedStart struct {
	dir    string
	starts atomic.Int32 // how many children Command made
	mode   atomic.Value // child mode of the next start
}

func newGatedStart(t *testing.T, mode string) *gatedStart {
	g := &gatedStart{dir: t.TempDir()}
	g.mode.Store(mode)
	return g
}

func (g *gatedStart) command() *exec.Cmd {
	n := g.starts.Add(1)
	cmd := childCommand(g.mode.Load().(string))()
	cmd.Env = append(cmd.Env,
		gateEnv+"="+filepath.Join(g.dir, "gate"),
		pidEnv+"="+filepath.Join(g.dir, "pid"+strconv.Itoa(int(n))))
	return cmd
}

func (g *gatedStart) open(t *testing.T) {
	if err := os.WriteFile(filepath.Join(g.dir, "gate"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
}

// pid waits until the n-th child has written its pid.
func (g *gatedStart) pid(t *testing.T, n int) int {
	for i := 0; i < 2000; i++ {
		b, err := os.ReadFile(filepath.Join(g.dir, "pid"+strconv.Itoa(n)))
		if err == nil && len(b) > 0 {
			pid, err := strconv.Atoi(string(b))
			if err != nil {
				t.Fatal(err)
			}
			return pid
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("child %d never started", n)
	return 0
}

func quietOptions(cmd func() *exec.Cmd) Options {
	return Options{
		Command: cmd, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		StartTimeout: time.Hour, // only the gate or Close may end a start
	}
}

func TestNewServesAfterSlowStart(t *testing.T) {
	g := newGatedStart(t, "gated")
	opts := quietOptions(g.command)
	opts.IsComplete = func(code string) (session.Completeness, error) {
		return session.Completeness{Status: session.Invalid}, nil
	}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	g.pid(t, 1)

	done := make(chan session.ExecuteReply, 1)
	sink := &recSink{}
	go func() {
		done <- c.Execute(context.Background(), session.ExecuteRequest{Code: "set:x=1\nprint:up\nget:x"}, sink, nil)
	}()
	// The parent's IsComplete answers while the child is held.
	if comp, err := c.IsComplete(context.Background(), "x"); err != nil || comp.Status != session.Invalid {
		t.Errorf("IsComplete during the start = %+v, %v; want the parent's answer", comp, err)
	}
	if c.Pid() != 0 {
		t.Errorf("Pid = %d before the handshake, want 0", c.Pid())
	}
	select {
	case rep := <-done:
		t.Fatalf("Execute returned before the child was up: %+v", rep.Error)
	case <-time.After(100 * time.Millisecond):
	}
	g.open(t)
	rep := <-done
	if rep.Error != nil || resultText(rep) != "1" || sink.text("stdout") != "up" {
		t.Fatalf("Execute after the start: %+v, result %q, stdout %q", rep.Error, resultText(rep), sink.text("stdout"))
	}
	comp, err := c.Complete(context.Background(), "ab", 2)
	if err != nil || len(comp.Matches) != 1 || comp.Matches[0] != "ab_done" {
		t.Errorf("Complete = %+v, %v", comp, err)
	}
	if n := g.starts.Load(); n != 1 {
		t.Errorf("%d children started, want 1", n)
	}
}

func TestNewFailingStartReportsEachRequest(t *testing.T) {
	g := newGatedStart(t, "gatedfail")
	c, err := New(quietOptions(g.command))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	g.pid(t, 1)

	type result struct {
		what string
		err  string
	}
	results := make(chan result, 3)
	go func() {
		rep := c.Execute(context.Background(), session.ExecuteRequest{Code: "print:x"}, nil, nil)
		r := result{what: "execute"}
		if rep.Error != nil {
			r.err = rep.Error.Name + ": " + rep.Error.Value
		}
		results <- r
	}()
	go func() {
		_, err := c.Complete(context.Background(), "x", 1)
		results <- result{what: "complete", err: errString(err)}
	}()
	go func() {
		_, err := c.IsComplete(context.Background(), "x")
		results <- result{what: "is_complete", err: errString(err)}
	}()
	time.Sleep(50 * time.Millisecond) // let them all wait for the start
	g.open(t)
	for i := 0; i < 3; i++ {
		r := <-results
		if !strings.Contains(r.err, "cannot start: gated failure") {
			t.Errorf("%s: error %q lacks the child's reason", r.what, r.err)
		}
		if r.what == "execute" && !strings.HasPrefix(r.err, session.ErrNameLost+": no evaluator could be started") {
			t.Errorf("execute: error %q, want %s", r.err, session.ErrNameLost)
		}
	}
	started := g.starts.Load()

	// The next request starts a child again; this one comes up.
	g.mode.Store("gated")
	if rep, sink := run(c, "print:back"); rep.Error != nil || sink.text("stdout") != "back" {
		t.Fatalf("after a failed start: %+v, stdout %q", rep.Error, sink.text("stdout"))
	}
	if n := g.starts.Load(); n != started+1 {
		t.Errorf("%d starts after the failure, want %d", n, started+1)
	}
}

func TestCloseDuringStartKillsTheChild(t *testing.T) {
	g := newGatedStart(t, "gated")
	c, err := New(quietOptions(g.command))
	if err != nil {
		t.Fatal(err)
	}
	pid := g.pid(t, 1)
	done := make(chan session.ExecuteReply, 1)
	go func() {
		done <- c.Execute(context.Background(), session.ExecuteRequest{Code: "print:x"}, nil, nil)
	}()
	closed := make(chan error, 1)
	go func() { closed <- c.Close() }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waits for a start that the test holds")
	}
	if rep := <-done; rep.Error == nil || !strings.Contains(rep.Error.Value, ErrClosed.Error()) {
		t.Errorf("Execute waiting for the start: %+v, want %v", rep.Error, ErrClosed)
	}
	if procRunning(pid) {
		t.Errorf("child %d still runs after Close", pid)
	}
	if _, err := c.IsComplete(context.Background(), "x"); err == nil {
		t.Error("IsComplete after Close succeeded")
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
