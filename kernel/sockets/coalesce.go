package sockets

import "encoding/binary"

// zmq4 writes every frame as two writes, header then body, so a Jupyter
// message of seven frames costs fourteen system calls. The guard gathers
// the small writes of a message and sends them together when the message
// ends; large bodies go out at once, with what was gathered before them,
// in one vectored write.
const (
	// directWrite is the size from which a write is not copied.
	directWrite = 16 << 10
	// maxPending bounds the bytes gathered before they are sent anyway.
	maxPending = 64 << 10
)

// outTracker follows the frames zmq4 writes, to tell where messages end.
type outTracker struct {
	state   int // 0 flags, 1 size byte(s), 2 body
	flags   byte
	more    bool // the last complete frame had the MORE flag
	sizeBuf [8]byte
	sizeLen int
	remain  uint64
	// broken is set on bytes that are not ZMTP framing; the guard then
	// stops gathering and writes through.
	broken bool
}

// feed consumes p and reports whether the stream is then at the end of a
// message.
func (o *outTracker) feed(p []byte) bool {
	for len(p) > 0 && !o.broken {
		switch o.state {
		case 0:
			o.flags = p[0]
			p = p[1:]
			if o.flags&flagReserved != 0 {
				o.broken = true
				return false
			}
			o.sizeLen = 1
			if o.flags&flagLong != 0 {
				o.sizeLen = 8
			}
			o.sizeBuf = [8]byte{}
			o.state = 1
		case 1:
			n := min(o.sizeLen, len(p))
			copy(o.sizeBuf[8-o.sizeLen:], p[:n])
			o.sizeLen -= n
			p = p[n:]
			if o.sizeLen == 0 {
				o.remain = binary.BigEndian.Uint64(o.sizeBuf[:])
				o.state = 2
				o.endBodyIfDone()
			}
		case 2:
			n := uint64(len(p))
			if n > o.remain {
				n = o.remain
			}
			o.remain -= n
			p = p[n:]
			o.endBodyIfDone()
		}
	}
	return o.atEnd()
}

// atEnd reports whether the bytes written so far end a message.
func (o *outTracker) atEnd() bool {
	return !o.broken && o.state == 0 && !o.more
}

func (o *outTracker) endBodyIfDone() {
	if o.remain == 0 {
		o.state = 0
		o.more = o.flags&flagMore != 0
	}
}
