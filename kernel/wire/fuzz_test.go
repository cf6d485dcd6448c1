package wire

import (
	"bytes"
	"errors"
	"testing"
)

// splitFrames turns one fuzz input into frames: frames are separated by a
// 0x00 0x00 pair, so the fuzzer can vary both the count and the contents.
func splitFrames(data []byte) [][]byte {
	if len(data) == 0 {
		return nil
	}
	return bytes.Split(data, []byte{0, 0})
}

// FuzzDecode checks that Decode never panics, that every error it returns
// wraps one of its sentinels, and that what it accepts encodes and decodes
// back to the same message.
func FuzzDecode(f *testing.F) {
	f.Add(bytes.Join(goldenFrames(), []byte{0, 0}), true)
	f.Add(bytes.Join(goldenFrames()[2:], []byte{0, 0}), false)
	f.Fuzz(func(t *testing.T, data []byte, signed bool) {
		key := ""
		if signed {
			key = goldenKey
		}
		c := mustCodec(t, key)
		m, err := c.Decode(splitFrames(data))
		if err != nil {
			if !errors.Is(err, ErrNoDelimiter) && !errors.Is(err, ErrSignature) && !errors.Is(err, ErrMalformed) {
				t.Fatalf("error wraps no sentinel: %v", err)
			}
			return
		}
		frames, err := c.Encode(m)
		if err != nil {
			t.Fatalf("accepted message does not encode: %v", err)
		}
		m2, err := c.Decode(frames)
		if err != nil {
			t.Fatalf("re-encoded message does not decode: %v", err)
		}
		if m2.Header.MsgID != m.Header.MsgID || m2.Header.MsgType != m.Header.MsgType ||
			!bytes.Equal(m2.Content, m.Content) || len(m2.Buffers) != len(m.Buffers) {
			t.Fatalf("round trip changed the message")
		}
	})
}
