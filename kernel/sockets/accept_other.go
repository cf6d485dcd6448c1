//go:build !linux

package sockets

import "net"

// acceptor takes no connection off Linux: the accept loop alone does.
type acceptor struct{}

func newAcceptor(net.Listener) *acceptor { return nil }

func (*acceptor) acceptNow() (net.Conn, bool) { return nil, false }
