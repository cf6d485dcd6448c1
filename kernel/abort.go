package kernel

import (
	"strings"
	"time"
)

// abortRule decides which execute_requests a failed cell aborts under
// stop_on_error: those the client sent before it could see the failure.
//
// Everything already received when the failure is replied is aborted, as in
// ipykernel. That alone is not enough for this kernel: it reads and runs
// cells so fast that in a "Run All" burst the first cell can fail before
// the rest have been read off the socket, and they would run. So a request
// from the same client session is also aborted when its header date shows
// it was created before the failure's reply was sent.
//
// Client and kernel clocks may differ, so dates are not compared directly:
// the offset between the failed request's date and the moment it was
// received converts the client's dates into kernel time. That estimate
// includes the failed request's transit time, so it errs towards running a
// request, never towards aborting one sent after the reply.
//
// Dates are written to a precision: JupyterLab's to the millisecond, which
// is longer than a failing cell can take here. Two requests of one burst
// may then carry dates a millisecond apart, and the later one would seem
// sent after the reply; so the comparison allows one step of the date's
// precision. A client cannot receive the reply and send a new request
// within a millisecond through a browser; jupyter_client writes
// microseconds. Dates coarser than a millisecond are not used.
//
// A busy client may also take several milliseconds to send a burst, so
// the failure's reply is held for Config.AbortGrace first: whatever
// arrives meanwhile is aborted by its arrival, and the date rule counts
// from the moment the reply actually goes out.
type abortRule struct {
	// through: requests with seq <= through are aborted.
	through uint64
	// Date rule; valid only when dated is true.
	dated   bool
	session string
	offset  time.Duration // kernel time - client time
	step    time.Duration // the dates' precision
	at      time.Time     // when the failure's reply was sent
}

func newAbortRule(failed queued, lastSeq uint64, now time.Time) abortRule {
	r := abortRule{through: lastSeq}
	if d, ok := headerDate(failed); ok && datePrecision(failed.msg.Header.Date) <= time.Millisecond {
		r.dated = true
		r.step = datePrecision(failed.msg.Header.Date)
		r.session = failed.msg.Header.Session
		r.offset = failed.recv.Sub(d)
		r.at = now
	}
	return r
}

func (r abortRule) applies(q queued) bool {
	if q.seq <= r.through {
		return true
	}
	if !r.dated || q.msg.Header.Session != r.session {
		return false
	}
	d, ok := headerDate(q)
	return ok && d.Add(r.offset-r.step).Before(r.at)
}

// datePrecision returns the step of an RFC 3339 date's fraction of a
// second: a millisecond for ".123", a second without a fraction.
func datePrecision(date string) time.Duration {
	i := strings.IndexByte(date, '.')
	if i < 0 {
		return time.Second
	}
	n := 0
	for _, c := range date[i+1:] {
		if c < '0' || c > '9' {
			break
		}
		n++
	}
	step := time.Second
	for ; n > 0 && step > time.Nanosecond; n-- {
		step /= 10
	}
	return step
}

// headerDate parses the request's header date (ISO 8601 with a time zone,
// as jupyter_client and JupyterLab write it).
func headerDate(q queued) (time.Time, bool) {
	d, err := time.Parse(time.RFC3339Nano, q.msg.Header.Date)
	return d, err == nil
}
