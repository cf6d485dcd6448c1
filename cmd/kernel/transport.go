package main

import (
	"errors"
	"time"

	"github.com/gocell/gocell/kernel"
	"github.com/gocell/gocell/kernel/sockets"
	"github.com/gocell/gocell/kernel/wire"
)

// peerWaitLimit bounds how long a reply waits for its peer to be counted.
const peerWaitLimit = 200 * time.Millisecond

// replyTransport retries a reply on Shell or Control that failed with
// sockets.ErrNoPeer. Such a reply answers a request that arrived, so its
// peer is connected: kernel/sockets counts a connection only after handing
// it to zmq4, which may already have delivered the peer's first request.
// Since the kernel serves before the evaluator is up, kernel_info_reply
// went out in that window in about one launch of fifteen and was dropped
// (the frontend then waits for a reply that never comes). Stdin is not
// retried: an input_request is the kernel's own, and with no frontend on
// Stdin it must fail at once.
type replyTransport struct {
	kernel.Transport
	pause time.Duration // between tries
	limit time.Duration // of all tries
}

func newReplyTransport(t kernel.Transport) *replyTransport {
	return &replyTransport{Transport: t, pause: time.Millisecond, limit: peerWaitLimit}
}

// Send is the underlying Send, retried as the type's doc says.
func (t *replyTransport) Send(ch wire.Channel, frames [][]byte) error {
	err := t.Transport.Send(ch, frames)
	if ch != wire.Shell && ch != wire.Control {
		return err
	}
	for waited := time.Duration(0); errors.Is(err, sockets.ErrNoPeer) && waited < t.limit; waited += t.pause {
		time.Sleep(t.pause)
		err = t.Transport.Send(ch, frames)
	}
	return err
}
