package sockets

import "encoding/binary"

// zmq4 never answers a peer's ZMTP PING (its sockets read commands as if
// they were messages: a ROUTER hands them on, a PUB queues them where no
// one reads), while libzmq peers with ZMQ_HEARTBEAT_IVL set send PINGs
// and hang up when no PONG comes back, then reconnect, losing whatever was
// published meanwhile. The guard takes PINGs out of the stream zmq4 reads
// and answers them itself.

// maxHeldCommand is the largest command frame the filter holds back to
// look at; a PING is at most 24 bytes. Larger commands pass through.
const maxHeldCommand = 64

// pingFilter removes PING commands from the bytes a peer sends.
type pingFilter struct {
	state  int // 0 frame start, 1 header, 2 passing a body, 3 holding a command
	hdr    [9]byte
	hdrLen int
	need   int    // header length: 2, or 9 for a long frame
	remain uint64 // body bytes still to pass
	held   []byte // a command frame held back whole
	heldTo int    // its full length
}

// filter appends to out what zmq4 is to read of in, and calls ping with
// the body of each PING it takes out.
func (f *pingFilter) filter(in, out []byte, ping func(body []byte)) []byte {
	for len(in) > 0 {
		switch f.state {
		case 0:
			f.hdr[0], f.hdrLen, f.need = in[0], 1, 2
			if in[0]&flagLong != 0 {
				f.need = 9
			}
			in = in[1:]
			f.state = 1
		case 1:
			n := min(f.need-f.hdrLen, len(in))
			copy(f.hdr[f.hdrLen:], in[:n])
			f.hdrLen += n
			in = in[n:]
			if f.hdrLen < f.need {
				continue
			}
			size := uint64(f.hdr[1])
			if f.need == 9 {
				size = binary.BigEndian.Uint64(f.hdr[1:9])
			}
			if f.hdr[0]&flagCommand != 0 && size <= maxHeldCommand {
				f.held = append(f.held[:0], f.hdr[:f.need]...)
				f.heldTo = f.need + int(size)
				f.state = 3
				if size == 0 {
					out = f.release(out, ping)
				}
				continue
			}
			out = append(out, f.hdr[:f.need]...)
			f.remain, f.state = size, 2
			if size == 0 {
				f.state = 0
			}
		case 2:
			n := min(f.remain, uint64(len(in)))
			out = append(out, in[:n]...)
			in = in[n:]
			f.passed(int(n))
		case 3:
			n := min(f.heldTo-len(f.held), len(in))
			f.held = append(f.held, in[:n]...)
			in = in[n:]
			if len(f.held) == f.heldTo {
				out = f.release(out, ping)
			}
		}
	}
	return out
}

// passing returns how many body bytes may go straight to zmq4 without
// being looked at.
func (f *pingFilter) passing() uint64 {
	if f.state != 2 {
		return 0
	}
	return f.remain
}

// passed records n body bytes that went straight to zmq4.
func (f *pingFilter) passed(n int) {
	f.remain -= uint64(n)
	if f.remain == 0 {
		f.state = 0
	}
}

// release ends a held command: a PING goes to ping, anything else to out.
func (f *pingFilter) release(out []byte, ping func([]byte)) []byte {
	f.state = 0
	body := f.held[f.need:]
	if len(body) >= 5 && body[0] == 4 && string(body[1:5]) == "PING" {
		ping(body)
		return out
	}
	return append(out, f.held...)
}

// pongFrame is the PONG that answers the PING with this body: the PING's
// context (after its name and 2-byte TTL) sent back.
func pongFrame(ping []byte) []byte {
	var ctx []byte
	if len(ping) > 7 {
		ctx = ping[7:]
	}
	body := append([]byte{4, 'P', 'O', 'N', 'G'}, ctx...)
	return append([]byte{flagCommand, byte(len(body))}, body...)
}
