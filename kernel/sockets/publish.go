package sockets

import (
	"encoding/binary"
	"net"
	"sync"
)

// zmq4's PUB socket hands every message to a goroutine of its own, which
// writes it to the connSet later: each iopub message of the kernel cost
// a goroutine hand-off (often a thread wake-up) and left after the shell
// reply sent just after it, so a client saw status idle a few hundred
// microseconds after the reply. The guard therefore publishes itself, and
// zmq4's PUB socket only accepts peers and reads their subscriptions.
//
// A small message to a subscriber with nothing queued is written before
// Send returns. Large messages, and any message behind them, are queued
// and written by a goroutine of the subscriber's own, so a client that
// reads a large output slowly does not hold up the kernel, and one that
// stopped reading holds up no one else; it is dropped after WriteTimeout.

// connSet are the peers of a PUB or ROUTER socket that zmq4 has taken
// over.
type connSet struct {
	mu    sync.Mutex
	conns []*guardConn
	// scratch is the copy of conns that publish iterates; Sends on IOPub
	// are serialised, so one is enough.
	scratch []*guardConn
}

func (s *connSet) add(c *guardConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns = append(s.conns, c)
}

func (s *connSet) remove(c *guardConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.conns {
		if x == c {
			s.conns = append(s.conns[:i], s.conns[i+1:]...)
			return
		}
	}
}

// publish writes msgs, each a message's frames, to every peer subscribed
// to their first frames. A peer that fails is dropped, as zmq4 does, and
// the others still get the messages. Calls must not overlap.
func (s *connSet) publish(msgs [][][]byte) {
	s.mu.Lock()
	s.scratch = append(s.scratch[:0], s.conns...)
	s.mu.Unlock()
	for i, c := range s.scratch {
		c.publish(msgs)
		s.scratch[i] = nil
	}
}

// queued reports whether a message is waiting to be written to any peer.
func (s *connSet) queued() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		c.qmu.Lock()
		busy := c.writing
		c.qmu.Unlock()
		if busy {
			return true
		}
	}
	return false
}

// directLimit is the size up to which a message is written to an idle
// subscriber by Send itself: it fits the socket's buffer of any peer that
// is reading.
const directLimit = maxPending

// publish writes the messages of msgs the peer subscribed to: at once, in
// one write, if they are small and nothing is queued for the peer, else
// through the peer's queue.
func (c *guardConn) publish(msgs [][][]byte) {
	if c.hold(msgs) {
		return
	}
	want := c.wanted[:0]
	size := 0
	for _, frames := range msgs {
		if c.subscribed(frames[0]) {
			want = append(want, frames)
			for _, f := range frames {
				size += len(f)
			}
		}
	}
	c.wanted = want[:0]
	if len(want) == 0 {
		return
	}
	c.qmu.Lock()
	if !c.writing && size <= directLimit {
		c.qmu.Unlock()
		c.writeMessages(want)
		clear(want)
		return
	}
	c.queue = append(c.queue, want...)
	clear(want)
	start := !c.writing
	c.writing = true
	c.qmu.Unlock()
	if start {
		go c.drain()
	}
}

// drain writes the queued messages until none is left.
func (c *guardConn) drain() {
	for {
		c.qmu.Lock()
		if len(c.queue) == 0 || c.dropped.Load() {
			c.queue = nil
			c.writing = false
			c.qmu.Unlock()
			return
		}
		frames := c.queue[0]
		c.queue[0] = nil
		c.queue = c.queue[1:]
		c.qmu.Unlock()
		c.writeMessages([][][]byte{frames})
	}
}

// subscription counts one peer's subscriptions: ZeroMQ matches topics by
// prefix and counts a prefix subscribed twice until it is cancelled twice.
type subscription struct {
	mu     sync.Mutex
	topics map[string]int
}

// update applies a subscription message: 1 then the prefix to subscribe,
// or 0 then the prefix to cancel.
func (s *subscription) update(msg []byte) {
	if len(msg) == 0 || msg[0] > 1 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	prefix := string(msg[1:])
	if msg[0] == 1 {
		if s.topics == nil {
			s.topics = map[string]int{}
		}
		s.topics[prefix]++
		return
	}
	if s.topics[prefix] > 1 {
		s.topics[prefix]--
	} else {
		delete(s.topics, prefix)
	}
}

func (s *subscription) matches(topic []byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for prefix := range s.topics {
		if len(topic) >= len(prefix) && string(topic[:len(prefix)]) == prefix {
			return true
		}
	}
	return false
}

// subscribed reports whether the peer is to receive a message on topic:
// it has subscribed to a prefix of it, and zmq4 has finished its side of
// the handshake (whose bytes must not be mixed with a message).
func (c *guardConn) subscribed(topic []byte) bool {
	if c.dropped.Load() || !c.ready.Load() {
		return false
	}
	return c.subs.matches(topic)
}

// writeMessages writes msgs as ZMTP messages: headers and small frames
// gathered in one buffer, large frames written from where they are, all in
// one vectored write.
func (c *guardConn) writeMessages(msgs [][][]byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.dropped.Load() {
		return
	}
	buf := c.msgBuf[:0]
	bufs := c.msgBufs[:0]
	start := 0 // where the bytes of buf not yet in bufs begin
	for _, frames := range msgs {
		for i, f := range frames {
			var flags byte
			if i < len(frames)-1 {
				flags |= flagMore
			}
			if len(f) > 255 {
				buf = append(buf, flags|flagLong)
				buf = binary.BigEndian.AppendUint64(buf, uint64(len(f)))
			} else {
				buf = append(buf, flags, byte(len(f)))
			}
			if len(f) < directWrite {
				buf = append(buf, f...)
				continue
			}
			// Should buf grow later, it moves, and what bufs already holds
			// stays valid where it was.
			bufs = append(bufs, buf[start:], f)
			start = len(buf)
		}
	}
	if len(buf) > start {
		bufs = append(bufs, buf[start:])
	}
	err := c.send(bufs)
	if err == nil {
		_ = c.sendPongs()
	}
	for i := range bufs {
		bufs[i] = nil
	}
	c.msgBufs = bufs[:0]
	if cap(buf) <= maxPending {
		c.msgBuf = buf[:0]
	} else {
		c.msgBuf = nil
	}
}

// Close forgets the peer before closing its connection.
func (c *guardConn) Close() error {
	c.g.conns.remove(c)
	return c.Conn.Close()
}

var _ net.Conn = (*guardConn)(nil)
