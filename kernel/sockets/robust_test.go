package sockets

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/gocell/gocell/kernel/connfile"
	"github.com/gocell/gocell/kernel/wire"
)

func longFrameHeader(flags byte, size uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{flags | flagLong}, size)
}

// attack is one way of misbehaving against a socket. handshake is the
// socket type to complete a correct handshake as first, "" for none.
type attack struct {
	name      string
	handshake bool
	bytes     func(ch wire.Channel) []byte
	only      wire.Channel // -1: every channel
}

func garbage() []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	b[0] = 'G' // not a signature, whatever the seed
	return b
}

var attacks = []attack{
	{"bad greeting", false, func(wire.Channel) []byte { return bytes.Repeat([]byte("G"), 64) }, -1},
	{"garbage", false, func(wire.Channel) []byte { return garbage() }, -1},
	{"old ZMTP version", false, func(wire.Channel) []byte { g := clientGreeting(); g[10] = 2; return g }, -1},
	{"CURVE mechanism", false, func(wire.Channel) []byte { g := clientGreeting(); copy(g[12:], "CURVE"); return g }, -1},
	{"truncated READY property", false, func(ch wire.Channel) []byte {
		f := readyFrame("Socket-Type", peerType[ch])
		f[1] -= 3
		return append(clientGreeting(), f[:len(f)-3]...)
	}, -1},
	{"READY property overruns", false, func(ch wire.Channel) []byte {
		body := append([]byte{5}, "READY"...)
		body = append(body, 11)
		body = append(body, "Socket-Type"...)
		body = binary.BigEndian.AppendUint32(body, 1000)
		return append(append(clientGreeting(), flagCommand, byte(len(body))), body...)
	}, -1},
	{"huge READY", false, func(wire.Channel) []byte {
		return append(clientGreeting(), longFrameHeader(flagCommand, 1<<40)...)
	}, -1},
	{"incompatible socket type", false, func(wire.Channel) []byte {
		return append(clientGreeting(), readyFrame("Socket-Type", "PUSH")...)
	}, -1},
	{"terabyte frame", true, func(wire.Channel) []byte { return longFrameHeader(0, 1<<40) }, -1},
	{"frame above the limit", true, func(wire.Channel) []byte { return longFrameHeader(0, 200<<20) }, -1},
	{"multipart above the message limit", true, func(wire.Channel) []byte {
		return bytes.Repeat([]byte{flagMore, 0}, 1<<16)
	}, -1},
	{"reserved flag bits", true, func(wire.Channel) []byte { return []byte{0x80, 1, 'x'} }, -1},
	{"non-subscription on iopub", true, func(wire.Channel) []byte { return []byte{0, 5, 'h', 'e', 'l', 'l', 'o'} }, wire.IOPub},
	{"multipart on iopub", true, func(wire.Channel) []byte { return []byte{flagMore, 1, 1, 0, 1, 1} }, wire.IOPub},
}

// hostileOptions keep limits small so that a kernel without the guard
// would visibly allocate what the peers announce.
var hostileOptions = Options{
	MaxFrameSize:     1 << 20,
	MaxMessageSize:   2 << 20,
	HandshakeTimeout: 300 * time.Millisecond,
	WriteTimeout:     time.Second,
}

func TestHostilePeers(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			info := newInfo(t, tr)
			var logged syncBuffer
			opts := hostileOptions
			opts.Logger = slog.New(slog.NewTextHandler(&logged, nil))
			s := openSockets(t, info, opts)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for _, ch := range channels {
				for _, a := range attacks {
					if a.only >= 0 && a.only != ch {
						continue
					}
					c := rawPeer(t, info, ch)
					if a.handshake {
						handshakeRaw(t, c, peerType[ch])
					}
					// The write may fail when the kernel hangs up first.
					_, _ = c.Write(a.bytes(ch))
					if !waitClosed(c, 5*time.Second) {
						t.Errorf("%s: peer sending %s kept its connection", ch, a.name)
					}
				}
				for _, stall := range [][]byte{nil, clientGreeting()[:sigLen]} {
					c := rawPeer(t, info, ch)
					_, _ = c.Write(stall)
					if !waitClosed(c, 5*time.Second) {
						t.Errorf("%s: peer stalling after %d bytes of handshake kept its connection", ch, len(stall))
					}
				}
			}
			runtime.ReadMemStats(&after)
			t.Logf("allocated %d KiB during the attacks", (after.TotalAlloc-before.TotalAlloc)>>10)
			// The attacks cost about 20 MiB in all (most of it zmq4's
			// frame slices for the multipart flood, cut at 2 MiB per
			// channel); obeying one frame header would cost 200 MiB.
			if grown := after.TotalAlloc - before.TotalAlloc; grown > 100<<20 {
				t.Errorf("kernel allocated %d MiB while under attack", grown>>20)
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			if after.HeapAlloc > before.HeapAlloc+16<<20 {
				t.Errorf("live heap grew from %d to %d MiB", before.HeapAlloc>>20, after.HeapAlloc>>20)
			}
			for _, want := range []string{"channel=control", "frame of 1099511627776 bytes exceeds", "not a ZMTP 3 greeting"} {
				if !strings.Contains(logged.String(), want) {
					t.Errorf("log does not mention %q", want)
				}
			}
			for _, ch := range []wire.Channel{wire.Shell, wire.Control, wire.Stdin} {
				roundTrip(t, s, info, ch, "after-"+ch.String())
			}
			heartbeat(t, info)
			sub := subscribe(t, s, info)
			if err := s.Send(wire.IOPub, [][]byte{[]byte("still here")}); err != nil {
				t.Fatal(err)
			}
			drainUntil(t, sub, "still here")
		})
	}
}

