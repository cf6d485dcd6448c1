package sockets

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/gocell/gocell/kernel/connfile"
	"github.com/gocell/gocell/kernel/wire"
)

var transports = []string{connfile.TCP, connfile.IPC}

// roundTrip checks that a DEALER on ch reaches the kernel and gets the
// reply routed back to it.
func roundTrip(t *testing.T, s *Sockets, info *connfile.Info, ch wire.Channel, id string) {
	t.Helper()
	ctx := context.Background()
	d := dial(t, info, ch, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity(id))))
	if err := d.SendMulti(zmq4.NewMsgFrom([]byte("hello"), []byte{0, 1})); err != nil {
		t.Fatal(err)
	}
	frames, err := s.Receive(ch)
	if err != nil {
		t.Fatal(err)
	}
	if len(frames) != 3 || string(frames[0]) != id || string(frames[1]) != "hello" || string(frames[2]) != "\x00\x01" {
		t.Fatalf("%s received %q", ch, frames)
	}
	if err := s.Send(ch, [][]byte{frames[0], []byte("reply"), []byte("2")}); err != nil {
		t.Fatal(err)
	}
	msg, err := d.Recv()
	if err != nil {
		t.Fatal(err)
	}
	if len(msg.Frames) != 2 || string(msg.Frames[0]) != "reply" || string(msg.Frames[1]) != "2" {
		t.Fatalf("%s client got %q", ch, msg.Frames)
	}
}

func heartbeat(t *testing.T, info *connfile.Info) {
	t.Helper()
	req := dial(t, info, wire.Heartbeat, zmq4.NewReq(context.Background()))
	for _, ping := range []string{"ping", "again"} {
		if err := req.Send(zmq4.NewMsgString(ping)); err != nil {
			t.Fatal(err)
		}
		msg, err := req.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if len(msg.Frames) != 1 || string(msg.Frames[0]) != ping {
			t.Fatalf("heartbeat echoed %q, want %q", msg.Frames, ping)
		}
	}
}

// subscribe connects a SUB and publishes until it receives, to get past
// PUB/SUB's slow joining.
func subscribe(t *testing.T, s *Sockets, info *connfile.Info) zmq4.Socket {
	t.Helper()
	sub := dial(t, info, wire.IOPub, zmq4.NewSub(context.Background()))
	if err := sub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	got := make(chan zmq4.Msg, 1)
	go func() {
		msg, err := sub.Recv()
		if err == nil {
			got <- msg
		}
	}()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if err := s.Send(wire.IOPub, [][]byte{[]byte("sync")}); err != nil {
			t.Fatal(err)
		}
		select {
		case msg := <-got:
			if string(msg.Frames[0]) != "sync" {
				t.Fatalf("subscriber got %q", msg.Frames)
			}
			return sub
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatal("subscriber never received")
	return nil
}

// drain receives on sub until it sees a message whose first frame is want.
func drainUntil(t *testing.T, sub zmq4.Socket, want string) {
	t.Helper()
	for {
		msg, err := sub.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if string(msg.Frames[0]) == want {
			return
		}
	}
}

func TestRoundTrips(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			info := newInfo(t, tr)
			s := openSockets(t, info, Options{})
			for _, ch := range []wire.Channel{wire.Shell, wire.Control, wire.Stdin} {
				roundTrip(t, s, info, ch, "client-"+ch.String())
			}
			heartbeat(t, info)
			sub := subscribe(t, s, info)
			if err := s.Send(wire.IOPub, [][]byte{[]byte("topic"), []byte("body")}); err != nil {
				t.Fatal(err)
			}
			drainUntil(t, sub, "topic")
		})
	}
}

func TestRoutesToTheRightPeer(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	s := openSockets(t, info, Options{})
	ctx := context.Background()
	a := dial(t, info, wire.Shell, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("a"))))
	b := dial(t, info, wire.Shell, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("b"))))
	for _, d := range []zmq4.Socket{a, b} {
		if err := d.Send(zmq4.NewMsgString("hi")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Receive(wire.Shell); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"b", "a"} {
		if err := s.Send(wire.Shell, [][]byte{[]byte(id), []byte("for " + id)}); err != nil {
			t.Fatal(err)
		}
	}
	for id, d := range map[string]zmq4.Socket{"a": a, "b": b} {
		msg, err := d.Recv()
		if err != nil || string(msg.Frames[0]) != "for "+id {
			t.Errorf("peer %s got %q, %v", id, msg.Frames, err)
		}
	}
}

func TestPortInUse(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(info.ControlPort))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = Open(context.Background(), info, Options{})
	if err == nil {
		t.Fatal("Open succeeded on a port in use")
	}
	if !errors.Is(err, syscall.EADDRINUSE) {
		t.Errorf("error %v is not EADDRINUSE to errors.Is", err)
	}
	for _, want := range []string{"control", info.Endpoint(wire.Control), "address already in use"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	// The sockets bound before the failure are released: the shell port
	// binds again. (The fresh control port may be taken by another test's
	// connection between freePorts and Open; then another is tried.)
	for attempt := 0; ; attempt++ {
		again := &connfile.Info{Transport: "tcp", IP: "127.0.0.1", ShellPort: info.ShellPort,
			ControlPort: freePorts(t, 1)[0], StdinPort: info.StdinPort, IOPubPort: info.IOPubPort, HBPort: info.HBPort}
		s, err := Open(context.Background(), again, Options{})
		if err == nil {
			s.Close()
			return
		}
		if attempt == 4 || !strings.Contains(err.Error(), "bind control") {
			t.Fatalf("the shell port was not released: %v", err)
		}
	}
}

