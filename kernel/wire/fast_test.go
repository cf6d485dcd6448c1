package wire

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"
)

// TestFormatDate: the hand-made date is time's own format, across second,
// day and year boundaries and with the second's prefix reused.
func TestFormatDate(t *testing.T) {
	base := []time.Time{
		time.Date(2024, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 2, 28, 13, 4, 5, 6000, time.FixedZone("x", 3600)),
		time.Date(2026, 2, 28, 13, 4, 5, 999, time.UTC),
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		base = append(base, time.Unix(r.Int64N(4e9), r.Int64N(1e9)))
	}
	for i, tm := range base {
		want := tm.UTC().Format("2006-01-02T15:04:05.000000Z07:00")
		if got := formatDate(tm); got != want {
			t.Fatalf("formatDate(%v) = %s, want %s", tm, got, want)
		}
		// The same second again, another microsecond: the cached prefix.
		tm2 := tm.Add(time.Duration(i%3) * time.Microsecond)
		if tm2.Unix() == tm.Unix() {
			if got, want := formatDate(tm2), tm2.UTC().Format("2006-01-02T15:04:05.000000Z07:00"); got != want {
				t.Fatalf("formatDate(%v) = %s, want %s", tm2, got, want)
			}
		}
	}
}

func TestNewIDUnique(t *testing.T) {
	seen := map[string]bool{}
	for range 10000 {
		id := newID()
		if seen[id] {
			t.Fatalf("msg_id %s given twice", id)
		}
		seen[id] = true
	}
}

var jsonStrings = []string{
	"", "1+1", "plain ascii", `q"uote\back/slash`, "tab\tnew\nline\rcr\bbs\fff",
	"\x00\x01\x1f\x7f", "<b>&amp;</b>", "é ü 日本", "\u2028\u2029", "\xff\xfe bad", "a\xc3", "\xed\xa0\x80 surrogate",
	"emoji 😀 and \U0010ffff",
}

func TestAppendStringMatchesJSON(t *testing.T) {
	for _, s := range jsonStrings {
		want, _ := json.Marshal(s)
		if got := AppendString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("AppendString(%q) = %s, want %s", s, got[1:], want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
	})
}

var headers = []string{
	goldenHeader, goldenParent,
	`{"msg_id":"a","msg_type":"x"}`,
	` { "msg_id" : "spaced" ,	"msg_type" : "x" }` + "\n",
	`{"msg_id":"a","msg_type":"x","msg_id":"b"}`,
	`{"msg_id":"","msg_type":"x"}`,
	`{"msg_type":"x"}`,
	`{"msg_id":"a","msg_type":""}`,
	`{"msg_id":"a","msg_type":"x","date":null}`,
	`{"msg_id":"a","msg_type":"x","n":5}`,
	`{"msg_id":"a\u0062","msg_type":"x"}`,
	`{"msg_id":"é","msg_type":"日本"}`,
	"{\"msg_id\":\"\xff\",\"msg_type\":\"x\"}",
	"{\"msg_id\":\"a\tb\",\"msg_type\":\"x\"}",
	`{"msg_id":"a","msg_type":"x",}`,
	`{"msg_id":"a","msg_type":"x"} {}`,
	`{"msg_id":"a" "msg_type":"x"}`,
	`{}`, `{`, ``, `[]`, `{"msg_id":"a","msg_type":"x"`,
}

// TestDecodeHeaderFastMatchesSlow: whatever the flat parser accepts, it
// decodes as the general decoder does; what it refuses goes to the general
// decoder, so decodeHeader always agrees with it.
func TestDecodeHeaderFastMatchesSlow(t *testing.T) {
	for _, raw := range headers {
		checkHeader(t, raw)
	}
}

func FuzzDecodeHeader(f *testing.F) {
	for _, raw := range headers {
		f.Add(raw)
	}
	f.Fuzz(checkHeader)
}

func checkHeader(t *testing.T, raw string) {
	var slow, fast, flat Header
	errSlow := decodeHeaderSlow([]byte(raw), &slow)
	errFast := decodeHeader([]byte(raw), &fast)
	if (errSlow == nil) != (errFast == nil) || errSlow == nil && slow != fast {
		t.Fatalf("%s: decodeHeader %+v, %v; general %+v, %v", raw, fast, errFast, slow, errSlow)
	}
	if parseFlatHeader([]byte(raw), &flat) {
		var fields map[string]any
		if err := json.Unmarshal([]byte(raw), &fields); err != nil {
			t.Fatalf("%s: flat parser accepted invalid JSON: %v", raw, err)
		}
		for _, v := range fields {
			if _, ok := v.(string); !ok {
				t.Fatalf("%s: flat parser accepted a value that is not a string", raw)
			}
		}
	}
}

// TestNewMessageRaw: Raw content is sent as it is, and Encode does not
// check it again.
func TestNewMessageRaw(t *testing.T) {
	c := mustCodec(t, goldenKey)
	parent, err := c.Decode(goldenFrames())
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMessage("status", parent, "k", Raw(`{"execution_state":"busy"}`))
	if err != nil {
		t.Fatal(err)
	}
	frames, err := c.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := c.Decode(frames)
	if err != nil {
		t.Fatal(err)
	}
	if string(back.Content) != `{"execution_state":"busy"}` || string(back.ParentHeader) != goldenHeader {
		t.Errorf("content %s, parent %s", back.Content, back.ParentHeader)
	}
}
