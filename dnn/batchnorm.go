package dnn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Defaults of NewBatchNorm, the textbook's values.
const (
	// BatchNormMomentum is the weight of the old running statistics in
	// each training step's update.
	BatchNormMomentum = 0.9
	// BatchNormEps is added to the variance before its square root. The
	// textbook writes it 10e-7, which is 1e-6.
	BatchNormEps = 1e-6
)

// BatchNorm normalises each column (feature) to zero mean and unit
// variance, then scales by Gamma and shifts by Beta, both learnable.
//
// In training, Forward uses the batch's mean and variance and moves the
// running statistics toward them: running = Momentum·running +
// (1-Momentum)·batch. In test mode it uses the running statistics. As in
// the textbook they start at zero, so a network evaluated in test mode
// before any training step divides by sqrt(Eps).
type BatchNorm struct {
	// Gamma (scale, starting at 1) and Beta (shift, starting at 0) are 1×D.
	Gamma, Beta *Param
	// RunningMean and RunningVar are the 1×D statistics used in test mode.
	RunningMean, RunningVar *mat.Dense
	// Momentum and Eps default to BatchNormMomentum and BatchNormEps.
	Momentum, Eps float64

	frozen  bool // gradient check: leave the running statistics alone
	train   bool
	xn      *mat.Dense
	out, dx *mat.Dense
	std     []float64
	sum     []float64
	coef    []float64 // Backward's factor per column
}

// NewBatchNorm returns a batch-normalisation layer for d features, with
// parameters named "gamma" and "beta". It panics if d < 1.
func NewBatchNorm(d int) *BatchNorm {
	if d < 1 {
		panic(fmt.Sprintf("dnn: NewBatchNorm: %d features, want at least 1", d))
	}
	g := mat.NewDense(1, d, nil)
	for j := 0; j < d; j++ {
		g.Set(0, j, 1)
	}
	return &BatchNorm{
		Gamma:       NewParam("gamma", g),
		Beta:        NewParam("beta", mat.NewDense(1, d, nil)),
		RunningMean: mat.NewDense(1, d, nil),
		RunningVar:  mat.NewDense(1, d, nil),
		Momentum:    BatchNormMomentum,
		Eps:         BatchNormEps,
		std:         make([]float64, d),
		sum:         make([]float64, d),
		coef:        make([]float64, d),
	}
}

// Params returns Gamma and Beta.
func (b *BatchNorm) Params() []*Param { return []*Param{b.Gamma, b.Beta} }

// State returns the running mean and variance, which saving keeps.
func (b *BatchNorm) State() []*mat.Dense { return []*mat.Dense{b.RunningMean, b.RunningVar} }

// Forward normalises x; see the type's documentation for the two modes.
// It panics if x does not have D columns.
func (b *BatchNorm) Forward(x *mat.Dense, train bool) *mat.Dense {
	r, c := x.Dims()
	if _, d := b.Gamma.Value.Dims(); c != d {
		panic(shapeError("BatchNorm.Forward: x", r, c, r, d))
	}
	b.train = train
	b.out = resize(b.out, r, c)
	b.xn = resize(b.xn, r, c)
	gamma, beta := b.Gamma.Value.RawRowView(0), b.Beta.Value.RawRowView(0)
	mean, std := b.sum, b.std
	if train {
		colMean(mean, x)
		for j := range std {
			std[j] = 0
		}
		for i := 0; i < r; i++ {
			for j, v := range x.RawRowView(i) {
				d := v - mean[j]
				std[j] += d * d
			}
		}
		rm, rv := b.RunningMean.RawRowView(0), b.RunningVar.RawRowView(0)
		for j := range std {
			variance := std[j] / float64(r)
			if !b.frozen {
				rm[j] = b.Momentum*rm[j] + (1-b.Momentum)*mean[j]
				rv[j] = b.Momentum*rv[j] + (1-b.Momentum)*variance
			}
			std[j] = math.Sqrt(variance + b.Eps)
		}
	} else {
		copy(mean, b.RunningMean.RawRowView(0))
		for j, v := range b.RunningVar.RawRowView(0) {
			std[j] = math.Sqrt(v + b.Eps)
		}
	}
	for i := 0; i < r; i++ {
		bnRow(b.xn.RawRowView(i), b.out.RawRowView(i), x.RawRowView(i), mean, std, gamma, beta)
	}
	return b.out
}

