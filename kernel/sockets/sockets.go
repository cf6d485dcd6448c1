// Package sockets opens the kernel's five ZeroMQ sockets (zmq4) from a
// connection file: shell, control and stdin ROUTER, iopub PUB and the
// heartbeat, which echoes on its own.
//
// It stands between the network and zmq4 so that no peer can hurt the
// kernel: every connection is vetted by a transport wrapper that checks the
// ZMTP handshake off zmq4's accept loop, refuses frames above a size limit
// before anything is allocated for them, and drops a peer that stops
// reading. The wrapper also answers ZMTP PINGs, which zmq4 ignores, and
// sends each message in one system call instead of two per frame. Sending
// bypasses zmq4's writer goroutines: replies are routed to the peer's
// connection by the guard, which gives each anonymous peer its routing
// identity, and iopub messages are published by it, a small one before Send
// returns, so status idle leaves right after the reply sent before it.
package sockets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/gocell/gocell/kernel/connfile"
	"github.com/gocell/gocell/kernel/wire"
)

// Defaults of Options.
const (
	DefaultMaxFrameSize     = 256 << 20
	DefaultMaxMessageSize   = 512 << 20
	DefaultWriteTimeout     = 5 * time.Second
	DefaultHandshakeTimeout = 5 * time.Second
	DefaultLinger           = 2 * time.Second
)

