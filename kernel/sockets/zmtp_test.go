package sockets

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/go-zeromq/zmq4"
)

func shortFrame(flags byte, body string) []byte {
	return append([]byte{flags, byte(len(body))}, body...)
}

func longFrame(flags byte, body string) []byte {
	return append(binary.BigEndian.AppendUint64([]byte{flags | flagLong}, uint64(len(body))), body...)
}

func TestFrameParser(t *testing.T) {
	big := strings.Repeat("b", 300)
	tests := []struct {
		name      string
		subscribe bool
		stream    []byte
		errHas    string
	}{
		{"one short frame", false, shortFrame(0, "hello"), ""},
		{"multipart", false, bytes.Join([][]byte{shortFrame(flagMore, "a"), longFrame(flagMore, big), shortFrame(0, "")}, nil), ""},
		{"command", false, shortFrame(flagCommand, "\x04PING"), ""},
		{"frame at the limit", false, longFrame(0, strings.Repeat("x", 1000)), ""},
		{"frame above the limit", false, longFrame(0, strings.Repeat("x", 1001)), "frame of 1001 bytes exceeds the limit of 1000"},
		{"terabyte announced", false, binary.BigEndian.AppendUint64([]byte{flagLong}, 1<<40), "exceeds the limit"},
		{"size with top bit set", false, binary.BigEndian.AppendUint64([]byte{flagLong}, 1<<63), "exceeds the limit"},
		{"message above the limit", false, bytes.Repeat(shortFrame(flagMore, strings.Repeat("m", 200)), 10), "message exceeds the limit of 2000"},
		{"limit resets per message", false, bytes.Repeat(shortFrame(0, strings.Repeat("m", 200)), 30), ""},
		{"reserved bits", false, shortFrame(0x10, "x"), "reserved bits"},
		{"subscription", true, bytes.Join([][]byte{shortFrame(0, "\x01"), shortFrame(0, "\x00topic"), shortFrame(flagCommand, "\x04PING")}, nil), ""},
		{"data on a PUB socket", true, shortFrame(0, "hello"), "not a subscription"},
		{"empty frame on a PUB socket", true, shortFrame(0, ""), "not a subscription"},
		{"multipart on a PUB socket", true, shortFrame(flagMore, "\x01"), "not a subscription"},
	}
	for _, tt := range tests {
		// Feed the stream whole and split at every byte: the verdict
		// must not depend on how reads cut it.
		for split := 0; split <= len(tt.stream); split++ {
			fp := frameParser{maxFrame: 1000, maxMessage: 2000, subscribeOnly: tt.subscribe}
			err := fp.feed(tt.stream[:split])
			if err == nil {
				err = fp.feed(tt.stream[split:])
			}
			if tt.errHas == "" && err != nil {
				t.Fatalf("%s (split %d): %v", tt.name, split, err)
			}
			if tt.errHas != "" && (err == nil || !errors.Is(err, errPeer) || !strings.Contains(err.Error(), tt.errHas)) {
				t.Fatalf("%s (split %d): err = %v, want %q", tt.name, split, err, tt.errHas)
			}
		}
	}
}

func readyBody(props ...string) []byte {
	return readyFrame(props...)[2:]
}

func TestParseReady(t *testing.T) {
	tests := []struct {
		name   string
		body   []byte
		want   zmq4.SocketType
		errHas string
	}{
		{"dealer", readyBody("Socket-Type", "DEALER", "Identity", "abc"), zmq4.Dealer, ""},
		{"lower-case key", readyBody("socket-type", "REQ"), zmq4.Req, ""},
		{"empty identity", readyBody("Identity", "", "Socket-Type", "SUB"), zmq4.Sub, ""},
		{"empty", nil, "", "not READY"},
		{"other command", append([]byte{4}, "PING"...), "", "not READY"},
		{"name overruns", []byte{9, 'R'}, "", "not READY"},
		{"no socket type", readyBody("Identity", "x"), "", "names no socket type"},
		{"truncated key", append(readyBody(), 20, 'a'), "", "truncated"},
		{"truncated length", append(readyBody(), 1, 'a', 0, 0), "", "truncated"},
		{"value overruns", binary.BigEndian.AppendUint32(append(readyBody(), 1, 'a'), 1<<31), "", "truncated"},
		{"zero-length key", append(readyBody(), 0, 0, 0, 0, 0), "", "truncated"},
	}
	for _, tt := range tests {
		got, err := parseReady(tt.body)
		if tt.errHas == "" {
			if err != nil || got != tt.want {
				t.Errorf("%s: parseReady = %q, %v; want %q", tt.name, got, err, tt.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.errHas) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.errHas)
		}
	}
}

// FuzzParseReady checks that no READY body makes the guard panic (zmq4's
// own parser does, on truncated properties).
func FuzzParseReady(f *testing.F) {
	f.Add(readyBody("Socket-Type", "DEALER", "Identity", "abc"))
	f.Add([]byte{5, 'R', 'E', 'A', 'D', 'Y', 11})
	f.Fuzz(func(t *testing.T, body []byte) {
		typ, err := parseReady(body)
		if err == nil && typ == "" {
			t.Fatal("accepted a READY without a socket type")
		}
	})
}

// FuzzFrameParser checks that the parser never panics and that its verdict
// does not depend on how reads split the stream.
func FuzzFrameParser(f *testing.F) {
	f.Add(shortFrame(flagMore, "a"), uint8(1), false)
	f.Add(longFrame(0, strings.Repeat("z", 600)), uint8(3), false)
	f.Add(shortFrame(0, "\x01"), uint8(0), true)
	f.Fuzz(func(t *testing.T, stream []byte, split uint8, subscribe bool) {
		whole := frameParser{maxFrame: 512, maxMessage: 1024, subscribeOnly: subscribe}
		errWhole := whole.feed(stream)
		cut := frameParser{maxFrame: 512, maxMessage: 1024, subscribeOnly: subscribe}
		at := min(int(split), len(stream))
		errCut := cut.feed(stream[:at])
		if errCut == nil {
			errCut = cut.feed(stream[at:])
		}
		if (errWhole == nil) != (errCut == nil) {
			t.Fatalf("whole: %v; split at %d: %v", errWhole, at, errCut)
		}
	})
}

type scriptedPeer struct {
	in  *bytes.Reader
	out bytes.Buffer
}

func (p *scriptedPeer) Read(b []byte) (int, error)  { return p.in.Read(b) }
func (p *scriptedPeer) Write(b []byte) (int, error) { return p.out.Write(b) }

// FuzzHandshake checks that no bytes from a peer make the handshake panic,
// and that what it accepts names a compatible socket type.
func FuzzHandshake(f *testing.F) {
	f.Add(append(clientGreeting(), readyFrame("Socket-Type", "DEALER")...))
	f.Add(append(clientGreeting(), readyFrame("Socket-Type", "PUB", "Identity", "x")...))
	f.Add(append(clientGreeting(), longFrameHeader(flagCommand, 5)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		peer := &scriptedPeer{in: bytes.NewReader(data)}
		replay, err := handshake(peer, zmq4.Router)
		if err != nil {
			return
		}
		if !bytes.HasPrefix(data, replay) {
			t.Fatal("replay is not what the peer sent")
		}
		body := replay[greetingLen+2:]
		if replay[greetingLen]&flagLong != 0 {
			body = replay[greetingLen+9:]
		}
		typ, err := parseReady(body)
		if err != nil || !zmq4.Router.IsCompatible(typ) {
			t.Fatalf("accepted a peer of type %q (%v)", typ, err)
		}
	})
}
