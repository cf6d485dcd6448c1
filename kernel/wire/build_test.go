package wire

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestNewHeader(t *testing.T) {
	before := time.Now().UTC().Add(-time.Second)
	h := NewHeader("status", "sess")
	if h.MsgType != "status" || h.Session != "sess" || h.Username != Username || h.Version != ProtocolVersion {
		t.Errorf("header = %+v", h)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}_[0-9]+$`).MatchString(h.MsgID) {
		t.Errorf("msg_id %q is not a v4 UUID, an underscore and a count", h.MsgID)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(NewSessionID()) {
		t.Errorf("session id %q is not a v4 UUID", NewSessionID())
	}
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`).MatchString(h.Date) {
		t.Errorf("date %q is not RFC 3339 UTC with microseconds", h.Date)
	}
	d, err := time.Parse(time.RFC3339Nano, h.Date)
	if err != nil || d.Before(before) || d.After(time.Now().Add(time.Second)) {
		t.Errorf("date %q (%v) is not now", h.Date, err)
	}
	if NewHeader("status", "sess").MsgID == h.MsgID {
		t.Error("two headers share a msg_id")
	}
}

func TestNewMessageKeepsRawParentHeader(t *testing.T) {
	parent, err := mustCodec(t, goldenKey).Decode(goldenFrames())
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMessage("stream", parent, "kernel-sess", map[string]string{"name": "stdout", "text": "hi"})
	if err != nil {
		t.Fatal(err)
	}
	// The header goes back byte for byte, its field order and any field
	// the kernel does not know included.
	if string(m.ParentHeader) != goldenHeader {
		t.Errorf("parent header = %s, want %s", m.ParentHeader, goldenHeader)
	}
	if m.Header.MsgType != "stream" || m.Header.Session != "kernel-sess" {
		t.Errorf("header = %+v", m.Header)
	}
	if string(m.Content) != `{"name":"stdout","text":"hi"}` || string(m.Metadata) != "{}" {
		t.Errorf("content %s metadata %s", m.Content, m.Metadata)
	}
	if len(m.Identities) != 2 || string(m.Identities[0]) != "client-1" {
		t.Fatalf("identities = %q", m.Identities)
	}
	m.Identities[0][0] = 'X'
	if string(parent.Identities[0]) != "client-1" {
		t.Error("reply shares identity memory with its parent")
	}
}

func TestNewMessageUnknownHeaderFieldsSurvive(t *testing.T) {
	frames := replace(1, `{"msg_id":"m","msg_type":"execute_request","subshell_id":"s7"}`)
	parent, err := mustCodec(t, "").Decode(frames)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMessage("execute_reply", parent, "k", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(m.ParentHeader), `"subshell_id":"s7"`) {
		t.Errorf("parent header lost a field: %s", m.ParentHeader)
	}
	if string(m.Content) != "{}" {
		t.Errorf("nil content = %s, want {}", m.Content)
	}
}

func TestNewMessageFromBuiltParent(t *testing.T) {
	parent := &Message{Header: Header{MsgID: "x", MsgType: "execute_request"}}
	m, err := NewMessage("status", parent, "k", json.RawMessage(`{"execution_state":"busy"}`))
	if err != nil {
		t.Fatal(err)
	}
	var ph Header
	if err := json.Unmarshal(m.ParentHeader, &ph); err != nil || ph != parent.Header {
		t.Errorf("parent header = %s (%v)", m.ParentHeader, err)
	}
	if string(m.Content) != `{"execution_state":"busy"}` {
		t.Errorf("content = %s", m.Content)
	}
}

func TestNewMessageWithoutParent(t *testing.T) {
	m, err := NewMessage("status", nil, "k", nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(m.ParentHeader) != "{}" || m.Identities != nil {
		t.Errorf("parent %s identities %q", m.ParentHeader, m.Identities)
	}
}

func TestNewMessageNilMapContent(t *testing.T) {
	var content map[string]any
	m, err := NewMessage("comm_info_reply", nil, "k", content)
	if err != nil || string(m.Content) != "{}" {
		t.Errorf("content = %s, %v; want {}", m.Content, err)
	}
}

func TestNewMessageRejectsBadContent(t *testing.T) {
	for _, content := range []any{[]int{1}, "text", func() {}} {
		if _, err := NewMessage("x", nil, "k", content); err == nil {
			t.Errorf("content %T accepted", content)
		}
	}
}

func TestDecodeContent(t *testing.T) {
	type req struct {
		Code   string `json:"code"`
		Silent bool   `json:"silent"`
	}
	tests := []struct {
		content string
		want    req
		errHas  string
	}{
		{`{"code":"1+1","silent":true}`, req{"1+1", true}, ""},
		{`{}`, req{}, ""},
		{``, req{}, ""},
		{`{"code":3}`, req{}, `"code" is a JSON number, want string`},
		{`{"code":"x","silent":"yes"}`, req{}, `"silent" is a JSON string, want bool`},
		{`[1]`, req{}, "is a JSON array"},
		{`{"code":`, req{}, "unexpected end"},
	}
	for _, tt := range tests {
		m := &Message{Header: Header{MsgType: "execute_request"}, Content: json.RawMessage(tt.content)}
		var got req
		err := m.DecodeContent(&got)
		if tt.errHas == "" {
			if err != nil || got != tt.want {
				t.Errorf("DecodeContent(%s) = %+v, %v; want %+v", tt.content, got, err, tt.want)
			}
			continue
		}
		if err == nil || !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.errHas) {
			t.Errorf("DecodeContent(%s) error = %v, want ErrMalformed containing %q", tt.content, err, tt.errHas)
		}
	}
}

func TestAppendHeaderMatchesJSON(t *testing.T) {
	tests := []Header{
		{},
		{MsgID: "a1", Session: "s1", Username: "gocell", Date: "2024-01-02T03:04:05.000006Z", MsgType: "status", Version: "5.3"},
		{MsgID: `q"uote\\back`, Session: "tab\tnew\nline\x00", Username: "<b>&amp;</b>", MsgType: "é\u2028ü", Version: "\xff\xfe"},
		{Date: "\x7f del", MsgType: " spaces ", Version: "{}[]:,"},
	}
	for _, h := range tests {
		want, err := json.Marshal(h)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendHeader(nil, &h); string(got) != string(want) {
			t.Errorf("appendHeader(%+v) = %s, want %s", h, got, want)
		}
	}
}

func TestEncodeChecksReplacedContent(t *testing.T) {
	c := mustCodec(t, goldenKey)
	m, err := NewMessage("status", nil, "k", map[string]string{"execution_state": "idle"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Encode(m); err != nil {
		t.Fatalf("built message does not encode: %v", err)
	}
	// Content checked when built must be checked again once replaced.
	for _, bad := range []string{`{"a":`, `[1]`, `{"a":1}x`} {
		m.Content = json.RawMessage(bad)
		if _, err := c.Encode(m); err == nil {
			t.Errorf("Encode accepted content %s", bad)
		}
		m.ParentHeader = json.RawMessage(bad)
		m.Content = nil
		if _, err := c.Encode(m); err == nil {
			t.Errorf("Encode accepted parent header %s", bad)
		}
		m.ParentHeader = nil
	}
}
