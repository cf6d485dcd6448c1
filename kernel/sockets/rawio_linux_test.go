//go:build linux

package sockets

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
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

// TestRawIOWritesEverything: many buffers (more than one writev takes),
// far more bytes than the socket buffer holds, arrive whole and in order
// at a reader that takes its time; reads see them, then io.EOF.
func TestRawIOWritesEverything(t *testing.T) {
	a, b := tcpPair(t)
	a.SetWriteBuffer(8 << 10)
	w, r := newRawIO(a), newRawIO(b)
	var bufs [][]byte
	var want bytes.Buffer
	for i := range 3000 {
		p := bytes.Repeat([]byte{byte(i)}, i%700)
		bufs = append(bufs, p)
		want.Write(p)
	}
	done := make(chan error, 1)
	go func() {
		err := w.writev(bufs)
		a.CloseWrite()
		done <- err
	}()
	var got bytes.Buffer
	buf := make([]byte, 1000)
	for {
		n, err := r.read(buf)
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

// TestRawIODeadline: a write to a peer that reads nothing ends at the
// write deadline with a timeout, as net.Conn's would.
func TestRawIODeadline(t *testing.T) {
	a, _ := tcpPair(t)
	a.SetWriteBuffer(4 << 10)
	a.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
	err := newRawIO(a).writev([][]byte{make([]byte, 64<<20)})
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("writev to a stalled peer: %v, want a deadline error", err)
	}
}

// TestRawIOClosed: after Close, reads and writes fail with net.ErrClosed.
func TestRawIOClosed(t *testing.T) {
	a, _ := tcpPair(t)
	raw := newRawIO(a)
	a.Close()
	if _, err := raw.read(make([]byte, 10)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("read after close: %v", err)
	}
	if err := raw.writev([][]byte{[]byte("x")}); !errors.Is(err, net.ErrClosed) {
		t.Errorf("write after close: %v", err)
	}
}
