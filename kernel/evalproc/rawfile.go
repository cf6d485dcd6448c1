package evalproc

import (
	"errors"
	"io"
	"os"

	"github.com/gocell/gocell/kernel/rawio"
)

// rawFile reads and writes one of the pipes between the processes, on
// either side, with raw system calls (package rawio says why). The pipe is
// non-blocking (newRawFile checks).
type rawFile struct {
	f   *os.File
	raw *rawio.Conn
}

// newRawFile returns f's raw reader and writer, or f itself when f is not
// a non-blocking descriptor.
func newRawFile(f *os.File) io.ReadWriter {
	rc, err := f.SyscallConn()
	if err != nil {
		return f
	}
	raw := rawio.New(rc)
	if raw == nil {
		return f
	}
	return &rawFile{f: f, raw: raw}
}

// Read reads once into p: io.EOF once the other end is closed and the
// pipe is empty.
func (r *rawFile) Read(p []byte) (int, error) {
	n, err := r.raw.Read(p)
	if closed(err) {
		// os.File says so with the error its callers test for,
		// os.ErrClosed.
		return r.f.Read(p)
	}
	return n, err
}

// Write writes all of p.
func (r *rawFile) Write(p []byte) (int, error) {
	n, err := r.raw.Write(p)
	if closed(err) {
		m, err := r.f.Write(p[n:])
		return n + m, err
	}
	return n, err
}

// closed reports whether err is the descriptor's own error rather than
// the end of the pipe or a system call's: without deadlines, that it was
// closed.
func closed(err error) bool {
	var se *os.SyscallError
	return err != nil && err != io.EOF && !errors.As(err, &se)
}
