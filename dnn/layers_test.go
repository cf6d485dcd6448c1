package dnn

import (
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func randDense(rng *rand.Rand, r, c int, scale float64) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			m.Set(i, j, rng.NormFloat64()*scale)
		}
	}
	return m
}

// numDiff returns the central-difference derivative of f with respect to
// every element of m, perturbed in place.
func numDiff(m *mat.Dense, f func() float64) *mat.Dense {
	r, c := m.Dims()
	g := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			old := m.At(i, j)
			m.Set(i, j, old+1e-5)
			f1 := f()
			m.Set(i, j, old-1e-5)
			f2 := f()
			m.Set(i, j, old)
			g.Set(i, j, (f1-f2)/2e-5)
		}
	}
	return g
}

func maxAbsDiff(a, b *mat.Dense) float64 {
	var d mat.Dense
	d.Sub(a, b)
	return mat.Norm(&d, math.Inf(1)) // largest row sum bounds the largest element
}

// checkLayer checks l's Backward against central differences of the
// scalar Σ Forward(x)⊙R for a random R, for the input and every parameter.
func checkLayer(t *testing.T, name string, l Layer, x *mat.Dense, train bool) {
	t.Helper()
	rng := rand.New(rand.NewSource(7))
	out := l.Forward(x, train)
	r, c := out.Dims()
	R := randDense(rng, r, c, 1)
	f := func() float64 { return mat.Sum(mulElem(l.Forward(x, train), R)) }
	f()
	dx := mat.DenseCopyOf(l.Backward(R))
	var grads []*mat.Dense
	var params []*Param
	if pl, ok := l.(ParamLayer); ok {
		params = pl.Params()
		for _, p := range params {
			grads = append(grads, mat.DenseCopyOf(p.Grad))
		}
	}
	if d := maxAbsDiff(dx, numDiff(x, f)); d > 1e-6 {
		t.Errorf("%s (train=%v): input gradient differs by %g", name, train, d)
	}
	for i, p := range params {
		if d := maxAbsDiff(grads[i], numDiff(p.Value, f)); d > 1e-6 {
			t.Errorf("%s (train=%v): gradient of %s differs by %g", name, train, p.Name, d)
		}
	}
}

func mulElem(a, b *mat.Dense) *mat.Dense {
	var m mat.Dense
	m.MulElem(a, b)
	return &m
}

func TestLayerGradients(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	x := randDense(rng, 5, 4, 1)
	bnTrained := NewBatchNorm(4)
	bnTrained.Gamma.Value = randDense(rng, 1, 4, 1)
	bnTrained.Beta.Value = randDense(rng, 1, 4, 1)
	for i := 0; i < 3; i++ { // running statistics away from zero
		bnTrained.Forward(randDense(rng, 5, 4, 2), true)
	}
	drop := NewDropout(0.5, 3)
	drop.setChecking(true)
	tests := []struct {
		name  string
		layer Layer
		train bool
	}{
		{"Affine", NewAffine(randDense(rng, 4, 3, 1), randDense(rng, 1, 3, 1)), true},
		{"ReLU", NewReLU(), true},
		{"Sigmoid", NewSigmoid(), true},
		{"Tanh", NewTanh(), true},
		{"BatchNorm", bnTrained, true},
		{"BatchNorm", bnTrained, false},
		{"Dropout", drop, true},
		{"Dropout", drop, false},
		{"WithParams(Affine)", WithParams(NewAffine(randDense(rng, 4, 2, 1), randDense(rng, 1, 2, 1)), nil), true},
	}
	for _, tt := range tests {
		checkLayer(t, tt.name, tt.layer, mat.DenseCopyOf(x), tt.train)
	}
}

func TestSoftmaxWithLossGradient(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	x := randDense(rng, 4, 3, 3)
	labels := []int{0, 2, 1, 2}
	var s SoftmaxWithLoss
	s.Forward(x, labels)
	dx := mat.DenseCopyOf(s.Backward())
	num := numDiff(x, func() float64 { return s.Forward(x, labels) })
	// The 1e-7 guard makes the analytic gradient exact only up to ~1e-7/p.
	if d := maxAbsDiff(dx, num); d > 1e-5 {
		t.Errorf("SoftmaxWithLoss gradient differs by %g", d)
	}
}

