package notebook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/sessiontest"
)

// cell is a cell of a test notebook: code in sessiontest's cell language,
// or markdown when md is set.
type cell struct {
	src  string
	tags []string
	md   bool
}

// describe turns outputs into short strings a table can hold.
func describe(outs []*Output) []string {
	d := []string{}
	for _, o := range outs {
		switch o.Type {
		case Stream:
			d = append(d, o.Name+":"+o.Text)
		case DisplayData:
			d = append(d, fmt.Sprintf("display[%s]:%v", o.DisplayID, o.Data["text/plain"]))
		case ExecuteResult:
			d = append(d, fmt.Sprintf("result[%d]:%v", o.ExecutionCount, o.Data["text/plain"]))
		case ErrorOutput:
			d = append(d, "error:"+o.EName+":"+o.EValue)
		default:
			d = append(d, o.Type)
		}
	}
	return d
}

func build(cells []cell) *Notebook {
	nb := &Notebook{}
	for _, c := range cells {
		nc := &Cell{Type: Code, Source: c.src, Metadata: map[string]json.RawMessage{}}
		if c.md {
			nc.Type = Markdown
		} else {
			// Old outputs must not survive a run.
			nc.ExecutionCount = 99
			nc.Outputs = []*Output{{Type: Stream, Name: "stdout", Text: "stale\n"}}
		}
		if c.tags != nil {
			b, _ := json.Marshal(c.tags)
			nc.Metadata["tags"] = b
		}
		nb.Cells = append(nb.Cells, nc)
	}
	return nb
}

