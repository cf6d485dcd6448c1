// Package kernel is gocell's Jupyter protocol core: it reads requests from
// the shell, control and stdin channels of a Transport, answers them on the
// channel they came on, publishes status and outputs on iopub, and drives a
// session.Session that evaluates the cells.
//
// One goroutine reads each inbound channel. Cells run one at a time on an
// execution queue of their own, so control (interrupt, kernel_info,
// shutdown) and the quick shell requests (complete, inspect, is_complete,
// history, comm_info) are answered even while a cell runs. Every iopub
// message goes through one ordered publisher; stream output of a cell is
// coalesced for a short while and flushed before anything else the cell
// publishes and before its reply.
//
// A cell is sent to the session before anything is published for it. Its
// status busy and execute_input go out with its first output or input
// request, or once it has run for 2 ms; a cell that ends sooner without
// output sends its reply first and then busy, execute_input, its result
// (or error) and idle in one write. Clients wait for the reply, and iopub
// keeps its order; the protocol orders nothing across channels.
//
// Nothing a client sends can stop the server: messages that fail to decode
// are logged and dropped, content of the wrong shape gets an error reply
// where the protocol defines one, and a panic in a handler or in the session
// is recovered and reported.
package kernel

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gocell/gocell/kernel/history"
	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/wire"
)

// Transport carries the frames of multipart messages on the kernel's
// channels. *sockets.Sockets satisfies it; tests use an in-memory one.
//
// Receive blocks until a message arrives on ch (shell, control or stdin);
// once the transport is closed it fails with an error wrapping
// net.ErrClosed, which ends the server's reading of ch. Send on IOPub
// publishes; on the other channels the first frame routes the message. The
// server calls Receive from one goroutine per channel and Send from several
// goroutines at once, on the same channel too. A Transport that also has a
// method SendBatch(ch wire.Channel, msgs [][][]byte) error, as
// *sockets.Sockets does, is given iopub messages that go out together
// (status busy and execute_input) in one call.
type Transport interface {
	Receive(ch wire.Channel) ([][]byte, error)
	Send(ch wire.Channel, frames [][]byte) error
}

// HelpLink is one entry of kernel_info's help_links.
type HelpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// Info is what kernel_info_reply says about the kernel.
type Info struct {
	// ImplementationVersion is gocell's version.
	ImplementationVersion string
	// LanguageVersion is the Go version cells are written in; the version
	// of the Go toolchain that built the kernel when empty.
	LanguageVersion string
	// Banner is shown by consoles when they connect.
	Banner string
	// HelpLinks appear in the frontend's help menu.
	HelpLinks []HelpLink
}

// Default batching of stream output.
const (
	DefaultStreamDelay = 50 * time.Millisecond
	DefaultStreamLimit = 64 << 10
)

// DefaultAbortGrace is how long the reply to a cell that failed under
// stop_on_error is held by default (see Config.AbortGrace).
const DefaultAbortGrace = 20 * time.Millisecond

// Config is what a Server needs.
type Config struct {
	// Transport carries the messages. Required.
	Transport Transport
	// Codec signs, encodes and decodes messages. Required.
	Codec *wire.Codec
	// Session evaluates cells. Required. Serve closes it before returning.
	Session session.Session
	// History records executed inputs and answers history_request; nil
	// answers with an empty history.
	History *history.Store
	// Logger receives the server log; slog.Default() when nil.
	Logger *slog.Logger
	// SessionID is the kernel's session in the headers it sends; random
	// when empty.
	SessionID string
	// Info is reported by kernel_info_reply.
	Info Info
	// StreamDelay is how long stream text is held to coalesce it with what
	// follows; DefaultStreamDelay when 0.
	StreamDelay time.Duration
	// StreamLimit is how much stream text is held at most before it is
	// published; DefaultStreamLimit when 0.
	StreamLimit int
	// RequestTimeout bounds Complete, Inspect and IsComplete so a stuck
	// session cannot hold the shell channel; 10s when 0.
	RequestTimeout time.Duration
	// AbortGrace is how long the reply to a cell that failed under
	// stop_on_error is held, so that the rest of a Run All burst still on
	// its way (a busy client can take milliseconds to send it) arrives and
	// is aborted: nothing received before the reply goes out can have been
	// sent after the failure was seen. DefaultAbortGrace when 0, none when
	// negative.
	AbortGrace time.Duration
}

