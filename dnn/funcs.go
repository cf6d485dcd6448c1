package dnn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// The elementwise functions below follow gonum's convention for results:
// they write into dst and return it. A nil dst is allocated, an empty dst is
// sized to a, and a dst of another shape panics. dst may be a itself.

// target returns the matrix a function writes its result for a into.
func target(op string, dst, a *mat.Dense) *mat.Dense {
	switch {
	case a == nil:
		panic("dnn: " + op + ": a is nil")
	case a.IsEmpty():
		panic("dnn: " + op + ": a is empty (a zero mat.Dense)")
	}
	r, c := a.Dims()
	if dst == nil {
		return mat.NewDense(r, c, nil)
	}
	if dst.IsEmpty() {
		dst.ReuseAs(r, c)
		return dst
	}
	if dr, dc := dst.Dims(); dr != r || dc != c {
		panic(shapeError(op, dr, dc, r, c))
	}
	return dst
}

// apply sets dst[i,j] = fn(a[i,j]).
func apply(op string, dst, a *mat.Dense, fn func(float64) float64) *mat.Dense {
	dst = target(op, dst, a)
	rowsOf(dst, a, func(d, s []float64) {
		for i, v := range s {
			d[i] = fn(v)
		}
	})
	return dst
}

// Identity copies a into dst: the output activation of regression.
func Identity(dst, a *mat.Dense) *mat.Dense {
	return apply("Identity", dst, a, func(v float64) float64 { return v })
}

// Step sets each element of dst to 1 where a is positive and 0 elsewhere:
// the perceptron's activation.
func Step(dst, a *mat.Dense) *mat.Dense {
	return apply("Step", dst, a, func(v float64) float64 {
		if v > 0 {
			return 1
		}
		return 0
	})
}

// sigmoid is 1/(1+e^-v), written so that neither branch overflows.
func sigmoid(v float64) float64 {
	if v >= 0 {
		return 1 / (1 + math.Exp(-v))
	}
	e := math.Exp(v)
	return e / (1 + e)
}

// Sigmoid sets dst to 1/(1+exp(-a)) elementwise.
func Sigmoid(dst, a *mat.Dense) *mat.Dense {
	return apply("Sigmoid", dst, a, sigmoid)
}

// SigmoidGrad sets dst to the derivative of the sigmoid at a,
// sigmoid(a)·(1-sigmoid(a)).
func SigmoidGrad(dst, a *mat.Dense) *mat.Dense {
	return apply("SigmoidGrad", dst, a, func(v float64) float64 {
		s := sigmoid(v)
		return s * (1 - s)
	})
}

// Tanh sets dst to tanh(a) elementwise.
func Tanh(dst, a *mat.Dense) *mat.Dense {
	return apply("Tanh", dst, a, math.Tanh)
}

// ReLU sets dst to max(0, a) elementwise.
func ReLU(dst, a *mat.Dense) *mat.Dense {
	return apply("ReLU", dst, a, func(v float64) float64 { return math.Max(0, v) })
}

// ReLUGrad sets dst to the derivative of ReLU at a: 1 where a is positive,
// 0 elsewhere (0 at a = 0, as the textbook's mask x <= 0).
func ReLUGrad(dst, a *mat.Dense) *mat.Dense {
	return Step(dst, a)
}

// Softmax sets each row of dst to the softmax of the same row of a. Each
// row's maximum is subtracted before exponentiating, so large inputs
// (±1000) give exact probabilities rather than NaN.
func Softmax(dst, a *mat.Dense) *mat.Dense {
	dst = target("Softmax", dst, a)
	r, _ := a.Dims()
	for i := 0; i < r; i++ {
		softmaxRow(dst.RawRowView(i), a.RawRowView(i))
	}
	return dst
}

// softmaxRow writes the softmax of src into dst; they may alias.
func softmaxRow(dst, src []float64) {
	m := src[0]
	for _, v := range src[1:] {
		if v > m {
			m = v
		}
	}
	sum := 0.0
	for j, v := range src {
		e := math.Exp(v - m)
		dst[j] = e
		sum += e
	}
	inv := 1 / sum
	for j := range dst {
		dst[j] *= inv
	}
}

// logGuard is added to probabilities before taking their logarithm, so a
// probability of exactly zero costs -log(1e-7) ≈ 16.1 instead of +Inf.
const logGuard = 1e-7

// CrossEntropy returns the mean over rows of -log(y[i, labels[i]] + 1e-7),
// where rows of y are probability distributions and labels are class
// indices. It panics if len(labels) is not the number of rows or a label
// is out of range.
func CrossEntropy(y mat.Matrix, labels []int) float64 {
	r, c := y.Dims()
	if r != len(labels) {
		panic(fmt.Sprintf("dnn: CrossEntropy: y is %d×%d but there are %d labels", r, c, len(labels)))
	}
	sum := 0.0
	for i, l := range labels {
		if l < 0 || l >= c {
			panic(fmt.Sprintf("dnn: CrossEntropy: label %d of example %d out of range [0, %d)", l, i, c))
		}
		sum -= math.Log(y.At(i, l) + logGuard)
	}
	return sum / float64(r)
}

// CrossEntropyOneHot returns the mean over rows of -Σ t·log(y + 1e-7), with
// t holding one-hot (or any target distribution) rows. It panics if y and
// t differ in shape.
func CrossEntropyOneHot(y, t mat.Matrix) float64 {
	r, c := y.Dims()
	tr, tc := t.Dims()
	if r != tr || c != tc {
		panic(shapeError("CrossEntropyOneHot", r, c, tr, tc))
	}
	sum := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if tv := t.At(i, j); tv != 0 {
				sum -= tv * math.Log(y.At(i, j)+logGuard)
			}
		}
	}
	return sum / float64(r)
}

// SumSquaredError returns 0.5·Σ(y - t)² over all elements, the textbook's
// sum of squared errors. It panics if y and t differ in shape.
func SumSquaredError(y, t mat.Matrix) float64 {
	r, c := y.Dims()
	tr, tc := t.Dims()
	if r != tr || c != tc {
		panic(shapeError("SumSquaredError", r, c, tr, tc))
	}
	sum := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			d := y.At(i, j) - t.At(i, j)
			sum += d * d
		}
	}
	return 0.5 * sum
}
