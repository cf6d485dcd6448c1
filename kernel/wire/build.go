package wire

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Username is the user name gocell puts in the headers it sends.
const Username = "gocell"

// NewHeader returns a header for a new message of type msgType in the
// kernel's session: a random msg_id, the current UTC time with microseconds
// and the protocol version.
func NewHeader(msgType, session string) Header {
	return Header{
		MsgID:    newID(),
		Session:  session,
		Username: Username,
		Date:     now(),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// now returns the current UTC time with microseconds, formatted in a stack
// buffer: every message sent needs one.
func now() string {
	var buf [len("2006-01-02T15:04:05.000000Z")]byte
	return string(time.Now().UTC().AppendFormat(buf[:0], "2006-01-02T15:04:05.000000Z07:00"))
}

// newID returns a random (version 4) UUID.
func newID() string {
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

// NewMessage builds a message of type msgType caused by parent (a reply, or
// an output published while parent is handled). Its parent header is the
// header of parent exactly as received, and it goes back to parent's
// identities. parent may be nil for a message caused by no request. content
// is marshalled to JSON; nil gives {}.
func NewMessage(msgType string, parent *Message, session string, content any) (*Message, error) {
	m := &Message{
		Header:       NewHeader(msgType, session),
		ParentHeader: emptyObject,
		Metadata:     emptyObject,
		Content:      emptyObject,
	}
	if content != nil {
		raw, err := json.Marshal(content)
		if err != nil {
			return nil, fmt.Errorf("wire: %s content: %w", msgType, err)
		}
		// json.Marshal's output is valid JSON with no leading space; a
		// nil map or pointer gives null, sent as {}.
		switch {
		case string(raw) == "null":
		case raw[0] != '{':
			return nil, fmt.Errorf("wire: %s content is not a JSON object", msgType)
		default:
			m.Content = raw
			m.checked[2] = raw
		}
	}
	if parent != nil {
		ph, err := parent.headerJSON()
		if err != nil {
			return nil, err
		}
		m.ParentHeader = ph
		m.checked[0] = ph
		if len(parent.Identities) > 0 {
			m.Identities = cloneFrames(parent.Identities)
		}
	}
	return m, nil
}

// headerJSON returns the header as received, or m.Header marshalled when
// m was not decoded from frames.
func (m *Message) headerJSON() (json.RawMessage, error) {
	if len(m.rawHeader) > 0 {
		return bytes.Clone(m.rawHeader), nil
	}
	raw, err := json.Marshal(m.Header)
	if err != nil {
		return nil, fmt.Errorf("wire: encode parent header: %w", err)
	}
	return raw, nil
}

// DecodeContent unmarshals the content into v. A field of the wrong type
// gives an error naming the field, wrapping ErrMalformed.
func (m *Message) DecodeContent(v any) error {
	content := m.Content
	if len(content) == 0 {
		content = emptyObject
	}
	err := json.Unmarshal(content, v)
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		field := typeErr.Field
		if field == "" {
			field = "(content)"
		}
		return fmt.Errorf("%w: %s content field %q is a JSON %s, want %s",
			ErrMalformed, m.Header.MsgType, field, typeErr.Value, typeErr.Type)
	}
	return fmt.Errorf("%w: %s content: %v", ErrMalformed, m.Header.MsgType, err)
}
