// Package notebook reads and writes Jupyter notebooks (nbformat 4) and runs
// them headless through a session.Session: it is what `gocell run` is made
// of, so teachers and CI can execute a lesson without Jupyter or Python.
//
// Reading keeps every field this package does not use, byte for byte, so a
// notebook written back differs from the one read only where a cell ran (its
// outputs and execution count), where a cell lacked a valid id, and in the
// layout, which is Jupyter's own: keys sorted, one-space indent, multi-line
// strings as lists of lines, a final newline.
package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Cell types of nbformat 4.
const (
	Code     = "code"
	Markdown = "markdown"
	Raw      = "raw"
)

// MinorVersion is the nbformat minor version Marshal writes at least: 4.5
// is the first with cell ids.
const MinorVersion = 5

// Notebook is a parsed nbformat 4 notebook.
type Notebook struct {
	// Metadata is the notebook's metadata, each value as it was read.
	Metadata map[string]json.RawMessage
	// Cells are the notebook's cells in order.
	Cells []*Cell
	// Minor is the nbformat_minor read; Marshal writes at least MinorVersion.
	Minor int
	// extra holds top-level fields this package does not know.
	extra map[string]json.RawMessage
}

// Cell is one cell. Fields other than those below are kept as read.
type Cell struct {
	// ID is the cell id (nbformat 4.5); Marshal gives cells without a valid,
	// unique one a new id.
	ID string
	// Type is Code, Markdown, Raw, or any other type read (kept, never run).
	Type string
	// Source is the cell's text, joined if it was read as a list of lines.
	Source string
	// Metadata is the cell's metadata, each value as it was read.
	Metadata map[string]json.RawMessage
	// Attachments is the cell's attachments field as read, nil if absent.
	Attachments json.RawMessage
	// ExecutionCount is the cell's In[n], 0 for none (null in the file).
	// Code cells only.
	ExecutionCount int
	// Outputs are a code cell's outputs.
	Outputs []*Output
	extra   map[string]json.RawMessage
}

// Tags returns the cell's metadata.tags; malformed tags count as none.
func (c *Cell) Tags() []string {
	var tags []string
	if raw, ok := c.Metadata["tags"]; ok {
		if json.Unmarshal(raw, &tags) != nil {
			return nil
		}
	}
	return tags
}

// HasTag reports whether the cell is tagged tag.
func (c *Cell) HasTag(tag string) bool {
	for _, t := range c.Tags() {
		if t == tag {
			return true
		}
	}
	return false
}

// ReadFile reads and parses the notebook at path.
func ReadFile(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	nb, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// Parse parses an nbformat 4 notebook.
func Parse(data []byte) (*Notebook, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("notebook: not valid JSON%s: %w", where(data, err), err)
	}
	if top == nil {
		return nil, errors.New("notebook: not a notebook: the file holds JSON null")
	}
	var major int
	if raw, ok := take(top, "nbformat"); !ok {
		return nil, errors.New("notebook: not a notebook: no nbformat field")
	} else if json.Unmarshal(raw, &major) != nil {
		return nil, fmt.Errorf("notebook: nbformat is %s, want a number", raw)
	}
	if major != 4 {
		return nil, fmt.Errorf("notebook: nbformat %d is not supported, only 4 (Jupyter's nbconvert --to notebook upgrades older files)", major)
	}
	nb := &Notebook{}
	if raw, ok := take(top, "nbformat_minor"); ok && json.Unmarshal(raw, &nb.Minor) != nil {
		return nil, fmt.Errorf("notebook: nbformat_minor is %s, want a number", raw)
	}
	var err error
	if nb.Metadata, err = object(top, "metadata"); err != nil {
		return nil, err
	}
	raw, ok := take(top, "cells")
	if !ok {
		return nil, errors.New("notebook: not a notebook: no cells field")
	}
	var cells []json.RawMessage
	if err := json.Unmarshal(raw, &cells); err != nil {
		return nil, fmt.Errorf("notebook: cells is not a list: %w", err)
	}
	for i, rc := range cells {
		c, err := parseCell(rc)
		if err != nil {
			return nil, fmt.Errorf("notebook: cell %d: %w", i+1, err)
		}
		nb.Cells = append(nb.Cells, c)
	}
	nb.extra = top
	return nb, nil
}

