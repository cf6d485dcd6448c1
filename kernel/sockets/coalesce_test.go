package sockets

import (
	"bytes"
	"encoding/binary"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"
)

// recordingConn records what the guard writes to the network.
type recordingConn struct {
	net.Conn
	writes [][]byte
}

func (r *recordingConn) Write(p []byte) (int, error) {
	r.writes = append(r.writes, bytes.Clone(p))
	return len(p), nil
}
func (r *recordingConn) SetWriteDeadline(time.Time) error { return nil }
func (r *recordingConn) Close() error                     { return nil }
func (r *recordingConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }

func (r *recordingConn) sent() []byte { return bytes.Join(r.writes, nil) }

func newRecordingGuardConn() (*guardConn, *recordingConn) {
	rec := &recordingConn{}
	g := &guard{opts: Options{}.withDefaults(), log: slog.New(slog.DiscardHandler)}
	return &guardConn{Conn: rec, g: g}, rec
}

// zmq4Writes splits frames the way zmq4 writes them: header, then body.
func zmq4Writes(frames ...[]byte) [][]byte {
	var w [][]byte
	for i, f := range frames {
		var flags byte
		if i < len(frames)-1 {
			flags = flagMore
		}
		if len(f) > 255 {
			w = append(w, longFrame(flags, string(f))[:9])
		} else {
			w = append(w, []byte{flags, byte(len(f))})
		}
		w = append(w, f)
	}
	return w
}

func TestGuardConnGathersAMessage(t *testing.T) {
	big := bytes.Repeat([]byte("B"), directWrite)
	tests := []struct {
		name       string
		frames     [][]byte
		wantWrites int // on a connection without vectored writes
	}{
		{"small message in one write", [][]byte{[]byte("id"), []byte("<IDS|MSG>"), []byte("sig"), []byte("{}"), {}}, 1},
		{"large body goes out with what precedes it", [][]byte{[]byte("id"), big, []byte("tail")}, 3},
		{"one empty frame", [][]byte{{}}, 1},
	}
	for _, tt := range tests {
		c, rec := newRecordingGuardConn()
		writes := zmq4Writes(tt.frames...)
		var want []byte
		for _, w := range writes {
			if _, err := c.Write(w); err != nil {
				t.Fatal(err)
			}
			want = append(want, w...)
		}
		if !bytes.Equal(rec.sent(), want) {
			t.Errorf("%s: sent %q, want %q", tt.name, rec.sent(), want)
		}
		if len(rec.writes) != tt.wantWrites {
			t.Errorf("%s: %d writes, want %d", tt.name, len(rec.writes), tt.wantWrites)
		}
	}
}

func TestGuardConnFlushesAtMessageEnd(t *testing.T) {
	c, rec := newRecordingGuardConn()
	first := zmq4Writes([]byte("a"), []byte("b"))
	for _, w := range first[:3] {
		c.Write(w)
	}
	if len(rec.writes) != 0 {
		t.Fatalf("sent %q before the message ended", rec.sent())
	}
	c.Write(first[3])
	if !bytes.Equal(rec.sent(), []byte{flagMore, 1, 'a', 0, 1, 'b'}) {
		t.Fatalf("sent %q at the end of the message", rec.sent())
	}
	// A command (READY, PING) is a message of its own.
	c.Write([]byte{flagCommand, 5})
	c.Write([]byte("\x04PING"))
	if !bytes.HasSuffix(rec.sent(), []byte("\x04\x05\x04PING")) {
		t.Fatalf("command not sent: %q", rec.sent())
	}
}

func TestGuardConnWritesThroughOnUnknownBytes(t *testing.T) {
	c, rec := newRecordingGuardConn()
	c.Write([]byte{0x80, 'x'})
	c.Write([]byte("more"))
	if string(rec.sent()) != "\x80xmore" || len(rec.writes) != 2 {
		t.Fatalf("writes %q", rec.writes)
	}
}

// FuzzOutTracker writes random messages in random pieces and checks that
// the bytes go out unchanged, each message complete by its last write.
func FuzzOutTracker(f *testing.F) {
	f.Add([]byte{3, 'a', 'b', 'c', 0, 1, 'x'}, []byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, spec, cuts []byte) {
		c, rec := newRecordingGuardConn()
		var want []byte
		ci := 0
		for len(spec) > 0 {
			// spec: frame count, then for each frame a length byte
			// (scaled) and its contents are filler.
			n := int(spec[0]%4) + 1
			spec = spec[1:]
			var frames [][]byte
			for range n {
				size := 0
				if len(spec) > 0 {
					size = int(spec[0]) * 97
					spec = spec[1:]
				}
				frames = append(frames, bytes.Repeat([]byte{'f'}, size))
			}
			stream := bytes.Join(zmq4Writes(frames...), nil)
			for len(stream) > 0 {
				k := len(stream)
				if ci < len(cuts) {
					k = min(k, int(cuts[ci])+1)
					ci++
				}
				if _, err := c.Write(stream[:k]); err != nil {
					t.Fatal(err)
				}
				want = append(want, stream[:k]...)
				stream = stream[k:]
			}
			if !bytes.Equal(rec.sent(), want) {
				t.Fatalf("after a message: sent %d bytes, want %d", len(rec.sent()), len(want))
			}
		}
	})
}

// scriptedConn returns its chunks one Read at a time, the last one with
// io.EOF, as a connection may.
type scriptedConn struct {
	net.Conn
	chunks [][]byte
	reads  int
}

func (s *scriptedConn) Read(p []byte) (int, error) {
	s.reads++
	if len(s.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.chunks[0])
	s.chunks[0] = s.chunks[0][n:]
	if len(s.chunks[0]) == 0 {
		s.chunks = s.chunks[1:]
	}
	if len(s.chunks) == 0 {
		return n, io.EOF
	}
	return n, nil
}

func TestGuardConnReadBuffer(t *testing.T) {
	big := bytes.Repeat([]byte("L"), 3*readBufSize)
	stream := bytes.Join([][]byte{
		shortFrame(flagMore, "id"), shortFrame(flagMore, "<IDS|MSG>"), longFrame(flagMore, string(big)), shortFrame(0, "end"),
	}, nil)
	sc := &scriptedConn{chunks: [][]byte{stream[:5], stream[5:40], stream[40:]}}
	g := &guard{opts: Options{}.withDefaults(), log: slog.New(slog.DiscardHandler)}
	c := &guardConn{Conn: sc, g: g, parser: frameParser{maxFrame: 1 << 30, maxMessage: 1 << 30}}
	var got []byte
	// Read as zmq4 does: a 2-byte header, the long size, then the body.
	for {
		var hdr [2]byte
		if _, err := io.ReadFull(c, hdr[:]); err != nil {
			if err != io.EOF {
				t.Fatalf("after %d bytes: %v", len(got), err)
			}
			break
		}
		got = append(got, hdr[:]...)
		size := uint64(hdr[1])
		if hdr[0]&flagLong != 0 {
			var rest [7]byte
			if _, err := io.ReadFull(c, rest[:]); err != nil {
				t.Fatal(err)
			}
			got = append(got, rest[:]...)
			size = binary.BigEndian.Uint64(append([]byte{hdr[1]}, rest[:]...))
		}
		body := make([]byte, size)
		if _, err := io.ReadFull(c, body); err != nil {
			t.Fatal(err)
		}
		got = append(got, body...)
	}
	if !bytes.Equal(got, stream) {
		t.Fatalf("read %d bytes, want %d", len(got), len(stream))
	}
	if sc.reads > 8 {
		t.Errorf("%d reads from the connection for 4 frames", sc.reads)
	}
}