func TestBatchNormModes(t *testing.T) {
	bn := NewBatchNorm(2)
	x := mat.NewDense(4, 2, []float64{1, 10, 2, 20, 3, 30, 4, 40})
	y := bn.Forward(x, true)
	// Training: each column has mean 0 and variance var/(var+eps) ≈ 1.
	for j := 0; j < 2; j++ {
		col := mat.Col(nil, j, y)
		mean, sq := 0.0, 0.0
		for _, v := range col {
			mean += v / 4
			sq += v * v / 4
		}
		if !near(mean, 0, 1e-12) || !near(sq, 1, 1e-5) {
			t.Errorf("column %d after training forward: mean %v, variance %v", j, mean, sq)
		}
	}
	// Running statistics moved 10% toward the batch's (mean 2.5, 25; var 1.25, 125).
	wantMean, wantVar := []float64{0.25, 2.5}, []float64{0.125, 12.5}
	for j := 0; j < 2; j++ {
		if !near(bn.RunningMean.At(0, j), wantMean[j], 1e-12) || !near(bn.RunningVar.At(0, j), wantVar[j], 1e-12) {
			t.Errorf("running stats %d = %v, %v; want %v, %v", j, bn.RunningMean.At(0, j), bn.RunningVar.At(0, j), wantMean[j], wantVar[j])
		}
	}
	// Test mode uses the running statistics and does not move them.
	y = bn.Forward(x, false)
	if got, want := y.At(0, 1), (10-2.5)/math.Sqrt(12.5+1e-6); !near(got, want, 1e-12) {
		t.Errorf("test-mode output = %v, want %v", got, want)
	}
	if !near(bn.RunningMean.At(0, 1), 2.5, 1e-12) {
		t.Errorf("test-mode forward moved the running mean to %v", bn.RunningMean.At(0, 1))
	}
	// Gamma and beta scale and shift.
	bn.Gamma.Value.Set(0, 0, 2)
	bn.Beta.Value.Set(0, 0, 3)
	if got, want := bn.Forward(x, false).At(0, 0), 2*(1-0.25)/math.Sqrt(0.125+1e-6)+3; !near(got, want, 1e-12) {
		t.Errorf("scaled test-mode output = %v, want %v", got, want)
	}
}

func TestDropoutModes(t *testing.T) {
	d := NewDropout(0.3, 42)
	x := mat.NewDense(100, 100, nil)
	for i := range x.RawMatrix().Data {
		x.RawMatrix().Data[i] = 1
	}
	y := mat.DenseCopyOf(d.Forward(x, true))
	kept := mat.Sum(y)
	if kept < 6700 || kept > 7300 {
		t.Errorf("training dropout kept %v of 10000, want about 7000", kept)
	}
	// Backward uses the same mask.
	g := d.Backward(x)
	if !mat.Equal(g, y) {
		t.Error("backward mask differs from forward mask")
	}
	// Same seed, same masks; the next Forward draws a new one.
	if !mat.Equal(NewDropout(0.3, 42).Forward(x, true), y) {
		t.Error("same seed gave a different mask")
	}
	if mat.Equal(d.Forward(x, true), y) {
		t.Error("second Forward reused the mask")
	}
	if got := d.Forward(x, false).At(3, 3); got != 0.7 {
		t.Errorf("test mode output %v, want 0.7", got)
	}
}

func TestAffineShapes(t *testing.T) {
	a := NewAffine(mat.NewDense(3, 2, nil), mat.NewDense(1, 2, nil))
	if msg, ok := panics(func() { a.Forward(mat.NewDense(4, 5, nil), true) }); !ok || msg == "" {
		t.Error("Affine with 5 input columns for a 3-row W did not panic with a message")
	}
	if _, ok := panics(func() { NewAffine(mat.NewDense(3, 2, nil), mat.NewDense(1, 3, nil)) }); !ok {
		t.Error("NewAffine with a 1×3 bias for 2 outputs did not panic")
	}
	// Buffers are reused when the batch shrinks and grows back.
	out := a.Forward(mat.NewDense(10, 3, nil), false)
	data := &out.RawMatrix().Data[0]
	a.Forward(mat.NewDense(4, 3, nil), false)
	if &a.Forward(mat.NewDense(10, 3, nil), false).RawMatrix().Data[0] != data {
		t.Error("Affine reallocated its output buffer")
	}
}
