//go:build !linux

package rawio

import (
	"errors"
	"syscall"
)

// Available reports whether this system has raw I/O: false here, where
// callers keep to os.File and net.Conn.
const Available = false

// Conn is Linux's; New returns nil here.
type Conn struct{}

// New returns nil: there is no raw I/O on this system.
func New(syscall.RawConn) *Conn { return nil }

var errNoRawIO = errors.New("rawio: no raw I/O on this system")

// Read fails: there is no raw I/O on this system.
func (*Conn) Read([]byte) (int, error) { return 0, errNoRawIO }

// Write fails: there is no raw I/O on this system.
func (*Conn) Write([]byte) (int, error) { return 0, errNoRawIO }

// ReadOnce fails with ENOSYS: there is no raw I/O on this system.
func ReadOnce(uintptr, []byte) (uintptr, syscall.Errno) { return 0, syscall.ENOSYS }

// Writev fails: there is no raw I/O on this system.
func (*Conn) Writev([][]byte) (int, error) { return 0, errNoRawIO }
