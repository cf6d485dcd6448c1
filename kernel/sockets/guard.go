package sockets

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// guard is a zmq4 transport that vets every peer before zmq4 sees it: the
// handshake is done and checked here, off zmq4's accept loop (which would
// otherwise wait on one silent peer while others queue); frame headers are
// checked against the size limits before zmq4 allocates what they announce;
// writes that make no progress for WriteTimeout drop the peer.
type guard struct {
	network  string // "tcp" or "unix"
	sockType zmq4.SocketType
	opts     Options
	log      *slog.Logger

	mu       sync.Mutex
	listener *guardListener

	// Writes in progress and the end of the last one, for Close to wait
	// until queued messages have gone out.
	inflight  atomic.Int64
	lastWrite atomic.Int64 // unix nanoseconds
}

// quiet reports whether no write is in progress and none ended within d.
func (g *guard) quiet(d time.Duration) bool {
	return g.inflight.Load() == 0 && time.Since(time.Unix(0, g.lastWrite.Load())) >= d
}

var _ transport.Transport = (*guard)(nil)

// Dial is not supported: the kernel only listens.
func (g *guard) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	return nil, errors.New("sockets: the kernel's transport does not dial")
}

// Addr turns the address part of an endpoint into one for net.Listen.
func (g *guard) Addr(ep string) (string, error) {
	if g.network == "unix" {
		return ep, nil
	}
	host, port, err := net.SplitHostPort(ep)
	if err != nil {
		return "", err
	}
	if host == "*" {
		host = "0.0.0.0"
	}
	return net.JoinHostPort(host, port), nil
}

// Listen binds addr and starts vetting the peers that connect.
func (g *guard) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := net.Listen(g.network, addr)
	if err != nil {
		return nil, err
	}
	gl := &guardListener{
		Listener: l,
		g:        g,
		ready:    make(chan net.Conn),
		done:     make(chan struct{}),
		pending:  make(chan struct{}, maxPendingHandshakes),
	}
	g.mu.Lock()
	g.listener = gl
	g.mu.Unlock()
	go gl.acceptLoop()
	return gl, nil
}

// peers returns how many peers completed the handshake so far.
func (g *guard) peers() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.listener == nil {
		return 0
	}
	return g.listener.accepted.Load()
}

// maxPendingHandshakes bounds the connections being vetted at once; more
// are closed at once rather than piling up goroutines and descriptors.
const maxPendingHandshakes = 512

type guardListener struct {
	net.Listener
	g        *guard
	ready    chan net.Conn
	done     chan struct{}
	once     sync.Once
	pending  chan struct{}
	accepted atomic.Int64
}

func (l *guardListener) acceptLoop() {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			select {
			case <-l.done:
				return
			default:
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, errTooManyFiles) {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			l.g.log.Warn("accept failed", "err", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		select {
		case l.pending <- struct{}{}:
			go l.vet(c)
		default:
			l.g.log.Warn("too many handshakes in progress; closing new connection", "peer", c.RemoteAddr())
			c.Close()
		}
	}
}

// vet runs the handshake with a deadline and hands a good peer to zmq4.
func (l *guardListener) vet(c net.Conn) {
	defer func() { <-l.pending }()
	_ = c.SetDeadline(time.Now().Add(l.g.opts.HandshakeTimeout))
	replay, err := handshake(c, l.g.sockType)
	if err != nil {
		l.g.log.Warn("dropping peer", "peer", c.RemoteAddr(), "err", err)
		abort(c)
		return
	}
	_ = c.SetDeadline(time.Time{})
	gc := &guardConn{
		Conn:    c,
		g:       l.g,
		replay:  replay,
		swallow: greetingLen,
		parser: frameParser{
			maxFrame:      l.g.opts.MaxFrameSize,
			maxMessage:    l.g.opts.MaxMessageSize,
			subscribeOnly: l.g.sockType == zmq4.Pub,
		},
	}
	select {
	case l.ready <- gc:
		l.accepted.Add(1)
	case <-l.done:
		c.Close()
	}
}

// Accept returns the next vetted peer.
func (l *guardListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ready:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Close stops listening; peers already handed to zmq4 are zmq4's to close.
func (l *guardListener) Close() error {
	var err error
	l.once.Do(func() {
		close(l.done)
		err = l.Listener.Close()
	})
	return err
}

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

	// Read buffer: rbuf is the unread part of rstore, rerr the error
	// that came with its bytes, returned once they are consumed.
	rstore []byte
	rbuf   []byte
	rerr   error

	wmu     sync.Mutex
	out     outTracker
	pending []byte // small writes of the current message, not sent yet
}

// readBufSize is the read buffer of a peer's connection: zmq4 reads each
// frame header and body separately, and without a buffer each read would
// be a system call.
const readBufSize = 16 << 10

// Read serves the replayed handshake, then passes the peer's bytes on
// once the frame parser has accepted them.
func (c *guardConn) Read(p []byte) (int, error) {
	if len(c.replay) > 0 {
		n := copy(p, c.replay)
		c.replay = c.replay[n:]
		return n, nil
	}
	if len(c.rbuf) == 0 {
		if c.rerr != nil {
			err := c.rerr
			c.rerr = nil
			return 0, err
		}
		if len(p) >= readBufSize {
			// A large body: no point in copying it through the buffer.
			n, err := c.Conn.Read(p)
			return c.accept(p, n, err)
		}
		if c.rstore == nil {
			c.rstore = make([]byte, readBufSize)
		}
		n, err := c.Conn.Read(c.rstore)
		c.rbuf, c.rerr = c.rstore[:n], err
		if n == 0 {
			c.rerr = nil
			return 0, err
		}
	}
	n := copy(p, c.rbuf)
	c.rbuf = c.rbuf[n:]
	return c.accept(p, n, nil)
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
	_, err := bufs.WriteTo(c.Conn)
	c.g.lastWrite.Store(time.Now().UnixNano())
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
