package evaluator

import "io"

// stdioFile is the type of os.Stdout and os.Stderr in cells of a session
// that sends output to the cell's sink: the methods programs call on them
// besides Write, so such code keeps compiling, while an *os.File can still
// be assigned to them. Text written to them keeps its order with fmt.Print
// and log across both streams (package evalproc says how far that goes in
// a child process); Fd names the process's own descriptor, and writing to
// it directly bypasses that order.
type stdioFile interface {
	io.Writer
	io.StringWriter
	Fd() uintptr
	Name() string
	Sync() error
}

// stdStream is a cell's stdout or stderr as a stdioFile.
type stdStream struct {
	w    io.Writer
	fd   uintptr
	name string
}

var _ stdioFile = (*stdStream)(nil)

func (s *stdStream) Write(p []byte) (int, error)       { return s.w.Write(p) }
func (s *stdStream) WriteString(t string) (int, error) { return io.WriteString(s.w, t) }
func (s *stdStream) Fd() uintptr                       { return s.fd }
func (s *stdStream) Name() string                      { return s.name }

// Sync has nothing to do: every write has reached the sink when it returns.
func (s *stdStream) Sync() error { return nil }
