package evalproc

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/gocell/gocell/kernel/rawio"
	"github.com/gocell/gocell/kernel/session"
)

const (
	// maxPending bounds the output kept for the next cell while none runs
	// (as the evaluator bounds what its goroutines print between cells).
	maxPending = 1 << 20
	// maxSuspect bounds the stderr held back as a possible crash report.
	maxSuspect = 256 << 10
	// tailSize is how much of the end of stderr is kept to explain a death.
	tailSize = 8 << 10
	// releaseAfter is how long stderr that looks like the start of a
	// runtime crash report is held back; if the child is still alive then
	// and the text did not turn out to be one, it was ordinary output.
	releaseAfter = time.Second
)

var streamNames = [2]string{"stdout", "stderr"}

// crashMarkers start the lines the Go runtime writes to stderr when it
// dies. From such a line on, stderr is held back: if the child dies the
// report is logged and summarised in the cell's error rather than dumped on
// the user; if it lives, the text is delivered after all.
var crashMarkers = []string{"fatal error: ", "runtime: ", "panic: "}

// chunk is text printed while no cell was running.
type chunk struct {
	name, text string
}

// output reads the child's stdout and stderr and hands the text to the
// running cell's sink. Every read and every delivery happens under mu, so
// that draining the pipes before an event leaves nothing that was written
// before it in flight.
type output struct {
	mu    sync.Mutex
	files [2]*os.File
	conns [2]syscall.RawConn
	buf   []byte
	log   *slog.Logger

	sink    session.Sink // the running cell's; nil between cells
	utf     [2][]byte    // an incomplete UTF-8 sequence read last
	pending []chunk      // text for the next cell
	pendN   int
	dropped int

	lineStart bool   // stderr is at the start of a line
	hold      []byte // start of a stderr line that may be a crash marker
	diverted  bool
	suspect   []byte
	timer     *time.Timer
	dead      bool
	tail      []byte
}

func newOutput(stdout, stderr *os.File, log *slog.Logger) (*output, error) {
	o := &output{files: [2]*os.File{stdout, stderr}, buf: make([]byte, 64<<10), log: log, lineStart: true}
	for i, f := range o.files {
		c, err := f.SyscallConn()
		if err != nil {
			return nil, fmt.Errorf("evalproc: %s pipe: %w", streamNames[i], err)
		}
		o.conns[i] = c
	}
	go o.pump(0)
	go o.pump(1)
	return o, nil
}

// pump reads one pipe as data arrives until it ends or is closed.
func (o *output) pump(i int) {
	o.conns[i].Read(func(fd uintptr) bool {
		for {
			o.mu.Lock()
			n, errno := rawio.ReadOnce(fd, o.buf)
			if errno == 0 && n > 0 {
				o.emit(i, o.buf[:n])
			}
			o.mu.Unlock()
			switch {
			case errno == 0 && n > 0:
			case errno == syscall.EAGAIN:
				return false
			default:
				return true
			}
		}
	})
}

// drain reads, under mu, exactly what waits in both pipes now.
func (o *output) drain() {
	for i, c := range o.conns {
		c.Control(func(fd uintptr) {
			var n int32
			// Raw: neither call blocks (the pipe is non-blocking).
			if _, _, e := syscall.RawSyscall(syscall.SYS_IOCTL, fd, syscall.TIOCINQ, uintptr(unsafe.Pointer(&n))); e != 0 {
				return
			}
			for n > 0 {
				m, errno := rawio.ReadOnce(fd, o.buf[:min(int(n), len(o.buf))])
				if errno != 0 || m == 0 {
					return
				}
				o.emit(i, o.buf[:m])
				n -= int32(m)
			}
		})
	}
}

func (o *output) emit(i int, b []byte) {
	if i == 0 {
		o.text(0, b)
		return
	}
	o.tail = append(o.tail, b...)
	if len(o.tail) > 2*tailSize {
		o.tail = append(o.tail[:0], o.tail[len(o.tail)-tailSize:]...)
	}
	o.stderr(b)
}

// stderr delivers stderr bytes line by line, diverting a crash report.
func (o *output) stderr(b []byte) {
	if len(o.hold) > 0 {
		b = append(o.hold, b...)
		o.hold = nil
	}
	for len(b) > 0 {
		if o.diverted {
			if len(o.suspect)+len(b) > maxSuspect {
				if certainCrash(o.suspect) {
					return // the report's start is kept: that is enough
				}
				o.release(true)
				continue
			}
			o.suspect = append(o.suspect, b...)
			return
		}
		if o.lineStart {
			switch markerAt(b) {
			case 1:
				o.diverted = true
				o.timer = time.AfterFunc(releaseAfter, o.timeout)
				continue
			case 0:
				o.hold = append([]byte(nil), b...)
				return
			}
		}
		k := bytes.IndexByte(b, '\n')
		if k < 0 {
			o.text(1, b)
			o.lineStart = false
			return
		}
		o.text(1, b[:k+1])
		o.lineStart = true
		b = b[k+1:]
	}
}

// markerAt reports whether b starts with a crash marker (1), is the start
// of one (0), or neither (-1).
func markerAt(b []byte) int {
	for _, m := range crashMarkers {
		if bytes.HasPrefix(b, []byte(m)) {
			return 1
		}
		if len(b) < len(m) && bytes.HasPrefix([]byte(m), b) {
			return 0
		}
	}
	return -1
}

