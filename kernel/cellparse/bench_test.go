package cellparse

import (
	"strings"
	"testing"
)

// BenchmarkParseTrivial is the parser's share of a trivial cell's cost.
func BenchmarkParseTrivial(b *testing.B) {
	opt := Options{LoopCheck: "chk()", GoRecover: "R"}
	for b.Loop() {
		if _, err := Parse("x := 1", opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseLesson parses a cell of lesson size (about 60 lines).
func BenchmarkParseLesson(b *testing.B) {
	cell := strings.Repeat(`// step runs one step.
func step(w []float64, g []float64, lr float64) {
	for i := range len(w) {
		w[i] -= lr * g[i]
	}
}
for epoch := 0; epoch < 3; epoch++ {
	go func() { step(w, g, min(lr, 0.1)) }()
}
`, 6)
	opt := Options{LoopCheck: "chk()", GoRecover: "R"}
	for b.Loop() {
		if _, err := Parse(cell, opt); err != nil {
			b.Fatal(err)
		}
	}
}
