package sockets

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gocell/gocell/kernel/rawio"
)

// guardConn is a vetted peer's connection as zmq4 sees it.
type guardConn struct {
	net.Conn
	g *guard
	// replay is what the handshake read from the peer, for zmq4 to read.
	replay []byte
	// swallow counts the bytes of zmq4's own greeting still to discard:
	// the handshake already sent the same greeting.
	swallow int
	parser  frameParser
	dropped atomic.Bool
	// raw reads and writes the connection with raw system calls where the
	// platform allows (package rawio); nil: through net.Conn.
	raw *rawio.Conn

	// Read buffer: bytes are read into rstore and filtered into fstore;
	// rbuf is the unread part of fstore, rerr the error that came with
	// its bytes, returned once they are consumed.
	rstore []byte
	fstore []byte
	rbuf   []byte
	rerr   error
	pings  pingFilter

	// subs are the peer's subscriptions, on a PUB socket; ready is set
	// once zmq4 has written its handshake, after which Send on IOPub
	// writes messages to the connection itself.
	subs  subscription
	ready atomic.Bool
	// id is the routing identity of a ROUTER socket's peer.
	id string
	// queue holds the IOPub messages waiting for this peer; writing is
	// set while a goroutine writes them.
	qmu     sync.Mutex
	queue   [][][]byte
	writing bool
	wanted  [][][]byte // publish's scratch
	// joining is set from a PUB peer's connection until its first
	// subscription (or joinWindow) with held what was published meanwhile
	// (see join.go).
	joining  bool
	joinedAt time.Time
	held     [][][]byte

	wmu     sync.Mutex
	msgBuf  []byte      // the current IOPub message, headers and small frames
	msgBufs net.Buffers // what writeMessage writes
	out     outTracker
	pending []byte // small writes of the current message, not sent yet
	pongs   []byte // PONGs to send when the current message ends
}

// readBufSize is the read buffer of a peer's connection: zmq4 reads each
// frame header and body separately, and without a buffer each read would
// be a system call.
const readBufSize = 16 << 10

// Read serves the replayed handshake, then passes the peer's bytes on,
// PINGs taken out, once the frame parser has accepted them.
func (c *guardConn) Read(p []byte) (int, error) {
	if len(c.replay) > 0 {
		n := copy(p, c.replay)
		c.replay = c.replay[n:]
		return n, nil
	}
	for len(c.rbuf) == 0 {
		if c.rerr != nil {
			err := c.rerr
			c.rerr = nil
			return 0, err
		}
		if body := c.pings.passing(); body >= readBufSize && len(p) >= readBufSize {
			// Inside a large body: no point in copying it through the
			// buffer.
			n, err := c.connRead(p[:min(uint64(len(p)), body)])
			c.pings.passed(n)
			return c.accept(p, n, err)
		}
		if c.rstore == nil {
			c.rstore = make([]byte, readBufSize)
		}
		n, err := c.connRead(c.rstore)
		c.rbuf = c.pings.filter(c.rstore[:n], c.fstore[:0], c.pong)
		c.fstore = c.rbuf[:0]
		if len(c.rbuf) == 0 && err != nil {
			return 0, err
		}
		c.rerr = err
	}
	n := copy(p, c.rbuf)
	c.rbuf = c.rbuf[n:]
	return c.accept(p, n, nil)
}

// newRawIO returns raw I/O for c's descriptor, nil when it has none.
func newRawIO(c net.Conn) *rawio.Conn {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return rawio.New(rc)
}

// connRead reads from the peer's connection.
func (c *guardConn) connRead(p []byte) (int, error) {
	if c.raw == nil {
		return c.Conn.Read(p)
	}
	n, err := c.raw.Read(p)
	if err != nil && err != io.EOF {
		err = &net.OpError{Op: "read", Net: c.LocalAddr().Network(), Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: err}
	}
	return n, err
}

// connWrite writes all of bufs to the peer's connection, in one vectored
// write when the socket takes it.
func (c *guardConn) connWrite(bufs net.Buffers) error {
	if c.raw == nil {
		_, err := bufs.WriteTo(c.Conn)
		return err
	}
	if _, err := c.raw.Writev(bufs); err != nil {
		return &net.OpError{Op: "write", Net: c.LocalAddr().Network(), Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: err}
	}
	return nil
}

