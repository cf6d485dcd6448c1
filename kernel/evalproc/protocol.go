// Package evalproc runs a session.Session in a child process and drives it
// over pipes, so that failures a Go process cannot recover from (runaway
// recursion, concurrent map writes, running out of memory, a compiled call
// that will not stop) end only the child.
//
// The child calls ServeChild (or Serve) with the real session; the kernel
// calls New (or Start, which also waits for the first child) and uses the
// returned *Client as its session.Session. With New the first child starts
// in the background: the kernel serves at once, and requests for the
// evaluator wait until it is up. When the child dies or must be killed, the
// cell that was running fails with session.ErrNameLost, naming the cause,
// and a fresh child is started for the next request.
//
// # Pipes
//
// The child reads requests on fd 3 and writes events on fd 4; the running
// cell has a pipe of its own each way, fd 5 (execute requests) and fd 6
// (its events and reply). So the goroutine that waits for a cell's reply
// reads it itself, in both processes, and a trivial cell costs one wakeup
// each way instead of a hand-over between goroutines on top (which, with
// an idle processor, woke a second thread each time). Its fd 1 and fd 2
// are pipes that the parent reads: everything the child prints, compiled
// code and subprocesses included, becomes the running cell's stdout and
// stderr.
//
// # Order of output
//
// Two pipes cannot tell which of two writes, one on each, came first. So
// the child sends all Sink.Stream text through one writer (orderedStreams):
// a chunk goes straight to the pipe of its stream while that cannot let it
// overtake earlier text, and otherwise as a stream frame on an event pipe,
// which the parent delivers only after draining what already waits in both
// pipes (FIONREAD). Displays, clears and input requests travel as frames
// too; the parent drains the pipes before delivering them (and the reply),
// and the child waits for the acknowledgement of a display or clear before
// going on. While a cell runs, the child sends all its frames but results
// on the cell's event pipe (fd 6), and the parent drains fd 4 before it
// delivers the first of them; between cells they go on fd 4.
//
// What is guaranteed, for writes ordered in the child (one goroutine, or
// goroutines synchronised with each other):
//
//   - Sink.Stream text (for the evaluator: everything interpreted code
//     prints, fmt.Print*, print and println, os.Stdout and os.Stderr, log,
//     from the cell and from its goroutines), displays, clears and input
//     prompts reach the cell's sink in exactly the order they were made,
//     across stdout and stderr, however small and close together.
//   - Direct writes to fd 1 or fd 2 (compiled code, subprocesses, the Go
//     runtime) keep their order within their fd, and are delivered before
//     any Sink.Stream text, display or reply made after them (but a direct
//     stderr line that begins like a runtime crash report, which the
//     parent holds back until it can tell, may come after later stdout
//     text that went straight to its pipe).
//   - A direct write comes after earlier Sink.Stream text of the same
//     stream when that text went straight to the pipe, which it does
//     unless the streams were switching faster than the parent reads. A
//     direct write made after Sink.Stream text, a display or a clear may
//     be delivered before it: nothing stands between compiled code and the
//     fd.
//
// Concurrent writes are delivered in some order, each chunk whole. The
// parent hands text to the sink as it reads it (in reads of up to 64 KiB,
// frames of up to 1 MiB); batching stream messages is the sink's business,
// which must flush one stream's text before the other's.
//
// # Wire format
//
// After a handshake line (Handshake plus a newline, written first by the
// parent on fd 3 and by the child on fd 4, so that a kernel and an
// evaluator from different builds fail with a clear error), each message
// is a 4-byte big-endian length followed by that many bytes: a frame in
// JSON, or for executes and replies of the usual shapes in a compact form
// (codec.go).
package evalproc

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/gocell/gocell/kernel/session"
)

// Handshake is the first line each side writes. Change its version whenever
// the frames change meaning.
const Handshake = "gocell-evalproc 4"

// maxFrame bounds one message; a display of a large image fits well within.
const maxFrame = 256 << 20

