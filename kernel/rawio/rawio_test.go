//go:build linux

package rawio

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"
)

// tcpPair returns both ends of a loopback TCP connection.
func tcpPair(t *testing.T) (*net.TCPConn, *net.TCPConn) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	acc := make(chan net.Conn, 1)
	go func() {
		c, _ := l.Accept()
		acc <- c
	}()
	a, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	b := <-acc
	if b == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	return a.(*net.TCPConn), b.(*net.TCPConn)
}

// raw returns c's raw I/O, failing the test when there is none.
func raw(t *testing.T, c syscall.Conn) *Conn {
	t.Helper()
	rc, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	r := New(rc)
	if r == nil {
		t.Fatal("New returned nil for a non-blocking descriptor")
	}
	return r
}

// TestWritevWritesEverything: many buffers (more than one writev takes),
// far more bytes than the socket buffer holds, arrive whole and in order
// at a reader that takes its time; reads see them, then io.EOF.
func TestWritevWritesEverything(t *testing.T) {
	a, b := tcpPair(t)
	a.SetWriteBuffer(8 << 10)
	w, r := raw(t, a), raw(t, b)
	var bufs [][]byte
	var want bytes.Buffer
	for i := range 3000 {
		p := bytes.Repeat([]byte{byte(i)}, i%700)
		bufs = append(bufs, p)
		want.Write(p)
	}
	done := make(chan error, 1)
	go func() {
		n, err := w.Writev(bufs)
		if err == nil && n != want.Len() {
			err = io.ErrShortWrite
		}
		a.CloseWrite()
		done <- err
	}()
	var got bytes.Buffer
	buf := make([]byte, 1000)
	for {
		n, err := r.Read(buf)
		got.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if got.Len() < 64<<10 {
			time.Sleep(time.Millisecond) // let the writer meet a full socket
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("writev: %v", err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("read %d bytes, want %d (equal prefix: %v)", got.Len(), want.Len(),
			bytes.HasPrefix(want.Bytes(), got.Bytes()))
	}
}

// TestDeadline: a write to a peer that reads nothing ends at the write
// deadline with a timeout, as net.Conn's would.
func TestDeadline(t *testing.T) {
	a, _ := tcpPair(t)
	a.SetWriteBuffer(4 << 10)
	a.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
	_, err := raw(t, a).Writev([][]byte{make([]byte, 64<<20)})
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("writev to a stalled peer: %v, want a deadline error", err)
	}
}

// TestClosed: after Close, reads and writes fail with the descriptor's
// own error (net.ErrClosed for a socket), not a system call's.
func TestClosed(t *testing.T) {
	a, _ := tcpPair(t)
	r := raw(t, a)
	a.Close()
	if _, err := r.Read(make([]byte, 10)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("read after close: %v", err)
	}
	if _, err := r.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("write after close: %v", err)
	}
}

// TestBlockingRefused: a blocking descriptor gets no raw I/O, which could
// hold a thread and its processor.
func TestBlockingRefused(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	r.Fd() // Fd puts the descriptor in blocking mode
	rc, err := r.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	if c := New(rc); c != nil {
		t.Error("New returned raw I/O for a blocking pipe")
	}
}
