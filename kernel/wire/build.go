package wire

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Username is the user name gocell puts in the headers it sends.
const Username = "gocell"

// NewHeader returns a header for a new message of type msgType in the
// kernel's session: a msg_id unique to this message (a random prefix of the
// process and a counter), the current UTC time with microseconds and the
// protocol version.
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
	if raw, ok := content.(Raw); ok {
		m.Content = json.RawMessage(raw)
		m.checked[2] = m.Content
		content = nil
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

// Raw is content already encoded as one JSON object, by the caller, who
// vouches for it: NewMessage sends it as it is, unchecked. It is for the
// messages a kernel sends for every cell, whose content it builds with
// AppendString faster than encoding/json would marshal it.
type Raw []byte

// headerJSON returns the header as received, or m.Header marshalled when
// m was not decoded from frames.
func (m *Message) headerJSON() (json.RawMessage, error) {
	if len(m.rawHeader) > 0 {
		// Shared, not copied: nothing writes to a decoded header, and the
		// capacity stops an append from reaching it.
		return m.rawHeader[:len(m.rawHeader):len(m.rawHeader)], nil
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
