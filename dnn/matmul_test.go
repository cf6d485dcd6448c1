package dnn

import (
	"fmt"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestMulSkipZeros(t *testing.T) {
	// The Go kernels, then the assembly ones where the machine has them.
	fma, avx := haveFMA, haveAVX
	defer func() { haveFMA, haveAVX = fma, avx }()
	haveFMA, haveAVX = false, false
	t.Run("asm=false", testMulSkipZeros)
	if fma && avx {
		haveFMA, haveAVX = true, true
		t.Run("asm=true", testMulSkipZeros)
	}
}

func testMulSkipZeros(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	sparse := func(r, c int, density float64) *mat.Dense {
		m := mat.NewDense(r, c, nil)
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				if rng.Float64() < density {
					m.Set(i, j, rng.NormFloat64())
				}
			}
		}
		return m
	}
	tests := []struct {
		m, k, n int
		density float64
	}{
		{1, 1, 1, 1}, {3, 5, 2, 0}, {3, 5, 2, 0.3}, {7, 3, 9, 1}, {5, 9, 4, 0.5},
		{100, 784, 100, 0.2}, // large enough for two goroutines
		{130, 100, 100, 1},
		{7, 20, 33, 0.5}, {3, 128, 70, 0.3}, {9, 129, 40, 0.5}, // around mulBlocked's limits
	}
	var bufs [2]nzBuf
	for _, tt := range tests {
		a, b := sparse(tt.m, tt.k, tt.density), sparse(tt.k, tt.n, 1)
		var want mat.Dense
		want.Mul(a, b)
		c := mat.NewDense(tt.m, tt.n, nil)
		c.Apply(func(int, int, float64) float64 { return 99 }, c) // stale contents must be overwritten
		mulSkipZeros(c, a, b, &bufs)
		if !mat.EqualApprox(c, &want, 1e-12) {
			t.Errorf("%d×%d·%d×%d (density %v): product differs", tt.m, tt.k, tt.k, tt.n, tt.density)
		}
	}
	// Views with strides other than their widths.
	big := sparse(20, 30, 0.5)
	a := big.Slice(2, 9, 3, 14).(*mat.Dense)
	b := big.Slice(5, 16, 1, 7).(*mat.Dense)
	c := mat.NewDense(12, 20, nil).Slice(1, 8, 2, 8).(*mat.Dense)
	var want mat.Dense
	want.Mul(a, b)
	mulSkipZeros(c, a, b, &bufs)
	if !mat.EqualApprox(c, &want, 1e-12) {
		t.Error("product of views differs")
	}
	for _, src := range []*mat.Dense{a, sparse(19, 5, 1), sparse(16, 3, 1), big.Slice(1, 18, 2, 20).(*mat.Dense),
		sparse(1, 1, 1), sparse(4, 4, 1), sparse(7, 4, 1), sparse(4, 9, 1), sparse(100, 784, 0.2), big.Slice(3, 19, 1, 17).(*mat.Dense)} {
		var tr mat.Dense
		tr.CloneFrom(src.T())
		r, c := src.Dims()
		got := mat.NewDense(c+2, r+3, nil).Slice(1, c+1, 2, r+2).(*mat.Dense)
		transpose(got, src)
		if !mat.Equal(got, &tr) {
			t.Errorf("transpose of %d×%d differs", r, c)
		}
	}
}

func TestAffineLargeGradient(t *testing.T) {
	// The two-goroutine path of the products, checked through backprop.
	rng := rand.New(rand.NewSource(4))
	x := randDense(rng, 40, 120, 1)
	for i := range x.RawMatrix().Data {
		if rng.Float64() < 0.7 {
			x.RawMatrix().Data[i] = 0
		}
	}
	a := NewAffine(randDense(rng, 120, 130, 0.1), randDense(rng, 1, 130, 0.1))
	if 40*120*130 < parallelWork {
		t.Fatal("test too small for the parallel path")
	}
	checkLayerSampled(t, a, x)
}

// checkLayerSampled is checkLayer for larger layers: it compares a sample
// of the input and weight gradients.
func checkLayerSampled(t *testing.T, a *Affine, x *mat.Dense) {
	t.Helper()
	rng := rand.New(rand.NewSource(9))
	out := a.Forward(x, true)
	r, c := out.Dims()
	R := randDense(rng, r, c, 1)
	f := func() float64 { return mat.Sum(mulElem(a.Forward(x, true), R)) }
	f()
	dx := mat.DenseCopyOf(a.Backward(R))
	dw := mat.DenseCopyOf(a.W.Grad)
	for _, tc := range []struct {
		m, g *mat.Dense
	}{{x, dx}, {a.W.Value, dw}} {
		mr, mc := tc.m.Dims()
		for s := 0; s < 30; s++ {
			i, j := rng.Intn(mr), rng.Intn(mc)
			old := tc.m.At(i, j)
			tc.m.Set(i, j, old+1e-5)
			f1 := f()
			tc.m.Set(i, j, old-1e-5)
			f2 := f()
			tc.m.Set(i, j, old)
			if num := (f1 - f2) / 2e-5; !near(num, tc.g.At(i, j), 1e-6) {
				t.Errorf("gradient at (%d,%d): backprop %v, numerical %v", i, j, tc.g.At(i, j), num)
			}
		}
	}
}

// BenchmarkProduct compares mulSkipZeros with the installed BLAS (OpenBLAS
// with -tags openblas) on the products of the speed benchmark's Affine
// layers, at the densities training sees: MNIST images about 19% nonzero,
// ReLU outputs about half.
func BenchmarkProduct(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	sparse := func(r, c int, density float64) *mat.Dense {
		m := mat.NewDense(r, c, nil)
		for i := range r {
			for j := range c {
				if rng.Float64() < density {
					m.Set(i, j, rng.NormFloat64())
				}
			}
		}
		return m
	}
	for _, s := range []struct {
		name    string
		m, k, n int
		density float64
	}{
		{"x·W1", 100, 784, 100, 0.19},
		{"x1ᵀ·dout", 784, 100, 100, 0.19},
		{"h·W", 100, 100, 100, 0.5},
		{"dout·Wᵀ", 100, 100, 100, 0.5},
		{"h·Wout", 100, 100, 10, 0.5},
	} {
		a, w := sparse(s.m, s.k, s.density), sparse(s.k, s.n, 1)
		c := mat.NewDense(s.m, s.n, nil)
		var bufs [2]nzBuf
		b.Run(s.name+"/own", func(b *testing.B) {
			for range b.N {
				mulSkipZeros(c, a, w, &bufs)
			}
		})
		b.Run(s.name+"/blas", func(b *testing.B) {
			for range b.N {
				c.Mul(a, w)
			}
		})
	}
}

// BenchmarkTranspose is the transpose of a batch of 100 MNIST images, which
// the first Affine layer makes for W's gradient on every step.
func BenchmarkTranspose(b *testing.B) {
	src, dst := mat.NewDense(100, 784, nil), mat.NewDense(784, 100, nil)
	for i := range 100 {
		for j := range 784 {
			src.Set(i, j, float64(i*784+j))
		}
	}
	for _, asm := range []bool{false, haveAVX} {
		b.Run(fmt.Sprintf("asm=%v", asm), func(b *testing.B) {
			defer func(saved bool) { haveAVX = saved }(haveAVX)
			haveAVX = asm
			for range b.N {
				transpose(dst, src)
			}
		})
	}
}
