package dnn

import (
	"math"
	"math/bits"

	"gonum.org/v1/gonum/mat"
)

// ReLULayer is the layer max(0, x).
type ReLULayer struct {
	out, dx *mat.Dense
	pass    reluPass
	split   splitter
}

// NewReLU returns a ReLU layer.
func NewReLU() *ReLULayer { return &ReLULayer{} }

// Forward returns max(0, x) elementwise.
func (l *ReLULayer) Forward(x *mat.Dense, train bool) *mat.Dense {
	r, c := x.Dims()
	l.out = resize(l.out, r, c)
	if o, s, ok := flat(l.out, x); ok {
		l.pass = reluPass{dst: o, src: s}
		l.split.run(len(o), &l.pass)
		l.pass = reluPass{}
		return l.out
	}
	rowsOf(l.out, x, func(o, s []float64) { reluRange(o, s) })
	return l.out
}

// reluPass is max(0, src) into dst or, when mask is set, src where mask
// is positive and 0 elsewhere.
type reluPass struct {
	dst, src, mask []float64
}

func (p *reluPass) runRange(from, to int) {
	if p.mask == nil {
		reluRange(p.dst[from:to], p.src[from:to])
		return
	}
	maskRange(p.dst[from:to], p.src[from:to], p.mask[from:to])
}

// reluRange uses the builtin max, which has math.Max's rules for zeros
// (max(0, -0) is +0) but compiles inline without a jump, where math.Max is
// a call; only NaN needs a fix-up, a branch training never takes.
// maskRange selects with a bit mask instead of branching on the sign, a
// coin toss in training. Together they are about 3.5 times faster than
// math.Max and if/else on batches of random signs; on machines with AVX,
// assembly does four elements at a time with the same results, bit for
// bit, four times faster again (BenchmarkReLU: 20.5 µs to 5.2).
func reluRange(o, s []float64) {
	o = o[:len(s)]
	if haveAVX {
		n := reluAVX(o, s)
		o, s = o[n:], s[n:]
	}
	for i, v := range s {
		r := max(0, v)
		if r != r {
			// math.Max's NaN, not the input's payload and sign, as ever.
			r = math.NaN()
		}
		o[i] = r
	}
}

func maskRange(d, g, o []float64) {
	d, o = d[:len(g)], o[:len(g)]
	if haveAVX {
		n := maskAVX(d, g, o)
		d, g, o = d[n:], g[n:], o[n:]
	}
	for j, v := range g {
		// o > 0 exactly when its bits, less one, are below +Inf's (zeros,
		// negatives and NaNs are not): the borrow of that subtraction
		// makes the mask without a jump.
		_, borrow := bits.Sub64(math.Float64bits(o[j])-1, 0x7ff0000000000000, 0)
		d[j] = math.Float64frombits(math.Float64bits(v) & -borrow)
	}
}

// flat returns the storage of a and b, which have the same shape, as
// single slices if both are contiguous.
func flat(a, b *mat.Dense) (ra, rb []float64, ok bool) {
	ar, br := a.RawMatrix(), b.RawMatrix()
	if ar.Stride != ar.Cols || br.Stride != br.Cols {
		return nil, nil, false
	}
	n := ar.Rows * ar.Cols
	return ar.Data[:n], br.Data[:n], true
}

// Backward passes dout where the input was positive and 0 elsewhere.
func (l *ReLULayer) Backward(dout *mat.Dense) *mat.Dense {
	l.dx = backwardBuffer("ReLU", l.dx, l.out, dout)
	d, g, ok := flat(l.dx, dout)
	if o, _, ok2 := flat(l.out, l.out); ok && ok2 {
		l.pass = reluPass{dst: d, src: g, mask: o}
		l.split.run(len(d), &l.pass)
		l.pass = reluPass{}
		return l.dx
	}
	reluMask(l.dx, dout, l.out)
	return l.dx
}

// reluMask sets dx = dout where out > 0, else 0.
func reluMask(dx, dout, out *mat.Dense) {
	r, _ := dx.Dims()
	for i := 0; i < r; i++ {
		maskRange(dx.RawRowView(i), dout.RawRowView(i), out.RawRowView(i))
	}
}

// String returns "ReLU".
func (l *ReLULayer) String() string { return "ReLU" }

// SigmoidLayer is the layer 1/(1+exp(-x)).
type SigmoidLayer struct {
	out, dx *mat.Dense
}

// NewSigmoid returns a sigmoid layer.
func NewSigmoid() *SigmoidLayer { return &SigmoidLayer{} }

// Forward returns the sigmoid of x elementwise.
func (l *SigmoidLayer) Forward(x *mat.Dense, train bool) *mat.Dense {
	r, c := x.Dims()
	l.out = resize(l.out, r, c)
	Sigmoid(l.out, x)
	return l.out
}

// Backward returns dout·y·(1-y), y being the forward output.
func (l *SigmoidLayer) Backward(dout *mat.Dense) *mat.Dense {
	l.dx = backwardBuffer("Sigmoid", l.dx, l.out, dout)
	r, _ := dout.Dims()
	for i := 0; i < r; i++ {
		d, g, y := l.dx.RawRowView(i), dout.RawRowView(i), l.out.RawRowView(i)
		for j, v := range g {
			d[j] = v * (1 - y[j]) * y[j]
		}
	}
	return l.dx
}

// String returns "Sigmoid".
func (l *SigmoidLayer) String() string { return "Sigmoid" }

// TanhLayer is the layer tanh(x).
type TanhLayer struct {
	out, dx *mat.Dense
}

// NewTanh returns a tanh layer.
func NewTanh() *TanhLayer { return &TanhLayer{} }

// Forward returns tanh(x) elementwise.
func (l *TanhLayer) Forward(x *mat.Dense, train bool) *mat.Dense {
	r, c := x.Dims()
	l.out = resize(l.out, r, c)
	Tanh(l.out, x)
	return l.out
}

// Backward returns dout·(1-y²), y being the forward output.
func (l *TanhLayer) Backward(dout *mat.Dense) *mat.Dense {
	l.dx = backwardBuffer("Tanh", l.dx, l.out, dout)
	r, _ := dout.Dims()
	for i := 0; i < r; i++ {
		d, g, y := l.dx.RawRowView(i), dout.RawRowView(i), l.out.RawRowView(i)
		for j, v := range g {
			d[j] = v * (1 - y[j]*y[j])
		}
	}
	return l.dx
}

// String returns "Tanh".
func (l *TanhLayer) String() string { return "Tanh" }

// backwardBuffer checks that dout has the shape of the last forward output
// and returns dx sized to it.
func backwardBuffer(layer string, dx, out, dout *mat.Dense) *mat.Dense {
	if out == nil {
		panic("dnn: " + layer + ".Backward called before Forward")
	}
	r, c := out.Dims()
	if dr, dc := dout.Dims(); dr != r || dc != c {
		panic(shapeError(layer+".Backward: dout", dr, dc, r, c))
	}
	return resize(dx, r, c)
}
