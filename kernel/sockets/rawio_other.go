//go:build !linux

package sockets

import (
	"errors"
	"net"
)

// rawIO is Linux's; elsewhere peers are read and written through net.Conn.
type rawIO struct{}

func newRawIO(net.Conn) *rawIO { return nil }

func (*rawIO) read([]byte) (int, error) { return 0, errors.New("sockets: no raw I/O") }

func (*rawIO) writev([][]byte) error { return errors.New("sockets: no raw I/O") }
