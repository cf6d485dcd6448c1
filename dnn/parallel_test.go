package dnn

import (
	"math"
	"math/rand"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// forceSplit makes every pass of at least min elements split into up to
// four ranges, whatever the machine, until the test ends.
func forceSplit(t *testing.T, min int) {
	old, procs := splitMin, runtime.GOMAXPROCS(4)
	splitMin = min
	t.Cleanup(func() { splitMin = old; runtime.GOMAXPROCS(procs) })
}

// countPass counts how often each index is visited.
type countPass struct{ seen []int }

func (c *countPass) runRange(from, to int) {
	for i := from; i < to; i++ {
		c.seen[i]++
	}
}

// TestSplitterCoversOnce checks that every index is visited exactly once
// for sizes around the range boundaries, split or not, over many passes
// of one splitter (workers may still hold wake-ups of earlier passes).
func TestSplitterCoversOnce(t *testing.T) {
	forceSplit(t, 16)
	var s splitter
	sizes := []int{0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 100, 1001}
	for k := 0; k < 20*len(sizes); k++ {
		n := sizes[k%len(sizes)]
		c := &countPass{seen: make([]int, n)}
		s.run(n, c)
		for i, k := range c.seen {
			if k != 1 {
				t.Fatalf("n=%d: index %d visited %d times", n, i, k)
			}
		}
	}
}

// sameBits reports the first element where a and b differ in their bits.
func sameBits(t *testing.T, what string, a, b []float64) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: lengths %d and %d", what, len(a), len(b))
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("%s: element %d is %v split, %v serial", what, i, a[i], b[i])
		}
	}
}

// adamParams returns parameters of several sizes, with one non-contiguous
// view among them, and fills their gradients from rng.
func adamParams(rng *rand.Rand) []*Param {
	big := randDense(rng, 30, 40, 1)
	view := big.Slice(5, 25, 3, 33).(*mat.Dense)
	ps := []*Param{
		NewParam("W1", randDense(rng, 37, 29, 1)),
		NewParam("b1", randDense(rng, 1, 29, 1)),
		NewParam("view", view),
		NewParam("W2", randDense(rng, 29, 7, 1)),
	}
	return ps
}

func fillGrads(rng *rand.Rand, ps []*Param) {
	for _, p := range ps {
		r, c := p.Grad.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				p.Grad.Set(i, j, rng.NormFloat64()*math.Pow(10, float64(rng.Intn(6)-3)))
			}
		}
	}
}

// TestAdamSplitMatchesSerial runs Adam for a few steps serially and split
// into ranges that cut through parameters, and wants the same bits.
func TestAdamSplitMatchesSerial(t *testing.T) {
	run := func(min int) []*Param {
		old := splitMin
		splitMin = min
		defer func() { splitMin = old }()
		rng := rand.New(rand.NewSource(79))
		ps := adamParams(rng)
		opt := NewAdam(0.01, 0.9, 0.999)
		for step := 0; step < 5; step++ {
			fillGrads(rng, ps)
			opt.Update(ps)
		}
		return ps
	}
	procs := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(procs)
	serial, split := run(1<<30), run(24)
	for i := range serial {
		sameBits(t, serial[i].Name, flatCopy(split[i].Value), flatCopy(serial[i].Value))
	}
}

func flatCopy(m *mat.Dense) []float64 {
	r, c := m.Dims()
	out := make([]float64, 0, r*c)
	for i := 0; i < r; i++ {
		out = append(out, m.RawRowView(i)...)
	}
	return out
}

// TestReLUSplitMatchesSerial compares ReLU's forward and backward passes,
// split and serial, on inputs with zeros of both signs, NaN and infinities.
func TestReLUSplitMatchesSerial(t *testing.T) {
	rng := rand.New(rand.NewSource(34))
	x := randDense(rng, 23, 41, 1)
	dout := randDense(rng, 23, 41, 1)
	raw := x.RawMatrix().Data
	raw[0], raw[1], raw[2], raw[3], raw[500] = 0, math.Copysign(0, -1), math.NaN(), math.Inf(-1), math.Inf(1)
	raw[4], raw[5] = math.Float64frombits(0xfff8000000000123), 5e-324 // a negative NaN, the least subnormal
	pass := func(min int) (y, dx []float64) {
		old := splitMin
		splitMin = min
		defer func() { splitMin = old }()
		l := NewReLU()
		y = flatCopy(l.Forward(x, true))
		return y, flatCopy(l.Backward(dout))
	}
	procs := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(procs)
	ys, dxs := pass(1 << 30)
	yp, dxp := pass(40)
	sameBits(t, "forward", yp, ys)
	sameBits(t, "backward", dxp, dxs)
	// The textbook's definitions, element by element: math.Max(0, x)
	// (so -0 gives +0 and NaN stays NaN), and dout where x > 0.
	xs, ds := flatCopy(x), flatCopy(dout)
	wantY, wantDx := make([]float64, len(xs)), make([]float64, len(xs))
	for i, v := range xs {
		wantY[i] = math.Max(0, v)
		if v > 0 {
			wantDx[i] = ds[i]
		}
	}
	sameBits(t, "forward vs math.Max", ys, wantY)
	sameBits(t, "backward vs mask", dxs, wantDx)
}
