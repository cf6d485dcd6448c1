package history

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func open(t *testing.T, dir string, limit int) *Store {
	t.Helper()
	s, err := Open(Options{Dir: dir, Limit: limit})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func add(t *testing.T, s *Store, inputs ...string) {
	t.Helper()
	for i, in := range inputs {
		if err := s.Add(i+1, in); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSessionsPersistAcrossOpens(t *testing.T) {
	dir := t.TempDir()
	s1 := open(t, dir, 0)
	if s1.Session() != 1 {
		t.Fatalf("first session = %d, want 1", s1.Session())
	}
	add(t, s1, "a := 1", "a + 1")
	s1.Close()

	// A run that executes nothing still takes a number.
	s2 := open(t, dir, 0)
	s2.Close()

	s3 := open(t, dir, 0)
	if s3.Session() != 3 {
		t.Fatalf("third session = %d, want 3", s3.Session())
	}
	add(t, s3, "fmt.Println(a)")
	want := []Entry{{1, 1, "a := 1"}, {1, 2, "a + 1"}, {3, 1, "fmt.Println(a)"}}
	if got := s3.Tail(0); !reflect.DeepEqual(got, want) {
		t.Fatalf("Tail(0) = %v, want %v", got, want)
	}
	if got := s3.Tail(2); !reflect.DeepEqual(got, want[1:]) {
		t.Fatalf("Tail(2) = %v, want %v", got, want[1:])
	}
}

func TestRange(t *testing.T) {
	dir := t.TempDir()
	s1 := open(t, dir, 0)
	add(t, s1, "p1", "p2", "p3")
	s1.Close()
	s := open(t, dir, 0)
	add(t, s, "c1", "c2", "c3", "c4")
	tests := []struct {
		name                 string
		session, start, stop int
		want                 []string
	}{
		{"current all", 0, 0, 0, []string{"c1", "c2", "c3", "c4"}},
		{"current 2..3", 0, 2, 4, []string{"c2", "c3"}},
		{"current from 3", 0, 3, 0, []string{"c3", "c4"}},
		{"previous relative", -1, 1, 3, []string{"p1", "p2"}},
		{"previous absolute", 1, 0, 0, []string{"p1", "p2", "p3"}},
		{"unknown session", 7, 0, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range s.Range(tt.session, tt.start, tt.stop) {
				got = append(got, e.Input)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Range(%d,%d,%d) = %q, want %q", tt.session, tt.start, tt.stop, got, tt.want)
			}
		})
	}
}

func TestSearch(t *testing.T) {
	s := open(t, t.TempDir(), 0)
	add(t, s, "x := 1", "fmt.Println(x)", "x := 1", "y := [2]int{}", "fmt.Println(y)", "a*b")
	tests := []struct {
		pattern string
		n       int
		unique  bool
		want    []int // lines
	}{
		{"*", 0, false, []int{1, 2, 3, 4, 5, 6}},
		{"fmt.*", 0, false, []int{2, 5}},
		{"fmt.*", 1, false, []int{5}},
		{"x := 1", 0, false, []int{1, 3}},
		{"x := 1", 0, true, []int{3}},
		{"*", 0, true, []int{2, 3, 4, 5, 6}},
		{"?", 0, false, nil},
		{"[xy] := *", 0, false, []int{1, 3, 4}},
		{"[!x] := *", 0, false, []int{4}},
		{"*[2]*", 0, false, []int{4}},
		{"y := [2*", 0, false, []int{4}},
		{"a[*]b", 0, false, []int{6}},
		{"fmt", 0, false, nil},
	}
	for _, tt := range tests {
		var got []int
		for _, e := range s.Search(tt.pattern, tt.n, tt.unique) {
			got = append(got, e.Line)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Search(%q,%d,%v) lines = %v, want %v", tt.pattern, tt.n, tt.unique, got, tt.want)
		}
	}
}

func TestBoundedAndCompacted(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, 5)
	for i := 1; i <= 12; i++ {
		if err := s.Add(i, strings.Repeat("x", i)); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(s.Tail(0)); got != 5 {
		t.Fatalf("kept %d entries in memory, want 5", got)
	}
	s.Close()
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	// Compaction at 5 and 10 additions leaves the marker, 5 entries and
	// the 2 added since.
	if n := strings.Count(string(b), "\n"); n > 1+5+4 {
		t.Fatalf("file has %d lines, want it compacted", n)
	}
	s2 := open(t, dir, 5)
	got := s2.Tail(0)
	if len(got) != 5 || got[0].Line != 8 || got[4].Line != 12 {
		t.Fatalf("after reopen Tail = %v, want lines 8..12", got)
	}
	if s2.Session() != 2 {
		t.Fatalf("session after compaction = %d, want 2", s2.Session())
	}
	s2.Close()
	// A file within twice the limit is not rewritten when opened: starting
	// a kernel must not cost a rewrite of a full history.
	before, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	s3 := open(t, dir, 5)
	s3.Close()
	after, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Fatal("opening a compacted history rewrote the file")
	}
}

func TestCorruptLinesSkipped(t *testing.T) {
	dir := t.TempDir()
	content := `{"session":1,"line":1,"input":"good"}
not json at all
{"session":"x","line":2,"input":"bad type"}
{"session":1,"line":2,"input":"also good"}
{"session":4}
{"session":1,"line":3,"inp`
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	s := open(t, dir, 0)
	want := []Entry{{1, 1, "good"}, {1, 2, "also good"}}
	if got := s.Tail(0); !reflect.DeepEqual(got, want) {
		t.Fatalf("Tail = %v, want %v", got, want)
	}
	if s.Session() != 5 {
		t.Fatalf("session = %d, want 5 (after the marker of 4)", s.Session())
	}
	// The torn last line must not swallow the next record.
	add(t, s, "new")
	s.Close()
	s2 := open(t, dir, 0)
	if got := s2.Range(5, 0, 0); len(got) != 1 || got[0].Input != "new" {
		t.Fatalf("Range(5) after torn line = %v", got)
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "/j")
	t.Setenv("XDG_DATA_HOME", "/x")
	if d, _ := DefaultDir(); d != "/j/gocell" {
		t.Errorf("with JUPYTER_DATA_DIR: %q", d)
	}
	t.Setenv("JUPYTER_DATA_DIR", "")
	if d, _ := DefaultDir(); d != "/x/gocell" {
		t.Errorf("with XDG_DATA_HOME: %q", d)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/h")
	if d, _ := DefaultDir(); d != "/h/.local/share/gocell" {
		t.Errorf("with HOME: %q", d)
	}
}

// BenchmarkAddFull measures Add on a full store, the steady state of a
// long-used kernel: it must not copy the whole history per cell.
func BenchmarkAddFull(b *testing.B) {
	s, err := Open(Options{Dir: b.TempDir(), Limit: DefaultLimit})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for i := 0; i < DefaultLimit; i++ {
		s.entries = append(s.entries, Entry{s.session, i + 1, "1+1"})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.Add(DefaultLimit+i+1, "1+1"); err != nil {
			b.Fatal(err)
		}
	}
}
