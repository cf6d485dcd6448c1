package sockets

import (
	"bytes"
	"context"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/go-zeromq/zmq4"

	"github.com/gocell/gocell/kernel/wire"
)

// readyProps parses the READY command after the greeting in b.
func readyProps(t *testing.T, b []byte) [][2]string {
	t.Helper()
	hdr := b[greetingLen:]
	if hdr[0]&^flagLong != flagCommand {
		t.Fatalf("flags %#x", hdr[0])
	}
	size, hlen := uint64(hdr[1]), 2
	if hdr[0]&flagLong != 0 {
		size, hlen = binary.BigEndian.Uint64(hdr[1:9]), 9
	}
	if uint64(len(hdr)) != uint64(hlen)+size {
		t.Fatalf("READY of %d bytes announces %d", len(hdr)-hlen, size)
	}
	body := hdr[hlen:]
	if _, err := parseReady(body); err != nil {
		t.Fatal(err)
	}
	var props [][2]string
	for p := body[1+body[0]:]; len(p) > 0; {
		klen := int(p[0])
		vlen := int(binary.BigEndian.Uint32(p[1+klen:]))
		props = append(props, [2]string{string(p[1 : 1+klen]), string(p[1+klen+4 : 1+klen+4+vlen])})
		p = p[1+klen+4+vlen:]
	}
	return props
}

func TestWithIdentity(t *testing.T) {
	long := strings.Repeat("v", 300)
	tests := []struct {
		name   string
		props  []string
		wantID string
		want   [][2]string
	}{
		{"none", []string{"Socket-Type", "DEALER"}, "given", [][2]string{{"Socket-Type", "DEALER"}, {"Identity", "given"}}},
		{"empty", []string{"Identity", "", "Socket-Type", "DEALER"}, "given", [][2]string{{"Socket-Type", "DEALER"}, {"Identity", "given"}}},
		{"own", []string{"Socket-Type", "REQ", "Identity", "mine"}, "mine", [][2]string{{"Socket-Type", "REQ"}, {"Identity", "mine"}}},
		{"own lower case, last wins", []string{"identity", "x", "Socket-Type", "DEALER", "IDENTITY", "y"}, "y",
			[][2]string{{"Socket-Type", "DEALER"}, {"Identity", "y"}}},
		{"long READY", []string{"Socket-Type", "DEALER", "X-Long", long}, "given",
			[][2]string{{"Socket-Type", "DEALER"}, {"X-Long", long}, {"Identity", "given"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := append([]byte{5}, "READY"...)
			for i := 0; i < len(tt.props); i += 2 {
				body = append(body, byte(len(tt.props[i])))
				body = append(body, tt.props[i]...)
				body = binary.BigEndian.AppendUint32(body, uint32(len(tt.props[i+1])))
				body = append(body, tt.props[i+1]...)
			}
			in := clientGreeting()
			if len(body) > 255 {
				in = append(in, flagCommand|flagLong)
				in = binary.BigEndian.AppendUint64(in, uint64(len(body)))
			} else {
				in = append(in, flagCommand, byte(len(body)))
			}
			in = append(in, body...)
			out, id := withIdentity(in, "given")
			if id != tt.wantID {
				t.Errorf("id = %q, want %q", id, tt.wantID)
			}
			if !bytes.Equal(out[:greetingLen], clientGreeting()) {
				t.Error("greeting changed")
			}
			got := readyProps(t, out)
			if len(got) != len(tt.want) {
				t.Fatalf("properties %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("property %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// Peers that give no identity each get their own replies.
func TestRoutesToAnonymousPeers(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			info := newInfo(t, tr)
			s := openSockets(t, info, Options{})
			ctx := context.Background()
			peers := []zmq4.Socket{
				dial(t, info, wire.Shell, zmq4.NewDealer(ctx)),
				dial(t, info, wire.Shell, zmq4.NewDealer(ctx)),
				dial(t, info, wire.Shell, zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("named")))),
			}
			ids := map[string]int{}
			for i, d := range peers {
				if err := d.Send(zmq4.NewMsgString(string(rune('0' + i)))); err != nil {
					t.Fatal(err)
				}
				frames, err := s.Receive(wire.Shell)
				if err != nil {
					t.Fatal(err)
				}
				ids[string(frames[0])] = int(frames[1][0] - '0')
			}
			if len(ids) != len(peers) {
				t.Fatalf("identities %v are not distinct", ids)
			}
			if _, ok := ids["named"]; !ok {
				t.Errorf("the peer's own identity is not used: %v", ids)
			}
			for id, i := range ids {
				if err := s.Send(wire.Shell, [][]byte{[]byte(id), []byte("for"), {byte(i)}}); err != nil {
					t.Fatal(err)
				}
			}
			for i, d := range peers {
				msg, err := d.Recv()
				if err != nil || len(msg.Frames) != 2 || string(msg.Frames[0]) != "for" || msg.Frames[1][0] != byte(i) {
					t.Errorf("peer %d got %q, %v", i, msg.Frames, err)
				}
			}
			// A reply to a peer that is gone is dropped without error.
			if err := s.Send(wire.Shell, [][]byte{[]byte("gone"), []byte("x")}); err != nil {
				t.Errorf("reply to an unknown peer: %v", err)
			}
		})
	}
}
