package dnn

import (
	"math"
	"math/rand"
	"testing"
)

// TestGatherRowFMA checks the assembly row product against the Go one for
// widths that exercise each of its column blocks (32, 4, 1) and counts of
// nonzeros that exercise its unrolled loop and the rest.
func TestGatherRowFMA(t *testing.T) {
	if !haveFMA {
		t.Skip("no AVX2 and FMA on this machine: the Go version is used")
	}
	rng := rand.New(rand.NewSource(1))
	for _, n := range []int{0, 1, 3, 4, 5, 10, 31, 32, 33, 36, 64, 100, 131} {
		for _, cnt := range []int{0, 1, 3, 4, 5, 8, 150} {
			rows, stride := cnt+3, n+5
			b := make([]float64, rows*stride)
			for i := range b {
				b[i] = rng.NormFloat64()
			}
			off, val := make([]int, cnt), make([]float64, cnt)
			for p := range off {
				off[p] = rng.Intn(rows) * stride
				val[p] = rng.NormFloat64()
			}
			want, got := make([]float64, n+1), make([]float64, n+1)
			want[n], got[n] = 42, 42 // past the row: must stay untouched
			for j := range got[:n] {
				got[j] = 99 // stale contents must be overwritten
			}
			gatherRowGo(want[:n], b, off, val)
			gatherRowFMA(got[:n], b, off, val)
			for j := range want {
				if math.Abs(got[j]-want[j]) > 1e-12*(1+math.Abs(want[j])) {
					t.Fatalf("n=%d cnt=%d: c[%d] = %v, want %v", n, cnt, j, got[j], want[j])
				}
			}
		}
	}
}

// TestAdamStepAVX checks that the assembly Adam step gives the Go step's
// results bit for bit, for lengths around its four-element blocks.
func TestAdamStepAVX(t *testing.T) {
	if !haveAVX {
		t.Skip("no AVX on this machine: the Go version is used")
	}
	rng := rand.New(rand.NewSource(2))
	for _, n := range []int{0, 1, 3, 4, 5, 8, 11, 1001} {
		fill := func() []float64 {
			s := make([]float64, n)
			for i := range s {
				s[i] = rng.NormFloat64()
			}
			return s
		}
		w, g, m, v := fill(), fill(), fill(), fill()
		for i := range v {
			v[i] = math.Abs(v[i]) // a second moment is never negative
		}
		w2, m2, v2 := append([]float64(nil), w...), append([]float64(nil), m...), append([]float64(nil), v...)
		for step := 0; step < 3; step++ {
			adamStepGo(w, g, m, v, 0.0013, 0.1, 0.001)
			adamStepAVX(w2, g, m2, v2, 0.0013, 0.1, 0.001, optEps)
		}
		for i := range w {
			if w[i] != w2[i] || m[i] != m2[i] || v[i] != v2[i] {
				t.Fatalf("n=%d: element %d: w, m, v = %v %v %v, want %v %v %v", n, i, w2[i], m2[i], v2[i], w[i], m[i], v[i])
			}
		}
	}
}

// TestPackNonzeros checks the gathering of a row's nonzeros (assembly where
// the machine has AVX2, with a Go tail) against a plain loop, for lengths
// around its four-element blocks and rows with every pattern of zeros,
// negative zero (skipped, as v != 0 skips it) and NaN (kept).
func TestPackNonzeros(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	specials := []float64{0, 0, 0, math.Copysign(0, -1), math.NaN(), 1, -2.5, math.Inf(1)}
	for _, n := range []int{0, 1, 3, 4, 5, 7, 8, 9, 16, 31, 784} {
		for trial := 0; trial < 20; trial++ {
			row := make([]float64, n)
			for i := range row {
				row[i] = specials[rng.Intn(len(specials))]
			}
			stride := 1 + rng.Intn(200)
			off, val := make([]int, n), make([]float64, n)
			cnt := packNonzeros(row, stride, off, val)
			var wantOff []int
			var wantVal []float64
			for l, v := range row {
				if v != 0 {
					wantOff = append(wantOff, l*stride)
					wantVal = append(wantVal, v)
				}
			}
			if cnt != len(wantOff) {
				t.Fatalf("n=%d row %v: %d nonzeros, want %d", n, row, cnt, len(wantOff))
			}
			for p := range wantOff {
				same := val[p] == wantVal[p] || math.IsNaN(val[p]) && math.IsNaN(wantVal[p])
				if off[p] != wantOff[p] || !same {
					t.Fatalf("n=%d row %v: nonzero %d is (%d, %v), want (%d, %v)", n, row, p, off[p], val[p], wantOff[p], wantVal[p])
				}
			}
		}
	}
}

