package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

const (
	goldenKey    = "secret-key"
	goldenHeader = `{"msg_id":"a1","session":"s1","username":"gocell","date":"2024-01-02T03:04:05.000006Z","msg_type":"kernel_info_reply","version":"5.3"}`
	goldenParent = `{"msg_id":"p1","msg_type":"kernel_info_request","x_extra":[1,2]}`
	goldenBody   = `{"status":"ok"}`
	// goldenSig was computed independently of this package, with Python's
	// hmac.new(b"secret-key", header+parent+metadata+content, sha256).
	goldenSig = "1ab143fb14e0bc5a331f06de5475de73a1a83c36d98bb932003558eed31c2033"
)

func goldenMessage() *Message {
	return &Message{
		Identities: [][]byte{[]byte("client-1"), {0, 1, 2}},
		Header: Header{
			MsgID: "a1", Session: "s1", Username: "gocell",
			Date: "2024-01-02T03:04:05.000006Z", MsgType: "kernel_info_reply", Version: "5.3",
		},
		ParentHeader: json.RawMessage(goldenParent),
		Content:      json.RawMessage(goldenBody),
		Buffers:      [][]byte{{0xff, 0x00}, {}},
	}
}

func goldenFrames() [][]byte {
	return [][]byte{
		[]byte("client-1"), {0, 1, 2}, []byte(Delimiter), []byte(goldenSig),
		[]byte(goldenHeader), []byte(goldenParent), []byte("{}"), []byte(goldenBody),
		{0xff, 0x00}, {},
	}
}