// Frame types. Requests go from parent to child, events from child to parent.
const (
	tExecute    = "execute"     // parent, on the cell pipe: run Exec; child answers tReply there
	tComplete   = "complete"    // parent: Code, Cursor; child answers tResult
	tInspect    = "inspect"     // parent: Code, Cursor, Detail; child answers tResult
	tIsComplete = "is_complete" // parent: Code; child answers tResult
	tCancel     = "cancel"      // parent: cancel the context of request ID
	tInputReply = "input_reply" // parent: the answer to input request Ref
	tAck        = "ack"         // parent: display or clear Ref was delivered
	tClose      = "close"       // parent: close the session; child answers tResult and exits
	tReply      = "reply"       // child: execute ID ended with Reply
	tResult     = "result"      // child: answer to request ID
	tDisplay    = "display"     // child: cell ID displays Display; wait for tAck Ref
	tClear      = "clear"       // child: cell ID clears its output; wait for tAck Ref
	tInput      = "input"       // child: cell ID reads a line; wait for tInputReply Ref
	tStream     = "stream"      // child: Data on Stream, after what waits in the pipes; numbered by Ref
	tDelivered  = "delivered"   // parent: stream frames up to Ref were delivered
)

// frame is one message in either direction. Only the fields its type needs
// are set.
type frame struct {
	T   string `json:"t"`
	ID  uint64 `json:"id,omitempty"`
	Ref uint64 `json:"ref,omitempty"`

	Exec   *session.ExecuteRequest `json:"exec,omitempty"`
	Code   string                  `json:"code,omitempty"`
	Cursor int                     `json:"cursor,omitempty"`
	Detail int                     `json:"detail,omitempty"`

	Prompt   string `json:"prompt,omitempty"`
	Password bool   `json:"password,omitempty"`
	Text     string `json:"text,omitempty"`
	// Err is a failure message; NoStdin marks session.ErrNoStdin.
	Err     string `json:"err,omitempty"`
	NoStdin bool   `json:"no_stdin,omitempty"`

	// Stream ("stdout" or "stderr") and Data are a stream frame's text, as
	// bytes: a chunk may end inside a UTF-8 sequence.
	Stream string `json:"stream,omitempty"`
	Data   []byte `json:"data,omitempty"`

	Display      *session.Display      `json:"display,omitempty"`
	Wait         bool                  `json:"wait,omitempty"`
	Reply        *session.ExecuteReply `json:"reply,omitempty"`
	Completion   *session.Completion   `json:"completion,omitempty"`
	Inspection   *session.Inspection   `json:"inspection,omitempty"`
	Completeness *session.Completeness `json:"completeness,omitempty"`
}

// encodeFrame returns f with its length in front.
func encodeFrame(f *frame) ([]byte, error) {
	buf, ok := encodeCompact(make([]byte, 4, 64), f)
	if !ok {
		body, err := json.Marshal(f)
		if err != nil {
			return nil, fmt.Errorf("evalproc: encode %s: %w", f.T, err)
		}
		buf = append(buf[:4], body...)
	}
	if len(buf)-4 > maxFrame {
		return nil, fmt.Errorf("evalproc: %s message of %d bytes exceeds the %d-byte limit", f.T, len(buf)-4, maxFrame)
	}
	binary.BigEndian.PutUint32(buf, uint32(len(buf)-4))
	return buf, nil
}

// frameWriter writes whole frames; it is safe for concurrent use.
type frameWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (fw *frameWriter) write(f *frame) error {
	buf, err := encodeFrame(f)
	if err != nil {
		return err
	}
	fw.mu.Lock()
	defer fw.mu.Unlock()
	if _, err := fw.w.Write(buf); err != nil {
		return fmt.Errorf("evalproc: write %s: %w", f.T, err)
	}
	return nil
}

// eventOut is the child's writer of events: while a cell runs, all but
// results go on the cell's pipe, where the parent's goroutine that waits
// for the reply reads them; otherwise they go on the event pipe. It is
// safe for concurrent use.
type eventOut struct {
	mu     sync.Mutex
	events io.Writer
	cell   io.Writer
	active bool // a cell runs: from its execute to its reply
}

// begin starts a cell: its events go on the cell pipe until its reply.
func (e *eventOut) begin() {
	e.mu.Lock()
	e.active = true
	e.mu.Unlock()
}

func (e *eventOut) write(f *frame) error {
	buf, err := encodeFrame(f)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	w := e.events
	if f.T == tReply || e.active && f.T != tResult {
		w = e.cell
	}
	if f.T == tReply {
		e.active = false
	}
	if _, err := w.Write(buf); err != nil {
		return fmt.Errorf("evalproc: write %s: %w", f.T, err)
	}
	return nil
}

