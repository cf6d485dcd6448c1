package sockets

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
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
	// conns are the peers zmq4 has taken over, which Send writes to.
	conns connSet

	// inflight counts writes in progress, for Close to wait until
	// messages being published have gone out.
	inflight atomic.Int64
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
	if g.sockType == zmq4.Pub {
		gl.now = newAcceptor(l)
	}
	g.mu.Lock()
	g.listener = gl
	g.mu.Unlock()
	go gl.acceptLoop()
	return gl, nil
}

// nextID returns a routing identity for a peer that gave none: random, as
// zmq4's own, so that no other peer can guess it and claim its replies.
func (g *guard) nextID() string {
	var b [16]byte
	// crypto/rand.Read never fails on the platforms Go supports.
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// acceptWaiting starts the peers waiting to be accepted (see
// guardListener.acceptWaiting).
func (g *guard) acceptWaiting() {
	g.mu.Lock()
	l := g.listener
	g.mu.Unlock()
	if l != nil {
		l.acceptWaiting()
	}
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
	// now takes connections off the listener without waiting (PUB only).
	now *acceptor
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
		l.start(c)
	}
}

// start vets a new connection in a goroutine of its own. A PUB peer joins
// the subscribers first, so that what is published from now on is held
// for it (see join.go).
func (l *guardListener) start(c net.Conn) {
	select {
	case l.pending <- struct{}{}:
	default:
		l.g.log.Warn("too many handshakes in progress; closing new connection", "peer", c.RemoteAddr())
		c.Close()
		return
	}
	gc := &guardConn{Conn: c, g: l.g}
	if l.g.sockType == zmq4.Pub {
		gc.join()
		l.g.conns.add(gc)
	}
	go l.vet(gc)
}

// acceptWaiting starts the connections the system has established but
// the accept loop has not taken yet, without waiting for any: publish
// calls it so that a subscriber that connected before a message was
// published is held that message, however late the accept loop runs.
func (l *guardListener) acceptWaiting() {
	for {
		c, ok := l.now.acceptNow()
		if !ok {
			return
		}
		l.start(c)
	}
}

// vet runs the handshake with a deadline and hands a good peer to zmq4.
func (l *guardListener) vet(gc *guardConn) {
	defer func() { <-l.pending }()
	c := gc.Conn
	pub := l.g.sockType == zmq4.Pub
	_ = c.SetDeadline(time.Now().Add(l.g.opts.HandshakeTimeout))
	replay, err := handshake(c, l.g.sockType)
	if err != nil {
		level := slog.LevelWarn
		if errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) {
			// It connected and hung up: a port probe, or a client that
			// gave up on a connection it had just made.
			level = slog.LevelDebug
		}
		l.g.log.Log(context.Background(), level, "dropping peer", "peer", c.RemoteAddr(), "err", err)
		if pub {
			l.g.conns.remove(gc)
		}
		abort(c)
		return
	}
	_ = c.SetDeadline(time.Time{})
	gc.raw = newRawIO(c)
	gc.replay = replay
	gc.swallow = greetingLen
	gc.parser = frameParser{
		maxFrame:      l.g.opts.MaxFrameSize,
		maxMessage:    l.g.opts.MaxMessageSize,
		subscribeOnly: pub,
	}
	switch l.g.sockType {
	case zmq4.Pub:
		gc.parser.onSubscription = gc.onSubscription
	case zmq4.Router:
		gc.replay, gc.id = withIdentity(replay, l.g.nextID())
	}
	// Count and register the peer before zmq4 has it: once handed over,
	// zmq4 may deliver the peer's first request at once, and the reply to
	// it must find its peer (a reply sent in that window used to fail with
	// ErrNoPeer and be dropped).
	l.accepted.Add(1)
	routed := pub || l.g.sockType == zmq4.Router
	if l.g.sockType == zmq4.Router {
		l.g.conns.add(gc)
	}
	select {
	case l.ready <- gc:
	case <-l.done:
		l.accepted.Add(-1)
		if routed {
			l.g.conns.remove(gc)
		}
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
