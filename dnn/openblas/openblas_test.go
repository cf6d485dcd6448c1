//go:build openblas

package openblas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
)

// randSlice returns n random values; NaNs in unused padding would show
// OpenBLAS reading where it should not.
func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = rng.NormFloat64()
	}
	return s
}

// closeTo compares with a tolerance scaled to the size of the sums.
func closeTo(t *testing.T, name string, got, want []float64, k int) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: length %d, want %d", name, len(got), len(want))
	}
	tol := 1e-12 * float64(k+1)
	for i := range got {
		if math.IsNaN(got[i]) != math.IsNaN(want[i]) || math.Abs(got[i]-want[i]) > tol*(1+math.Abs(want[i])) {
			t.Fatalf("%s: element %d is %v, want %v", name, i, got[i], want[i])
		}
	}
}

func TestInstalled(t *testing.T) {
	if !Available() {
		t.Fatal("Available() is false in the openblas build")
	}
	if _, ok := blas64.Implementation().(Implementation); !ok {
		t.Fatalf("blas64 uses %T, want openblas.Implementation", blas64.Implementation())
	}
	if c := Config(); !strings.HasPrefix(c, "OpenBLAS ") {
		t.Errorf("Config() = %q, want it to start with \"OpenBLAS \"", c)
	}
	if n := Threads(); n < 1 {
		t.Errorf("Threads() = %d", n)
	}
	defer SetThreads(Threads())
	SetThreads(1)
	if n := Threads(); n != 1 {
		t.Errorf("after SetThreads(1), Threads() = %d", n)
	}
}

// TestDgemm compares with gonum on every combination of shape, transposes,
// scalars and padding, with large products cut into 1, 2 and 3 bands.
func TestDgemm(t *testing.T) {
	defer SetThreads(Threads())
	for _, threads := range []int{1, 2, 3} {
		SetThreads(threads)
		t.Run(fmt.Sprintf("threads%d", threads), testDgemm)
	}
}

func testDgemm(t *testing.T) {
	trans := []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans}
	shapes := []struct{ m, n, k int }{
		{1, 1, 1}, {3, 5, 7}, {17, 1, 9}, {1, 33, 4}, {64, 64, 64},
		{100, 100, 784}, {129, 67, 31}, {0, 4, 3}, {5, 0, 3}, {4, 6, 0},
	}
	scalars := []struct{ alpha, beta float64 }{{1, 0}, {1, 1}, {-0.5, 2}, {0, 0.5}, {2.5, 0}}
	pads := []int{0, 3} // extra columns: a leading dimension above the width, as in sub-views
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sh := range shapes {
		for _, tA := range trans {
			for _, tB := range trans {
				for _, sc := range scalars {
					for _, pad := range pads {
						name := fmt.Sprintf("m%d_n%d_k%d_%c%c_a%g_b%g_pad%d", sh.m, sh.n, sh.k, tA, tB, sc.alpha, sc.beta, pad)
						ra, ca := sh.m, sh.k
						if tA != blas.NoTrans {
							ra, ca = sh.k, sh.m
						}
						rb, cb := sh.k, sh.n
						if tB != blas.NoTrans {
							rb, cb = sh.n, sh.k
						}
						lda, ldb, ldc := max(1, ca)+pad, max(1, cb)+pad, max(1, sh.n)+pad
						a := randSlice(rng, ra*lda)
						b := randSlice(rng, rb*ldb)
						c := randSlice(rng, sh.m*ldc)
						want := append([]float64(nil), c...)
						gonum.Implementation{}.Dgemm(tA, tB, sh.m, sh.n, sh.k, sc.alpha, a, lda, b, ldb, sc.beta, want, ldc)
						Implementation{}.Dgemm(tA, tB, sh.m, sh.n, sh.k, sc.alpha, a, lda, b, ldb, sc.beta, c, ldc)
						// The padding must come back untouched too.
						closeTo(t, name, c, want, sh.k)
					}
				}
			}
		}
	}
}

// TestSplitIsExact checks that cutting a product into bands changes no bit
// of the result, also when goroutines call Dgemm at the same time.
func TestSplitIsExact(t *testing.T) {
	defer SetThreads(Threads())
	rng := rand.New(rand.NewPCG(9, 10))
	const m, n, k = 203, 61, 97
	a, b := randSlice(rng, m*k), randSlice(rng, k*n)
	SetThreads(1)
	want := make([]float64, m*n)
	Implementation{}.Dgemm(blas.NoTrans, blas.Trans, m, n, k, 1, a, k, b, k, 0, want, n)
	SetThreads(3)
	var wg sync.WaitGroup
	got := make([][]float64, 4)
	for i := range got {
		got[i] = make([]float64, m*n)
		wg.Go(func() {
			for range 20 {
				Implementation{}.Dgemm(blas.NoTrans, blas.Trans, m, n, k, 1, a, k, b, k, 0, got[i], n)
			}
		})
	}
	wg.Wait()
	for i, g := range got {
		for j := range g {
			if g[j] != want[j] {
				t.Fatalf("caller %d: element %d is %v in bands, %v in one call", i, j, g[j], want[j])
			}
		}
	}
}

