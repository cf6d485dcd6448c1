package evaluator

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/gocell/gocell/kernel/session"
)

func TestComplete(t *testing.T) {
	s := newSession(t)
	run(t, s, "counter := 1\nfunc compute() int { return 2 }\ntype Config struct{ Size, Speed int }\nfunc (c *Config) Scale(k int) { c.Size *= k }\ncfg := &Config{}\nd := time.Second\ntype Named struct {\n\tConfig\n\tsync.Mutex\n\tSize string\n\tcount int\n}\nnm := Named{}")
	cases := []struct {
		code         string
		want, absent []string
		start        int
	}{
		{"co", []string{"compute", "const", "continue", "copy", "counter"}, []string{"Config"}, 0},
		{"x := Co", []string{"Config"}, []string{"counter"}, 5},
		{"fmt.Prin", []string{"Print", "Printf", "Println"}, []string{"Sprint"}, 4},
		{"strings.ToU", []string{"ToUpper"}, nil, 8},
		{"__goc", nil, []string{showFn, stopVar}, 0},
		{"cfg.S", []string{"Scale", "Size", "Speed"}, nil, 4},
		{"d.Sec", []string{"Seconds"}, nil, 2},
		{"s := \"co", nil, []string{"compute", "counter"}, 8},
		{"nm.", []string{"Config", "Mutex", "Size", "Speed", "Scale", "Lock", "Unlock"}, nil, 3},
		{"nm.c", []string{"count"}, []string{"Xcount"}, 3},
	}
	for _, c := range cases {
		got, err := s.Complete(context.Background(), c.code, len(c.code))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !slices.Contains(got.Matches, w) {
				t.Errorf("Complete(%q) = %v, missing %q", c.code, got.Matches, w)
			}
		}
		for _, a := range c.absent {
			if slices.Contains(got.Matches, a) {
				t.Errorf("Complete(%q) offers %q", c.code, a)
			}
		}
		if got.CursorStart != c.start || got.CursorEnd != len(c.code) {
			t.Errorf("Complete(%q) range = %d..%d, want %d..%d", c.code, got.CursorStart, got.CursorEnd, c.start, len(c.code))
		}
		if len(got.Types) != len(got.Matches) {
			t.Errorf("Complete(%q): %d types for %d matches", c.code, len(got.Types), len(got.Matches))
		}
	}
}

func TestInspect(t *testing.T) {
	s := newSession(t)
	run(t, s, "// double doubles.\nfunc double(x int) int { return 2 * x }\nlimit := 7\ntype P struct{ A int }\npt := P{1}")
	cases := []struct {
		code  string
		found bool
		want  string
	}{
		{"double(3)", true, "func double(x int) int { return 2 * x }"},
		{"fmt.Println(1)", true, "func Println(a ...any) (n int, err error)"},
		{"strings.ToUpper", true, "ToUpper returns s with all Unicode letters mapped to their upper case"},
		{"nothingHere", false, ""},
		{"limit", true, "limit int = 7"},
		{"double", true, "double doubles."},
		{"pt", true, "pt P = P{A:1}"},
		{"pt.A", true, "A int"},
	}
	for _, c := range cases {
		got, err := s.Inspect(context.Background(), c.code, 2+strings.Index(c.code, "."), 0)
		if err != nil {
			t.Fatal(err)
		}
		if got.Found != c.found {
			t.Errorf("Inspect(%q).Found = %v, want %v", c.code, got.Found, c.found)
			continue
		}
		if c.found {
			text, _ := got.Data.Data["text/plain"].(string)
			if !strings.Contains(text, c.want) {
				t.Errorf("Inspect(%q) = %q, want it to contain %q", c.code, text, c.want)
			}
		}
	}
}

func TestHelpMagic(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct{ code, want string }{
		{"%help", "%reset"},
		{"%help fmt.Println", "func Println"},
		{"%help nothing.Here", "No documentation found for nothing.Here"},
	} {
		o := run(t, s, c.code)
		if o.ename != "" || len(o.reply.Payloads) != 1 {
			t.Fatalf("%s: %s %s, payloads %v", c.code, o.ename, o.evalue, o.reply.Payloads)
		}
		p := o.reply.Payloads[0]
		data, _ := p["data"].(map[string]any)
		text, _ := data["text/plain"].(string)
		if p["source"] != "page" || p["start"] != 0 || !strings.Contains(text, c.want) {
			t.Errorf("%s: payload %v, want page text containing %q", c.code, p, c.want)
		}
	}
}

func TestTimeMagic(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct{ code, result string }{
		{"%time 1 + 1", "2"},
		{"%%time\nx := 3\nx * 2", "6"},
	} {
		o := run(t, s, c.code)
		if o.result != c.result || !strings.HasPrefix(o.stdout, "Wall time: ") {
			t.Errorf("%q: result %q stdout %q (%s %s)", c.code, o.result, o.stdout, o.ename, o.evalue)
		}
	}
}

func TestUserExpressions(t *testing.T) {
	s := newSession(t)
	r := s.Execute(context.Background(), session.ExecuteRequest{Code: "x := 2", UserExpressions: map[string]string{"a": "x * 3", "b": "nope"}}, &recSink{}, &lines{})
	a, _ := r.UserExpressions["a"].(map[string]any)
	b, _ := r.UserExpressions["b"].(map[string]any)
	if a["status"] != "ok" || a["data"].(map[string]any)["text/plain"] != "6" {
		t.Errorf("a = %v", a)
	}
	if b["status"] != "error" || b["ename"] != "CompileError" {
		t.Errorf("b = %v", b)
	}
}

func TestIsComplete(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct{ code, status string }{
		{"x := 1", session.Complete},
		{"func f() {", session.Incomplete},
		{"%who", session.Complete},
		{"%%time\nfor {", session.Incomplete},
		{"%%time\nx := 1", session.Complete},
	} {
		got, err := s.IsComplete(context.Background(), c.code)
		if err != nil || got.Status != c.status {
			t.Errorf("IsComplete(%q) = %+v, %v; want %s", c.code, got, err, c.status)
		}
	}
}