func TestRun(t *testing.T) {
	tests := []struct {
		name   string
		cells  []cell
		opts   Options
		outs   [][]string // per cell
		counts []int
		errHas string // "" for success
		sum    Summary
	}{
		{
			name:   "streams merge while consecutive and of one name",
			cells:  []cell{{src: "print:a\nprint:b\nstderr:c\nprint:d\nrepeat:3:x"}},
			outs:   [][]string{{"stdout:a\nb\n", "stderr:c\n", "stdout:d\nxxx"}},
			counts: []int{1}, sum: Summary{Ran: 1},
		},
		{
			name:   "results carry the execution count; markdown and empty cells are left alone",
			cells:  []cell{{src: "# doc", md: true}, {src: "result:41"}, {src: "  \n"}, {src: "print:x\nresult:42"}},
			outs:   [][]string{nil, {"result[1]:41"}, {}, {"stdout:x\n", "result[2]:42"}},
			counts: []int{0, 1, 0, 2}, sum: Summary{Ran: 2},
		},
		{
			name:   "updates apply in place, across cells, without a new output",
			cells:  []cell{{src: "display:p:v1\ndisplay::anon"}, {src: "update:p:v2\nprint:after\nupdate:p:v3\nupdate:nosuch:z"}},
			outs:   [][]string{{"display[p]:v3", "display[]:anon"}, {"stdout:after\n"}},
			counts: []int{1, 2}, sum: Summary{Ran: 2},
		},
		{
			name:   "a new display with a known id updates the old ones too",
			cells:  []cell{{src: "display:p:v1"}, {src: "display:p:v2"}},
			outs:   [][]string{{"display[p]:v2"}, {"display[p]:v2"}},
			counts: []int{1, 2}, sum: Summary{Ran: 2},
		},
		{
			name: "clear now, clear at the next output, a wait that never fires",
			cells: []cell{
				{src: "print:a\nclear\nprint:b"},
				{src: "print:a\nclearwait\nprint:b\nprint:c"},
				{src: "display:d:1\nclearwait\nupdate:d:2"},
				{src: "print:a\nclearwait\nresult:r"},
			},
			outs:   [][]string{{"stdout:b\n"}, {"stdout:b\nc\n"}, {"display[d]:2"}, {"result[4]:r"}},
			counts: []int{1, 2, 3, 4}, sum: Summary{Ran: 4},
		},
		{
			name:   "the first error stops the run; later cells are cleared",
			cells:  []cell{{src: "print:1"}, {src: "print:2\nerror:boom"}, {src: "print:3"}},
			outs:   [][]string{{"stdout:1\n"}, {"stdout:2\n", "error:Error:boom"}, {}},
			counts: []int{1, 2, 0},
			errHas: "notebook: cell 2 (In [2]) failed: Error: boom",
			sum:    Summary{Ran: 2, Failed: 1},
		},
		{
			name:   "raises-exception lets a cell fail",
			cells:  []cell{{src: "error:expected", tags: []string{"slow", RaisesException}}, {src: "print:next"}},
			outs:   [][]string{{"error:Error:expected"}, {"stdout:next\n"}},
			counts: []int{1, 2}, sum: Summary{Ran: 2, Failed: 1},
		},
		{
			name:   "allow errors runs everything",
			cells:  []cell{{src: "error:one"}, {src: "nosuchverb"}, {src: "result:ok"}},
			opts:   Options{AllowErrors: true},
			outs:   [][]string{{"error:Error:one"}, {`error:SyntaxError:unknown command "nosuchverb"`}, {"result[3]:ok"}},
			counts: []int{1, 2, 3}, sum: Summary{Ran: 3, Failed: 2},
		},
		{
			name:   "stdin reads fail with ErrNoStdin",
			cells:  []cell{{src: "print:before\ninput:name? "}},
			outs:   [][]string{{"stdout:before\n", "error:StdinError:" + session.ErrNoStdin.Error()}},
			counts: []int{1},
			errHas: "failed: StdinError",
			sum:    Summary{Ran: 1, Failed: 1},
		},
		{
			name:   "a timeout interrupts the cell and stops the run",
			cells:  []cell{{src: "sleep:1ms\nresult:fast"}, {src: "print:started\nblock"}, {src: "print:never"}},
			opts:   Options{Timeout: 200 * time.Millisecond},
			outs:   [][]string{{"result[1]:fast"}, {"stdout:started\n", "error:Interrupt:cell timed out after 200ms; interrupted"}, {}},
			counts: []int{1, 2, 0},
			errHas: "cell 2 (In [2]) failed: timed out after 200ms",
			sum:    Summary{Ran: 2, Failed: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb := build(tt.cells)
			var s sessiontest.Session
			var progress bytes.Buffer
			tt.opts.Progress = &progress
			sum, err := Run(context.Background(), &s, nb, tt.opts)
			if tt.errHas == "" && err != nil {
				t.Fatalf("Run: %v", err)
			}
			if tt.errHas != "" && (err == nil || !strings.Contains(err.Error(), tt.errHas)) {
				t.Fatalf("Run error %v, want %q", err, tt.errHas)
			}
			if sum != tt.sum {
				t.Errorf("summary %+v, want %+v", sum, tt.sum)
			}
			for i, c := range nb.Cells {
				if tt.cells[i].md {
					if c.Outputs != nil || c.Source != tt.cells[i].src {
						t.Errorf("markdown cell %d changed", i)
					}
					continue
				}
				if got := describe(c.Outputs); !reflect.DeepEqual(got, tt.outs[i]) {
					t.Errorf("cell %d outputs %q, want %q", i, got, tt.outs[i])
				}
				if c.ExecutionCount != tt.counts[i] {
					t.Errorf("cell %d count %d, want %d", i, c.ExecutionCount, tt.counts[i])
				}
			}
			reqs := s.Executed()
			if len(reqs) != sum.Ran {
				t.Errorf("%d cells executed, summary says %d", len(reqs), sum.Ran)
			}
			for i, r := range reqs {
				if r.ExecutionCount != i+1 || r.AllowStdin || !r.StoreHistory || r.Silent {
					t.Errorf("request %d: %+v", i, r)
				}
			}
			if lines := strings.Count(progress.String(), "\n"); lines != sum.Ran {
				t.Errorf("%d progress lines for %d cells:\n%s", lines, sum.Ran, progress.String())
			}
		})
	}
}

