//go:build !linux

package sockets

import "net"

// acceptNow takes no connection off Linux: the accept loop alone does.
func acceptNow(net.Listener) (net.Conn, bool) { return nil, false }
