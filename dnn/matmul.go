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
// rows of b into the row of c, which stays in registers (kernels_amd64.s,
// on machines with AVX2 and FMA; in Go, four rows at a time, elsewhere).
// With gonum's pure-Go BLAS it computes every Affine product: on this
// project's 2-core machine it takes a fifth to a third of the time of
// gonum's Dgemm (BenchmarkProduct). When OpenBLAS has been installed with
// blas64.Use, Affine gives it the products whose left operand is dense
// (preferOwnProduct), where a packed dense kernel does better.

// useOwnProduct reports whether matrix products go to gonum's pure-Go BLAS,
// which mulSkipZeros outperforms on Affine's shapes.
func useOwnProduct() bool {
	_, native := blas64.Implementation().(gonum.Implementation)
	return native
}

// ownDensity is the fraction of nonzeros of a product's left operand
// under which mulSkipZeros beats OpenBLAS on one core. BenchmarkProduct,
// built with -tags openblas, at 784→100 and 100→100 layer shapes: 19%
// nonzero (MNIST images), 162 µs against 366; 50% (ReLU outputs, which
// stay about half zeros in training), 33 µs in L1-sized column blocks
// against 36. Dense operands (batch norm's gradients) go to OpenBLAS.
const ownDensity = 0.6

// preferOwnProduct reports whether mulSkipZeros should compute a product
// whose left operand is a: always with gonum's pure-Go BLAS, and with
// another BLAS when a looks sparse enough, judged from its first rows.
func preferOwnProduct(a *mat.Dense) bool {
	if useOwnProduct() {
		return true
	}
	r, c := a.Dims()
	rows := min(r, 4)
	nz := 0
	for i := range rows {
		for _, v := range a.RawRowView(i) {
			if v != 0 {
				nz++
			}
		}
	}
	return float64(nz) < ownDensity*float64(rows*c)
}

// parallelWork is the size m·k·n of a product above which mulSkipZeros
// splits the rows of c between two goroutines, when it runs the Go
// kernels. The assembly ones are limited by the bandwidth of the caches,
// not by arithmetic, and on this project's 2-core machine a second
// goroutine made a training epoch slower (BenchmarkEpoch, 2 threads,
// OpenBLAS build: 0.70 s split, 0.68 s not; pure Go: 0.70-0.75 s and
// 0.67-0.69 s), so with them products run on the calling goroutine.
const parallelWork = 1 << 19

// nzBuf is the scratch space for the nonzeros of one row: their values
// and the offsets in b's data of the rows of b they multiply.
// In blocked mode (mulBlocked) it holds the nonzeros of many rows, k
// places a row, and cnt their counts.
type nzBuf struct {
	off []int
	val []float64
	cnt []int
}

func (s *nzBuf) size(k int) {
	if cap(s.off) < k {
		s.off = make([]int, k)
		s.val = make([]float64, k)
	}
	s.off, s.val = s.off[:k], s.val[:k]
}

// blockCols is the width of the column blocks of mulBlocked, and
// blockRows the most rows of b for which such a block of b (blockRows ×
// blockCols float64s, 32 KiB) stays in a core's L1 cache.
const (
	blockCols = 32
	blockRows = 128
)