func mustCodec(t testing.TB, key string) *Codec {
	t.Helper()
	c, err := NewCodec(SchemeHMACSHA256, []byte(key))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEncodeGolden(t *testing.T) {
	got, err := mustCodec(t, goldenKey).Encode(goldenMessage())
	if err != nil {
		t.Fatal(err)
	}
	want := goldenFrames()
	if len(got) != len(want) {
		t.Fatalf("got %d frames, want %d", len(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("frame %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestEncodeUnsigned(t *testing.T) {
	c, err := NewCodec("", nil)
	if err != nil {
		t.Fatal(err)
	}
	m := goldenMessage()
	m.Identities, m.ParentHeader, m.Content = nil, nil, nil
	got, err := c.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{Delimiter, "", goldenHeader, "{}", "{}", "{}", "\xff\x00", ""}
	if len(got) != len(want) {
		t.Fatalf("got %d frames, want %d", len(got), len(want))
	}
	for i := range want {
		if string(got[i]) != want[i] {
			t.Errorf("frame %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestEncodeRejectsNonObjects(t *testing.T) {
	big := `{"a":"` + strings.Repeat("x", fullCheckLimit) + `"}`
	tests := []struct {
		name    string
		content string
		ok      bool
	}{
		{"truncated", `{"a":`, false},
		{"array", `[1]`, false},
		{"string", `"x"`, false},
		{"object", `{"a":1}`, true},
		{"large object", big, true},
		{"large truncated", big[:len(big)-1], false},
	}
	for _, tt := range tests {
		m := goldenMessage()
		m.Content = json.RawMessage(tt.content)
		_, err := mustCodec(t, goldenKey).Encode(m)
		if tt.ok && err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if !tt.ok && (err == nil || !strings.Contains(err.Error(), "content")) {
			t.Errorf("%s: err = %v, want an error naming content", tt.name, err)
		}
	}
}

func TestDecodeGolden(t *testing.T) {
	m, err := mustCodec(t, goldenKey).Decode(goldenFrames())
	if err != nil {
		t.Fatal(err)
	}
	want := goldenMessage()
	if m.Header != want.Header {
		t.Errorf("header = %+v, want %+v", m.Header, want.Header)
	}
	if len(m.Identities) != 2 || string(m.Identities[0]) != "client-1" || !bytes.Equal(m.Identities[1], []byte{0, 1, 2}) {
		t.Errorf("identities = %q", m.Identities)
	}
	if string(m.ParentHeader) != goldenParent || string(m.Metadata) != "{}" || string(m.Content) != goldenBody {
		t.Errorf("parent %s metadata %s content %s", m.ParentHeader, m.Metadata, m.Content)
	}
	if len(m.Buffers) != 2 || !bytes.Equal(m.Buffers[0], []byte{0xff, 0}) || len(m.Buffers[1]) != 0 {
		t.Errorf("buffers = %q", m.Buffers)
	}
}

func TestRoundTripWithoutIdentities(t *testing.T) {
	c := mustCodec(t, "k")
	m := goldenMessage()
	m.Identities, m.Buffers = nil, nil
	frames, err := c.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Decode(frames)
	if err != nil {
		t.Fatal(err)
	}
	if got.Identities != nil || got.Buffers != nil || got.Header != m.Header {
		t.Errorf("round trip changed the message: %+v", got)
	}
}

func TestDecodeDoesNotAliasFrames(t *testing.T) {
	frames := goldenFrames()
	m, err := mustCodec(t, goldenKey).Decode(frames)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range frames {
		for i := range f {
			f[i] = 'X'
		}
	}
	if string(m.Content) != goldenBody || string(m.Identities[0]) != "client-1" || m.Buffers[0][0] != 0xff {
		t.Error("decoded message shares memory with the frames")
	}
}

func TestNewCodec(t *testing.T) {
	tests := []struct {
		scheme, key string
		wantErr     string
	}{
		{"hmac-sha256", "k", ""},
		{"hmac-sha256", "", ""},
		{"", "", ""},
		{"hmac-md5", "", ""},
		{"hmac-md5", "k", `"hmac-md5"`},
		{"", "k", `""`},
	}
	for _, tt := range tests {
		_, err := NewCodec(tt.scheme, []byte(tt.key))
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("NewCodec(%q, %q): %v", tt.scheme, tt.key, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("NewCodec(%q, %q) = %v, want error naming %s", tt.scheme, tt.key, err, tt.wantErr)
		}
	}
}

// replace returns the golden frames (without identities) with frame i
// after the delimiter set to v.
func replace(i int, v string) [][]byte {
	f := goldenFrames()[2:]
	f[i+1] = []byte(v)
	return f
}

func TestDecodeMalformed(t *testing.T) {
	signed := mustCodec(t, goldenKey)
	unsigned := mustCodec(t, "")
	tests := []struct {
		name   string
		codec  *Codec
		frames [][]byte
		want   error
	}{
		{"no frames", signed, nil, ErrNoDelimiter},
		{"no delimiter", signed, goldenFrames()[3:], ErrNoDelimiter},
		{"delimiter only", signed, [][]byte{[]byte(Delimiter)}, ErrMalformed},
		{"missing content", signed, goldenFrames()[:7], ErrMalformed},
		{"bad signature", signed, replace(0, strings.Repeat("0", 64)), ErrSignature},
		{"uppercase signature", signed, replace(0, strings.ToUpper(goldenSig)), ErrSignature},
		{"missing signature", signed, replace(0, ""), ErrSignature},
		{"tampered content", signed, replace(4, `{"status":"error"}`), ErrSignature},
		{"wrong key", mustCodec(t, "other"), goldenFrames(), ErrSignature},
		{"header not JSON", unsigned, replace(1, `{"msg_id":`), ErrMalformed},
		{"header array", unsigned, replace(1, `["msg_id"]`), ErrMalformed},
		{"header no msg_id", unsigned, replace(1, `{"msg_type":"x"}`), ErrMalformed},
		{"header msg_id number", unsigned, replace(1, `{"msg_id":1,"msg_type":"x"}`), ErrMalformed},
		{"header no msg_type", unsigned, replace(1, `{"msg_id":"a"}`), ErrMalformed},
		{"header msg_type object", unsigned, replace(1, `{"msg_id":"a","msg_type":{}}`), ErrMalformed},
		{"header empty msg_type", unsigned, replace(1, `{"msg_id":"a","msg_type":""}`), ErrMalformed},
		{"header session number", unsigned, replace(1, `{"msg_id":"a","msg_type":"x","session":3}`), ErrMalformed},
		{"parent not JSON", unsigned, replace(2, `{`), ErrMalformed},
		{"parent string", unsigned, replace(2, `"x"`), ErrMalformed},
		{"metadata null", unsigned, replace(3, `null`), ErrMalformed},
		{"metadata empty", unsigned, replace(3, ``), ErrMalformed},
		{"content number", unsigned, replace(4, `42`), ErrMalformed},
		{"content trailing garbage", unsigned, replace(4, `{} {}`), ErrMalformed},
		{"content invalid UTF-8 structure", unsigned, replace(4, "{\"a\":\"\xff\"}x"), ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.codec.Decode(tt.frames)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Decode = %v, %v; want error wrapping %v", m, err, tt.want)
			}
			if m != nil {
				t.Errorf("Decode returned a message with error %v", err)
			}
		})
	}
}

func TestDecodeUnsignedIgnoresSignatureFrame(t *testing.T) {
	m, err := mustCodec(t, "").Decode(replace(0, "anything"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.MsgType != "kernel_info_reply" {
		t.Errorf("msg_type = %q", m.Header.MsgType)
	}
}

func TestDecodeOptionalHeaderFields(t *testing.T) {
	m, err := mustCodec(t, "").Decode(replace(1, `{"msg_id":"a","msg_type":"x","date":null,"extra":5}`))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.MsgID != "a" || m.Header.MsgType != "x" || m.Header.Date != "" {
		t.Errorf("header = %+v", m.Header)
	}
}

// Header strings decode as encoding/json decodes them, escapes and
// invalid UTF-8 included.
func TestDecodeHeaderStrings(t *testing.T) {
	tests := []string{
		`{"msg_id":"plain","msg_type":"x","session":"","username":"u","date":"2024","version":"5.3"}`,
		`{"msg_id":"a\u0062c","msg_type":"execute\u005frequest","session":"tab\there","username":"q\"uote"}`,
		"{\"msg_id\":\"bad \xff utf8\",\"msg_type\":\"\xc3\xa9t\u00e9\",\"username\":\"sl\\/ash\"}",
		` { "msg_id" : "spaced" , "msg_type" : "x" } `,
	}
	for _, header := range tests {
		m, err := mustCodec(t, "").Decode(replace(1, header))
		if err != nil {
			t.Errorf("Decode(%s): %v", header, err)
			continue
		}
		var want Header
		if err := json.Unmarshal([]byte(header), &want); err != nil {
			t.Fatal(err)
		}
		if m.Header != want {
			t.Errorf("Decode(%s) header = %+v, want %+v", header, m.Header, want)
		}
	}
}

// TestSignConcurrently checks that reused HMACs never mix the messages of
// two goroutines: every signature must match one computed from scratch.
func TestSignConcurrently(t *testing.T) {
	c := mustCodec(t, goldenKey)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				content := fmt.Sprintf(`{"g":%d,"i":%d}`, g, i)
				m := &Message{Header: Header{MsgID: "m", MsgType: "t"}, Content: json.RawMessage(content)}
				frames, err := c.Encode(m)
				if err != nil {
					t.Error(err)
					return
				}
				mac := hmac.New(sha256.New, []byte(goldenKey))
				for _, f := range frames[2:6] {
					mac.Write(f)
				}
				if want := hex.EncodeToString(mac.Sum(nil)); string(frames[1]) != want {
					t.Errorf("signature of %s = %s, want %s", content, frames[1], want)
					return
				}
				if _, err := c.Decode(frames); err != nil {
					t.Errorf("decoding what was just encoded: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