// frameReader reads frames. What it has read of a frame survives an error
// (a deadline that interrupts a read), so the next call goes on where the
// last stopped.
type frameReader struct {
	r   io.Reader
	buf []byte
	off int // buf[off:end] is read but not yet decoded
	end int
}

// readBufSize is the usual read buffer; a larger frame grows it for as
// long as the frame takes.
const readBufSize = 64 << 10

func newFrameReader(r io.Reader) *frameReader {
	return &frameReader{r: r, buf: make([]byte, readBufSize)}
}

// next reads one frame; io.EOF means the other side closed cleanly.
func (fr *frameReader) next() (*frame, error) {
	for {
		f, err := fr.decode()
		if f != nil || err != nil {
			return f, err
		}
		if err := fr.fill(); err != nil {
			if errors.Is(err, io.EOF) && fr.end > fr.off {
				return nil, fmt.Errorf("evalproc: truncated message: %w", io.ErrUnexpectedEOF)
			}
			return nil, err
		}
	}
}

// buffered reports whether bytes of a next frame are already read.
func (fr *frameReader) buffered() bool { return fr.end > fr.off }

// space returns where the next read goes, making room first.
func (fr *frameReader) space() []byte {
	if fr.off == fr.end {
		fr.off, fr.end = 0, 0
		if len(fr.buf) > readBufSize {
			fr.buf = make([]byte, readBufSize) // let a large frame's buffer go
		}
	}
	if fr.end == len(fr.buf) && fr.off > 0 {
		fr.end = copy(fr.buf, fr.buf[fr.off:fr.end])
		fr.off = 0
	}
	return fr.buf[fr.end:]
}

// fill reads once into the buffer.
func (fr *frameReader) fill() error {
	n, err := fr.r.Read(fr.space())
	fr.end += n
	if n > 0 {
		return nil
	}
	if err == nil {
		err = io.ErrNoProgress
	}
	return err
}

// decode returns the next frame if it is whole in the buffer, nil if not.
func (fr *frameReader) decode() (*frame, error) {
	if fr.end-fr.off < 4 {
		return nil, nil
	}
	n := int(binary.BigEndian.Uint32(fr.buf[fr.off:]))
	if n > maxFrame {
		return nil, fmt.Errorf("evalproc: message of %d bytes exceeds the %d-byte limit", n, maxFrame)
	}
	if fr.end-fr.off < 4+n {
		if len(fr.buf)-fr.off < 4+n { // it will not fit: grow
			buf := make([]byte, 4+n)
			fr.end = copy(buf, fr.buf[fr.off:fr.end])
			fr.buf, fr.off = buf, 0
		}
		return nil, nil
	}
	body := fr.buf[fr.off+4 : fr.off+4+n]
	fr.off += 4 + n
	if len(body) > 0 && body[0] != '{' {
		f, err := decodeCompact(body)
		if err != nil {
			return nil, fmt.Errorf("evalproc: bad message: %w", err)
		}
		return f, nil
	}
	f := new(frame)
	if err := json.Unmarshal(body, f); err != nil {
		return nil, fmt.Errorf("evalproc: bad message: %w", err)
	}
	return f, nil
}

// writeHandshake and readHandshake exchange the version line.
func writeHandshake(w io.Writer) error {
	if _, err := io.WriteString(w, Handshake+"\n"); err != nil {
		return fmt.Errorf("evalproc: write handshake: %w", err)
	}
	return nil
}

// errHandshake marks a peer that speaks another protocol.
var errHandshake = errors.New("evalproc: handshake mismatch")

// readHandshake reads the version line, leaving what follows it buffered.
func (fr *frameReader) readHandshake() error {
	for {
		line := fr.buf[fr.off:fr.end]
		k := bytes.IndexByte(line, '\n')
		if k >= 0 || len(line) > 100 {
			if k >= 0 {
				line = line[:k]
				fr.off += k + 1
			}
			got := strings.TrimSpace(string(line))
			if got != Handshake {
				return fmt.Errorf("%w: the other side speaks %q, this side %q (are the kernel and the evaluator the same build?)", errHandshake, truncate(got, 60), Handshake)
			}
			return nil
		}
		if err := fr.fill(); err != nil {
			if fr.end == fr.off && errors.Is(err, io.EOF) {
				return fmt.Errorf("evalproc: the other side closed before the handshake: %w", err)
			}
			return fmt.Errorf("evalproc: read handshake: %w", err)
		}
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