// mulSkipZeros sets c = a·b. c must be m×n, a m×k and b k×n.
func mulSkipZeros(c, a, b *mat.Dense, bufs *[2]nzBuf) {
	m, k := a.Dims()
	_, n := b.Dims()
	bufs[0].size(k)
	if haveFMA || m*k*n < parallelWork || m < 2 || runtime.GOMAXPROCS(0) < 2 {
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
	if haveFMA && br.Rows <= blockRows && n > blockCols {
		mulBlocked(c, a, b, from, to, buf)
		return
	}
	off, val := buf.off, buf.val
	for i := from; i < to; i++ {
		cnt := packNonzeros(a.RawRowView(i), br.Stride, off, val)
		cr := c.RawRowView(i)[:n]
		if haveFMA {
			gatherRowFMA(cr, br.Data, off[:cnt], val[:cnt])
		} else {
			gatherRowGo(cr, br.Data, off[:cnt], val[:cnt])
		}
	}
}

// mulBlocked is mulRows for a b of at most blockRows rows: it packs the
// nonzeros of all its rows of a first, then goes through the columns of b
// in blocks of blockCols, outermost, so that the block of b being read
// stays in the L1 cache for every row of c, where mulRows would read all
// of b, from L2, for each row.
func mulBlocked(c, a, b *mat.Dense, from, to int, buf *nzBuf) {
	br := b.RawMatrix()
	n, k := br.Cols, br.Rows
	rows := to - from
	buf.size(rows * k)
	if cap(buf.cnt) < rows {
		buf.cnt = make([]int, rows)
	}
	cnt := buf.cnt[:rows]
	for r := range rows {
		cnt[r] = packNonzeros(a.RawRowView(from+r), br.Stride, buf.off[r*k:(r+1)*k], buf.val[r*k:(r+1)*k])
	}
	for j := 0; j < n; j += blockCols {
		end := min(j+blockCols, n)
		for r := range rows {
			p := r * k
			gatherRowFMA(c.RawRowView(from + r)[j:end], br.Data[j:], buf.off[p:p+cnt[r]], buf.val[p:p+cnt[r]])
		}
	}
}

// packNonzeros stores the nonzeros of row in val and their offsets
// l·stride in off, and returns how many there are. off and val must hold
// len(row) elements.
func packNonzeros(row []float64, stride int, off []int, val []float64) int {
	l, cnt := 0, 0
	if haveFMA {
		l, cnt = packNonzerosAVX2(row, stride, off, val)
	}
	// Without a branch per element: every element is written, and the
	// count advances only past nonzeros.
	for o := l * stride; l < len(row); l++ {
		v := row[l]
		off[cnt] = o
		val[cnt] = v
		if v != 0 {
			cnt++
		}
		o += stride
	}
	return cnt
}

// gatherRowGo sets c[j] = Σ_p val[p]·b[off[p]+j] for every j < len(c). It
// adds four rows of b at a time into c, so that c is loaded and stored
// once per four.
func gatherRowGo(c, b []float64, off []int, val []float64) {
	n, cnt := len(c), len(off)
	p := 0
	if cnt >= 4 {
		a0, a1, a2, a3 := val[0], val[1], val[2], val[3]
		b0, b1, b2, b3 := b[off[0]:][:n], b[off[1]:][:n], b[off[2]:][:n], b[off[3]:][:n]
		for j := range c {
			c[j] = a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]
		}
		p = 4
	} else {
		clear(c)
	}
	for ; p+4 <= cnt; p += 4 {
		a0, a1, a2, a3 := val[p], val[p+1], val[p+2], val[p+3]
		b0, b1, b2, b3 := b[off[p]:][:n], b[off[p+1]:][:n], b[off[p+2]:][:n], b[off[p+3]:][:n]
		for j := range c {
			c[j] += a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]
		}
	}
	for ; p < cnt; p++ {
		a0, b0 := val[p], b[off[p]:][:n]
		for j := range c {
			c[j] += a0 * b0[j]
		}
	}
}

// transpose sets dst = srcᵀ; dst must be sized. With AVX it moves 4×4
// blocks in registers; in Go, it works in bands of eight source rows so
// that each write fills a cache line of dst.
func transpose(dst, src *mat.Dense) {
	r, c := src.Dims()
	if dr, dc := dst.Dims(); dr != c || dc != r {
		panic(shapeError("transpose", dr, dc, c, r))
	}
	d, s := dst.RawMatrix(), src.RawMatrix()
	if haveAVX {
		// 4×4 blocks in assembly, then the last columns and rows.
		r4, c4 := r&^3, c&^3
		transposeAVX(d.Data, d.Stride, s.Data, s.Stride, r4, c4)
		for i := 0; i < r; i++ {
			from := c4
			if i >= r4 {
				from = 0
			}
			for j, v := range s.Data[i*s.Stride+from:][:c-from] {
				d.Data[(from+j)*d.Stride+i] = v
			}
		}
		return
	}
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

// addTo sets dst[j] += src[j] for every j < len(src), four elements at a
// time on machines with AVX (each element's sum is the same either way).
func addTo(dst, src []float64) {
	if haveAVX {
		n := addAVX(dst[:len(src)], src)
		dst, src = dst[n:], src[n:]
	}
	dst = dst[:len(src)]
	for j, v := range src {
		dst[j] += v
	}
}
