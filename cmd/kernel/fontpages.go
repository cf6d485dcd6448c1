package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
	"unsafe"

	"codeberg.org/go-fonts/liberation/liberationmonobold"
	"codeberg.org/go-fonts/liberation/liberationmonobolditalic"
	"codeberg.org/go-fonts/liberation/liberationmonoitalic"
	"codeberg.org/go-fonts/liberation/liberationmonoregular"
	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansbolditalic"
	"codeberg.org/go-fonts/liberation/liberationsansitalic"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-fonts/liberation/liberationserifbold"
	"codeberg.org/go-fonts/liberation/liberationserifbolditalic"
	"codeberg.org/go-fonts/liberation/liberationserifitalic"
	"codeberg.org/go-fonts/liberation/liberationserifregular"
)

// embeddedFonts are the Liberation fonts gonum/plot parses when its
// package initialises, in both kernel processes (they are one binary): 4.4
// MB embedded in the binary's writable data, of which the parse left about
// 2 MB resident in each process, though only a cell drawing text reads
// them again.
var embeddedFonts = [][]byte{
	liberationmonobold.TTF, liberationmonobolditalic.TTF, liberationmonoitalic.TTF, liberationmonoregular.TTF,
	liberationsansbold.TTF, liberationsansbolditalic.TTF, liberationsansitalic.TTF, liberationsansregular.TTF,
	liberationserifbold.TTF, liberationserifbolditalic.TTF, liberationserifitalic.TTF, liberationserifregular.TTF,
}

// releaseFontPages drops the pages of embeddedFonts from the process. The
// fonts lie in a private mapping of the binary, so a dropped page reads back
// from the file. That gives the bytes as embedded, which are what the pages
// hold: nothing writes into a font's bytes (parsing and drawing only read
// them). Only whole pages inside a font that lies in a writable mapping of
// the binary are dropped: the neighbouring variables are never touched, and
// a font that is not embedded (its bytes on the heap) is left alone.
func releaseFontPages() {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	maps := binaryDataMappings(exe)
	for _, b := range embeddedFonts {
		if lo, hi, ok := innerPages(b, os.Getpagesize()); ok && within(maps, lo, hi) {
			syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, syscall.MADV_DONTNEED)
		}
	}
}

// innerPages returns the whole pages of size ps inside b.
func innerPages(b []byte, ps int) (lo, hi uintptr, ok bool) {
	if len(b) == 0 || ps <= 0 {
		return 0, 0, false
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	end := start + uintptr(len(b))
	p := uintptr(ps)
	lo = (start + p - 1) &^ (p - 1)
	hi = end &^ (p - 1)
	return lo, hi, hi > lo
}

// addrRange is a mapping's [start, end).
type addrRange struct{ start, end uintptr }

func within(rs []addrRange, lo, hi uintptr) bool {
	for _, r := range rs {
		if lo >= r.start && hi <= r.end {
			return true
		}
	}
	return false
}

// binaryDataMappings lists the writable private mappings of path in
// /proc/self/maps: the binary's initialised data.
func binaryDataMappings(path string) []addrRange {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []addrRange
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if r, ok := dataMapping(sc.Text(), path); ok {
			out = append(out, r)
		}
	}
	return out
}

// dataMapping parses a /proc/self/maps line and reports the range of a
// writable private mapping of path (rw-p).
func dataMapping(line, path string) (addrRange, bool) {
	f := strings.Fields(line)
	if len(f) < 6 || f[5] != path || f[1] != "rw-p" {
		return addrRange{}, false
	}
	lo, hi, found := strings.Cut(f[0], "-")
	if !found {
		return addrRange{}, false
	}
	s, err1 := strconv.ParseUint(lo, 16, 64)
	e, err2 := strconv.ParseUint(hi, 16, 64)
	if err1 != nil || err2 != nil || e <= s {
		return addrRange{}, false
	}
	return addrRange{uintptr(s), uintptr(e)}, true
}