func parseCell(data json.RawMessage) (*Cell, error) {
	var f map[string]json.RawMessage
	if err := json.Unmarshal(data, &f); err != nil || f == nil {
		return nil, errors.New("not a JSON object")
	}
	c := &Cell{}
	raw, _ := take(f, "cell_type")
	if json.Unmarshal(raw, &c.Type) != nil || c.Type == "" {
		return nil, errors.New("no cell_type")
	}
	if raw, ok := take(f, "id"); ok && json.Unmarshal(raw, &c.ID) != nil {
		return nil, fmt.Errorf("id is %s, want a string", raw)
	}
	var err error
	if c.Metadata, err = object(f, "metadata"); err != nil {
		return nil, err
	}
	if raw, ok := take(f, "source"); ok {
		if c.Source, err = multiline(raw); err != nil {
			return nil, fmt.Errorf("source: %w", err)
		}
	}
	c.Attachments, _ = take(f, "attachments")
	if c.Type == Code {
		if raw, ok := take(f, "execution_count"); ok && string(raw) != "null" {
			if json.Unmarshal(raw, &c.ExecutionCount) != nil {
				return nil, fmt.Errorf("execution_count is %s, want a number", raw)
			}
		}
		if raw, ok := take(f, "outputs"); ok {
			var outs []json.RawMessage
			if err := json.Unmarshal(raw, &outs); err != nil {
				return nil, fmt.Errorf("outputs is not a list: %w", err)
			}
			for j, ro := range outs {
				o, err := parseOutput(ro)
				if err != nil {
					return nil, fmt.Errorf("output %d: %w", j+1, err)
				}
				c.Outputs = append(c.Outputs, o)
			}
		}
	}
	c.extra = f
	return c, nil
}

// take removes key from f and returns its value.
func take(f map[string]json.RawMessage, key string) (json.RawMessage, bool) {
	v, ok := f[key]
	delete(f, key)
	return v, ok
}

// object takes key from f as a JSON object; absent or null gives an empty map.
func object(f map[string]json.RawMessage, key string) (map[string]json.RawMessage, error) {
	m := map[string]json.RawMessage{}
	if raw, ok := take(f, key); ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("notebook: %s is not a JSON object", key)
		}
	}
	return m, nil
}

// multiline decodes nbformat's multiline_string: a string or a list of
// strings to be joined.
func multiline(raw json.RawMessage) (string, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var lines []string
	if err := json.Unmarshal(raw, &lines); err != nil {
		return "", errors.New("want a string or a list of strings")
	}
	return strings.Join(lines, ""), nil
}

// splitLines is the inverse of multiline's joining, as Jupyter writes it:
// each line keeps its newline.
func splitLines(s string) []string {
	lines := []string{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// where turns a JSON syntax error's offset into a line and column.
func where(data []byte, err error) string {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return ""
	}
	// Offset counts the offending byte, except at the end of the input.
	pos := min(int(se.Offset), len(data))
	if pos > 0 && !strings.Contains(se.Error(), "end of JSON input") {
		pos--
	}
	before := data[:pos]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf(" (line %d, column %d)", line, col)
}

// SetGocellKernel records in the metadata that the notebook runs on gocell,
// as Jupyter does when it saves a notebook with a kernel.
func (nb *Notebook) SetGocellKernel() {
	if nb.Metadata == nil {
		nb.Metadata = map[string]json.RawMessage{}
	}
	nb.Metadata["kernelspec"] = json.RawMessage(`{"display_name":"Go (gocell)","language":"go","name":"gocell"}`)
	nb.Metadata["language_info"] = json.RawMessage(`{"file_extension":".go","mimetype":"text/x-go","name":"go"}`)
}

// WriteFile writes nb to path without ever leaving a partly written file
// there: it writes a temporary file beside it and renames it into place,
// keeping the mode of the file it replaces.
func WriteFile(path string, nb *Notebook) error {
	b, err := nb.Marshal()
	if err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("notebook: %w", err)
	}
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("notebook: writing %s: %w", path, err)
	}
	return nil
}
