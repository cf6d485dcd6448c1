package main

import (
	"context"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

// blockingSession runs a cell until its release channel is closed.
type blockingSession struct {
	session.Session
	started chan struct{}
	release chan struct{}
	closed  atomic.Bool
}

func (b *blockingSession) Execute(context.Context, session.ExecuteRequest, session.Sink, session.Stdin) session.ExecuteReply {
	b.started <- struct{}{}
	<-b.release
	return session.ExecuteReply{}
}

func (b *blockingSession) Close() error {
	b.closed.Store(true)
	return nil
}

// waitFor polls cond for up to 10 s.
func waitFor(cond func() bool) bool {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// TestIdleRelease: memory is released once after a cell ends and the
// session stays idle, never while a cell runs, and not after Close.
func TestIdleRelease(t *testing.T) {
	const idle = 5 * time.Millisecond
	newRelease := func() (*idleRelease, *blockingSession, *atomic.Int32) {
		b := &blockingSession{started: make(chan struct{}, 4), release: make(chan struct{})}
		r := releaseWhenIdle(b, idle)
		n := new(atomic.Int32)
		r.free = func() { n.Add(1) }
		return r, b, n
	}
	exec := func(r *idleRelease) chan struct{} {
		done := make(chan struct{})
		go func() {
			r.Execute(context.Background(), session.ExecuteRequest{}, nil, nil)
			close(done)
		}()
		return done
	}

	t.Run("after a cell", func(t *testing.T) {
		r, b, n := newRelease()
		done := exec(r)
		<-b.started
		close(b.release)
		<-done
		if !waitFor(func() bool { return n.Load() == 1 }) {
			t.Fatalf("released %d times after an idle cell, want 1", n.Load())
		}
		time.Sleep(10 * idle)
		if got := n.Load(); got != 1 {
			t.Errorf("released %d times in one idle period, want 1", got)
		}
	})

	t.Run("never while a cell runs", func(t *testing.T) {
		r, b, n := newRelease()
		first := exec(r)
		<-b.started
		b.release <- struct{}{}
		<-first
		second := exec(r)
		<-b.started
		// The first cell's timer may have fired before the second began.
		before := n.Load()
		time.Sleep(20 * idle)
		if got := n.Load(); got != before {
			t.Errorf("released %d times while a cell ran, want 0", got-before)
		}
		close(b.release)
		<-second
		if !waitFor(func() bool { return n.Load() == before+1 }) {
			t.Errorf("released %d times after the running cell ended, want 1", n.Load()-before)
		}
	})

	t.Run("not after close", func(t *testing.T) {
		r, b, n := newRelease()
		r.idle = 50 * time.Millisecond
		done := exec(r)
		<-b.started
		close(b.release)
		<-done
		if err := r.Close(); err != nil || !b.closed.Load() {
			t.Fatalf("Close: %v, session closed %v", err, b.closed.Load())
		}
		time.Sleep(4 * r.idle)
		if got := n.Load(); got != 0 {
			t.Errorf("released %d times after Close, want 0", got)
		}
	})
}

// TestSetGCPercent: the kernel's target applies unless GOGC is set.
func TestSetGCPercent(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	for _, c := range []struct {
		env  string
		want int
	}{{"", kernelGCPercent}, {"80", 100}} {
		t.Setenv("GOGC", c.env)
		debug.SetGCPercent(100)
		setGCPercent()
		if got := debug.SetGCPercent(100); got != c.want {
			t.Errorf("GOGC=%q: percent %d, want %d", c.env, got, c.want)
		}
	}
}
