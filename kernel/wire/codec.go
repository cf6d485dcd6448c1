package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"sync"
	"unicode/utf8"
)

// Delimiter separates the routing identities from the message proper.
const Delimiter = "<IDS|MSG>"

// SchemeHMACSHA256 is the only signature scheme gocell implements.
const SchemeHMACSHA256 = "hmac-sha256"

// Errors that Decode wraps, so a caller can tell why a message was dropped.
var (
	// ErrNoDelimiter means the frames hold no <IDS|MSG> delimiter.
	ErrNoDelimiter = errors.New("wire: no <IDS|MSG> delimiter")
	// ErrSignature means the signature is missing or does not match.
	ErrSignature = errors.New("wire: bad signature")
	// ErrMalformed means the frames are missing or not the JSON they must be.
	ErrMalformed = errors.New("wire: malformed message")
)

var emptyObject = json.RawMessage("{}")

// Codec signs and encodes messages into frames and checks and decodes
// frames into messages. It is safe for concurrent use.
type Codec struct {
	key []byte
	// macs holds keyed HMACs to reuse: keying one costs two SHA-256 blocks
	// and several allocations, more than signing a small message.
	macs sync.Pool
}

// NewCodec returns a codec for the connection file's signature scheme and
// key. An empty key turns signing off (the signature frame is then empty and
// not checked); a non-empty key needs the scheme "hmac-sha256".
func NewCodec(scheme string, key []byte) (*Codec, error) {
	if len(key) == 0 {
		return &Codec{}, nil
	}
	if scheme != SchemeHMACSHA256 {
		return nil, fmt.Errorf("wire: unsupported signature scheme %q (only %q is supported)", scheme, SchemeHMACSHA256)
	}
	c := &Codec{key: bytes.Clone(key)}
	c.macs.New = func() any { return hmac.New(sha256.New, c.key) }
	return c, nil
}

// sign returns the hex HMAC of the four JSON frames, nil without a key.
func (c *Codec) sign(header, parent, meta, content []byte) []byte {
	if len(c.key) == 0 {
		return nil
	}
	mac := c.macs.Get().(hash.Hash)
	mac.Write(header)
	mac.Write(parent)
	mac.Write(meta)
	mac.Write(content)
	var sum [sha256.Size]byte
	mac.Sum(sum[:0])
	// Reset goes back to the keyed state, ready for the next message.
	mac.Reset()
	c.macs.Put(mac)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum[:])
	return out
}

// Encode returns the frames of m: identities, delimiter, signature, header,
// parent header, metadata, content and buffers. A nil ParentHeader, Metadata
// or Content is sent as {}.
func (c *Codec) Encode(m *Message) ([][]byte, error) {
	header := appendHeader(make([]byte, 0, headerSize(&m.Header)), &m.Header)
	parts := [3]json.RawMessage{m.ParentHeader, m.Metadata, m.Content}
	names := [3]string{"parent_header", "metadata", "content"}
	for i, p := range parts {
		if len(p) == 0 {
			parts[i] = emptyObject
			continue
		}
		if sameBytes(p, m.checked[i]) || sameBytes(p, emptyObject) {
			continue
		}
		if !looksLikeObject(p) {
			return nil, fmt.Errorf("wire: encode %s: not a JSON object", names[i])
		}
	}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames,
		[]byte(Delimiter),
		c.sign(header, parts[0], parts[1], parts[2]),
		header, parts[0], parts[1], parts[2])
	frames = append(frames, m.Buffers...)
	return frames, nil
}

