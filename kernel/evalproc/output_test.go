package evalproc

import (
	"io"
	"log/slog"
	"reflect"
	"testing"

	"github.com/gocell/gocell/kernel/session"
)

// TestOutputChunks feeds the reading side chunk by chunk, as the pipes may
// cut the text, and checks what reaches the cell.
func TestOutputChunks(t *testing.T) {
	type in struct {
		stream int
		text   string
	}
	tests := []struct {
		name      string
		chunks    []in
		live      []string // delivered before the cell's end
		afterEnd  []string // delivered by the end of the cell
		dieBefore bool     // the child dies before the end
	}{
		{"rune split across reads",
			[]in{{0, "caf\xc3"}, {0, "\xa9!"}},
			[]string{"stdout:caf", "stdout:é!"}, nil, false},
		{"plain stderr is live",
			[]in{{1, "warn"}, {1, "ing\nnext"}},
			[]string{"stderr:warn", "stderr:ing\n", "stderr:next"}, nil, false},
		{"marker cut across reads, child lives",
			[]in{{1, "pan"}, {1, "ic: only words\n"}, {0, "x"}},
			[]string{"stdout:x"}, []string{"stderr:panic: only words\n"}, false},
		{"crash report withheld when the child dies",
			[]in{{1, "before\n"}, {1, "fatal error: stack overflow\n\ngoroutine 1 [running]:\n"}},
			[]string{"stderr:before\n"}, nil, true},
		{"marker only at a line start",
			[]in{{1, "x panic: no\n"}},
			[]string{"stderr:x panic: no\n"}, nil, false},
		{"incomplete rune at the end is flushed",
			[]in{{0, "a\xe2\x82"}},
			[]string{"stdout:a"}, []string{"stdout:\xe2\x82"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &output{log: slog.New(slog.NewTextHandler(io.Discard, nil)), lineStart: true}
			sink := &rawSink{}
			o.sink = sink
			o.mu.Lock()
			for _, c := range tt.chunks {
				o.emit(c.stream, []byte(c.text))
			}
			o.mu.Unlock()
			if !reflect.DeepEqual(sink.got, tt.live) {
				t.Errorf("live: %q, want %q", sink.got, tt.live)
			}
			sink.got = nil
			o.mu.Lock()
			if tt.dieBefore {
				if report := o.die(); crashLine(report) != "fatal error: stack overflow" {
					t.Errorf("report %q lacks the crash line", report)
				}
			} else {
				o.flush()
			}
			o.mu.Unlock()
			if !reflect.DeepEqual(sink.got, tt.afterEnd) {
				t.Errorf("at the end: %q, want %q", sink.got, tt.afterEnd)
			}
		})
	}
}

// rawSink records every Stream call as it comes.
type rawSink struct{ got []string }

func (r *rawSink) Stream(name, text string)  { r.got = append(r.got, name+":"+text) }
func (r *rawSink) Display(d session.Display) {}
func (r *rawSink) Clear(wait bool)           {}

// TestOutputBetweenCellsBound: text printed while no cell runs goes to the next
// cell, up to maxPending bytes; the oldest is kept, and once a chunk is
// dropped so is all that follows, with one line saying how much.
func TestOutputBetweenCellsBound(t *testing.T) {
	big := string(make([]byte, maxPending-3))
	tests := []struct {
		name   string
		chunks []string
		want   []string
	}{
		{"kept", []string{"a", "b"}, []string{"stdout:a", "stdout:b"}},
		{"over the bound, later small text dropped too", []string{big, "abcd", "x"},
			[]string{"stdout:" + big, "stderr:gocell: 5 bytes printed while no cell was running were dropped (the first 1048573 were kept)\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &output{log: slog.New(slog.NewTextHandler(io.Discard, nil)), lineStart: true}
			o.mu.Lock()
			for _, c := range tt.chunks {
				o.emit(0, []byte(c))
			}
			o.mu.Unlock()
			sink := &rawSink{}
			o.begin(sink)
			if !reflect.DeepEqual(sink.got, tt.want) {
				t.Errorf("next cell got %.120q, want %.120q", sink.got, tt.want)
			}
			sink.got = nil
			o.mu.Lock()
			o.sink = nil
			o.emit(0, []byte("later"))
			o.mu.Unlock()
			o.begin(sink)
			if !reflect.DeepEqual(sink.got, []string{"stdout:later"}) {
				t.Errorf("the cell after: %q", sink.got)
			}
		})
	}
}