func TestCellErrorFields(t *testing.T) {
	nb := build([]cell{{src: "# x", md: true}, {src: "error:bad"}})
	_, err := Run(context.Background(), &sessiontest.Session{}, nb, Options{})
	var ce *CellError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a *CellError", err)
	}
	if ce.Index != 1 || ce.Count != 1 || ce.Err.Name != "Error" || ce.Err.Value != "bad" || ce.Timeout != 0 {
		t.Errorf("CellError %+v", ce)
	}
}

func TestProgressLines(t *testing.T) {
	nb := build([]cell{
		{src: "print:first line\nprint:second"},
		{src: "result:" + strings.Repeat("w", 60)},
		{src: "error:it broke\nmore", tags: []string{RaisesException}},
		{src: "error:again"},
	})
	var progress bytes.Buffer
	Run(context.Background(), &sessiontest.Session{}, nb, Options{Progress: &progress})
	lines := strings.Split(strings.TrimSuffix(progress.String(), "\n"), "\n")
	want := []struct{ prefix, suffix string }{
		{"[1/4] In [1] print:first line…  ", "  ok"},
		{"[2/4] In [2] result:" + strings.Repeat("w", 32) + "…  ", "  ok"},
		{"[3/4] In [3] error:it broke…  ", "  error: Error: it broke (expected: raises-exception)"},
		{"[4/4] In [4] error:again  ", "  error: Error: again"},
	}
	if len(lines) != len(want) {
		t.Fatalf("progress:\n%s", progress.String())
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w.prefix) || !strings.HasSuffix(lines[i], w.suffix) {
			t.Errorf("line %d = %q, want %q ... %q", i, lines[i], w.prefix, w.suffix)
		}
	}
}

// cancelling interrupts the run (as Ctrl-C does) once cell n has started.
type cancelling struct {
	sessiontest.Session
	n      int
	cancel context.CancelFunc
}

func (c *cancelling) Execute(ctx context.Context, req session.ExecuteRequest, out session.Sink, in session.Stdin) session.ExecuteReply {
	if req.ExecutionCount == c.n {
		c.cancel()
	}
	return c.Session.Execute(ctx, req, out, in)
}

func TestInterrupt(t *testing.T) {
	nb := build([]cell{{src: "print:1"}, {src: "print:2\nblock\nprint:no"}, {src: "print:3"}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := &cancelling{n: 2, cancel: cancel}
	var progress bytes.Buffer
	sum, err := Run(ctx, s, nb, Options{Progress: &progress, AllowErrors: true})
	if !errors.Is(err, ErrInterrupted) || !strings.Contains(err.Error(), "cell 2 (In [2])") {
		t.Fatalf("Run error %v, want ErrInterrupted in cell 2", err)
	}
	if sum != (Summary{Ran: 2, Failed: 1}) {
		t.Errorf("summary %+v", sum)
	}
	want := [][]string{{"stdout:1\n"}, {"stdout:2\n", "error:Interrupt:interrupted"}, {}}
	for i, c := range nb.Cells {
		if got := describe(c.Outputs); !reflect.DeepEqual(got, want[i]) {
			t.Errorf("cell %d outputs %q, want %q", i, got, want[i])
		}
	}
	if !strings.HasSuffix(progress.String(), "interrupted\n") {
		t.Errorf("progress:\n%s", progress.String())
	}
	// A context already ended runs nothing.
	nb = build([]cell{{src: "print:1"}})
	if _, err := Run(ctx, &sessiontest.Session{}, nb, Options{}); !errors.Is(err, ErrInterrupted) || nb.Cells[0].ExecutionCount != 0 {
		t.Errorf("Run on an ended context: %v, count %d", err, nb.Cells[0].ExecutionCount)
	}
}

func TestSnippet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"x := 1", "x := 1"},
		{"\n\n  a\nb", "a…"},
		{strings.Repeat("日", 45), strings.Repeat("日", 39) + "…"},
		{strings.Repeat("a", 40), strings.Repeat("a", 40)},
	}
	for _, tt := range tests {
		if got := snippet(tt.in); got != tt.want {
			t.Errorf("snippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
