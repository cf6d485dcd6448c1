//go:build openblas && cgo

package openblas

/*
#cgo LDFLAGS: -lopenblas

// The prototypes are declared here rather than taken from cblas.h: Debian
// points that header at whichever BLAS the alternatives system chose, and
// only OpenBLAS's own declares openblas_get_config. Enums are ints and
// blasint is int in Debian's (32-bit index) libopenblas.
void cblas_dgemm(int order, int transA, int transB, int m, int n, int k,
	double alpha, const double *a, int lda, const double *b, int ldb,
	double beta, double *c, int ldc);
void cblas_dgemv(int order, int trans, int m, int n,
	double alpha, const double *a, int lda, const double *x, int incx,
	double beta, double *y, int incy);
char *openblas_get_config(void);
int openblas_get_num_threads(void);
int openblas_get_num_procs(void);
void openblas_set_num_threads(int n);
*/
import "C"

import (
	"strings"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// CBLAS's enumeration values.
const (
	cblasRowMajor = 101
	cblasNoTrans  = 111
	cblasTrans    = 112
)

func init() {
	// OpenBLAS's own threads spin between products, taking a core from the
	// Go code that runs there (Adam, the elementwise passes) and stalling
	// whenever the machine is busy; Dgemm splits large products between
	// goroutines instead, each running OpenBLAS in its calling thread.
	C.openblas_set_num_threads(1)
	SetThreads(defaultThreads(int(C.openblas_get_num_procs())))
	blas64.Use(Implementation{})
}

// Available reports whether this build calls OpenBLAS: true here, in a
// build with the openblas tag.
func Available() bool { return true }

// Config returns OpenBLAS's description of itself, as in
// "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
func Config() string {
	return strings.TrimSpace(C.GoString(C.openblas_get_config()))
}

// Threads returns how many goroutines share one large matrix product.
func Threads() int { return int(parts.Load()) }

// SetThreads sets how many goroutines share one large matrix product; n
// below 1 means 1.
func SetThreads(n int) { parts.Store(int32(min(max(n, 1), maxParts))) }

func cTrans(t blas.Transpose) C.int {
	if t == blas.NoTrans {
		return cblasNoTrans
	}
	return cblasTrans
}

// Dgemm computes C = alpha·op(A)·op(B) + beta·C with OpenBLAS, op being the
// identity or the transpose as tA and tB say; A is m×k after op, B k×n, C
// m×n, all row-major with leading dimensions lda, ldb and ldc. It checks
// its arguments as gonum's Dgemm does (OpenBLAS would read out of bounds)
// and panics with a message starting "openblas:" on bad ones.
func (impl Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	checkGemm(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		// No product to compute, and A or B may be empty: gonum scales C.
		impl.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	gemm{tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc}.split()
}

// gemm holds the arguments of one checked, nonempty Dgemm.
type gemm struct {
	tA, tB  blas.Transpose
	m, n, k int
	alpha   float64
	a       []float64
	lda     int
	b       []float64
	ldb     int
	beta    float64
	c       []float64
	ldc     int
}

// run calls OpenBLAS in the calling thread.
func (g gemm) run() {
	C.cblas_dgemm(cblasRowMajor, cTrans(g.tA), cTrans(g.tB), C.int(g.m), C.int(g.n), C.int(g.k),
		C.double(g.alpha), (*C.double)(&g.a[0]), C.int(g.lda), (*C.double)(&g.b[0]), C.int(g.ldb),
		C.double(g.beta), (*C.double)(&g.c[0]), C.int(g.ldc))
}

// rows returns the product restricted to rows [from, to) of C.
func (g gemm) rows(from, to int) gemm {
	if g.tA == blas.NoTrans {
		g.a = g.a[from*g.lda:]
	} else {
		g.a = g.a[from:] // A is k×m: C's rows are A's columns
	}
	g.c = g.c[from*g.ldc:]
	g.m = to - from
	return g
}

// Dgemv computes y = alpha·op(A)·x + beta·y with OpenBLAS, A being m×n
// row-major with leading dimension lda and op the identity or the
// transpose as tA says. Negative increments walk a vector from its end, as
// in every BLAS. Bad arguments panic as in Dgemm.
func (impl Implementation) Dgemv(tA blas.Transpose, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	checkGemv(tA, m, n, len(a), lda, len(x), incX, len(y), incY)
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 {
		impl.Implementation.Dgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	C.cblas_dgemv(cblasRowMajor, cTrans(tA), C.int(m), C.int(n),
		C.double(alpha), (*C.double)(&a[0]), C.int(lda), (*C.double)(&x[0]), C.int(incX),
		C.double(beta), (*C.double)(&y[0]), C.int(incY))
}
