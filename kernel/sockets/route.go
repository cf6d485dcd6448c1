package sockets

import (
	"encoding/binary"
	"strings"
)

// zmq4's ROUTER sends each message from a goroutine it starts for the
// purpose and waits for, which cost every shell reply two goroutine
// hand-offs. The guard routes replies itself: it knows each peer's routing
// identity because it gives one, in the READY command zmq4 reads, to every
// peer that does not name its own (zmq4 would otherwise make up one the
// guard cannot see).

// withIdentity returns the handshake bytes replay (greeting and READY
// command) with a READY that names the peer's identity, and that identity:
// the peer's own when it sent one, else id.
func withIdentity(replay []byte, id string) ([]byte, string) {
	hdr := replay[greetingLen:]
	size, hlen := uint64(hdr[1]), 2
	if hdr[0]&flagLong != 0 {
		size, hlen = binary.BigEndian.Uint64(hdr[1:9]), 9
	}
	body := hdr[hlen : hlen+int(size)]
	// The handshake checked the properties: names and lengths are sound.
	props := body[1+body[0]:]
	kept := make([]byte, 0, len(body)+len(id)+16)
	kept = append(kept, body[:1+body[0]]...)
	for p := props; len(p) > 0; {
		klen := int(p[0])
		key := string(p[1 : 1+klen])
		vlen := int(binary.BigEndian.Uint32(p[1+klen:]))
		end := 1 + klen + 4 + vlen
		if strings.EqualFold(key, "Identity") {
			// zmq4 keeps the last one; an empty one means none.
			if vlen > 0 {
				id = string(p[1+klen+4 : end])
			}
		} else {
			kept = append(kept, p[:end]...)
		}
		p = p[end:]
	}
	kept = append(kept, byte(len("Identity")))
	kept = append(kept, "Identity"...)
	kept = binary.BigEndian.AppendUint32(kept, uint32(len(id)))
	kept = append(kept, id...)

	out := append([]byte(nil), replay[:greetingLen]...)
	if len(kept) > 255 {
		out = append(out, flagCommand|flagLong)
		out = binary.BigEndian.AppendUint64(out, uint64(len(kept)))
	} else {
		out = append(out, flagCommand, byte(len(kept)))
	}
	out = append(out, kept...)
	// Whatever the peer sent after its READY stays for zmq4 to read.
	return append(out, hdr[hlen+int(size):]...), id
}

// route writes a message to the peers whose routing identity is frames[0]
// (none, when that peer is gone: ZeroMQ drops such messages too).
func (s *connSet) route(frames [][]byte) {
	s.mu.Lock()
	s.scratch = append(s.scratch[:0], s.conns...)
	s.mu.Unlock()
	msg := [][][]byte{frames[1:]}
	for i, c := range s.scratch {
		if c.ready.Load() && !c.dropped.Load() && c.id == string(frames[0]) {
			c.writeMessages(msg)
		}
		s.scratch[i] = nil
	}
}
