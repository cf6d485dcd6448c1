package main

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

func TestReadOnlyMapping(t *testing.T) {
	const exe = "/opt/gocell/bin/gocell"
	tests := []struct {
		line       string
		start, end uintptr
		ok         bool
	}{
		{"00400000-00d3a000 r-xp 00000000 08:01 123 /opt/gocell/bin/gocell", 0x400000, 0xd3a000, true},
		{"00d3a000-01e5f000 r--p 0093a000 08:01 123 /opt/gocell/bin/gocell", 0xd3a000, 0x1e5f000, true},
		{"01e5f000-01ea0000 rw-p 01a5f000 08:01 123 /opt/gocell/bin/gocell", 0, 0, false}, // writable: data
		{"7f00-8f00 r-xp 00000000 08:01 9 /usr/lib/x86_64-linux-gnu/libc.so.6", 0, 0, false},
		{"7f00-8f00 r--p 00000000 00:00 0", 0, 0, false},
		{"00400000-00d3a000 r-xp 00000000 08:01 123 /opt/gocell/bin/gocell (deleted)", 0x400000, 0xd3a000, true},
		{"zz-00d3a000 r-xp 00000000 08:01 123 /opt/gocell/bin/gocell", 0, 0, false},
		{"00d3a000-00400000 r-xp 00000000 08:01 123 /opt/gocell/bin/gocell", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		s, e, ok := readOnlyMapping(tt.line, exe)
		if s != tt.start || e != tt.end || ok != tt.ok {
			t.Errorf("%q: got %#x-%#x %v, want %#x-%#x %v", tt.line, s, e, ok, tt.start, tt.end, tt.ok)
		}
	}
}

// The release finds this binary's code in the real maps and leaves the
// process working.
func TestReleaseStartupPagesKeepsRunning(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		t.Skip(err)
	}
	found := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if _, _, ok := readOnlyMapping(sc.Text(), exe); ok {
			found++
		}
	}
	f.Close()
	if found == 0 {
		t.Fatalf("no read-only mapping of %s found", exe)
	}
	releaseStartupPages()
	if got := strings.Repeat("ab", 3); got != "ababab" {
		t.Errorf("after the release: %q", got)
	}
}