func TestCloseUnblocksReceive(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	s := openSockets(t, info, Options{})
	dial(t, info, wire.Shell, zmq4.NewDealer(context.Background()))
	errc := make(chan error, 1)
	go func() {
		_, err := s.Receive(wire.Shell)
		errc <- err
	}()
	time.Sleep(50 * time.Millisecond)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; !errors.Is(err, net.ErrClosed) {
		t.Errorf("Receive after Close = %v, want net.ErrClosed", err)
	}
	if err := s.Send(wire.IOPub, [][]byte{[]byte("x")}); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Send after Close = %v, want net.ErrClosed", err)
	}
	if _, err := s.Receive(wire.Control); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Receive after Close = %v, want net.ErrClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestContextEndsSockets(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Open(ctx, info, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for !s.closed.Load() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := s.Receive(wire.Shell); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Receive after cancel = %v", err)
	}
}

func TestSendErrors(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	s := openSockets(t, info, Options{})
	tests := []struct {
		ch     wire.Channel
		frames [][]byte
		want   string
	}{
		{wire.Heartbeat, [][]byte{[]byte("x")}, "cannot send on channel hb"},
		{wire.Channel(42), [][]byte{[]byte("x")}, "cannot send"},
		{wire.Shell, [][]byte{[]byte("id")}, "need an identity"},
		{wire.Stdin, [][]byte{[]byte("id"), []byte("x")}, "no peer has connected"},
		{wire.IOPub, nil, "no frames"},
	}
	for _, tt := range tests {
		err := s.Send(tt.ch, tt.frames)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Send(%v, %q) = %v, want %q", tt.ch, tt.frames, err, tt.want)
		}
	}
	if _, err := s.Receive(wire.IOPub); err == nil {
		t.Error("Receive on iopub succeeded")
	}
}

func TestConcurrentSends(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	s := openSockets(t, info, Options{})
	d := dial(t, info, wire.Shell, zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("c"))))
	if err := d.Send(zmq4.NewMsgString("hi")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Receive(wire.Shell); err != nil {
		t.Fatal(err)
	}
	const senders, each = 4, 50
	var wg sync.WaitGroup
	for g := range senders {
		wg.Go(func() {
			for i := range each {
				frames := [][]byte{[]byte("c"), {byte(g)}, {byte(i)}}
				if err := s.Send(wire.Shell, frames); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	next := make([]int, senders)
	for range senders * each {
		msg, err := d.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if len(msg.Frames) != 2 {
			t.Fatalf("interleaved message %q", msg.Frames)
		}
		g, i := int(msg.Frames[0][0]), int(msg.Frames[1][0])
		if i != next[g] {
			t.Fatalf("sender %d: got message %d, want %d", g, i, next[g])
		}
		next[g]++
	}
}

// Messages given to Send on IOPub just before Close still reach the
// connSet: the last status of a shutdown must not be lost.
func TestCloseDeliversQueuedIOPub(t *testing.T) {
	// A long linger keeps the test from depending on the machine's load:
	// Close returns as soon as the queue is drained.
	for _, linger := range []time.Duration{30 * time.Second, -1} {
		info := newInfo(t, connfile.TCP)
		s := openSockets(t, info, Options{Linger: linger})
		sub := subscribe(t, s, info)
		const n = 100
		last := make(chan int, 1)
		go func() {
			seen := -1
			for {
				msg, err := sub.Recv()
				if err != nil || seen == n-1 {
					last <- seen
					return
				}
				if string(msg.Frames[0]) == "m" {
					seen = int(msg.Frames[1][0])
				}
			}
		}()
		payload := make([]byte, 64<<10)
		for i := range n {
			if err := s.Send(wire.IOPub, [][]byte{[]byte("m"), {byte(i)}, payload}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		got := <-last
		if linger > 0 && got != n-1 {
			t.Errorf("with linger the last message received was %d of %d", got, n-1)
		}
		if linger < 0 {
			t.Logf("without linger the last message received was %d of %d", got, n-1)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*connfile.Info)
		want   []string
	}{
		{"ipc directory missing", func(i *connfile.Info) { i.Transport, i.IP = connfile.IPC, "/nonexistent/dir/k" },
			[]string{"bind shell to ipc:///nonexistent/dir/k-", "no such file or directory"}},
		{"address not on this machine", func(i *connfile.Info) { i.IP = "192.0.2.1" },
			[]string{"bind shell to tcp://192.0.2.1:", "cannot assign requested address"}},
	}
	for _, tt := range tests {
		info := newInfo(t, connfile.TCP)
		tt.modify(info)
		s, err := Open(context.Background(), info, Options{})
		if err == nil {
			s.Close()
			t.Errorf("%s: Open succeeded", tt.name)
			continue
		}
		for _, want := range tt.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q does not contain %q", tt.name, err, want)
			}
		}
	}
	if _, err := Open(context.Background(), nil, Options{}); err == nil {
		t.Error("Open(nil) succeeded")
	}
}
