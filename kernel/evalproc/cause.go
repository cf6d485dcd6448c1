package evalproc

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
)

// crashLine finds the line of a runtime crash report that says what
// happened: "fatal error: ..." or "panic: ...".
func crashLine(report string) string {
	for _, line := range strings.Split(report, "\n") {
		if strings.HasPrefix(line, "fatal error: ") || strings.HasPrefix(line, "panic: ") {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// describeDeath says in words why the child ended, from its crash line and
// the error of its Wait.
func describeDeath(line string, waitErr error) string {
	msg := strings.TrimPrefix(line, "fatal error: ")
	switch {
	case strings.Contains(msg, "stack overflow"):
		return "runaway recursion (stack overflow)"
	case strings.Contains(msg, "concurrent map"):
		return msg + " (a map used by several goroutines without a lock)"
	case strings.Contains(msg, "out of memory"):
		return "out of memory"
	case strings.HasPrefix(msg, "panic: "):
		return "a panic nothing recovered (" + strings.TrimPrefix(msg, "panic: ") + ")"
	case msg != "":
		return msg
	}
	var ee *exec.ExitError
	if errors.As(waitErr, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			if ws.Signal() == syscall.SIGKILL {
				return "killed by signal SIGKILL (perhaps by the system for using too much memory)"
			}
			return fmt.Sprintf("killed by signal %s", ws.Signal())
		}
		return fmt.Sprintf("exited with status %d", ee.ExitCode())
	}
	if waitErr != nil {
		return waitErr.Error()
	}
	return "exited with status 0"
}
