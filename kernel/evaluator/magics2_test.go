package evaluator

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/symbols"
)

// TestStdinLeftoverNotCarried pins that what a failed fmt.Scan left unread
// is not handed to the next cell's read: each cell's input request is
// fresh, as each run of a program starts with its own input.
func TestStdinLeftoverNotCarried(t *testing.T) {
	tests := []struct {
		name  string
		first string   // cell that reads and leaves input behind
		input []string // lines typed for the first cell
		next  string   // cell that reads again
		later []string // lines typed for the next cell
		want  string   // stdout of the next cell
	}{
		{"scan fails on letters", "var a int\n_, err := fmt.Scan(&a)\nfmt.Println(err != nil)", []string{"abc"},
			"var s string\nfmt.Scanln(&s)\nfmt.Printf(\"%q\\n\", s)", []string{"fresh"}, "\"fresh\"\n"},
		{"scan reads one word of two", "var w string\nfmt.Scan(&w)", []string{"one two"},
			"var s string\nfmt.Scanln(&s)\nfmt.Printf(\"%q\\n\", s)", []string{"three"}, "\"three\"\n"},
		{"no input left to ask for", "var a int\nfmt.Scan(&a)", []string{"abc"},
			"var s string\n_, err := fmt.Scanln(&s)\nfmt.Printf(\"%q %v\\n\", s, err != nil)", nil, "\"\" true\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSession(t)
			if o := runIn(t, s, tt.first, &lines{in: tt.input}); o.ename != "" {
				t.Fatalf("first cell: %s: %s", o.ename, o.evalue)
			}
			o := runIn(t, s, tt.next, &lines{in: tt.later})
			if o.ename != "" {
				t.Fatalf("next cell: %s: %s", o.ename, o.evalue)
			}
			if o.stdout != tt.want {
				t.Errorf("next cell printed %q, want %q", o.stdout, tt.want)
			}
		})
	}
}

// TestWhoListsUsableVars pins that %who lists every variable a later cell
// can use, including those declared by a cell stopped before its
// statement ended (an interrupted training run) or whose initialiser
// failed to compile, which yaegi keeps as zero values.
func TestWhoListsUsableVars(t *testing.T) {
	s := newSession(t)
	if o := run(t, s, "func slow() (int, error) {\n\ttime.Sleep(time.Hour)\n\treturn 1, nil\n}"); o.ename != "" {
		t.Fatalf("%s: %s", o.ename, o.evalue)
	}
	if o := runCancelled(t, s, "hist, err := slow()", 50*time.Millisecond); o.ename == "" {
		t.Fatal("the cell was not interrupted")
	}
	run(t, s, "var w int = undefinedF()")
	for _, name := range []string{"hist", "err", "w"} {
		if o := run(t, s, name); o.ename != "" {
			t.Fatalf("%s is not usable: %s: %s", name, o.ename, o.evalue)
		}
	}
	who := run(t, s, "%who").stdout
	want := map[string]string{"hist": "var int", "err": "var error", "w": "var int", "slow": "func func slow() (int, error)"}
	for _, l := range strings.Split(strings.TrimSpace(who), "\n") {
		f := strings.Fields(l)
		if w, ok := want[f[0]]; ok {
			if got := strings.Join(f[1:], " "); got != w {
				t.Errorf("%%who line %q, want %s %s", l, f[0], w)
			}
			delete(want, f[0])
		}
		if strings.HasPrefix(f[0], "__gocell") {
			t.Errorf("%%who lists the session's own %s", f[0])
		}
	}
	for n := range want {
		t.Errorf("%%who does not list %s:\n%s", n, who)
	}
}

