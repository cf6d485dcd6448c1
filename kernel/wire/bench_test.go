package wire

import "testing"

func BenchmarkEncode(b *testing.B) {
	c := mustCodec(b, goldenKey)
	m := goldenMessage()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Encode(m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	c := mustCodec(b, goldenKey)
	frames := goldenFrames()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Decode(frames); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReply is what the kernel does for each message it sends: build a
// reply to a decoded request with marshalled content, then sign and encode it.
func BenchmarkReply(b *testing.B) {
	c := mustCodec(b, goldenKey)
	parent, err := c.Decode(goldenFrames())
	if err != nil {
		b.Fatal(err)
	}
	content := map[string]any{"status": "ok", "execution_count": 1, "payload": []any{}, "user_expressions": map[string]any{}}
	b.ReportAllocs()
	for b.Loop() {
		m, err := NewMessage("execute_reply", parent, "kernel-session", content)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Encode(m); err != nil {
			b.Fatal(err)
		}
	}
}
