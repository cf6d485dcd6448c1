package wire

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Every message the kernel sends needs a msg_id, a date and the JSON of
// its header; every request it reads needs its header decoded. These are
// done by hand here, because the general ways (crypto/rand per id,
// time.Format, encoding/json's reflection) cost a good part of a small
// message. Each is tested against the general way.

// idPrefix makes this process's msg_ids unique across processes; idCount
// makes them unique within it. The protocol asks only for a unique string
// (jupyter_client's own are "<session>_<pid>_<n>").
var (
	idPrefix = newUUID() + "_"
	idCount  atomic.Uint64
)

// newID returns a msg_id: this process's random prefix and a counter.
func newID() string {
	var buf [64]byte
	b := append(buf[:0], idPrefix...)
	return string(strconv.AppendUint(b, idCount.Add(1), 10))
}

// NewSessionID returns a random (version 4) UUID, for a session id.
func NewSessionID() string { return newUUID() }

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	// crypto/rand.Read never fails on the platforms Go supports.
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:36], b[10:16])
	return string(out[:])
}

// dateSecond is the formatted "2006-01-02T15:04:05." of one second.
type dateSecond struct {
	unix   int64
	prefix [20]byte
}

var lastSecond atomic.Pointer[dateSecond]

// now returns the current UTC time with microseconds.
func now() string { return formatDate(time.Now()) }

// formatDate formats t as UTC "2006-01-02T15:04:05.000000Z"; only the
// microseconds are formatted per call, the rest once a second.
func formatDate(t time.Time) string {
	t = t.UTC()
	sec := t.Unix()
	d := lastSecond.Load()
	if d == nil || d.unix != sec {
		d = &dateSecond{unix: sec}
		t.Truncate(time.Second).AppendFormat(d.prefix[:0], "2006-01-02T15:04:05.")
		lastSecond.Store(d)
	}
	var buf [27]byte
	copy(buf[:], d.prefix[:])
	us := t.Nanosecond() / 1000
	for i := 25; i >= 20; i-- {
		buf[i] = byte('0' + us%10)
		us /= 10
	}
	buf[26] = 'Z'
	return string(buf[:])
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string, byte for byte as json.Marshal
// writes it (HTML characters, U+2028 and U+2029 escaped, invalid UTF-8
// replaced by U+FFFD).
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// parseFlatHeader decodes a header that is one JSON object whose values
// are all strings without escapes or control characters, in valid UTF-8,
// and whose keys are likewise plain: what clients send. It reports false
// for anything else, which the general decoder then handles (and judges).
// Fields the Header does not name are skipped; a repeated field keeps its
// last value, as encoding/json does.
func parseFlatHeader(raw []byte, h *Header) bool {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return false
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return skipSpace(raw, i+1) == len(raw)
	}
	for {
		key, j, ok := plainString(raw, i)
		if !ok {
			return false
		}
		i = skipSpace(raw, j)
		if i >= len(raw) || raw[i] != ':' {
			return false
		}
		val, j, ok := plainString(raw, skipSpace(raw, i+1))
		if !ok {
			return false
		}
		switch string(key) {
		case "msg_id":
			h.MsgID = string(val)
		case "msg_type":
			h.MsgType = string(val)
		case "session":
			h.Session = string(val)
		case "username":
			h.Username = string(val)
		case "date":
			h.Date = string(val)
		case "version":
			h.Version = string(val)
		}
		i = skipSpace(raw, j)
		if i >= len(raw) {
			return false
		}
		switch raw[i] {
		case ',':
			i = skipSpace(raw, i+1)
		case '}':
			return skipSpace(raw, i+1) == len(raw)
		default:
			return false
		}
	}
}

// plainString reads a JSON string at raw[i] that needs no unescaping: no
// backslash, no control character, valid UTF-8. It returns its contents
// and the index after its closing quote.
func plainString(raw []byte, i int) ([]byte, int, bool) {
	if i >= len(raw) || raw[i] != '"' {
		return nil, 0, false
	}
	ascii := true
	for j := i + 1; j < len(raw); j++ {
		switch c := raw[j]; {
		case c == '"':
			s := raw[i+1 : j]
			if !ascii && !utf8.Valid(s) {
				return nil, 0, false
			}
			return s, j + 1, true
		case c == '\\' || c < 0x20:
			return nil, 0, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, 0, false
}

func skipSpace(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
		i++
	}
	return i
}
