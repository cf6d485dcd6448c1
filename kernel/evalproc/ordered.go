package evalproc

import (
	"io"
	"os"
	"sync"
	"syscall"
	"unsafe"
)

// orderedStreams is the child's one writer for Sink.Stream text: every
// chunk goes to the pipe of its stream (fd 1 or fd 2), so it keeps its place
// among what compiled code writes to the same fd; and before a chunk may
// overtake text waiting on the other stream, the parent is asked to deliver
// that text first (a flush frame, answered with an ack once the parent has
// drained both pipes). One mutex orders the chunks of all goroutines.
//
// A flush is asked for when the other stream's pipe holds unread bytes
// (whoever wrote them), and when stdout follows stderr: the parent may hold
// back the start of a stderr line that looks like a runtime crash report,
// and only a flush releases it before later stdout. A chunk that follows
// stdout whose pipe is empty needs no flush: the parent delivers stdout as
// it reads it. So a run of text on one stream costs one write per chunk and
// an ioctl, and a switch of streams at most one round trip.
type orderedStreams struct {
	mu    sync.Mutex
	w     [2]io.Writer
	fd    [2]int // the pipes' descriptors, -1 when w is not a pipe
	last  int    // stream of the last chunk, -1 before the first
	flush func() // asks the parent to deliver what waits in both pipes
}

func newOrderedStreams(stdout, stderr io.Writer, flush func()) *orderedStreams {
	o := &orderedStreams{w: [2]io.Writer{stdout, stderr}, fd: [2]int{-1, -1}, last: -1, flush: flush}
	for i, w := range o.w {
		f, ok := w.(*os.File)
		if !ok {
			continue
		}
		c, err := f.SyscallConn()
		if err != nil {
			continue
		}
		c.Control(func(fd uintptr) { o.fd[i] = int(fd) })
	}
	return o
}

// write sends text on stream i (0 stdout, 1 stderr), after everything
// written to either stream before it.
func (o *orderedStreams) write(i int, text string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.unread(1-i) > 0 || i == 0 && o.last == 1 {
		o.flush()
	}
	o.last = i
	io.WriteString(o.w[i], text)
}

// unread is the number of bytes in stream i's pipe that the parent has not
// read yet (Linux answers FIONREAD on either end of a pipe); 0 when
// unknown.
func (o *orderedStreams) unread(i int) int {
	if o.fd[i] < 0 {
		return 0
	}
	var n int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(o.fd[i]), syscall.TIOCINQ, uintptr(unsafe.Pointer(&n))); e != 0 {
		return 0
	}
	return int(n)
}
