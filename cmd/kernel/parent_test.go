package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/evaluator"
	"github.com/gocell/gocell/kernel/symbols"
)

func TestParentGone(t *testing.T) {
	live := map[int]bool{1: true, 4242: true, 5000: true}
	exists := func(pid int) bool { return live[pid] }
	tests := []struct {
		name       string
		jpy        string
		first, now int
		want       bool
	}{
		{"parent alive", "4242", 4242, 4242, false},
		{"adopted by init", "4242", 4242, 1, true},
		{"adopted by a subreaper", "4242", 4242, 77, true},
		{"launched through a wrapper, all alive", "4242", 5000, 5000, false},
		{"launcher died, wrapper alive", "999", 5000, 5000, true},
		{"launcher died before the kernel looked", "999", 1, 1, true},
		{"adopted by a subreaper before the kernel looked", "999", 77, 77, true},
		{"server is pid 1 in a container", "1", 1, 1, false},
		{"JPY_PARENT_PID not a number", "x", 1, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parentGone(tt.jpy, tt.first, tt.now, exists); got != tt.want {
				t.Errorf("parentGone(%q, %d, %d) = %v, want %v", tt.jpy, tt.first, tt.now, got, tt.want)
			}
		})
	}
}

// The kernel answers is_complete itself; it must say what the evaluator says.
func TestLocalIsCompleteMatchesEvaluator(t *testing.T) {
	ev, err := evaluator.New(evaluator.Options{Symbols: symbols.Symbols})
	if err != nil {
		t.Fatal(err)
	}
	defer ev.Close()
	for _, code := range []string{
		"", "x := 1", "func f() {", "for i := 0; i < 3; i++ {\n", "x := )",
		"%help", "%%time\nfor {", "%time", "%time x := 1", "%%time", "a := []int{1,\n2,",
		"import \"fmt\"", "fmt.Println(`a", "/* open", "x +",
	} {
		want, werr := ev.IsComplete(context.Background(), code)
		got, gerr := isComplete(code)
		if got != want || (werr == nil) != (gerr == nil) {
			t.Errorf("%q: kernel says %+v, %v; evaluator %+v, %v", code, got, gerr, want, werr)
		}
	}
}

// A kernel launched by Jupyter (JPY_PARENT_PID set) ends, evaluator
// included, when its launcher dies without shutting it down.
func TestKernelExitsWithItsParent(t *testing.T) {
	dir := t.TempDir()
	conn := filepath.Join(dir, "kernel.json")
	b, _ := json.Marshal(map[string]any{
		"transport": "ipc", "ip": filepath.Join(dir, "k"), "key": "k", "signature_scheme": "hmac-sha256",
		"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
	})
	if err := os.WriteFile(conn, b, 0o600); err != nil {
		t.Fatal(err)
	}
	logf := filepath.Join(dir, "log")
	// The shell starts the kernel in the background, says its pid and exits.
	sh := exec.Command("/bin/sh", "-c", `JPY_PARENT_PID=$$ "$0" kernel "$1" 2>"$2" </dev/null >/dev/null & echo $!`, gocellBin, conn, logf)
	sh.Env = append(os.Environ(), "GOCELL_HISTORY_DIR="+dir)
	var out bytes.Buffer
	sh.Stdout = &out
	if err := sh.Run(); err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(out.String()))
	if err != nil {
		t.Fatalf("shell printed %q", out.String())
	}
	deadline := time.Now().Add(20 * time.Second)
	for syscall.Kill(pid, 0) == nil && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	log, _ := os.ReadFile(logf)
	if syscall.Kill(pid, 0) == nil {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Fatalf("kernel %d still runs 20 s after its parent exited; log:\n%s", pid, log)
	}
	for _, want := range []string{"is gone: shutting down", "kernel stopped"} {
		if !bytes.Contains(log, []byte(want)) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}