// A peer that connects and says nothing must not hold up others: zmq4
// itself would run that handshake on its only accept goroutine.
func TestSilentPeersDoNotBlockOthers(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	opts := hostileOptions
	opts.HandshakeTimeout = time.Minute
	s := openSockets(t, info, opts)
	for _, ch := range channels {
		for range 3 {
			rawPeer(t, info, ch)
		}
		_, _ = rawPeer(t, info, ch).Write(clientGreeting()[:sigLen])
	}
	roundTrip(t, s, info, wire.Shell, "patient")
	heartbeat(t, info)
}

// A subscriber that stops reading is dropped after WriteTimeout, and the
// other connSet get every message.
func TestStalledSubscriber(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			info := newInfo(t, tr)
			opts := hostileOptions
			opts.WriteTimeout = 500 * time.Millisecond
			s := openSockets(t, info, opts)

			stalled := rawPeer(t, info, wire.IOPub)
			if tc, ok := stalled.(*net.TCPConn); ok {
				_ = tc.SetReadBuffer(4096)
			}
			handshakeRaw(t, stalled, "SUB")
			if _, err := stalled.Write([]byte{0, 1, 1}); err != nil { // subscribe to everything
				t.Fatal(err)
			}
			good := subscribe(t, s, info)
			// Make sure the stalled peer is subscribed before it stalls.
			stalled.SetReadDeadline(time.Now().Add(5 * time.Second))
			if _, err := io.ReadFull(stalled, make([]byte, 6)); err != nil {
				t.Fatalf("stalled subscriber received nothing: %v", err)
			}

			const n, size = 64, 512 << 10
			payload := bytes.Repeat([]byte("x"), size)
			stalledSince := time.Now()
			for i := range n {
				if err := s.Send(wire.IOPub, [][]byte{[]byte("big"), {byte(i)}, payload}); err != nil {
					t.Fatal(err)
				}
			}
			got := make(chan error, 1)
			go func() {
				drainUntil(t, good, "big")
				for i := 1; i < n; i++ {
					msg, err := good.Recv()
					if err != nil {
						got <- err
						return
					}
					if len(msg.Frames) != 3 || msg.Frames[1][0] != byte(i) || len(msg.Frames[2]) != size {
						t.Errorf("message %d arrived as %d frames, index %v", i, len(msg.Frames), msg.Frames[1])
					}
				}
				got <- nil
			}()
			select {
			case err := <-got:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(60 * time.Second):
				t.Fatal("the reading subscriber is stalled by the one that stopped reading")
			}
			// Each subscriber has its own writer, so the reading one may be
			// done before the stalled one has left bytes unread for
			// WriteTimeout; waitClosed reads, so the stall must be over first.
			time.Sleep(time.Until(stalledSince.Add(2 * opts.WriteTimeout)))
			if !waitClosed(stalled, 10*time.Second) {
				t.Error("the subscriber that stopped reading was not dropped")
			}
		})
	}
}

// A DEALER that stops reading must not stall replies to other peers.
func TestStalledShellPeer(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	s := openSockets(t, info, hostileOptions)
	stalled := rawPeer(t, info, wire.Shell)
	if tc, ok := stalled.(*net.TCPConn); ok {
		_ = tc.SetReadBuffer(4096)
	}
	handshakeRaw(t, stalled, "DEALER")
	if _, err := stalled.Write([]byte{0, 2, 'h', 'i'}); err != nil {
		t.Fatal(err)
	}
	frames, err := s.Receive(wire.Shell)
	if err != nil {
		t.Fatal(err)
	}
	payload := bytes.Repeat([]byte("y"), 1<<20)
	for range 16 {
		// Errors are expected once the peer is dropped.
		_ = s.Send(wire.Shell, [][]byte{frames[0], payload})
	}
	roundTrip(t, s, info, wire.Shell, "other")
	if !waitClosed(stalled, 10*time.Second) {
		t.Error("the shell peer that stopped reading was not dropped")
	}
}