// TestCompleteMagics pins that % and a prefix at the start of a cell
// complete magic names, as IPython completes %ti to %time, and that Go
// completion is unchanged elsewhere.
func TestCompleteMagics(t *testing.T) {
	s := newSession(t)
	tests := []struct {
		code   string
		cursor int // in code points; -1: the end
		want   []string
		start  int
	}{
		{"%he", -1, []string{"%help"}, 0},
		{"%", -1, []string{"%%time", "%help", "%reset", "%time", "%who"}, 0},
		{"%%", -1, []string{"%%time"}, 0},
		{"%t", -1, []string{"%time"}, 0},
		{"\n  %wh", -1, []string{"%who"}, 3},
		{"%re", -1, []string{"%reset"}, 0},
		{"%xyz", -1, []string{}, 0},
		{"%hex", -1, []string{}, 0},
		{"%he\nx := 1", 3, []string{"%help"}, 0},
	}
	for _, tt := range tests {
		cursor := tt.cursor
		if cursor < 0 {
			cursor = len([]rune(tt.code))
		}
		got, err := s.Complete(context.Background(), tt.code, cursor)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Matches, tt.want) {
			t.Errorf("Complete(%q) = %q, want %q", tt.code, got.Matches, tt.want)
		}
		if got.CursorStart != tt.start || got.CursorEnd != cursor {
			t.Errorf("Complete(%q) range %d..%d, want %d..%d", tt.code, got.CursorStart, got.CursorEnd, tt.start, cursor)
		}
		if len(got.Types) != len(got.Matches) {
			t.Errorf("Complete(%q): %d types for %d matches", tt.code, len(got.Types), len(got.Matches))
		}
	}
	// After the magic's name, and in a cell not starting with %, Go
	// names complete as before.
	for code, want := range map[string]string{"%time fmt.Prin": "Println", "x := 1\nhe": "hex", "%help strings.ToU": "ToUpper"} {
		got, _ := s.Complete(context.Background(), code, len([]rune(code)))
		if !slices.Contains(got.Matches, want) {
			t.Errorf("Complete(%q) = %q, missing %q", code, got.Matches, want)
		}
	}
}

// TestUserExpressionsImplyImports pins that user_expressions use packages
// by name as cells do, and that a name a cell declared still wins.
func TestUserExpressionsImplyImports(t *testing.T) {
	tests := []struct {
		cell, expr string
		status     string
		want       string // text/plain when ok, ename otherwise
	}{
		{"x := 2", `strings.ToUpper("a")`, "ok", `"A"`},
		{"x := 2", "math.Sqrt(16) + float64(x)", "ok", "6"},
		{"x := 2", `filepath.Ext("a.go")`, "ok", `".go"`},
		{"type S struct{ ToUpper func(string) string }\nstrings := S{func(s string) string { return s + \"!\" }}", `strings.ToUpper("a")`, "ok", `"a!"`},
		{"x := 2", "nosuchpkg.F()", "error", "CompileError"},
		{"x := 2", "strings.ToUpper(", "error", "CompileError"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			s := newSession(t)
			r := s.Execute(context.Background(), session.ExecuteRequest{Code: tt.cell, UserExpressions: map[string]string{"a": tt.expr}}, &recSink{}, &lines{})
			if r.Error != nil {
				t.Fatalf("cell: %s: %s", r.Error.Name, r.Error.Value)
			}
			a, _ := r.UserExpressions["a"].(map[string]any)
			if a["status"] != tt.status {
				t.Fatalf("status %v, want %s: %v", a["status"], tt.status, a)
			}
			got := fmt.Sprint(a["ename"])
			if tt.status == "ok" {
				got = fmt.Sprint(a["data"].(map[string]any)["text/plain"])
			}
			if got != tt.want {
				t.Errorf("got %s, want %s (%v)", got, tt.want, a)
			}
		})
	}
}

