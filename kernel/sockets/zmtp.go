package sockets

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-zeromq/zmq4"
)

// ZMTP 3.0 framing (rfc.zeromq.org/spec/23), as much of it as the guard
// needs to vet a peer before zmq4 sees its bytes.
const (
	greetingLen = 64
	sigLen      = 10

	flagMore     = 0x01
	flagLong     = 0x02
	flagCommand  = 0x04
	flagReserved = 0xf8

	// maxReadyLen bounds the READY command of the handshake: it holds the
	// peer's socket type and identity (at most 255 bytes), nothing big.
	maxReadyLen = 4096
)

// serverGreeting is the greeting zmq4 sends: ZMTP 3.0, NULL mechanism,
// as-server 0. The guard sends it itself so it can read the peer's whole
// greeting before zmq4 takes the connection.
var serverGreeting = func() []byte {
	g := make([]byte, greetingLen)
	g[0], g[9], g[10], g[11] = 0xff, 0x7f, 3, 0
	copy(g[12:32], "NULL")
	return g
}()

// errPeer is the root of every reason the guard drops a peer.
var errPeer = errors.New("sockets: peer dropped")

// handshake runs the server side of the ZMTP greeting and reads the peer's
// READY command, checking everything zmq4 would otherwise trust (its
// metadata parser panics on truncated properties). It returns the peer's
// bytes, greeting and READY frame, for zmq4 to read again.
func handshake(rw io.ReadWriter, self zmq4.SocketType) ([]byte, error) {
	buf := make([]byte, greetingLen, greetingLen+9+maxReadyLen)
	// A libzmq peer sends its 10-byte signature, then waits for ours
	// before sending the rest of its greeting.
	if _, err := io.ReadFull(rw, buf[:sigLen]); err != nil {
		return nil, fmt.Errorf("%w: reading greeting: %w", errPeer, err)
	}
	if buf[0] != 0xff || buf[9] != 0x7f {
		return nil, fmt.Errorf("%w: not a ZMTP 3 greeting", errPeer)
	}
	if _, err := rw.Write(serverGreeting); err != nil {
		return nil, fmt.Errorf("%w: sending greeting: %w", errPeer, err)
	}
	if _, err := io.ReadFull(rw, buf[sigLen:]); err != nil {
		return nil, fmt.Errorf("%w: reading greeting: %w", errPeer, err)
	}
	if buf[10] < 3 {
		return nil, fmt.Errorf("%w: ZMTP version %d.%d, want 3.0 or later", errPeer, buf[10], buf[11])
	}
	if buf[32] > 1 {
		return nil, fmt.Errorf("%w: as-server flag %d in greeting", errPeer, buf[32])
	}
	if mech := string(bytes.TrimRight(buf[12:32], "\x00")); mech != "NULL" {
		return nil, fmt.Errorf("%w: security mechanism %q, want NULL", errPeer, mech)
	}

	var hdr [9]byte
	if _, err := io.ReadFull(rw, hdr[:2]); err != nil {
		return nil, fmt.Errorf("%w: reading READY: %w", errPeer, err)
	}
	if hdr[0]&^flagLong != flagCommand {
		return nil, fmt.Errorf("%w: handshake frame flags %#x, want a command", errPeer, hdr[0])
	}
	size, hlen := uint64(hdr[1]), 2
	if hdr[0]&flagLong != 0 {
		if _, err := io.ReadFull(rw, hdr[2:]); err != nil {
			return nil, fmt.Errorf("%w: reading READY: %w", errPeer, err)
		}
		size, hlen = binary.BigEndian.Uint64(hdr[1:]), 9
	}
	if size > maxReadyLen {
		return nil, fmt.Errorf("%w: READY command of %d bytes", errPeer, size)
	}
	buf = append(buf, hdr[:hlen]...)
	body := buf[len(buf) : len(buf)+int(size)]
	if _, err := io.ReadFull(rw, body); err != nil {
		return nil, fmt.Errorf("%w: reading READY: %w", errPeer, err)
	}
	buf = buf[:len(buf)+int(size)]
	peer, err := parseReady(body)
	if err != nil {
		return nil, err
	}
	if !self.IsCompatible(peer) {
		return nil, fmt.Errorf("%w: peer socket type %q cannot talk to %q", errPeer, peer, self)
	}
	return buf, nil
}

