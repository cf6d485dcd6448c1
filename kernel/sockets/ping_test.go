package sockets

import (
	"bytes"
	"context"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/connfile"
	"github.com/gocell/gocell/kernel/wire"
)

func TestPingFilter(t *testing.T) {
	ping := shortFrame(flagCommand, "\x04PING\x00\x0actx")
	big := strings.Repeat("B", 300)
	tests := []struct {
		name      string
		stream    []byte
		want      []byte
		wantPings int
	}{
		{"messages only",
			bytes.Join([][]byte{shortFrame(flagMore, "a"), longFrame(0, big)}, nil),
			bytes.Join([][]byte{shortFrame(flagMore, "a"), longFrame(0, big)}, nil), 0},
		{"ping between messages",
			bytes.Join([][]byte{shortFrame(0, "a"), ping, shortFrame(0, "b")}, nil),
			bytes.Join([][]byte{shortFrame(0, "a"), shortFrame(0, "b")}, nil), 1},
		{"ping with a long header",
			bytes.Join([][]byte{longFrame(flagCommand, "\x04PING\x00\x00"), shortFrame(0, "b")}, nil),
			shortFrame(0, "b"), 1},
		{"other commands pass",
			bytes.Join([][]byte{shortFrame(flagCommand, "\x04PONG"), shortFrame(flagCommand, ""), ping}, nil),
			bytes.Join([][]byte{shortFrame(flagCommand, "\x04PONG"), shortFrame(flagCommand, "")}, nil), 1},
		{"large command passes",
			longFrame(flagCommand, "\x04PING"+big), longFrame(flagCommand, "\x04PING"+big), 0},
		{"PING-like data passes",
			shortFrame(0, "\x04PING\x00\x00"), shortFrame(0, "\x04PING\x00\x00"), 0},
	}
	for _, tt := range tests {
		for split := 0; split <= len(tt.stream); split++ {
			var f pingFilter
			var pings [][]byte
			record := func(b []byte) { pings = append(pings, bytes.Clone(b)) }
			out := f.filter(tt.stream[:split], nil, record)
			out = f.filter(tt.stream[split:], out, record)
			if !bytes.Equal(out, tt.want) {
				t.Fatalf("%s (split %d): out %q, want %q", tt.name, split, out, tt.want)
			}
			if len(pings) != tt.wantPings {
				t.Fatalf("%s (split %d): %d pings, want %d", tt.name, split, len(pings), tt.wantPings)
			}
		}
	}
}

func TestPongFrame(t *testing.T) {
	tests := []struct{ ping, want string }{
		{"\x04PING\x00\x0actx", "\x04\x08\x04PONGctx"},
		{"\x04PING\x00\x00", "\x04\x05\x04PONG"},
		{"\x04PING", "\x04\x05\x04PONG"},
	}
	for _, tt := range tests {
		if got := pongFrame([]byte(tt.ping)); string(got) != tt.want {
			t.Errorf("pongFrame(%q) = %q, want %q", tt.ping, got, tt.want)
		}
	}
}

// The guard answers a PING on every socket, and the messages around it
// still arrive.
func TestPingAnswered(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	s := openSockets(t, info, Options{})
	for _, ch := range channels {
		c := rawPeer(t, info, ch)
		handshakeRaw(t, c, peerType[ch])
		if _, err := c.Write(shortFrame(flagCommand, "\x04PING\x00\x0aabc")); err != nil {
			t.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		pong := make([]byte, 10)
		if _, err := io.ReadFull(c, pong); err != nil || string(pong) != "\x04\x08\x04PONGabc" {
			t.Fatalf("%s: PONG = %q, %v", ch, pong, err)
		}
		if ch == wire.Shell {
			if _, err := c.Write(shortFrame(0, "after")); err != nil {
				t.Fatal(err)
			}
			frames, err := s.Receive(wire.Shell)
			if err != nil || len(frames) != 2 || string(frames[1]) != "after" {
				t.Fatalf("shell received %q, %v", frames, err)
			}
		}
	}
}

// libzmq peers with ZMTP heartbeats on stay connected: each unanswered
// PING would make them hang up and reconnect.
func TestLibzmqHeartbeatingPeersStay(t *testing.T) {
	if exec.Command("/usr/bin/python3", "-c", "import zmq").Run() != nil {
		t.Skip("pyzmq is not installed for /usr/bin/python3")
	}
	const client = `
import sys, time, zmq
ctx = zmq.Context()
socks = []
for addr, kind in zip(sys.argv[1:], (zmq.DEALER, zmq.SUB, zmq.REQ)):
    s = ctx.socket(kind)
    socks.append(s)
    s.setsockopt(zmq.HEARTBEAT_IVL, 50)
    s.setsockopt(zmq.HEARTBEAT_TIMEOUT, 200)
    if kind == zmq.SUB:
        s.setsockopt(zmq.SUBSCRIBE, b"")
    s.connect(addr)
time.sleep(1.5)
`
	info := newInfo(t, connfile.TCP)
	s := openSockets(t, info, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "/usr/bin/python3", "-c", client,
		info.Endpoint(wire.Shell), info.Endpoint(wire.IOPub), info.Endpoint(wire.Heartbeat)).CombinedOutput()
	if err != nil {
		t.Fatalf("client: %v\n%s", err, out)
	}
	for _, ch := range []wire.Channel{wire.Shell, wire.IOPub, wire.Heartbeat} {
		if n := s.guards[ch].peers(); n != 1 {
			t.Errorf("%s: %d connections from one heartbeating peer in 1.5s, want 1", ch, n)
		}
	}
}

// FuzzPingFilter checks that the filter never panics and that how reads
// split the stream changes nothing.
func FuzzPingFilter(f *testing.F) {
	f.Add(bytes.Join([][]byte{shortFrame(0, "a"), shortFrame(flagCommand, "\x04PING\x00\x00")}, nil), uint8(3))
	f.Fuzz(func(t *testing.T, stream []byte, split uint8) {
		at := min(int(split), len(stream))
		var whole, cut pingFilter
		var n1, n2 int
		out1 := whole.filter(stream, nil, func([]byte) { n1++ })
		out2 := cut.filter(stream[:at], nil, func([]byte) { n2++ })
		out2 = cut.filter(stream[at:], out2, func([]byte) { n2++ })
		if !bytes.Equal(out1, out2) || n1 != n2 {
			t.Fatalf("split at %d changed the output", at)
		}
		if len(out1) > len(stream) {
			t.Fatal("the filter added bytes")
		}
	})
}
