package main

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/gocell/gocell/kernel/evaluator"
	"github.com/gocell/gocell/kernel/session"
)

// parentPollInterval is how often the kernel checks that the process that
// launched it still exists (ipykernel polls once a second too).
const parentPollInterval = time.Second

// watchParent calls stop once the process that launched the kernel is gone,
// when that launcher is a Jupyter one (it sets JPY_PARENT_PID). A frontend
// or server killed with SIGKILL cannot shut its kernels down, and
// jupyter_client starts them in a session of their own, so nothing else
// would end them. Polling the parent pid is used rather than
// PR_SET_PDEATHSIG, which fires when the thread that forked ends: Python
// launchers may start kernels from a short-lived thread.
func watchParent(ctx context.Context, stop context.CancelFunc, log *slog.Logger) {
	jpy := os.Getenv("JPY_PARENT_PID")
	if jpy == "" {
		return
	}
	first := os.Getppid()
	go func() {
		t := time.NewTicker(parentPollInterval)
		defer t.Stop()
		for {
			if parentGone(jpy, first, os.Getppid(), processExists) {
				log.Warn("the process that started the kernel is gone: shutting down",
					"JPY_PARENT_PID", jpy, "ppid", os.Getppid())
				stop()
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// parentGone reports whether the launcher has died, given JPY_PARENT_PID,
// the parent pid the kernel saw at its start and the one it sees now. An
// orphan is adopted by init or by a subreaper, so its parent pid changes.
// When the first parent is not the launcher (a wrapper forked the kernel,
// or the launcher died before the kernel looked), the launcher is also
// looked for by pid: exists reports whether a process exists.
func parentGone(jpy string, first, now int, exists func(pid int) bool) bool {
	if now != first {
		return true
	}
	want, err := strconv.Atoi(jpy)
	return err == nil && want > 0 && want != first && !exists(want)
}

// processExists reports whether pid exists; a process of another user
// (EPERM) exists too.
func processExists(pid int) bool {
	return syscall.Kill(pid, 0) != syscall.ESRCH
}

// isComplete answers is_complete in the kernel process, so that it does not
// wait for the evaluator child to start (evalproc.Options.IsComplete). The
// evaluator's IsComplete reads no session state (it parses magics and asks
// cellparse), so a zero Session gives the child's answer;
// TestLocalIsCompleteMatchesEvaluator keeps the two in step.
func isComplete(code string) (session.Completeness, error) {
	var s evaluator.Session
	return s.IsComplete(context.Background(), code)
}
