package main

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/sockets"
	"github.com/gocell/gocell/kernel/wire"
)

// peerlessTransport fails the first noPeer sends with sockets.ErrNoPeer.
type peerlessTransport struct {
	noPeer int
	sends  int
}

func (p *peerlessTransport) Receive(wire.Channel) ([][]byte, error) { return nil, errors.New("unused") }

func (p *peerlessTransport) Send(ch wire.Channel, frames [][]byte) error {
	p.sends++
	if p.sends <= p.noPeer {
		return fmt.Errorf("sockets: send on %s: %w", ch, sockets.ErrNoPeer)
	}
	return nil
}

func TestReplyTransportWaitsForThePeer(t *testing.T) {
	tests := []struct {
		name      string
		ch        wire.Channel
		noPeer    int
		wantErr   bool
		wantSends int
	}{
		{"shell, peer counted at once", wire.Shell, 0, false, 1},
		{"shell, peer counted late", wire.Shell, 3, false, 4},
		{"control, peer counted late", wire.Control, 2, false, 3},
		{"shell, never a peer", wire.Shell, 1 << 30, true, 11},
		{"stdin is not retried", wire.Stdin, 1, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &peerlessTransport{noPeer: tt.noPeer}
			rt := &replyTransport{Transport: p, pause: time.Microsecond, limit: 10 * time.Microsecond}
			err := rt.Send(tt.ch, [][]byte{[]byte("id"), []byte("msg")})
			if (err != nil) != tt.wantErr || (err != nil && !errors.Is(err, sockets.ErrNoPeer)) {
				t.Errorf("Send error = %v, want error %v", err, tt.wantErr)
			}
			if p.sends != tt.wantSends {
				t.Errorf("%d sends, want %d", p.sends, tt.wantSends)
			}
		})
	}
}
