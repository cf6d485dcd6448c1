//go:build openblas && cgo

package openblas

import (
	"math"

	"gonum.org/v1/gonum/blas"
)

// The checks stand between Go slices and C: OpenBLAS trusts its arguments,
// so a short slice would be read or written past its end. They also keep
// every dimension within C's int, which OpenBLAS's indices are.

func checkTrans(t blas.Transpose) {
	switch t {
	case blas.NoTrans, blas.Trans, blas.ConjTrans:
	default:
		panic("openblas: bad transpose")
	}
}

func checkDim(name string, v int) {
	if v < 0 {
		panic("openblas: " + name + " < 0")
	}
	if v > math.MaxInt32 {
		panic("openblas: " + name + " too large for OpenBLAS's 32-bit indices")
	}
}

// checkMatrix panics unless a slice of length size holds a rows×cols
// row-major matrix with leading dimension ld.
func checkMatrix(name string, rows, cols, size, ld int) {
	checkDim("ld"+name, ld)
	if ld < max(1, cols) {
		panic("openblas: bad ld" + name)
	}
	if rows > 0 && cols > 0 && size < (rows-1)*ld+cols {
		panic("openblas: insufficient length of " + name)
	}
}

// checkVector panics unless a slice of length size holds n elements with
// increment inc.
func checkVector(name string, n, size, inc int) {
	if inc == 0 {
		panic("openblas: zero inc" + name)
	}
	checkDim("inc"+name, max(inc, -inc))
	if n > 0 && size < 1+(n-1)*max(inc, -inc) {
		panic("openblas: insufficient length of " + name)
	}
}

func checkGemm(tA, tB blas.Transpose, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	checkTrans(tA)
	checkTrans(tB)
	checkDim("m", m)
	checkDim("n", n)
	checkDim("k", k)
	ra, ca := m, k
	if tA != blas.NoTrans {
		ra, ca = k, m
	}
	rb, cb := k, n
	if tB != blas.NoTrans {
		rb, cb = n, k
	}
	if m == 0 || n == 0 {
		// Nothing is read; only the leading dimensions must make sense.
		ra, rb = 0, 0
	}
	checkMatrix("a", ra, ca, lenA, lda)
	checkMatrix("b", rb, cb, lenB, ldb)
	checkMatrix("c", m, n, lenC, ldc)
}

func checkGemv(tA blas.Transpose, m, n, lenA, lda, lenX, incX, lenY, incY int) {
	checkTrans(tA)
	checkDim("m", m)
	checkDim("n", n)
	checkMatrix("a", m, n, lenA, lda)
	lx, ly := n, m
	if tA != blas.NoTrans {
		lx, ly = m, n
	}
	if m == 0 || n == 0 {
		lx, ly = 0, 0
	}
	checkVector("x", lx, lenX, incX)
	checkVector("y", ly, lenY, incY)
}
