package evaluator

import (
	"strings"
	"testing"
)

// TestCaretDisplayWidth pins that the caret under an error sits under the
// character the (byte) column points at, as a monospace <pre> or terminal
// shows the line: East Asian wide characters take two cells, combining
// marks none, and tabs are copied so they expand as the line's own do.
func TestCaretDisplayWidth(t *testing.T) {
	tests := []struct {
		name string
		src  string
		col  int // byte column, as Go and yaegi report it
		pad  string
	}{
		{"ascii", "x := y + 1", 6, "     "},
		{"japanese before", "損失 := 未定義 + 1", 11, strings.Repeat(" ", 8)},
		{"japanese in a string", "x := \"日本\" + y", 17, strings.Repeat(" ", 14)},
		{"tab and greek", "\tα := β", 8, "\t     "},
		{"combining mark", "e\u0301 := x", 8, strings.Repeat(" ", 5)},
		{"fullwidth latin", "ｘ := y", 8, strings.Repeat(" ", 6)},
		{"emoji", "🔥 := y", 9, strings.Repeat(" ", 6)},
		{"past the end", "y := 損失", 13, strings.Repeat(" ", 9)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := caretLines("package p\n"+tt.src, 2, tt.col)
			want := []string{"    " + tt.src, "    " + tt.pad + "^"}
			if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
				t.Errorf("caretLines = %q, want %q", got, want)
			}
		})
	}
}

// TestCaretInCellError runs a cell with a syntax error after Japanese
// names: the traceback's caret is under the offending token.
func TestCaretInCellError(t *testing.T) {
	s := newSession(t)
	o := run(t, s, "損失 := 1\n損失 = 損失 + )")
	if o.ename == "" {
		t.Fatalf("no error; stdout %q", o.stdout)
	}
	lines := strings.Split(o.traceback, "\n")
	var src, caret string
	for i, l := range lines {
		if l == "    損失 = 損失 + )" && i+1 < len(lines) {
			src, caret = l, lines[i+1]
		}
	}
	if src == "" {
		t.Fatalf("source line missing from traceback:\n%s", o.traceback)
	}
	// "損失 = 損失 + " is 14 cells wide; the ) is the 15th.
	if want := "    " + strings.Repeat(" ", 14) + "^"; caret != want {
		t.Errorf("caret line %q, want %q (traceback:\n%s)", caret, want, o.traceback)
	}
}

// TestWhoAlignsWideNames pins that %who's kind column starts at the same
// display column for Japanese and ASCII names.
func TestWhoAlignsWideNames(t *testing.T) {
	s := newSession(t)
	if o := run(t, s, "損失 := 1.5\nx := 3\n学習率あいうえおかきくけ := 0.1"); o.ename != "" {
		t.Fatalf("%s: %s", o.ename, o.evalue)
	}
	o := run(t, s, "%who")
	cols := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(o.stdout), "\n") {
		i := strings.Index(l, " var ")
		if i < 0 {
			t.Fatalf("no kind column in %q", l)
		}
		name := strings.Fields(l)[0]
		cols[name] = displayWidth(l[:i])
	}
	if len(cols) != 3 {
		t.Fatalf("%%who listed %v, want 3 names:\n%s", cols, o.stdout)
	}
	if cols["損失"] != cols["x"] {
		t.Errorf("kind column at %d for 損失, %d for x:\n%s", cols["損失"], cols["x"], o.stdout)
	}
	// A name wider than the column is followed by one space, not cut.
	if w := cols["学習率あいうえおかきくけ"]; w != displayWidth("学習率あいうえおかきくけ") {
		t.Errorf("long name padded to %d cells:\n%s", w, o.stdout)
	}
}

// TestTracebackEarlierCellSource pins that a panic inside a func or method
// an earlier cell declared shows that cell's source line and a caret, as
// a Python traceback shows each frame's line; a line the session does not
// know is left out rather than shown blank.
func TestTracebackEarlierCellSource(t *testing.T) {
	s := newSession(t)
	run(t, s, "x := 1\n// boom indexes.\nfunc boom(xs []int) int {\n\treturn xs[3]\n}")
	run(t, s, "type T struct{}\n\nfunc (T) M(m map[string]int) { m[\"損\"] = 1 }")
	tests := []struct {
		cell string
		want []string // consecutive traceback lines
	}{
		{"boom(nil)", []string{"In[1] line 4, column 9, in boom", "    \treturn xs[3]", "    \t       ^"}},
		{"var t T\nt.M(nil)", []string{"In[2] line 3, column 32, in M", "    func (T) M(m map[string]int) { m[\"損\"] = 1 }", "    " + strings.Repeat(" ", 31) + "^"}},
	}
	for _, tt := range tests {
		o := run(t, s, tt.cell)
		if !strings.Contains(o.traceback, strings.Join(tt.want, "\n")) {
			t.Errorf("%s: traceback\n%s\nwant the lines\n%s", tt.cell, o.traceback, strings.Join(tt.want, "\n"))
		}
		for _, l := range strings.Split(o.traceback, "\n") {
			if strings.TrimSpace(l) == "" {
				t.Errorf("%s: a blank line in the traceback:\n%s", tt.cell, o.traceback)
			}
		}
	}
}
