package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// nbCell is a cell of a test notebook.
type nbCell struct {
	src  string
	tags []string
	md   bool
}

// writeNotebook writes an nbformat 4.4 notebook (no cell ids, string
// sources, one list source) as an older Jupyter would have saved it.
func writeNotebook(t *testing.T, path string, cells []nbCell) {
	t.Helper()
	var cs []map[string]any
	for i, c := range cells {
		m := map[string]any{"cell_type": "code", "metadata": map[string]any{}, "source": c.src,
			"outputs": []any{map[string]any{"output_type": "stream", "name": "stdout", "text": "stale\n"}}, "execution_count": 7}
		if i == 1 {
			m["source"] = strings.SplitAfter(c.src, "\n")
		}
		if c.tags != nil {
			m["metadata"] = map[string]any{"tags": c.tags}
		}
		if c.md {
			m = map[string]any{"cell_type": "markdown", "metadata": map[string]any{}, "source": c.src}
		}
		cs = append(cs, m)
	}
	b, err := json.Marshal(map[string]any{"nbformat": 4, "nbformat_minor": 4, "cells": cs,
		"metadata": map[string]any{"kernelspec": map[string]any{"name": "python3"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// outNotebook is the part of a written notebook the tests look at.
type outNotebook struct {
	Metadata struct {
		Kernelspec   map[string]string `json:"kernelspec"`
		LanguageInfo map[string]string `json:"language_info"`
	} `json:"metadata"`
	Minor int `json:"nbformat_minor"`
	Cells []struct {
		ID       string         `json:"id"`
		Type     string         `json:"cell_type"`
		Source   []string       `json:"source"`
		Count    *int           `json:"execution_count"`
		Outputs  []outputFields `json:"outputs"`
		Metadata map[string]any `json:"metadata"`
	} `json:"cells"`
}

type outputFields struct {
	Type   string         `json:"output_type"`
	Name   string         `json:"name"`
	Text   []string       `json:"text"`
	Data   map[string]any `json:"data"`
	Meta   map[string]any `json:"metadata"`
	Count  *int           `json:"execution_count"`
	EName  string         `json:"ename"`
	EValue string         `json:"evalue"`
}

func readOut(t *testing.T, path string) outNotebook {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb outNotebook
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return nb
}

// validate checks path with Python's nbformat, the reference validator.
func validate(t *testing.T, path string) {
	t.Helper()
	const py = "/usr/bin/python3"
	if exec.Command(py, "-c", "import nbformat").Run() != nil {
		t.Logf("SKIPPED nbformat validation: %s cannot import nbformat (apt install python3-nbformat)", py)
		return
	}
	out, err := exec.Command(py, "-c",
		"import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path).CombinedOutput()
	if err != nil {
		t.Errorf("nbformat rejects %s: %v\n%s", path, err, out)
	}
}

// text is what an output shows as text: stream text or text/plain.
func (o outputFields) text() string {
	if o.Type == "stream" {
		return o.Name + ":" + strings.Join(o.Text, "")
	}
	if o.Type == "error" {
		return "error:" + o.EName + ":" + o.EValue
	}
	var lines []string
	if raw, ok := o.Data["text/plain"].([]any); ok {
		for _, l := range raw {
			s, _ := l.(string)
			lines = append(lines, s)
		}
	}
	return o.Type + ":" + strings.Join(lines, "")
}

func TestRunNotebook(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "data.txt"), []byte("from the notebook's folder"), 0o644)
	in := filepath.Join(dir, "lesson.ipynb")
	writeNotebook(t, in, []nbCell{
		{src: "# A lesson", md: true},
		{src: "x := 41"},
		{src: "x + 1"},
		{src: "fmt.Println(\"hi\")\nfmt.Println(\"there\")"},
		{src: "panic(\"boom\")", tags: []string{"raises-exception"}},
		{src: "b, _ := os.ReadFile(\"data.txt\")\nstring(b)"},
		{src: "display.HTML(\"<b>bold</b>\")\nh := display.NewHandle()\nh.Text(\"epoch 1\")\nh.Text(\"epoch 2\")"},
		{src: "image.NewGray(image.Rect(0, 0, 3, 2))"},
		{src: ""},
		{src: "x * 2"},
	})
	before, _ := os.ReadFile(in)
	// Run from another folder: the cells must still see the notebook's.
	out, errOut, code := gocell(t, nil, "run", in)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if after, _ := os.ReadFile(in); !bytes.Equal(after, before) {
		t.Error("the input notebook was changed")
	}
	outPath := filepath.Join(dir, "lesson.out.ipynb")
	validate(t, outPath)
	nb := readOut(t, outPath)

	want := []struct {
		count int
		outs  []string
	}{
		{0, nil},
		{1, []string{}},
		{2, []string{"execute_result:42"}},
		{3, []string{"stdout:hi\nthere\n"}},
		{4, []string{"error:Panic:boom"}},
		{5, []string{`execute_result:"from the notebook's folder"`}},
		{6, []string{"display_data:bold", "display_data:epoch 2"}},
		{7, []string{"execute_result:<PNG image 3×2>"}},
		{0, []string{}}, // empty cells do not run
		{8, []string{"execute_result:82"}},
	}
	if len(nb.Cells) != len(want) {
		t.Fatalf("%d cells, want %d", len(nb.Cells), len(want))
	}
	for i, w := range want {
		c := nb.Cells[i]
		count := 0
		if c.Count != nil {
			count = *c.Count
		}
		var got []string
		if c.Type == "code" {
			got = []string{}
		}
		for _, o := range c.Outputs {
			got = append(got, o.text())
			if o.Type == "execute_result" && (o.Count == nil || *o.Count != count) {
				t.Errorf("cell %d: execute_result count %v, want %d", i, o.Count, count)
			}
		}
		if count != w.count || strings.Join(got, "|") != strings.Join(w.outs, "|") {
			t.Errorf("cell %d: count %d outputs %q; want %d %q", i, count, got, w.count, w.outs)
		}
		if c.ID == "" {
			t.Errorf("cell %d has no id", i)
		}
	}
	if png := nb.Cells[7].Outputs[0].Data["image/png"]; png == nil {
		t.Error("the image has no image/png")
	}
	if html := nb.Cells[6].Outputs[0].Data["text/html"]; html == nil {
		t.Error("the HTML display has no text/html")
	}
	if nb.Minor < 5 || nb.Metadata.Kernelspec["name"] != "gocell" || nb.Metadata.LanguageInfo["name"] != "go" {
		t.Errorf("nbformat_minor %d, kernelspec %v, language_info %v", nb.Minor, nb.Metadata.Kernelspec, nb.Metadata.LanguageInfo)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 10 || !strings.HasPrefix(lines[1], "[1/8] In [1] x := 41  ") ||
		!strings.HasSuffix(lines[4], "error: Panic: boom (expected: raises-exception)") ||
		!strings.Contains(lines[9], "8 cells ran, 1 failed") {
		t.Errorf("progress:\n%s", out)
	}
}

func TestRunNotebookFailures(t *testing.T) {
	cells := []nbCell{{src: "x := 1"}, {src: "undefinedName + 1"}, {src: "x"}}
	tests := []struct {
		name    string
		args    []string
		cells   []nbCell
		code    int
		errHas  string
		counts  []int // execution counts of the written cells, 0 for null
		lastOut string
	}{
		{"stop at the first error", nil, cells, 1, "cell 2 (In [2]) failed: ", []int{1, 2, 0}, ""},
		{"allow errors", []string{"--allow-errors"}, cells, 0, "", []int{1, 2, 3}, "execute_result:1"},
		{"timeout", []string{"--timeout", "500ms"}, []nbCell{{src: "time.Sleep(time.Minute)"}, {src: "1"}}, 1,
			"cell 1 (In [1]) failed: timed out after 500ms", []int{1, 0}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "nb.ipynb")
			outPath := filepath.Join(dir, "result.ipynb")
			writeNotebook(t, in, tt.cells)
			args := append([]string{"run", in, "-o", outPath}, tt.args...)
			_, errOut, code := gocell(t, nil, args...)
			if code != tt.code || !strings.Contains(errOut, tt.errHas) {
				t.Fatalf("exit %d, stderr %q; want %d, %q", code, errOut, tt.code, tt.errHas)
			}
			validate(t, outPath)
			nb := readOut(t, outPath)
			for i, want := range tt.counts {
				got := 0
				if c := nb.Cells[i].Count; c != nil {
					got = *c
				}
				if got != want {
					t.Errorf("cell %d: count %d, want %d", i, got, want)
				}
				if want == 0 && len(nb.Cells[i].Outputs) != 0 {
					t.Errorf("cell %d did not run but has outputs %v", i, nb.Cells[i].Outputs)
				}
			}
			if tt.lastOut != "" {
				outs := nb.Cells[len(nb.Cells)-1].Outputs
				if len(outs) != 1 || outs[0].text() != tt.lastOut {
					t.Errorf("last cell outputs %v, want %q", outs, tt.lastOut)
				}
			}
		})
	}
}

func TestRunNotebookBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ipynb")
	const badText = "{\"nbformat\": 4, \"cells\": [\n  {\"cell_type\": \"code\", \"source\": 3}]}"
	os.WriteFile(bad, []byte(badText), 0o644)
	trunc := filepath.Join(dir, "trunc.ipynb")
	os.WriteFile(trunc, []byte("{\"nbformat\": 4,\n"), 0o644)
	tests := []struct {
		args   []string
		code   int
		errHas string
	}{
		{[]string{"run", filepath.Join(dir, "missing.ipynb")}, 1, "no such file"},
		{[]string{"run", "--inplace", bad}, 1, "cell 1: source: want a string or a list of strings"},
		{[]string{"run", trunc, "-o", filepath.Join(dir, "x.ipynb")}, 1, "not valid JSON (line 2, column 1)"},
		{[]string{"run"}, 2, "no notebook given"},
		{[]string{"run", "a.ipynb", "b.ipynb"}, 2, "one notebook at a time"},
		{[]string{"run", bad, "-o", "x.ipynb", "--inplace"}, 2, "exclude each other"},
		{[]string{"run", bad, "-o="}, 2, "-o needs a file name"},
		{[]string{"run", bad, "--timeout", "soon"}, 2, "invalid value"},
		{[]string{"run", bad, "--timeout=-1s"}, 2, "must not be negative"},
		{[]string{"run", bad, "--bogus"}, 2, "unknown flag -bogus"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, errOut, code := gocell(t, nil, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.errHas) {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, errOut, tt.code, tt.errHas)
			}
		})
	}
	if b, _ := os.ReadFile(bad); string(b) != badText {
		t.Error("the malformed notebook was overwritten")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files written next to bad input: %v", entries)
	}
}