// Decode checks the signature of frames and decodes them. Its errors wrap
// ErrNoDelimiter, ErrSignature or ErrMalformed; the message is then to be
// logged and dropped.
func (c *Codec) Decode(frames [][]byte) (*Message, error) {
	delim := -1
	for i, f := range frames {
		if string(f) == Delimiter {
			delim = i
			break
		}
	}
	if delim < 0 {
		return nil, ErrNoDelimiter
	}
	rest := frames[delim+1:]
	if len(rest) < 5 {
		return nil, fmt.Errorf("%w: %d frames after the delimiter, want at least 5", ErrMalformed, len(rest))
	}
	sig, header, parent, meta, content := rest[0], rest[1], rest[2], rest[3], rest[4]
	if len(c.key) > 0 {
		if len(sig) == 0 {
			return nil, fmt.Errorf("%w: missing signature", ErrSignature)
		}
		if !hmac.Equal(sig, c.sign(header, parent, meta, content)) {
			return nil, fmt.Errorf("%w: signature does not match", ErrSignature)
		}
	}
	m := &Message{}
	if err := decodeHeader(header, &m.Header); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name string
		raw  []byte
	}{{"parent_header", parent}, {"metadata", meta}, {"content", content}} {
		if !isObject(f.raw) {
			return nil, fmt.Errorf("%w: %s is not a JSON object", ErrMalformed, f.name)
		}
	}
	if delim > 0 {
		m.Identities = cloneFrames(frames[:delim])
	}
	m.rawHeader = bytes.Clone(header)
	m.ParentHeader = bytes.Clone(parent)
	m.Metadata = bytes.Clone(meta)
	m.Content = bytes.Clone(content)
	m.checked = [3]json.RawMessage{m.ParentHeader, m.Metadata, m.Content}
	if len(rest) > 5 {
		m.Buffers = cloneFrames(rest[5:])
	}
	return m, nil
}

// cloneFrames copies frames so a Message never aliases a transport's buffers.
func cloneFrames(in [][]byte) [][]byte {
	out := make([][]byte, len(in))
	for i, f := range in {
		out[i] = bytes.Clone(f)
	}
	return out
}

// fullCheckLimit is the size up to which Encode validates JSON fully.
// Larger parts are display data the kernel marshalled itself (images run
// to megabytes), where validating would cost more than signing.
const fullCheckLimit = 64 << 10

// looksLikeObject checks what Encode is given: fully when small, by its
// braces when large.
func looksLikeObject(raw []byte) bool {
	if len(raw) <= fullCheckLimit {
		return isObject(raw)
	}
	raw = bytes.TrimSpace(raw)
	return len(raw) >= 2 && raw[0] == '{' && raw[len(raw)-1] == '}'
}

// sameBytes reports whether a and b are the same bytes in memory, not just
// equal ones.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0]
}

// isObject reports whether raw is one valid JSON object.
func isObject(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{' && json.Valid(raw)
}

// decodeHeader requires string msg_id and msg_type; the other known fields
// are optional but must be strings (or null) when present.
func decodeHeader(raw []byte, h *Header) error {
	// Unmarshal validates the JSON; only the kind of value is left to check.
	if parseFlatHeader(raw, h) && h.MsgID != "" && h.MsgType != "" {
		return nil
	}
	// Anything else, including a missing or empty msg_id (the general
	// decoder tells an absent one from an empty one).
	*h = Header{}
	return decodeHeaderSlow(raw, h)
}

// decodeHeaderSlow is decodeHeader through encoding/json, for any header.
func decodeHeaderSlow(raw []byte, h *Header) error {
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return fmt.Errorf("%w: header is not a JSON object", ErrMalformed)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return fmt.Errorf("%w: header is not a JSON object: %v", ErrMalformed, err)
	}
	targets := []struct {
		name     string
		dst      *string
		required bool
	}{
		{"msg_id", &h.MsgID, true},
		{"msg_type", &h.MsgType, true},
		{"session", &h.Session, false},
		{"username", &h.Username, false},
		{"date", &h.Date, false},
		{"version", &h.Version, false},
	}
	for _, t := range targets {
		v, ok := fields[t.name]
		if !ok || string(v) == "null" {
			if t.required {
				return fmt.Errorf("%w: header has no %s", ErrMalformed, t.name)
			}
			continue
		}
		// The map's decoding checked the JSON: a value in quotes with no
		// backslash is a string without escapes.
		if len(v) >= 2 && v[0] == '"' && bytes.IndexByte(v, '\\') < 0 && utf8.Valid(v) {
			*t.dst = string(v[1 : len(v)-1])
			continue
		}
		if err := json.Unmarshal(v, t.dst); err != nil {
			return fmt.Errorf("%w: header field %s is not a string", ErrMalformed, t.name)
		}
	}
	if h.MsgType == "" {
		return fmt.Errorf("%w: header has an empty msg_type", ErrMalformed)
	}
	return nil
}