// Server is a running protocol core. Create it with New, run it with Serve.
type Server struct {
	cfg  Config
	log  *slog.Logger
	sid  string
	pub  *publisher
	exec *executor
	in   *stdinRouter

	// done is closed when the server stops; restart says what the
	// shutdown_request asked.
	done     chan struct{}
	stopOnce sync.Once
	restart  bool
	served   chan struct{}

	mu sync.Mutex
	// pendingStop is set by a shutdown_request's handler; dispatch stops
	// the server after publishing idle.
	pendingStop *bool
}

// New checks cfg and returns a server ready to Serve.
func New(cfg Config) (*Server, error) {
	if cfg.Transport == nil || cfg.Codec == nil || cfg.Session == nil {
		return nil, errors.New("kernel: Config needs a Transport, a Codec and a Session")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.SessionID == "" {
		cfg.SessionID = wire.NewSessionID()
	}
	if cfg.Info.LanguageVersion == "" {
		cfg.Info.LanguageVersion = strings.TrimPrefix(runtime.Version(), "go")
	}
	if cfg.StreamDelay <= 0 {
		cfg.StreamDelay = DefaultStreamDelay
	}
	if cfg.StreamLimit <= 0 {
		cfg.StreamLimit = DefaultStreamLimit
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 10 * time.Second
	}
	if cfg.AbortGrace == 0 {
		cfg.AbortGrace = DefaultAbortGrace
	}
	s := &Server{
		cfg:    cfg,
		log:    cfg.Logger,
		sid:    cfg.SessionID,
		done:   make(chan struct{}),
		served: make(chan struct{}, 1),
	}
	s.pub = &publisher{t: cfg.Transport, codec: cfg.Codec, sid: s.sid, log: s.log}
	s.exec = newExecutor(s)
	s.in = &stdinRouter{sem: make(chan struct{}, 1)}
	return s, nil
}

// Serve answers requests until a shutdown_request has been handled or ctx
// ends. It reports whether the shutdown asked for a restart; the error is
// ctx's when ctx ended first. Before returning it interrupts the running
// cell and closes the Session. It does not close the Transport: the caller
// does that after Serve returns, which also ends the goroutines blocked
// receiving. Serve may be called once.
func (s *Server) Serve(ctx context.Context) (restart bool, err error) {
	select {
	case s.served <- struct{}{}:
	default:
		return false, errors.New("kernel: Serve called twice")
	}
	s.log.Info("kernel: serving", "session", s.sid)
	execDone := make(chan struct{})
	go func() {
		defer close(execDone)
		s.exec.loop()
	}()
	for _, ch := range []wire.Channel{wire.Shell, wire.Control, wire.Stdin} {
		go s.receive(ch)
	}
	select {
	case <-ctx.Done():
		err = ctx.Err()
		s.stop(false)
	case <-s.done:
	}
	s.exec.interrupt()
	// A cell that ignores its interrupt must not keep the kernel alive;
	// closing the session ends it.
	if cerr := s.cfg.Session.Close(); cerr != nil {
		s.log.Warn("kernel: closing the session", "err", cerr)
	}
	select {
	case <-execDone:
	case <-time.After(5 * time.Second):
		s.log.Warn("kernel: the running cell did not end after shutdown")
	}
	s.log.Info("kernel: stopped", "restart", s.restart)
	return s.restart, err
}

// Interrupt stops the running cell, as an interrupt_request does. It is
// meant for a SIGINT handler and is safe to call from any goroutine; with no
// cell running it does nothing.
func (s *Server) Interrupt() {
	s.exec.interrupt()
}

// stop ends Serve; the first call's restart wins.
func (s *Server) stop(restart bool) {
	s.stopOnce.Do(func() {
		s.restart = restart
		close(s.done)
	})
}

func (s *Server) stopping() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// receive reads one channel until the server stops.
func (s *Server) receive(ch wire.Channel) {
	backoff := time.Millisecond
	for {
		frames, err := s.cfg.Transport.Receive(ch)
		if s.stopping() {
			return
		}
		if errors.Is(err, net.ErrClosed) {
			s.log.Debug("kernel: transport closed", "channel", ch)
			return
		}
		if err != nil {
			// A transport error may be one bad peer; keep reading, but
			// without spinning if the transport is gone for good.
			s.log.Warn("kernel: receive failed", "channel", ch, "err", err)
			select {
			case <-s.done:
				return
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, time.Second)
			continue
		}
		backoff = time.Millisecond
		msg, err := s.cfg.Codec.Decode(frames)
		if err != nil {
			s.log.Warn("kernel: dropped a message", "channel", ch, "err", err)
			continue
		}
		s.log.Debug("kernel: received", "channel", ch, "msg_type", msg.Header.MsgType, "msg_id", msg.Header.MsgID)
		s.route(ch, msg)
	}
}

// route hands a message to its channel's dispatcher. Handlers recover their
// own panics; this catches the rest, so the reading goroutine never dies.
func (s *Server) route(ch wire.Channel, msg *wire.Message) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("kernel: panic routing a message", "channel", ch, "msg_type", msg.Header.MsgType,
				"panic", p, "stack", string(stack()))
		}
	}()
	switch ch {
	case wire.Shell:
		s.dispatchShell(msg)
	case wire.Control:
		s.dispatchControl(msg)
	case wire.Stdin:
		s.in.deliver(s, msg)
	}
}

