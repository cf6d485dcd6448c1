package dnn

import "golang.org/x/sys/cpu"

// The two hot loops of training have assembly versions on amd64 machines
// with AVX2 and FMA (every x86-64 CPU since about 2013): Go's compiler
// does not vectorise, and these loops are where a pure-Go epoch spent
// three quarters of its time. The Go versions remain for other machines
// and are what the assembly is tested against.
var (
	haveFMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA && cpu.X86.HasPOPCNT
	haveAVX = cpu.X86.HasAVX
)

// gatherRowFMA sets c[j] = Σ_p val[p]·b[off[p]+j] for every j < len(c).
// off and val must have the same length and every b[off[p]:off[p]+len(c)]
// must be in range; the caller checks.
//
//go:noescape
func gatherRowFMA(c, b []float64, off []int, val []float64)

// adamStepAVX is adamStepGo four elements at a time, rounding identically.
//
//go:noescape
func adamStepAVX(w, g, m, v []float64, lrT, a1, a2, eps float64)

// packNonzerosAVX2 stores the nonzeros of a in val and their offsets
// l·stride in off, four elements of a at a time; it returns how many
// elements it went through (len(a) rounded down to a multiple of four) and
// how many nonzeros it stored. off and val must hold len(a) elements.
//
//go:noescape
func packNonzerosAVX2(a []float64, stride int, off []int, val []float64) (done, cnt int)

// reluAVX sets o[i] = max(0, s[i]) as reluRange does, four elements at a
// time, and returns how many it did (len(s) rounded down to a multiple of
// four). o must be at least as long as s.
//
//go:noescape
func reluAVX(o, s []float64) int

// maskAVX sets d[j] = g[j] where o[j] > 0 and 0 elsewhere as maskRange
// does, four elements at a time, and returns how many it did. d and o
// must be at least as long as g.
//
//go:noescape
func maskAVX(d, g, o []float64) int

// bnRowAVX computes one row of BatchNorm's forward pass as the Go loop
// does, four columns at a time, and returns how many columns it did.
//
//go:noescape
func bnRowAVX(xn, o, x, mean, std, gamma, beta []float64) int

// transposeAVX sets dst[j·ds+i] = src[i·ss+j] for i < r and j < c, which
// must be multiples of four, in 4×4 blocks; the caller checks the bounds.
//
//go:noescape
func transposeAVX(dst []float64, ds int, src []float64, ss int, r, c int)

// addAVX adds src to dst element by element, four at a time, and returns
// how many elements it did.
//
//go:noescape
func addAVX(dst, src []float64) int
