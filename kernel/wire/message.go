// Package wire is the Jupyter messaging protocol's wire format: the frames of
// a multipart message, their HMAC signature and the JSON of header, parent
// header, metadata and content.
//
// It knows nothing of sockets or of what evaluates code: a Codec turns frames
// into a Message and back, and that is all.
package wire

import (
	"encoding/json"
)

// ProtocolVersion is the version of the messaging protocol gocell speaks.
const ProtocolVersion = "5.3"

// Channel names one of the kernel's sockets.
type Channel int

// The kernel's channels, as named in the connection file.
const (
	Shell Channel = iota
	Control
	Stdin
	IOPub
	Heartbeat
)

// String returns the channel's name as the protocol spells it.
func (c Channel) String() string {
	switch c {
	case Shell:
		return "shell"
	case Control:
		return "control"
	case Stdin:
		return "stdin"
	case IOPub:
		return "iopub"
	case Heartbeat:
		return "hb"
	}
	return "unknown"
}

// Header is a message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one decoded protocol message.
//
// ParentHeader, Metadata and Content stay raw JSON so that what a client
// sent (fields this kernel does not know included) goes back unchanged in the
// parent header of every reply.
type Message struct {
	// Identities are the routing frames before the <IDS|MSG> delimiter.
	Identities [][]byte
	Header     Header
	// ParentHeader is the raw parent header, "{}" when there is none.
	ParentHeader json.RawMessage
	// Metadata is the raw metadata object, "{}" when empty.
	Metadata json.RawMessage
	// Content is the raw content object.
	Content json.RawMessage
	// Buffers are the extra binary frames after the content.
	Buffers [][]byte

	// rawHeader is the header exactly as received, so that replies carry
	// it as their parent header with any fields this kernel does not know.
	rawHeader json.RawMessage
	// checked holds ParentHeader, Metadata and Content as they were when
	// this package produced or validated them, so that Encode need not
	// validate them again unless a caller has replaced them.
	checked [3]json.RawMessage
}
