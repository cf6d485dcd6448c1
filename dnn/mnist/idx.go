package mnist

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// maxIDXBytes bounds the payload a header may announce, so a corrupt or
// hostile header gets an error instead of a multi-gigabyte allocation.
// MNIST's largest file is 47 MB; EMNIST's is about 550 MB.
const maxIDXBytes = 1 << 30

// idxUnsignedByte is the only element type MNIST uses and the only one read.
const idxUnsignedByte = 0x08

// readIDX reads one idx file (gzip-compressed or not, detected from the
// first bytes) whose elements are unsigned bytes and which has wantDims
// dimensions. It returns the dimensions and the elements in file order.
func readIDX(r io.Reader, wantDims int) ([]int, []byte, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("gzip header: %w", err)
		}
		defer zr.Close()
		// Reading straight from gzip.Reader is as fast as buffering it:
		// io.ReadFull below asks for the whole payload at once.
		return readIDXRaw(zr, wantDims)
	}
	return readIDXRaw(br, wantDims)
}

func readIDXRaw(r io.Reader, wantDims int) ([]int, []byte, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, nil, fmt.Errorf("idx header: %w", noEOF(err))
	}
	if head[0] != 0 || head[1] != 0 {
		return nil, nil, fmt.Errorf("not an idx file (magic % x)", head)
	}
	if head[2] != idxUnsignedByte {
		return nil, nil, fmt.Errorf("idx element type 0x%02x, want 0x08 (unsigned byte)", head[2])
	}
	if int(head[3]) != wantDims {
		return nil, nil, fmt.Errorf("idx file has %d dimensions, want %d", head[3], wantDims)
	}
	dimBytes := make([]byte, 4*wantDims)
	if _, err := io.ReadFull(r, dimBytes); err != nil {
		return nil, nil, fmt.Errorf("idx dimensions: %w", noEOF(err))
	}
	dims := make([]int, wantDims)
	size := 1
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(dimBytes[4*i:]))
		if dims[i] > 0 && size > maxIDXBytes/dims[i] {
			return nil, nil, fmt.Errorf("idx dimensions %v exceed %d bytes", dims, maxIDXBytes)
		}
		size *= dims[i]
	}
	data := make([]byte, size)
	if n, err := io.ReadFull(r, data); err != nil {
		return nil, nil, fmt.Errorf("idx data: dimensions %v need %d bytes, file has %d: %w", dims, size, n, noEOF(err))
	}
	// Trailing bytes mean the header does not describe the file; a gzip
	// stream's checksum is also verified only when it is read to the end.
	var extra [1]byte
	switch n, err := io.ReadFull(r, extra[:]); {
	case n > 0:
		return nil, nil, fmt.Errorf("idx data: more than the %d bytes dimensions %v announce", size, dims)
	case err != io.EOF:
		return nil, nil, fmt.Errorf("idx data: %w", err)
	}
	return dims, data, nil
}

// noEOF turns a bare EOF, which reads as a clean end, into
// io.ErrUnexpectedEOF, which says the file was cut short.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// writeIDX writes an idx file of unsigned bytes with the given dimensions.
func writeIDX(w io.Writer, dims []int, data []byte) error {
	var buf bytes.Buffer
	buf.Write([]byte{0, 0, idxUnsignedByte, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&buf, binary.BigEndian, uint32(d))
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("mnist: write idx: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("mnist: write idx: %w", err)
	}
	return nil
}
