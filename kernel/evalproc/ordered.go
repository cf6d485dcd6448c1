package evalproc

import (
	"io"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"
)

// maxStreamFrame bounds the text of one stream frame; longer text is sent
// in several.
const maxStreamFrame = 1 << 20

// orderedStreams is the child's one writer for Sink.Stream text. One mutex
// orders the chunks of all goroutines; each chunk takes one of two ways:
//
//   - straight to the pipe of its stream (fd 1 or fd 2), where it keeps its
//     place among what compiled code writes to the same fd, and which costs
//     the parent nothing but reading;
//   - as a stream frame on the event pipe, when the pipe could let it
//     overtake earlier text: the other stream's pipe still holds bytes the
//     parent has not read, or stdout follows stderr (the parent may hold
//     back the start of a stderr line that looks like a runtime crash
//     report), or frames sent earlier are not yet delivered. The parent
//     drains both pipes before it delivers a frame's text, so the frame
//     comes after everything written before it.
//
// The parent confirms delivered frames (tDelivered, batched while more
// frames wait), and only then may text go straight to a pipe again. So text
// on one stream costs a write and an ioctl per chunk, and text that switches
// streams faster than the parent reads travels as frames, without waiting
// for the parent.
type orderedStreams struct {
	mu   sync.Mutex
	w    [2]io.Writer
	fd   [2]int // the pipes' descriptors, -1 when w is not a pipe
	last int    // stream of the last chunk, -1 before the first
	send func(*frame) error
	sent uint64 // stream frames sent (their Ref)

	delivered atomic.Uint64 // the last stream frame the parent delivered
}

func newOrderedStreams(stdout, stderr io.Writer, send func(*frame) error) *orderedStreams {
	o := &orderedStreams{w: [2]io.Writer{stdout, stderr}, fd: [2]int{-1, -1}, last: -1, send: send}
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
	framed := o.delivered.Load() < o.sent || i == 0 && o.last == 1 || o.unread(1-i) > 0
	o.last = i
	if framed {
		for len(text) > 0 {
			n := min(len(text), maxStreamFrame)
			o.sent++
			if o.send(&frame{T: tStream, Ref: o.sent, Stream: streamNames[i], Data: []byte(text[:n])}) != nil {
				break // the parent is gone; the pipe says so too
			}
			text = text[n:]
		}
		if len(text) == 0 {
			return
		}
	}
	io.WriteString(o.w[i], text)
}

// confirm records that the parent delivered stream frames up to ref.
func (o *orderedStreams) confirm(ref uint64) {
	for {
		d := o.delivered.Load()
		if ref <= d || o.delivered.CompareAndSwap(d, ref) {
			return
		}
	}
}

// unread is the number of bytes in stream i's pipe that the parent has not
// read yet (Linux answers FIONREAD on either end of a pipe); 0 when
// unknown.
func (o *orderedStreams) unread(i int) int {
	if o.fd[i] < 0 {
		return 0
	}
	var n int32
	if _, _, e := syscall.RawSyscall(syscall.SYS_IOCTL, uintptr(o.fd[i]), syscall.TIOCINQ, uintptr(unsafe.Pointer(&n))); e != 0 {
		return 0
	}
	return int(n)
}
