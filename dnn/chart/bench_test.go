package chart

import (
	"math"
	"testing"
)

// BenchmarkLossPNG measures what a live training view pays per redraw:
// a smoothed loss curve of 2,000 iterations as a 6×4 in PNG at 192 dpi.
func BenchmarkLossPNG(b *testing.B) {
	losses := make([]float64, 2000)
	for i := range losses {
		losses[i] = 2.3*math.Exp(-float64(i)/500) + 0.1*math.Sin(float64(i))
	}
	for b.Loop() {
		if _, err := PNG(Loss(losses, 50), 0, 0, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImagesPNG draws a 4×5 grid of 28×28 digits at 192 dpi.
func BenchmarkImagesPNG(b *testing.B) {
	px := make([][]float64, 20)
	for i := range px {
		px[i] = make([]float64, 784)
		for j := range px[i] {
			px[i][j] = float64((i*j)%255) / 255
		}
	}
	for b.Loop() {
		if _, err := Images(px, nil, 5).PNG(0); err != nil {
			b.Fatal(err)
		}
	}
}
