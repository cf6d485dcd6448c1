package evaluator

import (
	"context"
	"go/token"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

// heapAfterGC is the live heap once the collector has run (twice: the
// second frees what the cleanups of the first released).
func heapAfterGC() uint64 {
	var m runtime.MemStats
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// heapGrowthPerCell runs code n times after warm cells and returns the
// live heap's growth per cell, in bytes.
func heapGrowthPerCell(tb testing.TB, s *Session, code string, warm, n int) float64 {
	tb.Helper()
	ctx := context.Background()
	exec := func() {
		r := s.Execute(ctx, session.ExecuteRequest{Code: code}, nopSink{}, &lines{})
		if r.Error != nil && !strings.HasPrefix(code, "undefined") {
			tb.Fatalf("%q: %v", code, r.Error)
		}
	}
	for i := 0; i < warm; i++ {
		exec()
	}
	before := heapAfterGC()
	for i := 0; i < n; i++ {
		exec()
	}
	after := heapAfterGC()
	return (float64(after) - float64(before)) / float64(n)
}

// TestHeapGrowthPerCell: a session keeps no per-cell compiled artefacts,
// so the live heap stays flat over cells that declare nothing new. yaegi
// alone kept each cell's syntax tree and files, about 4 KiB a cell of 1+1,
// and code run at the top level kept its temporaries in yaegi's global
// frame (100-200 bytes a cell of a loop or a call; see cellFn). Statements
// still run at the top level: one assigning a call's result keeps a slot
// (about 100 bytes), within the bound.
func TestHeapGrowthPerCell(t *testing.T) {
	if testing.Short() {
		t.Skip("2000 cells per case")
	}
	const bound = 2048
	for _, code := range []string{
		"1+1",
		"x := 1",
		"func f() int { return 1 }",
		"undefinedName",
		"strings.ToUpper(\"a\")",
		"for i := 0; i < 2; i++ {\n}",
		"fmt.Println()",
		"y := 2\ny = strings.Count(\"aa\", \"a\")",
	} {
		s := newSession(t)
		got := heapGrowthPerCell(t, s, code, 200, 2000)
		t.Logf("%q: %.0f bytes a cell", code, got)
		if got > bound {
			t.Errorf("%q: the live heap grew %.0f bytes a cell over 2000 cells, want at most %d", code, got, bound)
		}
	}
}

// TestFilesReleased: the files of compiled code stay as long as its code
// can still report a position, and go once nothing of it is left.
func TestFilesReleased(t *testing.T) {
	s := newSession(t)
	run(t, s, "func boom(d int) int {\n\tx := 10\n\treturn x / d\n}")
	run(t, s, "g := func(d int) int {\n\treturn 7 / d\n}")
	run(t, s, "1+1")
	heapAfterGC()
	start := countFiles(s.interp().FileSet())
	for i := 0; i < 300; i++ {
		run(t, s, "1+1")
	}
	// Cleanups run on their own goroutine after a collection.
	deadline := time.Now().Add(10 * time.Second)
	n := 0
	for {
		heapAfterGC()
		if n = countFiles(s.interp().FileSet()); n <= start+10 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n > start+10 {
		t.Errorf("%d files after 300 cells of 1+1, %d before: the cells' files were kept", n, start)
	}
	// The positions of the func and the closure still map to their cells.
	for _, c := range []struct{ code, want string }{
		{"boom(0)", "In[1] line 2, column 2, in boom"},
		{"g(0)", "In[2] line 2, column 9, in func"},
	} {
		o := run(t, s, c.code)
		if o.ename != "Panic" || !strings.Contains(o.traceback, c.want) {
			t.Errorf("%s: %s %q, want a traceback with %q", c.code, o.ename, o.traceback, c.want)
		}
	}
}

func countFiles(fs *token.FileSet) int {
	n := 0
	fs.Iterate(func(*token.File) bool { n++; return true })
	return n
}

// BenchmarkHeapGrowth reports the live heap's growth per cell of 1+1
// (B/cell), measured over b.N cells after 100 warm ones.
func BenchmarkHeapGrowth(b *testing.B) {
	s := newSession(b)
	b.ReportAllocs()
	got := heapGrowthPerCell(b, s, "1+1", 100, b.N)
	b.ReportMetric(got, "B/cell")
}