func TestRunNotebookCtrlC(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "long.ipynb")
	writeNotebook(t, in, []nbCell{{src: "fmt.Println(\"started\")"}, {src: "time.Sleep(time.Minute)"}, {src: "1"}})
	cmd := exec.Command(gocellBin, "run", "--inplace", in)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	// The progress line of cell 1 means cell 2 is about to run.
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && !strings.HasPrefix(sc.Text(), "[1/3]") {
	}
	time.Sleep(300 * time.Millisecond) // let cell 2 start sleeping
	cmd.Process.Signal(syscall.SIGINT)
	var rest strings.Builder
	for sc.Scan() {
		rest.WriteString(sc.Text() + "\n")
	}
	err = cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1; stderr %s", err, errOut.String())
	}
	if !strings.Contains(rest.String(), "interrupted") || !strings.Contains(errOut.String(), "run interrupted in cell 2") {
		t.Errorf("stdout after the signal:\n%s\nstderr:\n%s", rest.String(), errOut.String())
	}
	validate(t, in)
	nb := readOut(t, in)
	if c := nb.Cells[1]; c.Count == nil || *c.Count != 2 || len(c.Outputs) != 1 || c.Outputs[0].EName != "Interrupt" {
		t.Errorf("interrupted cell: %+v", c)
	}
	if c := nb.Cells[2]; c.Count != nil || len(c.Outputs) != 0 {
		t.Errorf("cell after the interrupt ran or kept outputs: %+v", c)
	}
}

