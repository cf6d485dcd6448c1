package sockets

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/gocell/gocell/kernel/connfile"
	"github.com/gocell/gocell/kernel/wire"
)

// TestJoiningSubscriberGetsWhatWasPublished: what is published after a
// subscriber connected but before its first subscription arrived reaches
// it, in order and filtered by that subscription, before what follows
// (ZeroMQ drops it: the slow joiner that left a JupyterLab client waiting
// for the status idle of its first request).
func TestJoiningSubscriberGetsWhatWasPublished(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	s := openSockets(t, info, Options{})
	r := newRawSub(t, info) // connected, handshake done, not subscribed
	for _, topic := range []string{"kernel.status.busy", "other", "kernel.status.idle"} {
		if err := s.Send(wire.IOPub, [][]byte{[]byte(topic), []byte("body")}); err != nil {
			t.Fatal(err)
		}
	}
	r.subscribe("kernel.", true)
	if err := s.Send(wire.IOPub, [][]byte{[]byte("kernel.after")}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"kernel.status.busy", "kernel.status.idle", "kernel.after"} {
		if got := r.next(); string(got[0]) != want {
			t.Fatalf("got %q, want %q", got[0], want)
		}
	}
}

// TestJoiningHoldIsBounded: a subscriber that takes long to subscribe
// gets the latest maxJoining messages, not an unbounded backlog.
func TestJoiningHoldIsBounded(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	s := openSockets(t, info, Options{})
	r := newRawSub(t, info)
	const sent = maxJoining + 10
	for i := range sent {
		if err := s.Send(wire.IOPub, [][]byte{[]byte(fmt.Sprintf("m%d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	r.subscribe("", true)
	for i := sent - maxJoining; i < sent; i++ {
		if got, want := string(r.next()[0]), fmt.Sprintf("m%d", i); got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
}

// TestSubscriberConnectedBeforePublish: a subscriber whose connection the
// system had established when a message was published gets it, though
// the kernel's accept loop had not taken the connection yet (publishing
// takes waiting connections first).
func TestSubscriberConnectedBeforePublish(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1)) // the accept loop waits its turn
	info := newInfo(t, connfile.TCP)
	s := openSockets(t, info, Options{})
	for i := range 20 {
		c := rawPeer(t, info, wire.IOPub) // returns once TCP has connected
		topic := fmt.Sprintf("early%d", i)
		if err := s.Send(wire.IOPub, [][]byte{[]byte(topic)}); err != nil {
			t.Fatal(err)
		}
		handshakeRaw(t, c, "SUB")
		r := &rawSub{t, c}
		r.subscribe("", true)
		if got := string(r.next()[0]); got != topic {
			t.Fatalf("connection %d: got %q first, want %q", i, got, topic)
		}
		c.Close()
	}
}