func TestDefaultThreads(t *testing.T) {
	fallback := min(2, runtime.GOMAXPROCS(0))
	tests := []struct {
		name          string
		openblas, omp string
		want          int
	}{
		{"none", "", "", fallback},
		{"OPENBLAS_NUM_THREADS", "3", "", 3},
		{"OMP_NUM_THREADS list", "", "4,2", 4},
		{"OPENBLAS first", "1", "4", 1},
		{"invalid ignored", "many", "", fallback},
		{"zero ignored", "0", "", fallback},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("OPENBLAS_NUM_THREADS", tt.openblas)
			t.Setenv("GOTO_NUM_THREADS", "")
			t.Setenv("OMP_NUM_THREADS", tt.omp)
			if got := defaultThreads(2); got != tt.want {
				t.Errorf("defaultThreads(2) = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestDgemmBetaZeroOverwritesNaN(t *testing.T) {
	a, b := []float64{1, 2, 3, 4}, []float64{5, 6, 7, 8}
	c := []float64{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2)
	closeTo(t, "beta 0", c, []float64{19, 22, 43, 50}, 2)
}

func TestDgemv(t *testing.T) {
	shapes := []struct{ m, n int }{{1, 1}, {7, 3}, {3, 7}, {100, 784}, {0, 3}, {3, 0}}
	incs := []struct{ x, y int }{{1, 1}, {2, 3}, {-1, 1}, {1, -2}, {-3, -1}}
	scalars := []struct{ alpha, beta float64 }{{1, 0}, {-1.5, 0.5}, {0, 2}}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, sh := range shapes {
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, inc := range incs {
				for _, sc := range scalars {
					for _, pad := range []int{0, 2} {
						name := fmt.Sprintf("m%d_n%d_%c_inc%d,%d_a%g_b%g_pad%d", sh.m, sh.n, tA, inc.x, inc.y, sc.alpha, sc.beta, pad)
						lx, ly := sh.n, sh.m
						if tA != blas.NoTrans {
							lx, ly = sh.m, sh.n
						}
						lda := max(1, sh.n) + pad
						a := randSlice(rng, sh.m*lda)
						x := randSlice(rng, 1+max(lx-1, 0)*abs(inc.x))
						y := randSlice(rng, 1+max(ly-1, 0)*abs(inc.y))
						want := append([]float64(nil), y...)
						gonum.Implementation{}.Dgemv(tA, sh.m, sh.n, sc.alpha, a, lda, x, inc.x, sc.beta, want, inc.y)
						Implementation{}.Dgemv(tA, sh.m, sh.n, sc.alpha, a, lda, x, inc.x, sc.beta, y, inc.y)
						closeTo(t, name, y, want, max(sh.m, sh.n))
					}
				}
			}
		}
	}
}

func abs(v int) int { return max(v, -v) }

// TestMatProducts checks that gonum/mat reaches OpenBLAS with sub-views,
// whose strides exceed their widths, and transposed operands.
func TestMatProducts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	big := mat.NewDense(90, 80, randSlice(rng, 90*80))
	a := big.Slice(3, 53, 2, 42)       // 50×40, stride 80
	b := big.Slice(10, 40, 35, 75).T() // 30×40 viewed as 40×30
	var got mat.Dense
	got.Mul(a, b)
	want := mat.NewDense(50, 30, nil)
	for i := 0; i < 50; i++ {
		for j := 0; j < 30; j++ {
			s := 0.0
			for l := 0; l < 40; l++ {
				s += a.At(i, l) * b.At(l, j)
			}
			want.Set(i, j, s)
		}
	}
	closeTo(t, "Mul", got.RawMatrix().Data, want.RawMatrix().Data, 40)

	x := mat.NewVecDense(40, randSlice(rng, 40))
	var y mat.VecDense
	y.MulVec(a, x)
	wantY := make([]float64, 50)
	for i := range wantY {
		for l := 0; l < 40; l++ {
			wantY[i] += a.At(i, l) * x.AtVec(l)
		}
	}
	closeTo(t, "MulVec", y.RawVector().Data, wantY, 40)
}

func TestBadArgumentsPanic(t *testing.T) {
	a, big := make([]float64, 12), make([]float64, 16)
	tests := []struct {
		name string
		call func()
	}{
		{"short a", func() { Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, 3, 4, 4, 1, a[:11], 4, a, 4, 0, a, 4) }},
		{"short c", func() { Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, 3, 4, 4, 1, a, 4, big, 4, 0, a[:11], 4) }},
		{"lda below width", func() { Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, 3, 4, 4, 1, a, 3, a, 4, 0, a, 4) }},
		{"bad transpose", func() { Implementation{}.Dgemm('x', blas.NoTrans, 1, 1, 1, 1, a, 1, a, 1, 0, a, 1) }},
		{"negative m", func() { Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, -1, 1, 1, 1, a, 1, a, 1, 0, a, 1) }},
		{"gemv short x", func() { Implementation{}.Dgemv(blas.NoTrans, 3, 4, 1, a, 4, a[:3], 1, 0, a, 1) }},
		{"gemv short y", func() { Implementation{}.Dgemv(blas.Trans, 3, 4, 1, a, 4, a, 1, 0, a[:6], 2) }},
		{"gemv zero inc", func() { Implementation{}.Dgemv(blas.NoTrans, 3, 4, 1, a, 4, a, 0, 0, a, 1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, ok := r.(string); !ok || !strings.HasPrefix(s, "openblas: ") {
					t.Errorf("panic value %#v, want a message starting \"openblas: \"", r)
				}
			}()
			tt.call()
		})
	}
}

func BenchmarkDgemm(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	x, w := randSlice(rng, 100*784), randSlice(rng, 784*100)
	c := make([]float64, 100*100)
	for _, impl := range []struct {
		name string
		f    blas.Float64
	}{{"openblas", Implementation{}}, {"gonum", gonum.Implementation{}}} {
		b.Run(impl.name+"/100x784x100", func(b *testing.B) {
			for b.Loop() {
				impl.f.Dgemm(blas.NoTrans, blas.NoTrans, 100, 100, 784, 1, x, 784, w, 100, 0, c, 100)
			}
		})
	}
}
