package history

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// inputs lists the inputs of entries.
func inputs(es []Entry) []string {
	var in []string
	for _, e := range es {
		in = append(in, e.Input)
	}
	return in
}

// TestTwoKernelsShareTheFile: two notebooks open at once are two kernels
// appending to one history file. When one compacts it (at start, or after
// Limit cells), the other's earlier entries must survive the rewrite and
// its later ones must land in the new file, not in the replaced one.
func TestTwoKernelsShareTheFile(t *testing.T) {
	for _, how := range []string{"compacted at open", "compacted after Limit cells"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			a := open(t, dir, 4)
			if how == "compacted at open" {
				// A third kernel, with a larger limit, writes enough lines
				// that the next Open (limit 4) compacts.
				w := open(t, dir, 100)
				for i := 1; i <= 9; i++ {
					if err := w.Add(i, fmt.Sprint("w", i)); err != nil {
						t.Fatal(err)
					}
				}
				w.Close()
			}
			if err := a.Add(10, "a before"); err != nil {
				t.Fatal(err)
			}
			b := open(t, dir, 4)
			if how == "compacted after Limit cells" {
				for i := 1; i <= 4; i++ {
					if err := b.Add(i, fmt.Sprint("b", i)); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := a.Add(11, "a after"); err != nil {
				t.Fatal(err)
			}
			a.Close()
			b.Close()
			got := inputs(open(t, dir, 4).Tail(0))
			want := map[string][]string{
				"compacted at open":           {"w8", "w9", "a before", "a after"},
				"compacted after Limit cells": {"b2", "b3", "b4", "a after"},
			}[how]
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("history after both closed: %q, want %q", got, want)
			}
		})
	}
}

// TestKernelsStartedTogether: JupyterLab restoring a workspace starts the
// kernels of several notebooks at once; each must get a session number of
// its own (without a lock, two Opens at once read the same highest number
// in most runs and shared the next one).
func TestKernelsStartedTogether(t *testing.T) {
	for i := 0; i < 50; i++ {
		dir := t.TempDir()
		stores := make([]*Store, 3)
		var wg sync.WaitGroup
		for j := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(Options{Dir: dir})
				if err != nil {
					t.Error(err)
					return
				}
				stores[j] = s
			}()
		}
		wg.Wait()
		seen := map[int]bool{}
		for _, s := range stores {
			if s == nil {
				t.FailNow()
			}
			if seen[s.Session()] {
				t.Fatalf("run %d: two kernels share session %d", i, s.Session())
			}
			seen[s.Session()] = true
			s.Close()
		}
		if _, err := os.Stat(filepath.Join(dir, FileName+".lock")); !os.IsNotExist(err) {
			t.Fatalf("the lock file is left behind: %v", err)
		}
	}
}
