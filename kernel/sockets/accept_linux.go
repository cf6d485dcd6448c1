//go:build linux

package sockets

import (
	"net"
	"os"
	"syscall"
)

// acceptor takes connections waiting on a listener without blocking.
type acceptor struct{ rc syscall.RawConn }

// newAcceptor returns an acceptor for l; nil when l has no descriptor.
func newAcceptor(l net.Listener) *acceptor {
	sc, ok := l.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return &acceptor{rc}
}

// acceptNow accepts a waiting connection: nil and false when none is. It
// takes the descriptor outside Go's lock on it (Control, not Read), which
// the accept loop holds while it waits.
func (a *acceptor) acceptNow() (net.Conn, bool) {
	if a == nil {
		return nil, false
	}
	nfd := -1
	_ = a.rc.Control(func(fd uintptr) {
		// The listener is non-blocking: with nothing waiting, EAGAIN.
		if n, _, err := syscall.Accept4(int(fd), syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC); err == nil {
			nfd = n
		}
	})
	if nfd < 0 {
		return nil, false
	}
	f := os.NewFile(uintptr(nfd), "peer")
	defer f.Close() // FileConn keeps a duplicate
	c, err := net.FileConn(f)
	if err != nil {
		return nil, false
	}
	return c, true
}
