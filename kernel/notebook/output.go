package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// Output types of nbformat 4.
const (
	Stream        = "stream"
	DisplayData   = "display_data"
	ExecuteResult = "execute_result"
	ErrorOutput   = "error"
)

// Output is one output of a code cell. Which fields count depends on Type;
// fields of outputs read from a file that this package does not know are
// kept as read.
type Output struct {
	// Type is Stream, DisplayData, ExecuteResult, ErrorOutput, or any
	// other type read (kept as is).
	Type string
	// Name ("stdout" or "stderr") and Text are a stream's.
	Name string
	Text string
	// Data and Metadata are a display's or result's MIME bundle. Text
	// values are strings; JSON types (application/json, +json) any JSON.
	Data     map[string]any
	Metadata map[string]any
	// ExecutionCount is a result's Out[n].
	ExecutionCount int
	// EName, EValue and Traceback are an error's.
	EName     string
	EValue    string
	Traceback []string
	// DisplayID is the display id the output was shown with. It is not
	// written: the file format has no place for it, it matters only
	// while the notebook runs.
	DisplayID string
	extra     map[string]json.RawMessage
}

func parseOutput(data json.RawMessage) (*Output, error) {
	var f map[string]json.RawMessage
	if err := json.Unmarshal(data, &f); err != nil || f == nil {
		return nil, errors.New("not a JSON object")
	}
	o := &Output{}
	raw, _ := take(f, "output_type")
	if json.Unmarshal(raw, &o.Type) != nil || o.Type == "" {
		return nil, errors.New("no output_type")
	}
	var err error
	switch o.Type {
	case Stream:
		raw, _ := take(f, "name")
		if json.Unmarshal(raw, &o.Name) != nil {
			return nil, errors.New("stream without a name")
		}
		raw, _ = take(f, "text")
		if o.Text, err = multiline(raw); err != nil {
			return nil, errors.New("stream text: " + err.Error())
		}
	case DisplayData, ExecuteResult:
		if o.Data, err = parseBundle(f, "data", true); err != nil {
			return nil, err
		}
		if o.Metadata, err = parseBundle(f, "metadata", false); err != nil {
			return nil, err
		}
		if o.Type == ExecuteResult {
			if raw, ok := take(f, "execution_count"); ok && string(raw) != "null" {
				if json.Unmarshal(raw, &o.ExecutionCount) != nil {
					return nil, errors.New("execution_count is not a number")
				}
			}
		}
	case ErrorOutput:
		raw, _ := take(f, "ename")
		json.Unmarshal(raw, &o.EName)
		raw, _ = take(f, "evalue")
		json.Unmarshal(raw, &o.EValue)
		raw, _ = take(f, "traceback")
		json.Unmarshal(raw, &o.Traceback)
	}
	o.extra = f
	return o, nil
}

// parseBundle takes a MIME bundle (or its metadata) from f. Numbers keep
// their text (json.Number) so values round-trip unchanged; text types read
// as lists of lines are joined.
func parseBundle(f map[string]json.RawMessage, key string, join bool) (map[string]any, error) {
	fields, err := object(f, key)
	if err != nil {
		return nil, err
	}
	m := make(map[string]any, len(fields))
	for k, raw := range fields {
		if join && !isJSONMime(k) {
			if s, err := multiline(raw); err == nil {
				m[k] = s
				continue
			}
		}
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, nil
}

// isJSONMime reports whether values of mime are JSON rather than text.
func isJSONMime(mime string) bool {
	return mime == "application/json" || (strings.HasPrefix(mime, "application/") && strings.HasSuffix(mime, "+json"))
}

// splitMime reports whether Jupyter writes string values of mime as lists
// of lines: text types, JavaScript and SVG; base64 images stay one string.
func splitMime(mime string) bool {
	return strings.HasPrefix(mime, "text/") || mime == "application/javascript" || mime == "image/svg+xml"
}

// fields returns the output as the JSON object to write.
func (o *Output) fields() map[string]any {
	m := make(map[string]any, len(o.extra)+5)
	for k, v := range o.extra {
		m[k] = v
	}
	m["output_type"] = o.Type
	switch o.Type {
	case Stream:
		m["name"] = o.Name
		m["text"] = splitLines(o.Text)
	case DisplayData, ExecuteResult:
		data := make(map[string]any, len(o.Data))
		for k, v := range o.Data {
			if s, ok := v.(string); ok && splitMime(k) {
				v = splitLines(s)
			}
			data[k] = v
		}
		m["data"] = data
		m["metadata"] = orEmpty(o.Metadata)
		if o.Type == ExecuteResult {
			m["execution_count"] = count(o.ExecutionCount)
		}
	case ErrorOutput:
		m["ename"] = o.EName
		m["evalue"] = o.EValue
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["traceback"] = tb
	}
	return m
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// count is an execution count as written: null for none.
func count(n int) any {
	if n <= 0 {
		return nil
	}
	return n
}
