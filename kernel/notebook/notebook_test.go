package notebook

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestJupyterLayout checks that a notebook written by Python's nbformat
// (testdata/jupyter.ipynb: every cell kind, every output type, attachments,
// tags, unicode, numbers like 1.0 and 2^64) is written back byte for byte.
func TestJupyterLayout(t *testing.T) {
	want, err := os.ReadFile("testdata/jupyter.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	nb, err := Parse(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("written notebook differs from Jupyter's:\n%s", firstDiff(string(got), string(want)))
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return "line " + itoa(i+1) + ":\n got  " + g[i] + "\n want " + w[i]
		}
	}
	return "lengths differ: " + itoa(len(g)) + " vs " + itoa(len(w)) + " lines"
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestParseFields checks what Parse makes of the Jupyter-written notebook.
func TestParseFields(t *testing.T) {
	nb, err := ReadFile("testdata/jupyter.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 4 {
		t.Fatalf("%d cells, want 4", len(nb.Cells))
	}
	md, code, empty, raw := nb.Cells[0], nb.Cells[1], nb.Cells[2], nb.Cells[3]
	checks := []struct {
		name      string
		got, want any
	}{
		{"markdown type", md.Type, Markdown},
		{"markdown source joined", md.Source, "# Title\n\nSome *text* with <b>html</b> & ünïcödé 日本語.\n![img](attachment:a.png)"},
		{"markdown tags", md.Tags(), []string{"intro"}},
		{"attachments", string(md.Attachments), `{
    "a.png": {
     "image/png": "iVBORw0KGgo="
    }
   }`},
		{"code id", code.ID, "code_2"},
		{"code source", code.Source, "x := 41\nx + 1"},
		{"execution count", code.ExecutionCount, 3},
		{"raises-exception", code.HasTag(RaisesException), true},
		{"no such tag", code.HasTag("fast"), false},
		{"output types", outputTypes(code.Outputs), []string{"stream", "stream", "display_data", "execute_result", "error"}},
		{"stream text joined", code.Outputs[0].Text, "line one\nline two\n"},
		{"html joined", code.Outputs[2].Data["text/html"], "<table>\n<tr><td>1</td></tr>\n</table>"},
		{"json kept as JSON", code.Outputs[2].Data["application/vnd.custom+json"], map[string]any{"k": "v"}},
		{"result count", code.Outputs[3].ExecutionCount, 3},
		{"traceback", code.Outputs[4].Traceback, []string{"\x1b[31mpanic\x1b[0m: boom", "goroutine 1"}},
		{"empty cell count", empty.ExecutionCount, 0},
		{"empty source", empty.Source, ""},
		{"raw source", raw.Source, "raw text\nstays"},
		{"minor", nb.Minor, 5},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func outputTypes(outs []*Output) []string {
	var types []string
	for _, o := range outs {
		types = append(types, o.Type)
	}
	return types
}

// odd is an nbformat 4.4 notebook (no cell ids) with string sources and
// fields this package does not know at every level.
const odd = `{"nbformat": 4, "nbformat_minor": 4, "x_top": {"keep": [1.50, "me"]},
 "metadata": {"kernelspec": {"name": "python3"}, "x_meta": 7},
 "cells": [
  {"cell_type": "code", "source": "fmt.Println(\"hi\")\n", "metadata": {}, "x_cell": true,
   "execution_count": 9,
   "outputs": [{"output_type": "stream", "name": "stdout", "text": "hi\n", "x_out": "o"},
               {"output_type": "x_future", "payload": {"a": 1}}]},
  {"cell_type": "markdown", "source": ["a\n", "b"], "metadata": {"tags": ["t"]}},
  {"cell_type": "x_cell_kind", "source": "?", "metadata": {}, "x_field": null}
 ]}`

func TestUnknownFieldsSurvive(t *testing.T) {
	nb, err := Parse([]byte(odd))
	if err != nil {
		t.Fatal(err)
	}
	nb.SetGocellKernel()
	b, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		NBFormat int             `json:"nbformat"`
		Minor    int             `json:"nbformat_minor"`
		XTop     json.RawMessage `json:"x_top"`
		Metadata map[string]any  `json:"metadata"`
		Cells    []map[string]any
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if got.NBFormat != 4 || got.Minor != MinorVersion {
		t.Errorf("nbformat %d.%d, want 4.%d", got.NBFormat, got.Minor, MinorVersion)
	}
	if compact(got.XTop) != `{"keep":[1.50,"me"]}` {
		t.Errorf("x_top = %s", got.XTop)
	}
	wantMeta := map[string]any{
		"x_meta":        7.0,
		"kernelspec":    map[string]any{"name": "gocell", "display_name": "Go (gocell)", "language": "go"},
		"language_info": map[string]any{"name": "go", "file_extension": ".go", "mimetype": "text/x-go"},
	}
	if !reflect.DeepEqual(got.Metadata, wantMeta) {
		t.Errorf("metadata = %v, want %v", got.Metadata, wantMeta)
	}
	c0, c1, c2 := got.Cells[0], got.Cells[1], got.Cells[2]
	tests := []struct {
		name      string
		got, want any
	}{
		{"unknown cell field", c0["x_cell"], true},
		{"string source as lines", c0["source"], []any{"fmt.Println(\"hi\")\n"}},
		{"count kept", c0["execution_count"], 9.0},
		{"unknown output field", c0["outputs"].([]any)[0].(map[string]any)["x_out"], "o"},
		{"stream text as lines", c0["outputs"].([]any)[0].(map[string]any)["text"], []any{"hi\n"}},
		{"unknown output type", c0["outputs"].([]any)[1], map[string]any{"output_type": "x_future", "payload": map[string]any{"a": 1.0}}},
		{"list source", c1["source"], []any{"a\n", "b"}},
		{"tags", c1["metadata"], map[string]any{"tags": []any{"t"}}},
		{"markdown has no outputs", c1["outputs"], nil},
		{"unknown cell type", c2["cell_type"], "x_cell_kind"},
		{"unknown cell type's field", c2["x_field"], nil},
		{"unknown cell type has no outputs", c2["outputs"], nil},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %#v, want %#v", tt.name, tt.got, tt.want)
		}
	}
	if _, ok := c2["x_field"]; !ok {
		t.Error("x_field: null was dropped")
	}
	ids := map[string]bool{}
	for i, c := range got.Cells {
		id, _ := c["id"].(string)
		if !validID.MatchString(id) || ids[id] {
			t.Errorf("cell %d: id %q is not valid and unique", i, id)
		}
		ids[id] = true
	}
	// Writing again changes nothing: ids given once are kept.
	again, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := again.Marshal()
	if string(b2) != string(b) {
		t.Errorf("second round trip changed the notebook:\n%s", firstDiff(string(b2), string(b)))
	}
	if !strings.HasSuffix(string(b), "}\n") || !strings.HasPrefix(string(b), "{\n \"cells\": [\n  {\n") {
		t.Errorf("layout is not Jupyter's (one-space indent, final newline):\n%.80s", b)
	}
}

func compact(raw json.RawMessage) string {
	var sb strings.Builder
	for _, r := range string(raw) {
		if r != ' ' && r != '\n' {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func TestCellIDs(t *testing.T) {
	tests := []struct {
		name string
		ids  []string
		keep []bool // whether each id must be kept
	}{
		{"valid kept", []string{"a", "b-c_D9"}, []bool{true, true}},
		{"missing made", []string{"", "x"}, []bool{false, true}},
		{"duplicate replaced", []string{"same", "same"}, []bool{true, false}},
		{"invalid replaced", []string{"has space", "dot.ted", strings.Repeat("a", 65)}, []bool{false, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb := &Notebook{}
			for _, id := range tt.ids {
				nb.Cells = append(nb.Cells, &Cell{ID: id, Type: Markdown})
			}
			if _, err := nb.Marshal(); err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for i, c := range nb.Cells {
				if !validID.MatchString(c.ID) || seen[c.ID] {
					t.Errorf("cell %d: id %q not valid and unique", i, c.ID)
				}
				seen[c.ID] = true
				if tt.keep[i] != (c.ID == tt.ids[i]) {
					t.Errorf("cell %d: id %q -> %q, keep %v", i, tt.ids[i], c.ID, tt.keep[i])
				}
			}
		})
	}
}

func TestSplitLines(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"a", []string{"a"}},
		{"a\n", []string{"a\n"}},
		{"a\nb", []string{"a\n", "b"}},
		{"\n\n", []string{"\n", "\n"}},
		{"a\r\nb\r\n", []string{"a\r\n", "b\r\n"}},
	}
	for _, tt := range tests {
		got := splitLines(tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if strings.Join(got, "") != tt.in {
			t.Errorf("splitLines(%q) does not join back", tt.in)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, errHas string
	}{
		{"empty file", ``, "not valid JSON"},
		{"truncated", "{\n \"cells\": [\n", "not valid JSON (line 3, column 1)"},
		{"syntax", "{\n \"nbformat\": 4,\n x}", "line 3, column 2"},
		{"null", `null`, "JSON null"},
		{"array", `[]`, "not valid JSON"},
		{"no nbformat", `{"cells": []}`, "no nbformat field"},
		{"nbformat 3", `{"nbformat": 3, "worksheets": []}`, "nbformat 3 is not supported"},
		{"nbformat string", `{"nbformat": "4", "cells": []}`, `nbformat is "4"`},
		{"no cells", `{"nbformat": 4, "metadata": {}}`, "no cells field"},
		{"cells not list", `{"nbformat": 4, "cells": {}}`, "cells is not a list"},
		{"metadata not object", `{"nbformat": 4, "cells": [], "metadata": []}`, "metadata is not a JSON object"},
		{"cell not object", `{"nbformat": 4, "cells": [1]}`, "cell 1: not a JSON object"},
		{"no cell type", `{"nbformat": 4, "cells": [{"source": ""}]}`, "cell 1: no cell_type"},
		{"bad source", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}`, "source: want a string or a list"},
		{"bad source list", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["a", 1]}]}`, "source: want a string or a list"},
		{"bad count", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "execution_count": "1"}]}`, "execution_count"},
		{"bad outputs", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": 1}]}`, "outputs is not a list"},
		{"output without type", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [{}]}]}`, "output 1: no output_type"},
		{"bad stream", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "stream", "name": "stdout", "text": 3}]}]}`, "stream text"},
		{"bad id", `{"nbformat": 4, "cells": [{"cell_type": "code", "id": 3}]}`, "id is 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.errHas) || !strings.HasPrefix(err.Error(), "notebook: ") {
				t.Errorf("Parse error %v, want one containing %q", err, tt.errHas)
			}
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ipynb")
	os.WriteFile(bad, []byte("{oops"), 0o644)
	for _, tt := range []struct{ path, errHas string }{
		{filepath.Join(dir, "missing.ipynb"), "no such file"},
		{bad, bad + ": notebook: not valid JSON"},
		{dir, "is a directory"},
	} {
		if _, err := ReadFile(tt.path); err == nil || !strings.Contains(err.Error(), tt.errHas) {
			t.Errorf("ReadFile(%s) error %v, want %q", tt.path, err, tt.errHas)
		}
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.ipynb")
	os.WriteFile(path, []byte("old"), 0o600)
	nb := &Notebook{Cells: []*Cell{{ID: "a", Type: Code, Source: "1 + 1"}}}
	if err := WriteFile(path, nb); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the replaced file's 0600", fi.Mode().Perm())
	}
	back, err := ReadFile(path)
	if err != nil || back.Cells[0].Source != "1 + 1" {
		t.Fatalf("read back: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	// A folder that does not exist fails cleanly.
	if err := WriteFile(filepath.Join(dir, "no", "x.ipynb"), nb); err == nil || !strings.HasPrefix(err.Error(), "notebook: ") {
		t.Errorf("WriteFile into a missing folder: %v", err)
	}
}
