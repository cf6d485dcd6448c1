package kernel

import "time"

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
type abortRule struct {
	// through: requests with seq <= through are aborted.
	through uint64
	// Date rule; valid only when dated is true.
	dated   bool
	session string
	offset  time.Duration // kernel time - client time
	at      time.Time     // when the failure's reply was sent
}

func newAbortRule(failed queued, lastSeq uint64, now time.Time) abortRule {
	r := abortRule{through: lastSeq}
	if d, ok := headerDate(failed); ok {
		r.dated = true
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
	return ok && d.Add(r.offset).Before(r.at)
}

// headerDate parses the request's header date (ISO 8601 with a time zone,
// as jupyter_client and JupyterLab write it).
func headerDate(q queued) (time.Time, bool) {
	d, err := time.Parse(time.RFC3339Nano, q.msg.Header.Date)
	return d, err == nil
}