// certainCrash reports whether held-back stderr has the lines only a
// dying runtime writes: "fatal error: ..." or a goroutine's traceback
// header after a panic.
func certainCrash(b []byte) bool {
	return bytes.HasPrefix(b, []byte("fatal error: ")) || bytes.Contains(b, []byte("\nfatal error: ")) ||
		bytes.HasPrefix(b, []byte("panic: ")) && goroutineHeader.Match(b)
}

var goroutineHeader = regexp.MustCompile(`\n\ngoroutine [0-9]+ (gp=0x[0-9a-f]+ m=[0-9a-z]+ mp=0x[0-9a-f]+ )?\[`)

func (o *output) timeout() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.dead {
		o.release(false)
	}
}

// release delivers held-back stderr: the child lived on, so it was output.
// Unless forced (the cell's reply arrived, so the child is alive), a report
// that certainly comes from the runtime is kept: the child is dying, however
// long a loaded machine takes to finish it.
func (o *output) release(force bool) {
	if !o.diverted || !force && certainCrash(o.suspect) {
		return
	}
	o.diverted = false
	o.timer.Stop()
	s := o.suspect
	o.suspect = nil
	o.text(1, s)
	o.lineStart = len(s) > 0 && s[len(s)-1] == '\n'
}

// text delivers complete UTF-8 text, keeping a split sequence for later.
func (o *output) text(i int, b []byte) {
	if len(o.utf[i]) > 0 {
		b = append(o.utf[i], b...)
		o.utf[i] = nil
	}
	cut := len(b)
	for k := len(b) - 1; k >= 0 && k >= len(b)-utf8.UTFMax; k-- {
		if utf8.RuneStart(b[k]) {
			if !utf8.FullRune(b[k:]) {
				cut = k
			}
			break
		}
	}
	if cut < len(b) {
		o.utf[i] = append([]byte(nil), b[cut:]...)
	}
	o.deliver(i, string(b[:cut]))
}

func (o *output) deliver(i int, s string) {
	switch {
	case s == "":
	case o.sink != nil:
		o.sink.Stream(streamNames[i], s)
	case o.dropped == 0 && o.pendN+len(s) <= maxPending:
		o.pending = append(o.pending, chunk{streamNames[i], s})
		o.pendN += len(s)
	default:
		// The oldest text is kept: once a chunk is dropped, so is all that
		// follows it until a cell runs.
		o.dropped += len(s)
		o.log.Warn("evalproc: output printed between cells dropped", "stream", streamNames[i], "bytes", len(s))
	}
}

// flush delivers everything held back, complete or not.
func (o *output) flush() {
	o.release(true)
	o.unhold()
	for i := range o.utf {
		if u := o.utf[i]; len(u) > 0 {
			o.utf[i] = nil
			o.deliver(i, string(u))
		}
	}
}

// unhold delivers the start of a stderr line kept back because it might
// have become a crash marker.
func (o *output) unhold() {
	if len(o.hold) > 0 {
		h := o.hold
		o.hold = nil
		o.text(1, h)
		o.lineStart = false
	}
}

// begin makes sink the destination and gives it what was printed since
// the last cell.
func (o *output) begin(sink session.Sink) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sink = sink
	for _, c := range o.pending {
		sink.Stream(c.name, c.text)
	}
	if o.dropped > 0 {
		sink.Stream("stderr", fmt.Sprintf("gocell: %d bytes printed while no cell was running were dropped (the first %d were kept)\n", o.dropped, o.pendN))
	}
	o.pending, o.pendN, o.dropped = nil, 0, 0
}

// end delivers all the cell printed and detaches its sink.
func (o *output) end() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.drain()
	o.flush()
	o.sink = nil
}

// event delivers what waits in the pipes and what stderr holds back (but
// a report only a dying runtime writes), then calls fn with the sink (nil
// between cells), all before any later output.
func (o *output) event(fn func(session.Sink)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.drain()
	o.release(false)
	if !o.diverted {
		o.unhold()
	}
	fn(o.sink)
}

// framed delivers the text of a stream frame after what waits in the
// pipes and what stderr holds back, as event does. It is not scanned for
// crash reports: the runtime writes those to fd 2, not in frames.
func (o *output) framed(name string, b []byte) {
	i := 0
	if name == "stderr" {
		i = 1
	}
	o.event(func(session.Sink) { o.text(i, b) })
}

// finish is called once the child is gone: it delivers the rest of its
// output, keeps a crash report out of the cell and returns the report (or
// the end of stderr when there was none) to explain the death.
func (o *output) finish() (report string) {
	o.mu.Lock()
	o.drain()
	report = o.die()
	o.mu.Unlock()
	for _, f := range o.files {
		f.Close()
	}
	return report
}

// die is finish once the pipes are read; mu is held.
func (o *output) die() (report string) {
	o.dead = true
	if o.diverted {
		report = string(o.suspect)
		o.diverted, o.suspect = false, nil
		o.timer.Stop()
	} else {
		report = string(o.tail)
		if len(report) > tailSize {
			report = report[len(report)-tailSize:]
		}
	}
	o.flush()
	return report
}
