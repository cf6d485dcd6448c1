package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"os"
	"testing"
	"unsafe"

	"golang.org/x/image/font/sfnt"
)

// resident reports whether the page at addr is mapped in this process
// (/proc/self/pagemap, bit 63).
func resident(t *testing.T, addr uintptr) bool {
	t.Helper()
	f, err := os.Open("/proc/self/pagemap")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	var e [8]byte
	if _, err := f.ReadAt(e[:], int64(addr/uintptr(os.Getpagesize())*8)); err != nil {
		t.Skip(err)
	}
	return binary.LittleEndian.Uint64(e[:])>>63 == 1
}

// TestReleaseFontPages: the fonts' pages leave the process and read back
// as they were; the fonts still parse.
func TestReleaseFontPages(t *testing.T) {
	ps := os.Getpagesize()
	sums := make([][32]byte, len(embeddedFonts))
	for i, b := range embeddedFonts {
		sums[i] = sha256.Sum256(b)
	}
	first := embeddedFonts[0]
	lo, _, ok := innerPages(first, ps)
	if !ok {
		t.Fatal("the first font spans no whole page")
	}
	_ = first[lo-uintptr(unsafe.Pointer(&first[0]))] // map the page in
	if !resident(t, lo) {
		t.Skip("pagemap shows no page of the font just read")
	}
	releaseFontPages()
	if resident(t, lo) {
		t.Errorf("a page of the first font is still resident after the release")
	}
	for i, b := range embeddedFonts {
		if sha256.Sum256(b) != sums[i] {
			t.Errorf("font %d changed", i)
		}
		if _, err := sfnt.Parse(b); err != nil {
			t.Errorf("font %d: %v", i, err)
		}
	}
}

func TestInnerPages(t *testing.T) {
	const ps = 4096
	buf := make([]byte, 5*ps)
	base := uintptr(unsafe.Pointer(&buf[0]))
	off := int((ps - base%ps) % ps) // buf[off:] starts on a page
	tests := []struct {
		name   string
		b      []byte
		lo, hi uintptr
		ok     bool
	}{
		{"aligned", buf[off : off+2*ps], base + uintptr(off), base + uintptr(off+2*ps), true},
		{"ragged ends", buf[off+1 : off+3*ps-1], base + uintptr(off+ps), base + uintptr(off+2*ps), true},
		{"within a page", buf[off+1 : off+ps-1], 0, 0, false},
		{"empty", nil, 0, 0, false},
	}
	for _, tt := range tests {
		lo, hi, ok := innerPages(tt.b, ps)
		if ok != tt.ok || (ok && (lo != tt.lo || hi != tt.hi)) {
			t.Errorf("%s: got %#x-%#x %v, want %#x-%#x %v", tt.name, lo, hi, ok, tt.lo, tt.hi, tt.ok)
		}
	}
}

func TestDataMapping(t *testing.T) {
	const exe = "/opt/gocell/bin/gocell"
	tests := []struct {
		line string
		want addrRange
		ok   bool
	}{
		{"01e5f000-01ea0000 rw-p 01a5f000 08:01 123 /opt/gocell/bin/gocell", addrRange{0x1e5f000, 0x1ea0000}, true},
		{"00400000-00d3a000 r-xp 00000000 08:01 123 /opt/gocell/bin/gocell", addrRange{}, false},
		{"01e5f000-01ea0000 rw-s 01a5f000 08:01 123 /opt/gocell/bin/gocell", addrRange{}, false},
		{"01e5f000-01ea0000 rw-p 00000000 00:00 0", addrRange{}, false},
		{"01ea0000-01e5f000 rw-p 01a5f000 08:01 123 /opt/gocell/bin/gocell", addrRange{}, false},
		{"", addrRange{}, false},
	}
	for _, tt := range tests {
		got, ok := dataMapping(tt.line, exe)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%q: got %v %v, want %v %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

// A slice on the heap is not in the binary's data, so it is never dropped.
func TestReleaseFontPagesSparesHeap(t *testing.T) {
	heap := bytes.Repeat([]byte{0xab}, 4*os.Getpagesize())
	saved := embeddedFonts
	defer func() { embeddedFonts = saved }()
	embeddedFonts = [][]byte{heap}
	releaseFontPages()
	if !bytes.Equal(heap, bytes.Repeat([]byte{0xab}, len(heap))) {
		t.Fatal("a heap slice was dropped: its bytes changed")
	}
}