// TestRunForeignNotebookHint: a Python notebook given to gocell run fails
// on its first cell with a Go compile error; the error line then says whose
// notebook it is, so "missing import path" is not all the user sees. A Go
// notebook's failure has no such note.
func TestRunForeignNotebookHint(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, meta map[string]any, src string) string {
		path := filepath.Join(dir, name)
		b, err := json.Marshal(map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": meta,
			"cells": []any{map[string]any{"cell_type": "code", "id": "a", "metadata": map[string]any{},
				"source": src, "outputs": []any{}, "execution_count": nil}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	py := write("py.ipynb", map[string]any{
		"kernelspec":    map[string]any{"name": "python3", "display_name": "Python 3", "language": "python"},
		"language_info": map[string]any{"name": "python"},
	}, "import os\nprint(os.getcwd())")
	_, errOut, code := gocell(t, nil, "run", py, "-o", filepath.Join(dir, "py.out.ipynb"))
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	last := lines[len(lines)-1]
	if code != 1 || !strings.Contains(last, "cell 1 (In [1]) failed") ||
		!strings.HasSuffix(last, "(this is a python notebook, kernel python3: gocell runs Go cells)") {
		t.Errorf("exit %d, last stderr line %q", code, last)
	}

	golang := write("go.ipynb", map[string]any{
		"kernelspec": map[string]any{"name": "gocell", "display_name": "Go (gocell)", "language": "go"},
	}, "undefinedName")
	_, errOut, code = gocell(t, nil, "run", golang, "-o", filepath.Join(dir, "go.out.ipynb"))
	if code != 1 || strings.Contains(errOut, "gocell runs Go cells") {
		t.Errorf("Go notebook: exit %d, stderr %q", code, errOut)
	}
}

// TestRunUnwritableOutput: an output gocell run cannot write is an error
// before any cell runs (the run used to go to the end, training and all,
// and then fail to save it).
func TestRunUnwritableOutput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "nb.ipynb")
	writeNotebook(t, in, []nbCell{{src: `fmt.Println("ran")`}})
	for _, tt := range []struct{ out, errHas string }{
		{filepath.Join(dir, "missing", "out.ipynb"), "no folder " + filepath.Join(dir, "missing")},
		{dir, "is a folder"},
	} {
		out, errOut, code := gocell(t, nil, "run", in, "-o", tt.out)
		if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "cannot write "+tt.out) ||
			!strings.Contains(errOut, tt.errHas) {
			t.Errorf("-o %s: exit %d, stderr %q; want one line with %q", tt.out, code, errOut, tt.errHas)
		}
		if strings.Contains(out, "[1/1]") {
			t.Errorf("-o %s: a cell ran: %q", tt.out, out)
		}
	}
}