// TestInspectPromoted pins that inspect and %help find what completion
// offers after a variable: methods and fields promoted from embedded
// fields, compiled (*dnn.Sequential) or a cell's, at any depth, and that
// a compiled type's unexported fields are neither offered nor found.
func TestInspectPromoted(t *testing.T) {
	s, err := New(Options{Symbols: symbols.Symbols})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cell := "type Net struct {\n\t*dnn.Sequential\n\tname string\n}\n" +
		"// Hello greets.\nfunc (n *Net) Hello() string { return n.name }\n" +
		"net := &Net{Sequential: dnn.NewSequential(nil), name: \"a\"}\n" +
		"type Wrap struct{ Net }\nw := Wrap{}"
	if o := run(t, s, cell); o.ename != "" {
		t.Fatalf("%s: %s", o.ename, o.evalue)
	}
	tests := []struct {
		expr  string
		found bool
		want  []string
	}{
		{"net.Accuracy", true, []string{"func (s *Sequential) Accuracy(x *mat.Dense, labels []int) float64", "Accuracy returns"}},
		{"net.Predict", true, []string{"Predict("}},
		{"net.Hello", true, []string{"func (n *Net) Hello() string", "Hello greets."}},
		{"net.name", true, []string{"name string"}},
		{"w.Accuracy", true, []string{"func (s *Sequential) Accuracy("}},
		{"w.Hello", true, []string{"func (n *Net) Hello() string"}},
		{"w.name", true, []string{"name string"}},
		{"net.Nope", false, nil},
		{"net.pred", false, nil},
	}
	for _, tt := range tests {
		r, err := s.Inspect(context.Background(), tt.expr, len(tt.expr), 0)
		if err != nil {
			t.Fatal(err)
		}
		if r.Found != tt.found {
			t.Errorf("Inspect(%q).Found = %v, want %v", tt.expr, r.Found, tt.found)
			continue
		}
		help := s.help(tt.expr)
		if !tt.found {
			if !strings.HasPrefix(help, "No documentation found") {
				t.Errorf("%%help %s = %q, want none found", tt.expr, help)
			}
			continue
		}
		text, _ := r.Data.Data["text/plain"].(string)
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("Inspect(%q) = %q, missing %q", tt.expr, text, w)
			}
			if !strings.Contains(help, w) {
				t.Errorf("%%help %s = %q, missing %q", tt.expr, help, w)
			}
		}
	}
	c, _ := s.Complete(context.Background(), "net.P", 5)
	if !slices.Contains(c.Matches, "Predict") || !slices.Contains(c.Matches, "Params") {
		t.Errorf("Complete(net.P) = %q, want Predict and Params", c.Matches)
	}
	c, _ = s.Complete(context.Background(), "net.p", 5)
	if slices.Contains(c.Matches, "pred") {
		t.Errorf("Complete(net.p) = %q offers dnn.Sequential's unexported field", c.Matches)
	}
}

// TestWhoConstTypes pins %who's type of a const: its type when it has one,
// else "untyped" and its kind, as Go names them (not go/constant's
// internal types, which yaegi keeps untyped consts in).
func TestWhoConstTypes(t *testing.T) {
	s := newSession(t)
	if o := run(t, s, "const a = 5\nconst b = 2.5\nconst c = \"s\"\nconst e int64 = 3\nconst g = 1 + 2i"); o.ename != "" {
		t.Fatalf("%s: %s", o.ename, o.evalue)
	}
	want := map[string]string{"a": "untyped int", "b": "untyped float", "c": "untyped string", "e": "int64", "g": "untyped complex"}
	for _, l := range strings.Split(strings.TrimSpace(run(t, s, "%who").stdout), "\n") {
		f := strings.Fields(l)
		if w, ok := want[f[0]]; ok {
			if got := strings.Join(f[2:], " "); f[1] != "const" || got != w {
				t.Errorf("%%who: %q, want %s const %s", l, f[0], w)
			}
			delete(want, f[0])
		}
	}
	for n := range want {
		t.Errorf("%%who does not list %s", n)
	}
}

// TestInterruptedVarMembers pins that completion, inspect and %help know a
// variable whose statement was interrupted, as %who lists it.
func TestInterruptedVarMembers(t *testing.T) {
	s := newSession(t)
	run(t, s, "func slow() time.Duration {\n\ttime.Sleep(time.Hour)\n\treturn time.Second\n}")
	if o := runCancelled(t, s, "d := slow()", 50*time.Millisecond); o.ename == "" {
		t.Fatal("the cell was not interrupted")
	}
	c, _ := s.Complete(context.Background(), "x := d", 6)
	if !slices.Contains(c.Matches, "d") {
		t.Errorf("Complete(x := d) = %q, want d", c.Matches)
	}
	c, _ = s.Complete(context.Background(), "d.Sec", 5)
	if !slices.Contains(c.Matches, "Seconds") {
		t.Errorf("Complete(d.Sec) = %q, want Seconds", c.Matches)
	}
	for expr, want := range map[string]string{"d": "d time.Duration = 0s", "d.Seconds": "func (d Duration) Seconds() float64"} {
		r, _ := s.Inspect(context.Background(), expr, len(expr), 0)
		text := ""
		if r.Data != nil {
			text, _ = r.Data.Data["text/plain"].(string)
		}
		if !r.Found || !strings.Contains(text, want) {
			t.Errorf("Inspect(%s) = %v %q, want %q", expr, r.Found, text, want)
		}
		if help := s.help(expr); !strings.Contains(help, want) {
			t.Errorf("%%help %s = %q, want %q", expr, help, want)
		}
	}
}