func TestZMQ4ClientTypes(t *testing.T) {
	// REQ may talk to the heartbeat, DEALER to it too (as some clients do).
	info := newInfo(t, connfile.TCP)
	openSockets(t, info, Options{})
	d := dial(t, info, wire.Heartbeat, zmq4.NewDealer(context.Background()))
	if err := d.SendMulti(zmq4.NewMsgFrom([]byte{}, []byte("ping"))); err != nil {
		t.Fatal(err)
	}
	msg, err := d.Recv()
	if err != nil {
		t.Fatal(err)
	}
	if len(msg.Frames) != 2 || len(msg.Frames[0]) != 0 || string(msg.Frames[1]) != "ping" {
		t.Fatalf("heartbeat answered a DEALER with %q", msg.Frames)
	}
}

// syncBuffer is a bytes.Buffer the logger may write from several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A ZMTP command from a peer (a heartbeat PING) is not a message for the
// kernel.
func TestCommandsAreNotMessages(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	s := openSockets(t, info, Options{})
	c := rawPeer(t, info, wire.Shell)
	handshakeRaw(t, c, "DEALER")
	ping := append([]byte{4}, "PING\x00\x10\x00\x00"...)
	msg := append(append([]byte{flagCommand, byte(len(ping))}, ping...), 0, 3, 'm', 's', 'g')
	if _, err := c.Write(msg); err != nil {
		t.Fatal(err)
	}
	frames, err := s.Receive(wire.Shell)
	if err != nil {
		t.Fatal(err)
	}
	if len(frames) != 2 || string(frames[1]) != "msg" {
		t.Fatalf("Receive = %q, want the message after the PING", frames)
	}
}

// The heartbeat answers while the kernel reads nothing from its other
// sockets and they back up.
func TestHeartbeatWhileShellBacksUp(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	openSockets(t, info, Options{})
	d := dial(t, info, wire.Shell, zmq4.NewDealer(context.Background()))
	for range 200 {
		if err := d.Send(zmq4.NewMsgString("unread")); err != nil {
			t.Fatal(err)
		}
	}
	heartbeat(t, info)
}

// Peers already talking to the kernel go on undisturbed while others
// attack every socket.
func TestAttacksDuringTraffic(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	s := openSockets(t, info, hostileOptions)
	go func() { // the kernel echoes on shell
		for {
			frames, err := s.Receive(wire.Shell)
			if err != nil {
				return
			}
			_ = s.Send(wire.Shell, frames)
		}
	}()
	ctx := context.Background()
	d := dial(t, info, wire.Shell, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("steady"))))
	hb := dial(t, info, wire.Heartbeat, zmq4.NewReq(ctx))
	stop := make(chan struct{})
	done := make(chan int)
	go func() {
		n := 0
		defer func() { done <- n }()
		for {
			select {
			case <-stop:
				return
			default:
			}
			want := []byte{byte(n), byte(n >> 8)}
			if err := d.Send(zmq4.NewMsg(want)); err != nil {
				t.Errorf("shell send %d: %v", n, err)
				return
			}
			msg, err := d.Recv()
			if err != nil || !bytes.Equal(msg.Frames[0], want) {
				t.Errorf("shell round trip %d: %q, %v", n, msg.Frames, err)
				return
			}
			if err := hb.Send(zmq4.NewMsg(want)); err != nil {
				t.Errorf("heartbeat send %d: %v", n, err)
				return
			}
			if msg, err := hb.Recv(); err != nil || !bytes.Equal(msg.Frames[0], want) {
				t.Errorf("heartbeat %d: %q, %v", n, msg.Frames, err)
				return
			}
			n++
		}
	}()
	for _, ch := range channels {
		for _, a := range attacks {
			if a.only >= 0 && a.only != ch {
				continue
			}
			c := rawPeer(t, info, ch)
			if a.handshake {
				handshakeRaw(t, c, peerType[ch])
			}
			_, _ = c.Write(a.bytes(ch))
			if !waitClosed(c, 5*time.Second) {
				t.Errorf("%s: peer sending %s kept its connection", ch, a.name)
			}
		}
	}
	close(stop)
	if n := <-done; n == 0 {
		t.Error("no round trip completed while the attacks ran")
	}
}

// TestHungUpPeersAreNoWarning checks that a peer that connects and hangs
// up during the handshake, closing cleanly or with a reset (as a client
// that gives up on a fresh connection does), is dropped quietly: a debug
// line, no warning.
func TestHungUpPeersAreNoWarning(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	var logged syncBuffer
	opts := hostileOptions
	opts.Logger = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := openSockets(t, info, opts)
	for _, reset := range []bool{false, true} {
		c := rawPeer(t, info, wire.Shell)
		if _, err := c.Write(clientGreeting()[:sigLen]); err != nil {
			t.Fatal(err)
		}
		if reset {
			_ = c.(*net.TCPConn).SetLinger(0)
		}
		c.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(logged.String(), "dropping peer") < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := strings.Count(logged.String(), "level=DEBUG msg=\"dropping peer\""); n != 2 {
		t.Errorf("%d debug lines for the 2 peers that hung up; log:\n%s", n, logged.String())
	}
	if strings.Contains(logged.String(), "level=WARN") {
		t.Errorf("a peer that hung up was a warning:\n%s", logged.String())
	}
	roundTrip(t, s, info, wire.Shell, "after-hangups")
}
