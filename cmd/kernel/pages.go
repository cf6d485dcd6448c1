package main

import (
	"bufio"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
)

// releaseStartupPages gives back memory that only the start touched: the
// heap the start freed (debug.FreeOSMemory), and the pages of the binary's
// code and read-only data mapped in by then. The binary is about 50 MB
// (yaegi's symbol tables and gonum in both processes), and each page fault
// at start maps its neighbours too, so most of the resident binary is code
// that ran once. Dropping those mappings is safe because they are read-only
// views of the file: a page used again is mapped back from the page cache
// (a minor fault); writable mappings are never touched. Nor is a read-only
// mapping holding private copies (Anonymous in smaps): in a binary linked
// with gcc (the OpenBLAS build) the relocated GOT is such a RELRO page, and
// dropping it sends every later call into C to address 0. The embedded
// fonts, in writable data, go too (releaseFontPages).
func releaseStartupPages() {
	debug.FreeOSMemory()
	releaseFontPages()
	exe, err := os.Executable()
	if err != nil {
		return
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return
	}
	defer f.Close()
	var start, end uintptr
	var drop bool
	flush := func() {
		if drop {
			syscall.Syscall(syscall.SYS_MADVISE, start, end-start, syscall.MADV_DONTNEED)
		}
		drop = false
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if key, val, ok := strings.Cut(line, ":"); ok && !strings.Contains(key, " ") {
			// A field of the current mapping, as in "Anonymous:   4 kB".
			if key == "Anonymous" && strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(val), "kB")) != "0" {
				drop = false
			}
			continue
		}
		flush()
		start, end, drop = readOnlyMapping(line, exe)
	}
	if sc.Err() == nil {
		flush()
	}
}

// readOnlyMapping parses a /proc/self/maps line and reports the range of a
// mapping of path that cannot be written (r-xp or r--p).
func readOnlyMapping(line, path string) (start, end uintptr, ok bool) {
	f := strings.Fields(line)
	if len(f) < 6 || f[5] != path || (f[1] != "r-xp" && f[1] != "r--p") {
		return 0, 0, false
	}
	lo, hi, found := strings.Cut(f[0], "-")
	if !found {
		return 0, 0, false
	}
	s, err1 := strconv.ParseUint(lo, 16, 64)
	e, err2 := strconv.ParseUint(hi, 16, 64)
	if err1 != nil || err2 != nil || e <= s {
		return 0, 0, false
	}
	return uintptr(s), uintptr(e), true
}
