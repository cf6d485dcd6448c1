package evalproc

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
	"time"
)

// TestRawFilePipe: through a pipe of the parent's kind (non-blocking), a
// write far larger than the pipe holds arrives whole at a reader that takes
// its time, then io.EOF; after Close both ends fail with os.ErrClosed.
func TestRawFilePipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	rr, rw := newRawFile(r), newRawFile(w)
	if _, ok := rr.(*rawFile); !ok {
		t.Fatalf("newRawFile(pipe) = %T, want *rawFile", rr)
	}
	want := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	done := make(chan error, 1)
	go func() {
		n, err := rw.Write(want)
		if err == nil && n != len(want) {
			err = io.ErrShortWrite
		}
		w.Close()
		done <- err
	}()
	var got bytes.Buffer
	buf := make([]byte, 4096)
	for {
		n, err := rr.Read(buf)
		got.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if got.Len() < 256<<10 {
			time.Sleep(100 * time.Microsecond)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("write: %v", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("read %d bytes, want %d", got.Len(), len(want))
	}
	r.Close()
	if _, err := rr.Read(buf); !errors.Is(err, os.ErrClosed) {
		t.Errorf("read after close: %v", err)
	}
	if _, err := rw.Write([]byte("x")); !errors.Is(err, os.ErrClosed) {
		t.Errorf("write after close: %v", err)
	}
}

// TestRawFileBlocking: a blocking descriptor is used as it is, never with
// raw calls that could hold a thread and its processor.
func TestRawFileBlocking(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	r.Fd() // Fd puts the descriptor in blocking mode
	if got := newRawFile(r); got != io.ReadWriter(r) {
		t.Errorf("newRawFile(blocking) = %T, want the *os.File", got)
	}
}