// bnRow sets xn = (x-mean)/std and o = gamma·xn + beta, column by column:
// a division per element, four at a time on machines with AVX.
func bnRow(xn, o, x, mean, std, gamma, beta []float64) {
	if haveAVX {
		n := bnRowAVX(xn, o, x, mean, std, gamma, beta)
		xn, o, x, mean, std, gamma, beta = xn[n:], o[n:], x[n:], mean[n:], std[n:], gamma[n:], beta[n:]
	}
	xn, o, mean, std, gamma, beta = xn[:len(x)], o[:len(x)], mean[:len(x)], std[:len(x)], gamma[:len(x)], beta[:len(x)]
	for j, v := range x {
		n := (v - mean[j]) / std[j]
		xn[j] = n
		o[j] = gamma[j]*n + beta[j]
	}
}

// Backward sets the gradients of Gamma (Σ dout·x̂) and Beta (Σ dout) and
// returns the input gradient. After a training Forward that is
// γ/(N·σ)·(N·dout - Σdout - x̂·Σ(dout·x̂)), the textbook's chain of steps
// folded into one pass; after a test-mode Forward the statistics are
// constants and it is γ/σ·dout.
func (b *BatchNorm) Backward(dout *mat.Dense) *mat.Dense {
	b.dx = backwardBuffer("BatchNorm", b.dx, b.out, dout)
	r, _ := dout.Dims()
	dbeta, dgamma := b.Beta.Grad.RawRowView(0), b.Gamma.Grad.RawRowView(0)
	for j := range dbeta {
		dbeta[j], dgamma[j] = 0, 0
	}
	for i := 0; i < r; i++ {
		xn := b.xn.RawRowView(i)
		for j, g := range dout.RawRowView(i) {
			dbeta[j] += g
			dgamma[j] += g * xn[j]
		}
	}
	// The factor in front depends on the column only: computed once per
	// column, with the same operations, it gives the same bits as per
	// element, without a division per element.
	gamma := b.Gamma.Value.RawRowView(0)
	if len(b.coef) != len(gamma) {
		b.coef = make([]float64, len(gamma))
	}
	coef := b.coef
	n := float64(r)
	for j := range coef {
		if b.train {
			coef[j] = gamma[j] / (n * b.std[j])
		} else {
			coef[j] = gamma[j] / b.std[j]
		}
	}
	for i := 0; i < r; i++ {
		xn, d, g := b.xn.RawRowView(i), b.dx.RawRowView(i), dout.RawRowView(i)
		xn, d, g = xn[:len(coef)], d[:len(coef)], g[:len(coef)]
		if !b.train {
			for j, c := range coef {
				d[j] = c * g[j]
			}
			continue
		}
		for j, c := range coef {
			d[j] = c * (n*g[j] - dbeta[j] - xn[j]*dgamma[j])
		}
	}
	return b.dx
}

// String describes the layer, as in "BatchNorm(100)".
func (b *BatchNorm) String() string {
	_, d := b.Gamma.Value.Dims()
	return fmt.Sprintf("BatchNorm(%d)", d)
}

func (b *BatchNorm) setChecking(on bool) { b.frozen = on }

// colMean writes the column means of x into dst.
func colMean(dst []float64, x *mat.Dense) {
	r, _ := x.Dims()
	for j := range dst {
		dst[j] = 0
	}
	for i := 0; i < r; i++ {
		for j, v := range x.RawRowView(i) {
			dst[j] += v
		}
	}
	for j := range dst {
		dst[j] /= float64(r)
	}
}
