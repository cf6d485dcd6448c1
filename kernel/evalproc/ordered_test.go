package evalproc

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

// alternating is what n turns of "i," on stdout and "i;" on stderr look
// like in a recSink.
func alternating(n int) []string {
	var want []string
	for i := range n {
		want = append(want, "stdout:"+strconv.Itoa(i)+",", "stderr:"+strconv.Itoa(i)+";")
	}
	return want
}

// TestStreamOrderAcrossStreams runs cells in the child whose stdout and
// stderr interleave, through Sink.Stream and direct fd writes, and checks
// the exact sequence the parent delivers. Every case is one the package doc
// guarantees; run repeatedly, so that a lucky schedule does not hide a race.
func TestStreamOrderAcrossStreams(t *testing.T) {
	c := startTest(t)
	tests := []struct {
		name, code string
		want       []string
	}{
		{"stream, stderr, stream", "stream:a\nestream:b\nstream:c", []string{"stdout:a", "stderr:b", "stdout:c"}},
		{"tiny back to back", "alt:300", alternating(300)},
		{"goroutines in turn", "goalt:50", alternating(50)},
		{"direct writes before stream text and after displays",
			"print:a\nestream:b\ndisplay:x\nstderr:c\nstream:d\ndisplay:y\nprint:e\nestream:f\nclear\nprint:h\nstream:j",
			[]string{"stdout:a", "stderr:b", "display:x", "stderr:c", "stdout:d", "display:y", "stdout:e", "stderr:f", "clear:true", "stdout:hj"}},
		{"around a display", "estream:e1\ndisplay:d\nstream:o\nestream:e2\nclear\nestream:e3\nstream:o2",
			[]string{"stderr:e1", "display:d", "stdout:o", "stderr:e2", "clear:true", "stderr:e3", "stdout:o2"}},
		{"large write between", "estream:before\nbigstream:3000000\nestream:after\nstream:end",
			[]string{"stderr:before", "stdout:" + strings.Repeat("x", 3000000), "stderr:after", "stdout:end"}},
		{"rune split across chunks", "estream:e\nsplitrune\nestream:f",
			[]string{"stderr:e", "stdout:café!", "stderr:f"}},
		{"stderr that looks like a crash", "estream:panic: not really\nstream:x\nestream:runt\nstream:y",
			[]string{"stderr:panic: not really", "stdout:x", "stderr:runt", "stdout:y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for round := range 5 {
				rep, sink := run(c, tt.code)
				if rep.Error != nil {
					t.Fatalf("error: %v", rep.Error)
				}
				if got := sink.only("stdout", "stderr", "display", "clear"); !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("round %d: events = %s, want %s", round, truncate(strings.Join(got, " | "), 300), truncate(strings.Join(tt.want, " | "), 300))
				}
			}
		})
	}
}

// TestStreamOrderBetweenCells: text that switches streams after its cell
// ended travels as frames on the event pipe, not the cell pipe; the next
// cell gets all of it first, in order, then its own.
func TestStreamOrderBetweenCells(t *testing.T) {
	c := startTest(t)
	for round := range 3 {
		if rep, sink := run(c, "latealt:100"); rep.Error != nil || len(sink.only("stdout", "stderr")) != 0 {
			t.Fatalf("first cell: %+v, %q", rep.Error, sink.only("stdout", "stderr"))
		}
		time.Sleep(150 * time.Millisecond)
		rep, sink := run(c, "alt:3")
		if rep.Error != nil {
			t.Fatal(rep.Error)
		}
		want := append(alternating(100), alternating(3)...)
		if got := sink.only("stdout", "stderr"); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: events = %s, want %s", round, truncate(strings.Join(got, " | "), 300), truncate(strings.Join(want, " | "), 300))
		}
	}
}

// TestFramedTextBeforeADeath checks that text sent as stream frames just
// before the child dies reaches the cell that was running, in order: the
// last megabyte is still being read from the event pipe when the death is
// seen.
func TestFramedTextBeforeADeath(t *testing.T) {
	c := startTest(t)
	for round := range 3 {
		rep, sink := run(c, "estream:b\nbigstream:3000000\nexit:3")
		if rep.Error == nil || rep.Error.Name != session.ErrNameLost {
			t.Fatalf("reply error = %+v, want %s", rep.Error, session.ErrNameLost)
		}
		if got := sink.only("stdout", "stderr"); len(got) != 2 || got[0] != "stderr:b" || got[1] != "stdout:"+strings.Repeat("x", 3000000) {
			t.Fatalf("round %d: %d events, the last %d bytes long; want stderr b then 3000000 bytes of stdout", round, len(got), len(got[len(got)-1]))
		}
	}
}

// BenchmarkStreamSwitch is one cell printing 100 tiny chunks on each stream
// in turn through Sink.Stream: each switch from stderr to stdout costs a
// flush round trip.
func BenchmarkStreamSwitch(b *testing.B) {
	c := startTest(b)
	req := session.ExecuteRequest{Code: "alt:100"}
	for b.Loop() {
		if rep := c.Execute(context.Background(), req, &recSink{}, nil); rep.Error != nil {
			b.Fatal(rep.Error)
		}
	}
}
