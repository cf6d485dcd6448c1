package notebook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gocell/gocell/kernel/session"
)

// RaisesException is the cell tag that lets a cell fail without stopping
// the run, as nbclient honours it.
const RaisesException = "raises-exception"

// Options configures Run.
type Options struct {
	// Timeout bounds each cell; a cell still running then is interrupted
	// and fails. Zero means no limit.
	Timeout time.Duration
	// AllowErrors runs every cell even after failures.
	AllowErrors bool
	// Progress, when set, receives one line per cell run.
	Progress io.Writer
}

// Summary counts what Run did.
type Summary struct {
	// Ran is the number of code cells executed, Failed those that failed
	// (tagged raises-exception or not).
	Ran, Failed int
}

// ErrInterrupted is returned (wrapped) by Run when its context ended.
var ErrInterrupted = errors.New("notebook: run interrupted")

// CellError is returned by Run when a failed cell stopped the run.
type CellError struct {
	// Index is the cell's index in Notebook.Cells; Count is its In[n].
	Index, Count int
	// Err is the error the cell reported.
	Err *session.Error
	// Timeout is set when the cell was stopped for running too long.
	Timeout time.Duration
}

// Error implements the error interface.
func (e *CellError) Error() string {
	what := e.Err.Name + ": " + e.Err.Value
	if e.Timeout > 0 {
		what = fmt.Sprintf("timed out after %v", e.Timeout)
	}
	return fmt.Sprintf("notebook: cell %d (In [%d]) failed: %s", e.Index+1, e.Count, what)
}

// errTimeout is the cause of a cell context ended by Options.Timeout.
var errTimeout = errors.New("notebook: cell timed out")

// Run executes the notebook's code cells in order through s, as a
// frontend running all cells would, writing their outputs and execution
// counts into nb. Every code cell's old outputs are cleared first, so nb
// shows exactly this run; empty cells are skipped, as nbclient skips them.
//
// Run stops at the first failed cell, returning a *CellError, unless
// opts.AllowErrors is set or the cell is tagged raises-exception. When ctx
// ends, the running cell is interrupted, its outputs kept, and Run returns
// an error wrapping ErrInterrupted. Reads of standard input fail with
// session.ErrNoStdin.
func Run(ctx context.Context, s session.Session, nb *Notebook, opts Options) (Summary, error) {
	var sum Summary
	total := 0
	for _, c := range nb.Cells {
		if c.Type == Code {
			c.Outputs, c.ExecutionCount = nil, 0
			if strings.TrimSpace(c.Source) != "" {
				total++
			}
		}
	}
	for i, c := range nb.Cells {
		if c.Type != Code || strings.TrimSpace(c.Source) == "" {
			continue
		}
		if ctx.Err() != nil {
			return sum, fmt.Errorf("%w before cell %d", ErrInterrupted, i+1)
		}
		sum.Ran++
		c.ExecutionCount = sum.Ran
		start := time.Now()
		e, timedOut := runCell(ctx, s, nb, c, opts.Timeout)
		elapsed := time.Since(start)

		status := "ok"
		var stop error
		switch {
		case e == nil:
		case ctx.Err() != nil && !timedOut:
			sum.Failed++
			status = "interrupted"
			stop = fmt.Errorf("%w in cell %d (In [%d])", ErrInterrupted, i+1, c.ExecutionCount)
		default:
			sum.Failed++
			ce := &CellError{Index: i, Count: c.ExecutionCount, Err: e}
			if timedOut {
				ce.Timeout = opts.Timeout
			}
			status = "error: " + firstLine(e.Name+": "+e.Value)
			if timedOut {
				status = fmt.Sprintf("error: timed out after %v", opts.Timeout)
			}
			switch {
			case c.HasTag(RaisesException):
				status += " (expected: " + RaisesException + ")"
			case opts.AllowErrors:
				status += " (continuing: errors allowed)"
			default:
				stop = ce
			}
		}
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "[%d/%d] In [%d] %s  %s  %s\n",
				sum.Ran, total, c.ExecutionCount, snippet(c.Source), formatDuration(elapsed), status)
		}
		if stop != nil {
			return sum, stop
		}
	}
	return sum, nil
}

// runCell executes one cell and records its outputs; it returns the
// cell's error, if any, and whether the timeout stopped it.
func runCell(ctx context.Context, s session.Session, nb *Notebook, c *Cell, timeout time.Duration) (*session.Error, bool) {
	cctx, cancel := ctx, context.CancelFunc(func() {})
	if timeout > 0 {
		cctx, cancel = context.WithTimeoutCause(ctx, timeout, errTimeout)
	}
	defer cancel()
	out := &collector{nb: nb, cell: c}
	reply := s.Execute(cctx, session.ExecuteRequest{
		Code:           c.Source,
		StoreHistory:   true,
		ExecutionCount: c.ExecutionCount,
	}, out, noStdin{})
	timedOut := context.Cause(cctx) == errTimeout
	if reply.Result != nil {
		out.add(&Output{Type: ExecuteResult, Data: reply.Result.Data, Metadata: reply.Result.Metadata, ExecutionCount: c.ExecutionCount})
	}
	e := reply.Error
	if e == nil && timedOut {
		// The cell ended on its own just as time ran out: it did finish.
		timedOut = false
	}
	if e != nil {
		value := e.Value
		if timedOut {
			value = fmt.Sprintf("cell timed out after %v; %s", timeout, value)
		}
		out.add(&Output{Type: ErrorOutput, EName: e.Name, EValue: value, Traceback: e.Traceback})
	}
	return e, timedOut
}

// noStdin is the standard input of a headless run: there is no one to ask.
type noStdin struct{}

func (noStdin) ReadLine(context.Context, string, bool) (string, error) {
	return "", session.ErrNoStdin
}

// snippet is the first line of source, shortened for a progress line.
func snippet(source string) string {
	const width = 40
	s := strings.TrimSpace(source)
	line, _, more := strings.Cut(s, "\n")
	line = strings.TrimSpace(line)
	if utf8.RuneCountInString(line) > width {
		line = string([]rune(line)[:width-1])
		more = true
	}
	if more {
		line += "…"
	}
	return line
}

func firstLine(s string) string {
	line, _, more := strings.Cut(s, "\n")
	if more {
		line += " …"
	}
	return line
}

func formatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	}
	return d.Round(10 * time.Millisecond).String()
}
