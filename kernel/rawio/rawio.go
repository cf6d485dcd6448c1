//go:build linux

// Package rawio reads and writes non-blocking descriptors (the kernel's
// sockets, the evaluator's pipes) with raw system calls. Through os.File
// or net.Conn every call goes through the scheduler's bookkeeping for a
// call that may block, which, in a kernel that is idle between messages,
// wakes the runtime's monitor thread each time (a tenth of the server's
// CPU per cell of 1+1). A non-blocking descriptor never blocks: a call
// that would returns EAGAIN, and the wait is the runtime poller's,
// deadlines included, as with os.File and net.Conn.
package rawio

import (
	"io"
	"os"
	"syscall"
	"unsafe"
)

// Available reports whether this system has raw I/O: true on Linux.
const Available = true

// maxIovecs is the most buffers one writev takes (Linux's IOV_MAX).
const maxIovecs = 1024

// Conn reads and writes one non-blocking descriptor. Its methods are safe
// for one reader and one writer at a time, as a net.Conn's are.
type Conn struct {
	rc  syscall.RawConn
	iov []syscall.Iovec // the writer's scratch vectors
}

// New returns raw I/O for rc's descriptor, or nil when it is not
// non-blocking (a raw call would then block the thread).
func New(rc syscall.RawConn) *Conn {
	nonblocking := false
	err := rc.Control(func(fd uintptr) {
		flags, _, e := syscall.RawSyscall(syscall.SYS_FCNTL, fd, syscall.F_GETFL, 0)
		nonblocking = e == 0 && flags&syscall.O_NONBLOCK != 0
	})
	if err != nil || !nonblocking {
		return nil
	}
	return &Conn{rc: rc}
}

// Read reads once into p, waiting while there is nothing to read: io.EOF
// when the other end has closed and nothing is left. A failed system call
// is an *os.SyscallError; any other error is the descriptor's own (it was
// closed, or a deadline passed).
func (c *Conn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n uintptr
	var errno syscall.Errno
	err := c.rc.Read(func(fd uintptr) bool {
		n, errno = ReadOnce(fd, p)
		return errno != syscall.EAGAIN
	})
	switch {
	case err != nil:
		return 0, err
	case errno != 0:
		return 0, os.NewSyscallError("read", errno)
	case n == 0:
		return 0, io.EOF
	}
	raceAcquire()
	return int(n), nil
}

// ReadOnce reads once from the non-blocking descriptor fd into p, which
// must not be empty, retrying when a signal interrupts the call; EAGAIN
// when there is nothing to read yet. It is for callers that hold the
// descriptor in a syscall.RawConn callback of their own.
func ReadOnce(fd uintptr, p []byte) (uintptr, syscall.Errno) {
	for {
		n, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
		if e != syscall.EINTR {
			return n, e
		}
	}
}

// Write writes all of p and returns how much it wrote, as Writev.
func (c *Conn) Write(p []byte) (int, error) {
	return c.Writev([][]byte{p})
}

// Writev writes all of bufs (whose elements it may reslice), in as few
// system calls as the descriptor takes, and returns how many bytes it
// wrote; errors are as Read's.
func (c *Conn) Writev(bufs [][]byte) (int, error) {
	raceRelease()
	written := 0
	var errno syscall.Errno
	err := c.rc.Write(func(fd uintptr) bool {
		for {
			iov := c.iov[:0]
			for _, b := range bufs {
				if len(b) == 0 {
					continue
				}
				v := syscall.Iovec{Base: &b[0]}
				v.SetLen(len(b))
				if iov = append(iov, v); len(iov) == maxIovecs {
					break
				}
			}
			c.iov = iov
			if len(iov) == 0 {
				return true
			}
			n, _, e := syscall.RawSyscall(syscall.SYS_WRITEV, fd, uintptr(unsafe.Pointer(&iov[0])), uintptr(len(iov)))
			switch e {
			case 0:
			case syscall.EINTR:
				continue
			case syscall.EAGAIN:
				return false
			default:
				errno = e
				return true
			}
			written += int(n)
			bufs = consume(bufs, int(n))
		}
	})
	// The vectors point into the caller's buffers: do not keep those alive.
	clear(c.iov)
	if err == nil && errno != 0 {
		err = os.NewSyscallError("writev", errno)
	}
	return written, err
}

// consume drops the first n bytes of bufs.
func consume(bufs [][]byte, n int) [][]byte {
	for len(bufs) > 0 && n > 0 {
		if len(bufs[0]) > n {
			bufs[0] = bufs[0][n:]
			return bufs
		}
		n -= len(bufs[0])
		bufs = bufs[1:]
	}
	for len(bufs) > 0 && len(bufs[0]) == 0 {
		bufs = bufs[1:]
	}
	return bufs
}
