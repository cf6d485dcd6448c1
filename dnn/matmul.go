package dnn

import (
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
)

// The products of Affine layers have a special shape: the left operand
// (the input, or its transpose for W's gradient) is mostly zeros — MNIST
// images are about 80% background and ReLU outputs about half zeros — and
// the right one is narrow (a layer's width). mulSkipZeros exploits both:
// it gathers the nonzeros of a row of a once, without branching, and adds
// four rows of b at a time into the row of c, which is loaded and stored
// once per four. On this project's 2-core machine it takes about half the
// time of gonum's pure-Go Dgemm for a first layer on MNIST. When another
// BLAS has been installed with blas64.Use, Affine uses it instead.

// useOwnProduct reports whether matrix products go to gonum's pure-Go BLAS,
// which mulSkipZeros outperforms on Affine's shapes.
func useOwnProduct() bool {
	_, native := blas64.Implementation().(gonum.Implementation)
	return native
}

// parallelWork is the size m·k·n of a product above which mulSkipZeros
// splits the rows of c between two goroutines.
const parallelWork = 1 << 19

// nzBuf is the scratch space for the nonzeros of one row.
type nzBuf struct {
	idx []int
	val []float64
}

func (s *nzBuf) size(k int) {
	if cap(s.idx) < k {
		s.idx = make([]int, k)
		s.val = make([]float64, k)
	}
	s.idx, s.val = s.idx[:k], s.val[:k]
}

// mulSkipZeros sets c = a·b. c must be m×n, a m×k and b k×n.
func mulSkipZeros(c, a, b *mat.Dense, bufs *[2]nzBuf) {
	m, k := a.Dims()
	_, n := b.Dims()
	bufs[0].size(k)
	if m*k*n < parallelWork || m < 2 || runtime.GOMAXPROCS(0) < 2 {
		mulRows(c, a, b, 0, m, &bufs[0])
		return
	}
	bufs[1].size(k)
	h := m / 2
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		mulRows(c, a, b, h, m, &bufs[1])
	}()
	mulRows(c, a, b, 0, h, &bufs[0])
	wg.Wait()
}

// mulRows computes rows [from, to) of c = a·b.
func mulRows(c, a, b *mat.Dense, from, to int, buf *nzBuf) {
	br := b.RawMatrix()
	n := br.Cols
	idx, val := buf.idx, buf.val
	for i := from; i < to; i++ {
		// Gather the nonzeros without a branch per element: every element
		// is written, and the count advances only past nonzeros.
		cnt := 0
		for l, v := range a.RawRowView(i) {
			idx[cnt] = l
			val[cnt] = v
			if v != 0 {
				cnt++
			}
		}
		cr := c.RawRowView(i)[:n]
		p := 0
		if cnt >= 4 {
			a0, a1, a2, a3 := val[0], val[1], val[2], val[3]
			b0 := br.Data[idx[0]*br.Stride:][:n]
			b1 := br.Data[idx[1]*br.Stride:][:n]
			b2 := br.Data[idx[2]*br.Stride:][:n]
			b3 := br.Data[idx[3]*br.Stride:][:n]
			for j := range cr {
				cr[j] = a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]
			}
			p = 4
		} else {
			for j := range cr {
				cr[j] = 0
			}
		}
		for ; p+4 <= cnt; p += 4 {
			a0, a1, a2, a3 := val[p], val[p+1], val[p+2], val[p+3]
			b0 := br.Data[idx[p]*br.Stride:][:n]
			b1 := br.Data[idx[p+1]*br.Stride:][:n]
			b2 := br.Data[idx[p+2]*br.Stride:][:n]
			b3 := br.Data[idx[p+3]*br.Stride:][:n]
			for j := range cr {
				cr[j] += a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]
			}
		}
		for ; p < cnt; p++ {
			a0 := val[p]
			b0 := br.Data[idx[p]*br.Stride:][:n]
			for j := range cr {
				cr[j] += a0 * b0[j]
			}
		}
	}
}

// transpose sets dst = srcᵀ; dst must be sized. It works in bands of
// eight source rows so that each write fills a cache line of dst.
func transpose(dst, src *mat.Dense) {
	r, c := src.Dims()
	if dr, dc := dst.Dims(); dr != c || dc != r {
		panic(shapeError("transpose", dr, dc, c, r))
	}
	d, s := dst.RawMatrix(), src.RawMatrix()
	i := 0
	for ; i+8 <= r; i += 8 {
		s0 := s.Data[i*s.Stride:][:c]
		s1 := s.Data[(i+1)*s.Stride:][:c]
		s2 := s.Data[(i+2)*s.Stride:][:c]
		s3 := s.Data[(i+3)*s.Stride:][:c]
		s4 := s.Data[(i+4)*s.Stride:][:c]
		s5 := s.Data[(i+5)*s.Stride:][:c]
		s6 := s.Data[(i+6)*s.Stride:][:c]
		s7 := s.Data[(i+7)*s.Stride:][:c]
		for j := range s0 {
			o := d.Data[j*d.Stride+i:][:8]
			o[0], o[1], o[2], o[3] = s0[j], s1[j], s2[j], s3[j]
			o[4], o[5], o[6], o[7] = s4[j], s5[j], s6[j], s7[j]
		}
	}
	for ; i < r; i++ {
		for j, v := range s.Data[i*s.Stride:][:c] {
			d.Data[j*d.Stride+i] = v
		}
	}
}