// Options tune the sockets. Zero values mean the defaults.
type Options struct {
	// MaxFrameSize is the largest frame a peer may send; a peer that
	// announces more loses its connection.
	MaxFrameSize int64
	// MaxMessageSize bounds all frames of one multipart message together.
	MaxMessageSize int64
	// WriteTimeout is how long a peer may leave sent bytes unread before
	// it is dropped.
	WriteTimeout time.Duration
	// HandshakeTimeout is how long a new peer has to complete the ZMTP
	// handshake.
	HandshakeTimeout time.Duration
	// Linger is how long Close waits for the IOPub messages given to Send
	// and still queued for a slow subscriber to go out. Negative: no wait.
	Linger time.Duration
	// Logger receives peer drops and socket errors; nil discards them.
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.MaxFrameSize <= 0 {
		o.MaxFrameSize = DefaultMaxFrameSize
	}
	if o.MaxMessageSize <= 0 {
		o.MaxMessageSize = max(DefaultMaxMessageSize, o.MaxFrameSize)
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = DefaultWriteTimeout
	}
	if o.HandshakeTimeout <= 0 {
		o.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if o.Linger == 0 {
		o.Linger = DefaultLinger
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Sockets are the kernel's five sockets.
type Sockets struct {
	socks     [5]zmq4.Socket
	guards    [5]*guard
	sendMu    [5]sync.Mutex
	one       [1][][]byte // Send's batch of one on IOPub, under sendMu
	ends      [5]string
	closed    atomic.Bool
	closeMu   sync.Once
	lingerFor time.Duration
	ctx       context.Context
	stop      context.CancelFunc
	hbDone    chan struct{}
}

var transportSeq atomic.Int64

var socketTypes = [5]zmq4.SocketType{
	wire.Shell: zmq4.Router, wire.Control: zmq4.Router, wire.Stdin: zmq4.Router,
	wire.IOPub: zmq4.Pub, wire.Heartbeat: zmq4.Rep,
}

// Open binds the five sockets to the endpoints info names, and only those,
// and starts the heartbeat echo. The sockets live until Close or until ctx
// is done.
func Open(ctx context.Context, info *connfile.Info, opts Options) (*Sockets, error) {
	if info == nil {
		return nil, errors.New("sockets: no connection info")
	}
	opts = opts.withDefaults()
	network := "tcp"
	if info.Transport == connfile.IPC {
		network = "unix"
	}
	sctx, stop := context.WithCancel(ctx)
	s := &Sockets{ctx: sctx, stop: stop, hbDone: make(chan struct{}), lingerFor: opts.Linger}
	zlog := slog.NewLogLogger(opts.Logger.Handler(), slog.LevelDebug)
	for ch := wire.Shell; ch <= wire.Heartbeat; ch++ {
		g := &guard{network: network, sockType: socketTypes[ch],
			opts: opts, log: opts.Logger.With("channel", ch.String())}
		// Each socket gets its own transport name: zmq4 keeps transports
		// in a global registry, and each guard carries its socket's type.
		name := fmt.Sprintf("gocell%d", transportSeq.Add(1))
		if err := zmq4.RegisterTransport(name, g); err != nil {
			s.closeSockets()
			stop()
			return nil, fmt.Errorf("sockets: %w", err)
		}
		end := info.Endpoint(ch)
		_, addr, _ := strings.Cut(end, "://")
		zopts := []zmq4.Option{zmq4.WithLogger(zlog)}
		var sock zmq4.Socket
		switch socketTypes[ch] {
		case zmq4.Router:
			sock = zmq4.NewRouter(sctx, zopts...)
		case zmq4.Pub:
			sock = zmq4.NewPub(sctx, zopts...)
		default:
			sock = zmq4.NewRep(sctx, zopts...)
		}
		if err := sock.Listen(name + "://" + addr); err != nil {
			sock.Close()
			s.closeSockets()
			stop()
			return nil, fmt.Errorf("sockets: bind %s to %s: %w", ch, end, rootCause(err))
		}
		s.socks[ch], s.guards[ch], s.ends[ch] = sock, g, end
	}
	go s.heartbeat()
	go func() {
		<-sctx.Done()
		s.Close()
	}()
	return s, nil
}

// rootCause drops zmq4's wrapping, whose message names the internal
// transport rather than the endpoint.
func rootCause(err error) error {
	var op *net.OpError
	if errors.As(err, &op) {
		return op.Err
	}
	return err
}

// Endpoint returns the endpoint channel ch is bound to.
func (s *Sockets) Endpoint(ch wire.Channel) string {
	if ch < wire.Shell || ch > wire.Heartbeat {
		return ""
	}
	return s.ends[ch]
}

// heartbeat echoes every ping, whatever else the kernel is doing.
func (s *Sockets) heartbeat() {
	defer close(s.hbDone)
	hb := s.socks[wire.Heartbeat]
	for s.ctx.Err() == nil {
		msg, err := hb.Recv()
		if err != nil {
			// A request without the REQ envelope is dropped by zmq4
			// with an error; only Close ends the loop.
			continue
		}
		_ = hb.Send(msg)
	}
}

func (s *Sockets) check(ch wire.Channel, op string) error {
	if ch < wire.Shell || ch > wire.IOPub {
		return fmt.Errorf("sockets: cannot %s on channel %s", op, ch)
	}
	if s.closed.Load() {
		return fmt.Errorf("sockets: %s on %s: %w", op, ch, net.ErrClosed)
	}
	return nil
}

// Receive blocks for the next message on Shell, Control or Stdin and
// returns its frames, the sender's identity first. After Close it returns
// an error wrapping net.ErrClosed.
func (s *Sockets) Receive(ch wire.Channel) ([][]byte, error) {
	if err := s.check(ch, "receive"); err != nil {
		return nil, err
	}
	if ch == wire.IOPub {
		return nil, fmt.Errorf("sockets: cannot receive on channel %s", ch)
	}
	for {
		msg, err := s.socks[ch].Recv()
		if s.closed.Load() || errors.Is(err, context.Canceled) {
			return nil, fmt.Errorf("sockets: receive on %s: %w", ch, net.ErrClosed)
		}
		if err != nil {
			return nil, fmt.Errorf("sockets: receive on %s: %w", ch, err)
		}
		// zmq4's ROUTER hands on ZMTP commands (a peer's PING) as if
		// they were messages; they are not the kernel's business.
		if msg.Type == zmq4.CmdMsg {
			continue
		}
		return msg.Frames, nil
	}
}

// ErrNoPeer is returned by Send on a ROUTER channel no peer has connected
// to yet (zmq4 would otherwise wait minutes for one).
var ErrNoPeer = errors.New("sockets: no peer has connected")

// Send sends frames on ch. On Shell, Control and Stdin the first frame is
// the identity of the peer to route to (a peer no longer connected is
// silently skipped, as ZeroMQ does); on IOPub the message goes to every
// subscriber to a prefix of its first frame: a small one is written before
// Send returns, unless the subscriber still has messages queued (a
// subscriber that stopped reading holds Send up at most WriteTimeout,
// once, and is dropped); a large one is queued.
func (s *Sockets) Send(ch wire.Channel, frames [][]byte) error {
	if err := s.check(ch, "send"); err != nil {
		return err
	}
	if ch != wire.IOPub {
		if len(frames) < 2 {
			return fmt.Errorf("sockets: send on %s: need an identity and at least one frame, got %d frames", ch, len(frames))
		}
		if s.guards[ch].peers() == 0 {
			return fmt.Errorf("sockets: send on %s: %w", ch, ErrNoPeer)
		}
	} else if len(frames) == 0 {
		return fmt.Errorf("sockets: send on %s: no frames", ch)
	}
	s.sendMu[ch].Lock()
	defer s.sendMu[ch].Unlock()
	if ch == wire.IOPub {
		s.guards[ch].acceptWaiting()
		s.one[0] = frames
		s.guards[ch].conns.publish(s.one[:])
		s.one[0] = nil
		return nil
	}
	s.guards[ch].conns.route(frames)
	return nil
}

// SendBatch sends several messages on ch, in order, as Send would one by
// one. On IOPub, small messages for a subscriber go out in one write.
func (s *Sockets) SendBatch(ch wire.Channel, msgs [][][]byte) error {
	if ch != wire.IOPub {
		for _, frames := range msgs {
			if err := s.Send(ch, frames); err != nil {
				return err
			}
		}
		return nil
	}
	if err := s.check(ch, "send"); err != nil {
		return err
	}
	for _, frames := range msgs {
		if len(frames) == 0 {
			return fmt.Errorf("sockets: send on %s: no frames", ch)
		}
	}
	s.sendMu[ch].Lock()
	defer s.sendMu[ch].Unlock()
	s.guards[ch].acceptWaiting()
	s.guards[ch].conns.publish(msgs)
	return nil
}

// Close closes the five sockets, after waiting up to Options.Linger for
// IOPub messages already sent to go out. Receive and Send then fail with
// net.ErrClosed. It is safe to call more than once.
func (s *Sockets) Close() error {
	var err error
	s.closeMu.Do(func() {
		s.closed.Store(true)
		s.linger()
		s.stop()
		err = s.closeSockets()
		<-s.hbDone
	})
	return err
}

func (s *Sockets) closeSockets() error {
	var errs []error
	for ch, sock := range s.socks {
		if sock == nil {
			continue
		}
		if err := sock.Close(); err != nil && !errors.Is(err, net.ErrClosed) && !errors.Is(err, io.EOF) {
			errs = append(errs, fmt.Errorf("sockets: close %s: %w", wire.Channel(ch), err))
		}
	}
	return errors.Join(errs...)
}

// linger waits until every IOPub message given to Send has been written,
// or Linger has passed.
func (s *Sockets) linger() {
	g := s.guards[wire.IOPub]
	if g == nil || s.lingerFor <= 0 {
		return
	}
	for deadline := time.Now().Add(s.lingerFor); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if g.inflight.Load() == 0 && !g.conns.queued() {
			return
		}
	}
}
