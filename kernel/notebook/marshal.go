package notebook

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
)

// validID is nbformat 4.5's pattern for cell ids.
var validID = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// Marshal encodes nb as Jupyter writes notebooks: nbformat 4.5 or later,
// keys sorted, one-space indent, non-ASCII text as is, multi-line strings
// as lists of lines, and a final newline. Cells without a valid id, or
// with the id of an earlier cell, get a new random one first.
func (nb *Notebook) Marshal() ([]byte, error) {
	nb.fixIDs()
	top := make(map[string]any, len(nb.extra)+4)
	for k, v := range nb.extra {
		top[k] = v
	}
	top["nbformat"] = 4
	top["nbformat_minor"] = max(nb.Minor, MinorVersion)
	top["metadata"] = rawOrEmpty(nb.Metadata)
	cells := make([]any, len(nb.Cells))
	for i, c := range nb.Cells {
		cells[i] = c.fields()
	}
	top["cells"] = cells

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // Jupyter writes <, > and & as they are
	enc.SetIndent("", " ")
	if err := enc.Encode(top); err != nil {
		return nil, fmt.Errorf("notebook: encoding: %w", err)
	}
	return buf.Bytes(), nil
}

func (c *Cell) fields() map[string]any {
	m := make(map[string]any, len(c.extra)+6)
	for k, v := range c.extra {
		m[k] = v
	}
	m["id"] = c.ID
	m["cell_type"] = c.Type
	m["metadata"] = rawOrEmpty(c.Metadata)
	m["source"] = splitLines(c.Source)
	if c.Attachments != nil {
		m["attachments"] = c.Attachments
	}
	if c.Type == Code {
		outs := make([]any, len(c.Outputs))
		for i, o := range c.Outputs {
			outs[i] = o.fields()
		}
		m["outputs"] = outs
		m["execution_count"] = count(c.ExecutionCount)
	}
	return m
}

func rawOrEmpty(m map[string]json.RawMessage) map[string]json.RawMessage {
	if m == nil {
		return map[string]json.RawMessage{}
	}
	return m
}

// fixIDs gives every cell a valid id no earlier cell has. Ids are random,
// as Jupyter makes them, so cells moved between notebooks stay distinct.
func (nb *Notebook) fixIDs() {
	seen := make(map[string]bool, len(nb.Cells))
	for _, c := range nb.Cells {
		if validID.MatchString(c.ID) && !seen[c.ID] {
			seen[c.ID] = true
		}
	}
	kept := make(map[string]bool, len(nb.Cells))
	for _, c := range nb.Cells {
		if validID.MatchString(c.ID) && !kept[c.ID] {
			kept[c.ID] = true
			continue
		}
		for {
			id := newID()
			if !seen[id] {
				c.ID = id
				seen[id], kept[id] = true, true
				break
			}
		}
	}
}

func newID() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
