package notebook

import (
	"sync"

	"github.com/gocell/gocell/kernel/session"
)

// collector is the session.Sink of one running cell. It builds the cell's
// outputs as a live frontend would show them once the cell ends: stream
// text merged, displays updated in place, clears applied.
type collector struct {
	nb   *Notebook
	cell *Cell

	mu sync.Mutex
	// clearNext is a clear_output with wait, done at the next new output.
	clearNext bool
}

var _ session.Sink = (*collector)(nil)

// Stream appends text, merged into the last output when that is text of
// the same stream, as frontends merge consecutive stream messages.
func (c *collector) Stream(name, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushClear()
	outs := c.cell.Outputs
	if n := len(outs); n > 0 && outs[n-1].Type == Stream && outs[n-1].Name == name {
		outs[n-1].Text += text
		return
	}
	c.cell.Outputs = append(outs, &Output{Type: Stream, Name: name, Text: text})
}

// Display shows a new display, or updates every output shown with its id,
// in this cell and earlier ones, as JupyterLab and nbclient do. An update
// adds no output, so it does not trigger a waiting clear.
func (c *collector) Display(d session.Display) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d.ID != "" {
		for _, cell := range c.nb.Cells {
			for _, o := range cell.Outputs {
				if o.DisplayID == d.ID {
					o.Data, o.Metadata = d.Data, d.Metadata
				}
			}
		}
	}
	if d.Update {
		return
	}
	c.flushClear()
	c.cell.Outputs = append(c.cell.Outputs, &Output{Type: DisplayData, Data: d.Data, Metadata: d.Metadata, DisplayID: d.ID})
}

// Clear clears the cell's outputs now, or with wait at the next output.
func (c *collector) Clear(wait bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if wait {
		c.clearNext = true
		return
	}
	c.clearNext = false
	c.cell.Outputs = nil
}

// add appends an output the cell's reply carries (result or error).
func (c *collector) add(o *Output) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushClear()
	c.cell.Outputs = append(c.cell.Outputs, o)
}

func (c *collector) flushClear() {
	if c.clearNext {
		c.clearNext = false
		c.cell.Outputs = nil
	}
}
