package kernel

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/wire"
)

// stdinRouter hands input_reply messages to the one read waiting for them.
type stdinRouter struct {
	// sem admits one read at a time: the protocol has no way to match
	// several outstanding input_requests with their replies.
	sem     chan struct{}
	mu      sync.Mutex
	waiting chan string
}

// deliver passes an input_reply to the waiting read; anything else on stdin
// is logged and dropped.
func (r *stdinRouter) deliver(s *Server, msg *wire.Message) {
	if msg.Header.MsgType != "input_reply" {
		s.log.Warn("kernel: unexpected message on stdin", "msg_type", msg.Header.MsgType)
		return
	}
	var c struct {
		Value string `json:"value"`
	}
	if err := msg.DecodeContent(&c); err != nil {
		s.log.Warn("kernel: bad input_reply", "err", err)
		return
	}
	r.mu.Lock()
	w := r.waiting
	r.waiting = nil
	r.mu.Unlock()
	if w == nil {
		s.log.Warn("kernel: input_reply with no input pending")
		return
	}
	w <- c.Value
}

// cellStdin is the session.Stdin of one execute_request.
type cellStdin struct {
	s      *Server
	parent *wire.Message
	allow  bool
	sink   *streamSink
}

var _ session.Stdin = (*cellStdin)(nil)

// errStdinStopped is returned by a read when the server shuts down.
var errStdinStopped = errors.New("kernel: input cancelled: the kernel is shutting down")

// ReadLine sends input_request to the frontend that sent the cell and waits
// for its input_reply.
func (c *cellStdin) ReadLine(ctx context.Context, prompt string, password bool) (string, error) {
	if !c.allow {
		return "", session.ErrNoStdin
	}
	r := c.s.in
	select {
	case r.sem <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("kernel: input cancelled: %w", ctx.Err())
	case <-c.s.done:
		return "", errStdinStopped
	}
	defer func() { <-r.sem }()

	// What the cell printed before asking belongs above the prompt.
	c.sink.flush()
	w := make(chan string, 1)
	r.mu.Lock()
	r.waiting = w
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		if r.waiting == w {
			r.waiting = nil
		}
		r.mu.Unlock()
	}()
	// The parent's identities are those of the shell socket that sent the
	// cell, which is also the frontend's identity on stdin.
	if err := c.s.send(wire.Stdin, c.parent, "input_request", map[string]any{"prompt": prompt, "password": password}); err != nil {
		// No frontend on stdin (not every client connects it): fail now
		// rather than wait for a reply that cannot come.
		c.s.log.Warn("kernel: sending input_request", "err", err)
		return "", fmt.Errorf("kernel: cannot ask the frontend for input: %w", err)
	}
	select {
	case v := <-w:
		return v, nil
	case <-ctx.Done():
		return "", fmt.Errorf("kernel: input cancelled: %w", ctx.Err())
	case <-c.s.done:
		return "", errStdinStopped
	}
}
