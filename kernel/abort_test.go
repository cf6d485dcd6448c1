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
	// A browser writes milliseconds: a burst's next request may carry the
	// next millisecond although it was made with the failed one.
	ms := func(session string, date time.Time, seq uint64) queued {
		return queued{msg: &wire.Message{Header: wire.Header{Session: session,
			Date: date.Format("2006-01-02T15:04:05.000Z07:00")}}, seq: seq}
	}
	made := kernelNow.Add(900 * time.Microsecond) // written as .000
	failed := ms("s1", made, 1)
	failed.recv = kernelNow.Add(time.Millisecond)
	rule := newAbortRule(failed, 1, kernelNow.Add(1400*time.Microsecond))
	for _, tt := range []struct {
		name string
		made time.Duration
		want bool
	}{
		{"same burst, next millisecond's date", 1050 * time.Microsecond, true},
		{"made after the reply reached the client", 3 * time.Millisecond, false},
	} {
		if got := rule.applies(ms("s1", kernelNow.Add(tt.made), 2)); got != tt.want {
			t.Errorf("millisecond dates, %s: aborted = %v, want %v", tt.name, got, tt.want)
		}
	}
	if r := newAbortRule(queued{msg: &wire.Message{Header: wire.Header{Session: "s1", Date: "2026-01-02T03:04:05Z"}}, recv: kernelNow}, 1, kernelNow.Add(time.Second)); r.dated {
		t.Error("dates to the second are too coarse to compare")
	}
	for date, want := range map[string]time.Duration{"2026-01-02T03:04:05.123Z": time.Millisecond, "2026-01-02T03:04:05.123456+00:00": time.Microsecond, "2026-01-02T03:04:05Z": time.Second, "2026-01-02T03:04:05.1Z": 100 * time.Millisecond} {
		if got := datePrecision(date); got != want {
			t.Errorf("datePrecision(%q) = %v, want %v", date, got, want)
		}
	}
	undated := queued{msg: &wire.Message{Header: wire.Header{Session: "s1", Date: "yesterday"}}, seq: 1}
	rule = newAbortRule(undated, 4, kernelNow)
	if !rule.applies(req("s1", kernelNow, 4)) || rule.applies(req("s1", kernelNow.Add(-time.Hour), 5)) {
		t.Error("a failed request without a date must fall back to arrival order only")
	}
}
