package evalproc

import (
	"io"
	"os"
	"syscall"
	"unsafe"
)

// rawFile reads and writes one of the parent's pipes with raw system
// calls. Through os.File every call goes through the scheduler's
// bookkeeping for a call that may block, which, in a kernel idle between
// cells, wakes the runtime's monitor thread each time. The pipe is
// non-blocking (newRawFile checks): a call that would block returns
// EAGAIN, and the wait is the poller's, as with os.File.
type rawFile struct {
	f  *os.File
	rc syscall.RawConn
}

// newRawFile returns f's raw reader and writer, or f itself when f is not
// a non-blocking descriptor.
func newRawFile(f *os.File) io.ReadWriter {
	rc, err := f.SyscallConn()
	if err != nil {
		return f
	}
	nonblocking := false
	rc.Control(func(fd uintptr) {
		flags, _, e := syscall.RawSyscall(syscall.SYS_FCNTL, fd, syscall.F_GETFL, 0)
		nonblocking = e == 0 && flags&syscall.O_NONBLOCK != 0
	})
	if !nonblocking {
		return f
	}
	return &rawFile{f: f, rc: rc}
}

// Read reads once into p: io.EOF once the other end is closed and the
// pipe is empty.
func (r *rawFile) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n uintptr
	var errno syscall.Errno
	err := r.rc.Read(func(fd uintptr) bool {
		n, errno = rawRead(fd, p)
		return errno != syscall.EAGAIN
	})
	switch {
	case err != nil:
		// Closed (the only failure without deadlines): os.File says so
		// with the error its callers test for, os.ErrClosed.
		return r.f.Read(p)
	case errno != 0:
		return 0, os.NewSyscallError("read", errno)
	case n == 0:
		return 0, io.EOF
	}
	raceAcquireIO()
	return int(n), nil
}

// Write writes all of p.
func (r *rawFile) Write(p []byte) (int, error) {
	raceReleaseIO()
	written := 0
	var errno syscall.Errno
	err := r.rc.Write(func(fd uintptr) bool {
		for written < len(p) {
			var n uintptr
			n, _, errno = syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&p[written])), uintptr(len(p)-written))
			switch errno {
			case 0:
				written += int(n)
			case syscall.EINTR:
			case syscall.EAGAIN:
				errno = 0
				return false
			default:
				return true
			}
		}
		return true
	})
	if err != nil {
		// Closed, as in Read.
		n, err := r.f.Write(p[written:])
		return written + n, err
	}
	if errno != 0 {
		return written, os.NewSyscallError("write", errno)
	}
	return written, nil
}

// rawRead reads once from the non-blocking fd into p (len(p) > 0),
// retrying on EINTR.
func rawRead(fd uintptr, p []byte) (uintptr, syscall.Errno) {
	for {
		n, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
		if e != syscall.EINTR {
			return n, e
		}
	}
}