// TestReLUKernels checks the assembly ReLU passes against the Go loops bit
// for bit, with zeros of both signs, infinities and NaN among the inputs.
func TestReLUKernels(t *testing.T) {
	if !haveAVX {
		t.Skip("no AVX on this machine: the Go version is used")
	}
	rng := rand.New(rand.NewSource(4))
	specials := []float64{0, math.Copysign(0, -1), math.NaN(), math.Float64frombits(0xfff0000000000123), math.Inf(1), math.Inf(-1), 1e-310, -1e-310}
	for _, n := range []int{0, 1, 3, 4, 5, 8, 13, 1000} {
		s, g := make([]float64, n), make([]float64, n)
		for i := range s {
			if rng.Intn(3) == 0 {
				s[i] = specials[rng.Intn(len(specials))]
			} else {
				s[i] = rng.NormFloat64()
			}
			g[i] = rng.NormFloat64()
		}
		want, got := make([]float64, n), make([]float64, n)
		saved := haveAVX
		haveAVX = false
		reluRange(want, s)
		haveAVX = saved
		reluRange(got, s)
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("relu n=%d: element %d of %v is %v (%#x), want %v (%#x)", n, i, s[i], got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
			}
		}
		haveAVX = false
		maskRange(want, g, s)
		haveAVX = saved
		maskRange(got, g, s)
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("mask n=%d: element %d (o=%v) is %v, want %v", n, i, s[i], got[i], want[i])
			}
		}
	}
}

// TestBatchNormRowAVX checks the assembly row of BatchNorm's forward pass
// against the Go loop bit for bit.
func TestBatchNormRowAVX(t *testing.T) {
	if !haveAVX {
		t.Skip("no AVX on this machine: the Go version is used")
	}
	rng := rand.New(rand.NewSource(5))
	for _, n := range []int{0, 1, 3, 4, 7, 100} {
		fill := func(lo float64) []float64 {
			s := make([]float64, n)
			for i := range s {
				s[i] = lo + math.Abs(rng.NormFloat64())*3 - 1.5
			}
			return s
		}
		x, mean, std, gamma, beta := fill(0), fill(0), fill(2), fill(1), fill(0)
		xn0, o0, xn1, o1 := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		haveAVX = false
		bnRow(xn0, o0, x, mean, std, gamma, beta)
		haveAVX = true
		bnRow(xn1, o1, x, mean, std, gamma, beta)
		for j := range x {
			if xn0[j] != xn1[j] || o0[j] != o1[j] {
				t.Fatalf("n=%d column %d: xn, o = %v %v, want %v %v", n, j, xn1[j], o1[j], xn0[j], o0[j])
			}
		}
	}
}

// TestAddTo checks the assembly element-wise sum against the Go loop for
// lengths around its blocks of sixteen and four, and that it stops at
// len(src).
func TestAddTo(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	for _, n := range []int{0, 1, 3, 4, 5, 15, 16, 17, 20, 21, 100} {
		dst, src := make([]float64, n+1), make([]float64, n)
		for i := range src {
			dst[i], src[i] = rng.NormFloat64(), rng.NormFloat64()
		}
		dst[n] = 42
		want := make([]float64, n)
		for i := range want {
			want[i] = dst[i] + src[i]
		}
		addTo(dst, src)
		for i := range want {
			if dst[i] != want[i] {
				t.Fatalf("n=%d: element %d is %v, want %v", n, i, dst[i], want[i])
			}
		}
		if dst[n] != 42 {
			t.Fatalf("n=%d: wrote past src's length", n)
		}
	}
}