// pong answers a PING, at once when no message is half written, else as
// soon as the message being written ends.
func (c *guardConn) pong(ping []byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.pongs = append(c.pongs, pongFrame(ping)...)
	if c.out.atEnd() && len(c.pending) == 0 {
		_ = c.sendPongs()
	}
}

// sendPongs writes the PONGs waiting; wmu is held.
func (c *guardConn) sendPongs() error {
	if len(c.pongs) == 0 {
		return nil
	}
	err := c.send(net.Buffers{c.pongs})
	c.pongs = c.pongs[:0]
	return err
}

// accept runs the bytes about to reach zmq4 through the frame parser.
func (c *guardConn) accept(p []byte, n int, err error) (int, error) {
	if n > 0 {
		if perr := c.parser.feed(p[:n]); perr != nil {
			return 0, c.drop(perr)
		}
	}
	return n, err
}

// Write sends p, dropping the peer when it does not take the bytes within
// WriteTimeout: one subscriber that stops reading must not stall the
// socket for every other peer. Small writes wait for the end of their
// message (see outTracker).
func (c *guardConn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	skipped := 0
	if c.swallow > 0 {
		n := min(c.swallow, len(p))
		off := greetingLen - c.swallow
		if !bytes.Equal(p[:n], serverGreeting[off:off+n]) {
			return 0, c.drop(fmt.Errorf("%w: zmq4 sent an unexpected greeting", errPeer))
		}
		c.swallow -= n
		p, skipped = p[n:], n
		if len(p) == 0 {
			return skipped, nil
		}
	}
	end := c.out.feed(p)
	if end && !c.ready.Load() {
		c.ready.Store(true)
	}
	var err error
	switch {
	case c.out.broken || len(p) >= directWrite:
		bufs := net.Buffers{p}
		if len(c.pending) > 0 {
			bufs = net.Buffers{c.pending, p}
		}
		err = c.send(bufs)
	default:
		c.pending = append(c.pending, p...)
		if len(c.pending) > 0 && (end || len(c.pending) >= maxPending) {
			err = c.send(net.Buffers{c.pending})
		}
	}
	if err == nil && end && len(c.pongs) > 0 {
		err = c.sendPongs()
	}
	if err != nil {
		return skipped, err
	}
	return skipped + len(p), nil
}

// send writes bufs (a vectored write on TCP and Unix connections) and
// empties the pending bytes.
func (c *guardConn) send(bufs net.Buffers) error {
	c.g.inflight.Add(1)
	_ = c.Conn.SetWriteDeadline(time.Now().Add(c.g.opts.WriteTimeout))
	err := c.connWrite(bufs)
	c.g.inflight.Add(-1)
	c.pending = c.pending[:0]
	if cap(c.pending) > maxPending+directWrite {
		c.pending = nil
	}
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			err = fmt.Errorf("%w: not reading; nothing written for %v", errPeer, c.g.opts.WriteTimeout)
		}
		// Whatever failed, the connection is done with: closing it here
		// also covers zmq4 dropping a connection whose handshake it could
		// not finish without closing it.
		return c.drop(err)
	}
	return nil
}

// drop closes the peer's connection and returns an error zmq4 treats as
// a closed connection (a net.Error that is not a timeout), so it forgets
// the peer.
func (c *guardConn) drop(reason error) error {
	if c.dropped.CompareAndSwap(false, true) {
		level := slog.LevelDebug // a peer that went away
		if errors.Is(reason, errPeer) {
			level = slog.LevelWarn
		}
		c.g.log.Log(context.Background(), level, "dropping peer", "peer", c.RemoteAddr(), "err", reason)
		c.g.conns.remove(c)
	}
	abort(c.Conn)
	return &dropError{reason}
}

// abort closes c without waiting to deliver what is still queued for it:
// a dropped peer's unread backlog is not worth keeping buffers for.
func abort(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	c.Close()
}

type dropError struct{ err error }

func (e *dropError) Error() string   { return e.err.Error() }
func (e *dropError) Unwrap() error   { return e.err }
func (e *dropError) Timeout() bool   { return false }
func (e *dropError) Temporary() bool { return false }
