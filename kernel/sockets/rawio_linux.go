//go:build linux

package sockets

import (
	"io"
	"net"
	"os"
	"syscall"
	"unsafe"
)

// rawIO reads and writes a peer's non-blocking socket with raw system
// calls. Through net.Conn every call goes through the scheduler's
// bookkeeping for a call that may block, which, in a kernel that is idle
// between messages, wakes the runtime's monitor thread each time (a tenth
// of the server's CPU per cell of 1+1). The socket never blocks: a call
// that would returns EAGAIN, and the wait is the poller's, deadlines
// included, as with net.Conn.
type rawIO struct {
	rc  syscall.RawConn
	iov []syscall.Iovec
}

// maxIovecs is the most buffers one writev takes (Linux's IOV_MAX).
const maxIovecs = 1024

// newRawIO returns raw I/O for c, nil when c has no descriptor.
func newRawIO(c net.Conn) *rawIO {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return &rawIO{rc: rc}
}

// read reads once into p, as net.Conn.Read does: io.EOF at the end.
func (r *rawIO) read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n uintptr
	var errno syscall.Errno
	err := r.rc.Read(func(fd uintptr) bool {
		for {
			n, _, errno = syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
			switch errno {
			case syscall.EINTR:
				continue
			case syscall.EAGAIN:
				return false
			}
			return true
		}
	})
	switch {
	case err != nil:
		return 0, err
	case errno != 0:
		return 0, os.NewSyscallError("read", errno)
	case n == 0:
		return 0, io.EOF
	}
	raceAcquireIO()
	return int(n), nil
}

// writev writes all of bufs (whose elements it may reslice).
func (r *rawIO) writev(bufs [][]byte) error {
	raceReleaseIO()
	var errno syscall.Errno
	err := r.rc.Write(func(fd uintptr) bool {
		for {
			iov := r.iov[:0]
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
			r.iov = iov
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
			bufs = consume(bufs, int(n))
		}
	})
	// The vectors point into the messages: do not keep those alive.
	clear(r.iov)
	if err == nil && errno != 0 {
		err = os.NewSyscallError("writev", errno)
	}
	return err
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
