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
