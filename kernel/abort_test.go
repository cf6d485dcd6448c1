package kernel

import (
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/wire"
)

func TestAbortRule(t *testing.T) {
	kernelNow := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	req := func(session string, date time.Time, seq uint64) queued {
		return queued{msg: &wire.Message{Header: wire.Header{Session: session,
			Date: date.Format("2006-01-02T15:04:05.000000Z07:00")}}, seq: seq}
	}
	for _, skew := range []time.Duration{0, time.Hour, -time.Hour, 3 * time.Second} {
		// The client's clock reads kernel time + skew. The failed cell was
		// sent at kernelNow, received 1ms later, and failed 100ms after.
		clientNow := kernelNow.Add(skew)
		failed := req("s1", clientNow, 1)
		failed.recv = kernelNow.Add(time.Millisecond)
		rule := newAbortRule(failed, 2, kernelNow.Add(101*time.Millisecond))
		tests := []struct {
			name string
			q    queued
			want bool
		}{
			{"received before the failure", req("s1", clientNow.Add(time.Microsecond), 2), true},
			{"sent in the same burst, read late", req("s1", clientNow.Add(time.Microsecond), 3), true},
			{"sent while the cell ran", req("s1", clientNow.Add(50*time.Millisecond), 3), true},
			{"sent after the reply", req("s1", clientNow.Add(103*time.Millisecond), 3), false},
			{"other session, old date", req("s2", clientNow.Add(-time.Hour), 3), false},
			{"no date", queued{msg: &wire.Message{Header: wire.Header{Session: "s1"}}, seq: 3}, false},
		}
		for _, tt := range tests {
			if got := rule.applies(tt.q); got != tt.want {
				t.Errorf("skew %v, %s: aborted = %v, want %v", skew, tt.name, got, tt.want)
			}
		}
	}
	undated := queued{msg: &wire.Message{Header: wire.Header{Session: "s1", Date: "yesterday"}}, seq: 1}
	rule := newAbortRule(undated, 4, kernelNow)
	if !rule.applies(req("s1", kernelNow, 4)) || rule.applies(req("s1", kernelNow.Add(-time.Hour), 5)) {
		t.Error("a failed request without a date must fall back to arrival order only")
	}
}