// parseReady checks the READY command's metadata and returns the peer's
// socket type.
func parseReady(body []byte) (zmq4.SocketType, error) {
	if len(body) < 1 || int(body[0]) > len(body)-1 || string(body[1:1+body[0]]) != zmq4.CmdReady {
		return "", fmt.Errorf("%w: handshake command is not READY", errPeer)
	}
	var sockType string
	p := body[1+body[0]:]
	for len(p) > 0 {
		klen := int(p[0])
		if klen == 0 || len(p) < 1+klen+4 {
			return "", fmt.Errorf("%w: truncated READY property", errPeer)
		}
		key := string(p[1 : 1+klen])
		vlen := binary.BigEndian.Uint32(p[1+klen:])
		p = p[1+klen+4:]
		if uint64(vlen) > uint64(len(p)) {
			return "", fmt.Errorf("%w: truncated READY property %q", errPeer, key)
		}
		if strings.EqualFold(key, "Socket-Type") {
			sockType = string(p[:vlen])
		}
		p = p[vlen:]
	}
	if sockType == "" {
		return "", fmt.Errorf("%w: READY names no socket type", errPeer)
	}
	return zmq4.SocketType(sockType), nil
}

// frameParser follows the frames flowing in from a peer after the
// handshake and fails as soon as a frame header announces more than the
// limits allow: before zmq4 reads the header and allocates the frame.
type frameParser struct {
	maxFrame, maxMessage int64
	// subscribeOnly is for PUB sockets, where a peer may only send
	// single-frame (un)subscriptions and commands: zmq4 queues anything
	// else where nobody reads it, and the peer's reader then hangs.
	subscribeOnly bool
	// onSubscription, when set, is given the body of every subscription
	// frame once it is whole.
	onSubscription func(msg []byte)
	sub            []byte

	state    int // 0 flags, 1 size byte(s), 2 body
	flags    byte
	sizeBuf  [8]byte
	sizeLen  int // bytes of the size still to read
	remain   uint64
	first    bool // the next body byte is the frame's first
	msgBytes int64
}

// maxSubscription bounds a subscription's prefix: topics are short names.
const maxSubscription = 64 << 10

// perFrameCost charges each frame for zmq4's slice header and allocation,
// so a flood of empty frames counts against the message limit too.
const perFrameCost = 64

func (fp *frameParser) feed(p []byte) error {
	for len(p) > 0 {
		switch fp.state {
		case 0:
			fp.flags = p[0]
			p = p[1:]
			if fp.flags&flagReserved != 0 {
				return fmt.Errorf("%w: frame flags %#x have reserved bits set", errPeer, fp.flags)
			}
			fp.sizeLen = 1
			if fp.flags&flagLong != 0 {
				fp.sizeLen = 8
			}
			fp.sizeBuf = [8]byte{}
			fp.state = 1
		case 1:
			n := min(fp.sizeLen, len(p))
			copy(fp.sizeBuf[8-fp.sizeLen:], p[:n])
			fp.sizeLen -= n
			p = p[n:]
			if fp.sizeLen > 0 {
				continue
			}
			if err := fp.startBody(binary.BigEndian.Uint64(fp.sizeBuf[:])); err != nil {
				return err
			}
		case 2:
			if fp.first {
				fp.first = false
				if fp.subscribeOnly && fp.flags&flagCommand == 0 && p[0] > 1 {
					return fmt.Errorf("%w: a subscriber sent a message that is not a subscription", errPeer)
				}
			}
			n := uint64(len(p))
			if n > fp.remain {
				n = fp.remain
			}
			collect := fp.onSubscription != nil && fp.flags&flagCommand == 0
			if collect {
				if len(fp.sub)+int(n) > maxSubscription {
					return fmt.Errorf("%w: a subscription of more than %d bytes", errPeer, maxSubscription)
				}
				fp.sub = append(fp.sub, p[:n]...)
			}
			fp.remain -= n
			p = p[n:]
			if fp.remain == 0 {
				fp.state = 0
				if collect {
					fp.onSubscription(fp.sub)
					fp.sub = fp.sub[:0]
				}
			}
		}
	}
	return nil
}

// startBody checks a frame's announced size against the limits.
func (fp *frameParser) startBody(size uint64) error {
	if size > uint64(fp.maxFrame) {
		return fmt.Errorf("%w: frame of %d bytes exceeds the limit of %d", errPeer, size, fp.maxFrame)
	}
	fp.msgBytes += int64(size) + perFrameCost
	if fp.msgBytes > fp.maxMessage {
		return fmt.Errorf("%w: message exceeds the limit of %d bytes", errPeer, fp.maxMessage)
	}
	if fp.subscribeOnly && fp.flags&flagCommand == 0 && (size == 0 || fp.flags&flagMore != 0) {
		return fmt.Errorf("%w: a subscriber sent a message that is not a subscription", errPeer)
	}
	if fp.flags&flagMore == 0 {
		fp.msgBytes = 0
	}
	fp.remain, fp.first, fp.state = size, true, 2
	if size == 0 {
		fp.state = 0
	}
	return nil
}