// handler answers one request arriving on ch.
type handler func(s *Server, ch wire.Channel, msg *wire.Message)

var shellHandlers = map[string]handler{
	"kernel_info_request": (*Server).kernelInfo,
	"complete_request":    (*Server).complete,
	"inspect_request":     (*Server).inspect,
	"is_complete_request": (*Server).isComplete,
	"history_request":     (*Server).history,
	"comm_info_request":   (*Server).commInfo,
	"comm_open":           (*Server).commOpen,
	"comm_msg":            (*Server).commIgnore,
	"comm_close":          (*Server).commIgnore,
	"shutdown_request":    (*Server).shutdown,
}

var controlHandlers = map[string]handler{
	"kernel_info_request": (*Server).kernelInfo,
	"interrupt_request":   (*Server).interruptRequest,
	"shutdown_request":    (*Server).shutdown,
}

func (s *Server) dispatchShell(msg *wire.Message) {
	if msg.Header.MsgType == "execute_request" {
		s.exec.enqueue(msg)
		return
	}
	s.dispatch(wire.Shell, msg, shellHandlers)
}

func (s *Server) dispatchControl(msg *wire.Message) {
	s.dispatch(wire.Control, msg, controlHandlers)
}

func (s *Server) dispatch(ch wire.Channel, msg *wire.Message, handlers map[string]handler) {
	h, ok := handlers[msg.Header.MsgType]
	if !ok {
		s.log.Warn("kernel: unknown message type", "channel", ch, "msg_type", msg.Header.MsgType)
		return
	}
	s.busy(ch, msg, func() { h(s, ch, msg) })
	s.mu.Lock()
	restart := s.pendingStop
	s.pendingStop = nil
	s.mu.Unlock()
	if restart != nil {
		s.stop(*restart)
	}
}

// busy publishes status busy, runs fn and publishes idle. A panic in fn is
// logged and answered with an error reply, so no request takes the server
// down.
func (s *Server) busy(ch wire.Channel, msg *wire.Message, fn func()) {
	s.pub.status("busy", msg)
	defer s.pub.status("idle", msg)
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("kernel: handler panicked", "msg_type", msg.Header.MsgType, "panic", p,
				"stack", string(stack()))
			if rt, ok := replyType(msg.Header.MsgType); ok {
				s.reply(ch, msg, rt, errorContent("InternalError", fmt.Sprint(p)))
			}
		}
	}()
	fn()
}

func stack() []byte {
	buf := make([]byte, 8<<10)
	return buf[:runtime.Stack(buf, false)]
}

// replyType maps xxx_request to xxx_reply.
func replyType(msgType string) (string, bool) {
	base, ok := strings.CutSuffix(msgType, "_request")
	return base + "_reply", ok
}

// reply sends a reply to parent's sender on ch, logging a failure.
func (s *Server) reply(ch wire.Channel, parent *wire.Message, msgType string, content any) {
	if err := s.send(ch, parent, msgType, content); err != nil {
		s.log.Error("kernel: sending a reply", "channel", ch, "msg_type", msgType, "err", err)
	}
}

// send sends a message caused by parent to parent's sender on ch.
func (s *Server) send(ch wire.Channel, parent *wire.Message, msgType string, content any) error {
	m, err := wire.NewMessage(msgType, parent, s.sid, content)
	if err != nil {
		return err
	}
	frames, err := s.cfg.Codec.Encode(m)
	if err != nil {
		return err
	}
	return s.cfg.Transport.Send(ch, frames)
}

// errorContent is the content of a reply with status error.
func errorContent(ename, evalue string) map[string]any {
	return map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": []string{}}
}

// badRequest logs a request whose content could not be decoded and answers
// it with an error reply.
func (s *Server) badRequest(ch wire.Channel, msg *wire.Message, err error) {
	s.log.Warn("kernel: bad request content", "channel", ch, "msg_type", msg.Header.MsgType, "err", err)
	if rt, ok := replyType(msg.Header.MsgType); ok {
		s.reply(ch, msg, rt, errorContent("BadRequest", err.Error()))
	}
}
