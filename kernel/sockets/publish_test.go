package sockets

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/connfile"
	"github.com/gocell/gocell/kernel/wire"
)

// rawSub is a subscriber speaking ZMTP by hand, to see exactly what the
// kernel writes.
type rawSub struct {
	t *testing.T
	c net.Conn
}

func newRawSub(t *testing.T, info *connfile.Info) *rawSub {
	c := rawPeer(t, info, wire.IOPub)
	handshakeRaw(t, c, "SUB")
	return &rawSub{t, c}
}

// subscribe sends a subscription (on) or its cancellation (off).
func (r *rawSub) subscribe(prefix string, on bool) {
	r.t.Helper()
	flag := byte(0)
	if on {
		flag = 1
	}
	if _, err := r.c.Write(append([]byte{0, byte(1 + len(prefix)), flag}, prefix...)); err != nil {
		r.t.Fatal(err)
	}
}

// next reads one message and returns its frames.
func (r *rawSub) next() [][]byte {
	r.t.Helper()
	r.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	var frames [][]byte
	for {
		var hdr [9]byte
		if _, err := io.ReadFull(r.c, hdr[:2]); err != nil {
			r.t.Fatalf("reading a frame: %v", err)
		}
		size := uint64(hdr[1])
		if hdr[0]&flagLong != 0 {
			if _, err := io.ReadFull(r.c, hdr[2:]); err != nil {
				r.t.Fatal(err)
			}
			size = binary.BigEndian.Uint64(hdr[1:])
		}
		body := make([]byte, size)
		if _, err := io.ReadFull(r.c, body); err != nil {
			r.t.Fatal(err)
		}
		frames = append(frames, body)
		if hdr[0]&flagMore == 0 {
			return frames
		}
	}
}

// sync subscribes to a fresh topic and publishes on it until it arrives, so
// that everything the peer sent before has taken effect.
func (r *rawSub) sync(s *Sockets, topic string) {
	r.t.Helper()
	r.subscribe(topic, true)
	got := make(chan struct{})
	go func() {
		defer close(got)
		for {
			if f := r.next(); string(f[0]) == topic {
				return
			}
		}
	}()
	for {
		if err := s.Send(wire.IOPub, [][]byte{[]byte(topic)}); err != nil {
			r.t.Fatal(err)
		}
		select {
		case <-got:
			r.subscribe(topic, false)
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Subscriptions match topics by prefix and are counted, as in ZeroMQ.
func TestSubscriptionTopics(t *testing.T) {
	info := newInfo(t, connfile.TCP)
	s := openSockets(t, info, Options{})
	r := newRawSub(t, info)
	r.subscribe("kernel.a", true)
	r.subscribe("kernel.a", true)
	r.subscribe("x", true)
	r.sync(s, "sync1")

	long := bytes.Repeat([]byte("L"), 300)
	steps := []struct {
		send [][]byte
		want bool
	}{
		{[][]byte{[]byte("kernel.b.status")}, false},
		{[][]byte{[]byte("x1"), long, {}}, true},
		{[][]byte{[]byte("kernel.a.one"), []byte("body")}, true},
		{[][]byte{[]byte("kernel")}, false},
	}
	// One by one, then all in one batch.
	var batch [][][]byte
	for _, st := range steps {
		if err := s.Send(wire.IOPub, st.send); err != nil {
			t.Fatal(err)
		}
		batch = append(batch, st.send)
	}
	if err := s.SendBatch(wire.IOPub, batch); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		for _, st := range steps {
			if !st.want {
				continue
			}
			got := r.next()
			if len(got) != len(st.send) {
				t.Fatalf("got %d frames %q, want %q", len(got), got, st.send)
			}
			for i := range got {
				if !bytes.Equal(got[i], st.send[i]) {
					t.Errorf("frame %d = %q, want %q", i, got[i], st.send[i])
				}
			}
		}
	}

	// Subscribed twice, cancelled once: still subscribed.
	r.subscribe("kernel.a", false)
	r.sync(s, "sync2")
	s.Send(wire.IOPub, [][]byte{[]byte("kernel.a.two")})
	if got := r.next(); string(got[0]) != "kernel.a.two" {
		t.Errorf("after one cancellation got %q, want kernel.a.two", got[0])
	}
	r.subscribe("kernel.a", false)
	r.sync(s, "sync3")
	s.Send(wire.IOPub, [][]byte{[]byte("kernel.a.three")})
	s.Send(wire.IOPub, [][]byte{[]byte("x2")})
	if got := r.next(); string(got[0]) != "x2" {
		t.Errorf("after both cancellations got %q, want x2", got[0])
	}
}

// Small messages are written at once and large ones queued; a subscriber
// gets them all in the order they were sent.
func TestPublishKeepsOrder(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			info := newInfo(t, tr)
			s := openSockets(t, info, Options{})
			sub := subscribe(t, s, info)
			sizes := []int{10, 1 << 20, 10, 10, directLimit, directLimit + 1, 10, 3 << 20, 10, 10, 10, 2 << 20, 10}
			var batch [][][]byte
			for i, n := range sizes {
				msg := [][]byte{[]byte("m"), {byte(i)}, bytes.Repeat([]byte{byte('a' + i)}, n)}
				// The last messages go as batches of two.
				if i < 9 {
					if err := s.Send(wire.IOPub, msg); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if batch = append(batch, msg); len(batch) == 2 || i == len(sizes)-1 {
					if err := s.SendBatch(wire.IOPub, batch); err != nil {
						t.Fatal(err)
					}
					batch = nil
				}
			}
			drainUntil(t, sub, "m")
			for i := 1; i < len(sizes); i++ {
				msg, err := sub.Recv()
				if err != nil {
					t.Fatal(err)
				}
				if len(msg.Frames) != 3 || msg.Frames[1][0] != byte(i) || len(msg.Frames[2]) != sizes[i] ||
					strings.Trim(string(msg.Frames[2]), string(rune('a'+i))) != "" {
					t.Fatalf("message %d arrived as %d frames, index %v", i, len(msg.Frames), msg.Frames[1])
				}
			}
		})
	}
}
