package evaluator

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestHoldBetweenCells: output printed while no cell runs is kept up to
// maxPending bytes, oldest first; what does not fit is dropped whole and
// counted in one stderr line at the end.
func TestHoldBetweenCells(t *testing.T) {
	kib := strings.Repeat("x", 1<<10)
	cases := []struct {
		name       string
		writes     []string
		wantKept   int // bytes of stdout kept
		wantLost   int // bytes reported dropped; 0: no note
		wantChunks int // pending entries, the note included
	}{
		{"nothing", nil, 0, 0, 0},
		{"small", []string{"a", "bc"}, 3, 0, 2},
		{"exactly the limit", repeat(kib, maxPending>>10), maxPending, 0, maxPending >> 10},
		{"one byte over", append(repeat(kib, maxPending>>10), "y"), maxPending, 1, maxPending>>10 + 1},
		{"over by chunks", repeat(kib, maxPending>>10+5), maxPending, 5 << 10, maxPending>>10 + 1},
		{"a chunk that does not fit is dropped, and all after it",
			[]string{strings.Repeat("z", maxPending-10), kib, "tiny"}, maxPending - 10, len(kib) + 4, 2},
		{"one write above the limit", []string{strings.Repeat("z", maxPending+1)}, 0, maxPending + 1, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := &cellState{}
			w := &streamWriter{c: cs, name: "stdout"}
			for _, s := range c.writes {
				if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
					t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(s))
				}
			}
			kept, note := splitPending(cs.pending)
			if kept != c.wantKept || len(cs.pending) != c.wantChunks {
				t.Errorf("kept %d bytes in %d entries, want %d in %d", kept, len(cs.pending), c.wantKept, c.wantChunks)
			}
			want := ""
			if c.wantLost > 0 {
				want = fmt.Sprintf("gocell: %d bytes printed while no cell was running were dropped (the first %d were kept)\n", c.wantLost, c.wantKept)
			}
			if note != want {
				t.Errorf("note %q, want %q", note, want)
			}
		})
	}
}

// splitPending returns the stdout bytes pending holds and the text of its
// stderr note, if any.
func splitPending(p []pendingText) (stdout int, note string) {
	for _, e := range p {
		if e.name == "stderr" {
			note += e.text
		} else {
			stdout += len(e.text)
		}
	}
	return stdout, note
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestHoldStartsAfreshAfterACell: once a cell has taken what was held, the
// bound and the count of dropped bytes start again from zero.
func TestHoldStartsAfreshAfterACell(t *testing.T) {
	cs := &cellState{}
	w := &streamWriter{c: cs, name: "stdout"}
	w.Write([]byte(strings.Repeat("a", maxPending+7)))
	cs.pending = nil // what beginCell does
	w.Write([]byte("after"))
	if len(cs.pending) != 1 || cs.pending[0].text != "after" {
		t.Errorf("pending after a cell took the last: %q", cs.pending)
	}
}

// TestGoroutineFloodBetweenCells: a goroutine printing more than the bound
// after its cell ended; the next cell shows the first maxPending bytes and
// one line saying how much was dropped.
func TestGoroutineFloodBetweenCells(t *testing.T) {
	s := newSession(t)
	const chunks = maxPending>>10 + 76
	o := run(t, s, fmt.Sprintf(`go func() {
	time.Sleep(20 * time.Millisecond)
	line := strings.Repeat("x", 1023) + "\n"
	for i := 0; i < %d; i++ {
		fmt.Print(line)
	}
}()`, chunks))
	if o.ename != "" {
		t.Fatalf("first cell: %s: %s", o.ename, o.evalue)
	}
	lost := 76 << 10
	deadline := time.Now().Add(20 * time.Second)
	for {
		s.cell.mu.Lock()
		got := s.cell.pendingLost
		s.cell.mu.Unlock()
		if got == lost {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("dropped %d bytes after 20 s, want %d", got, lost)
		}
		time.Sleep(5 * time.Millisecond)
	}
	o = run(t, s, "1")
	if len(o.stdout) != maxPending || strings.Trim(o.stdout, "x\n") != "" {
		t.Errorf("next cell's stdout: %d bytes, want the first %d", len(o.stdout), maxPending)
	}
	want := fmt.Sprintf("gocell: %d bytes printed while no cell was running were dropped (the first %d were kept)\n", lost, maxPending)
	if o.stderr != want {
		t.Errorf("next cell's stderr %q, want %q", o.stderr, want)
	}
	if o.result != "1" {
		t.Errorf("next cell's result %q", o.result)
	}
	if o = run(t, s, "2"); o.stdout != "" || o.stderr != "" {
		t.Errorf("the cell after: stdout %q, stderr %q", o.stdout, o.stderr)
	}
}
