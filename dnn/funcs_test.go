package dnn

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func panics(fn func()) (msg string, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = true
			switch v := r.(type) {
			case error:
				msg = v.Error()
			case string:
				msg = v
			}
		}
	}()
	fn()
	return "", false
}

func TestElementwise(t *testing.T) {
	a := mat.NewDense(1, 4, []float64{-2, 0, 0.5, 800})
	tests := []struct {
		name string
		fn   func(dst, a *mat.Dense) *mat.Dense
		want []float64
	}{
		{"Identity", Identity, []float64{-2, 0, 0.5, 800}},
		{"Step", Step, []float64{0, 0, 1, 1}},
		{"ReLU", ReLU, []float64{0, 0, 0.5, 800}},
		{"ReLUGrad", ReLUGrad, []float64{0, 0, 1, 1}},
		{"Sigmoid", Sigmoid, []float64{1 / (1 + math.Exp(2)), 0.5, 1 / (1 + math.Exp(-0.5)), 1}},
		{"SigmoidGrad", SigmoidGrad, []float64{
			math.Exp(2) / ((1 + math.Exp(2)) * (1 + math.Exp(2))), 0.25,
			math.Exp(-0.5) / ((1 + math.Exp(-0.5)) * (1 + math.Exp(-0.5))), 0}},
		{"Tanh", Tanh, []float64{math.Tanh(-2), 0, math.Tanh(0.5), 1}},
	}
	for _, tt := range tests {
		got := tt.fn(nil, a)
		for j, w := range tt.want {
			if g := got.At(0, j); !near(g, w, 1e-12) {
				t.Errorf("%s(%v) = %v, want %v", tt.name, a.At(0, j), g, w)
			}
		}
		// In place and into an empty receiver give the same.
		var empty mat.Dense
		tt.fn(&empty, a)
		if !mat.Equal(&empty, got) {
			t.Errorf("%s into an empty Dense differs", tt.name)
		}
	}
	if msg, ok := panics(func() { Sigmoid(mat.NewDense(2, 2, nil), a) }); !ok || !strings.Contains(msg, "2×2 vs 1×4") {
		t.Errorf("Sigmoid into a wrong-sized dst: panic %v %q, want the shapes", ok, msg)
	}
}

func TestSoftmaxExtreme(t *testing.T) {
	x := mat.NewDense(3, 3, []float64{
		1000, 1000, -1000,
		-1000, -1000, -1000,
		1, 2, 3,
	})
	y := Softmax(nil, x)
	e := math.Exp(1) + math.Exp(2) + math.Exp(3)
	want := [][]float64{{0.5, 0.5, 0}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, {math.Exp(1) / e, math.Exp(2) / e, math.Exp(3) / e}}
	for i, row := range want {
		for j, w := range row {
			if g := y.At(i, j); !near(g, w, 1e-12) {
				t.Errorf("softmax[%d][%d] = %v, want %v", i, j, g, w)
			}
		}
	}
	// A column max, as the lesson's code takes, would overflow row 0 or
	// flush row 1 to 0/0; the row-wise form keeps each row a distribution.
	if l := CrossEntropy(y, []int{0, 2, 2}); !near(l, (-math.Log(0.5+1e-7)-math.Log(1.0/3+1e-7)-math.Log(math.Exp(3)/e+1e-7))/3, 1e-12) {
		t.Errorf("CrossEntropy = %v", l)
	}
	// A probability of zero costs -log(1e-7), not +Inf.
	if l := CrossEntropy(y, []int{2, 0, 0}); math.IsInf(l, 0) || math.IsNaN(l) || l < 16.1/3 {
		t.Errorf("CrossEntropy with p=0 = %v, want finite and large", l)
	}
	onehot := mat.NewDense(3, 3, []float64{1, 0, 0, 0, 0, 1, 0, 0, 1})
	if a, b := CrossEntropyOneHot(y, onehot), CrossEntropy(y, []int{0, 2, 2}); !near(a, b, 1e-15) {
		t.Errorf("CrossEntropyOneHot = %v, CrossEntropy = %v", a, b)
	}
	if _, ok := panics(func() { CrossEntropy(y, []int{0, 3, 1}) }); !ok {
		t.Error("CrossEntropy with label 3 of 3 classes did not panic")
	}
}

func TestSoftmaxWithLossExtreme(t *testing.T) {
	var s SoftmaxWithLoss
	x := mat.NewDense(2, 2, []float64{1000, -1000, -1000, 1000})
	if l := s.Forward(x, []int{0, 1}); !near(l, -math.Log(1+1e-7), 1e-12) {
		t.Errorf("loss of confident right answers = %v, want ~0", l)
	}
	if l := s.Forward(x, []int{1, 0}); !near(l, -math.Log(1e-7), 1e-9) {
		t.Errorf("loss of confident wrong answers = %v, want -log(1e-7)", l)
	}
	d := s.Backward()
	want := []float64{0.5, -0.5, -0.5, 0.5}
	for i, w := range want {
		if g := d.RawMatrix().Data[i]; !near(g, w, 1e-12) {
			t.Errorf("dx[%d] = %v, want %v", i, g, w)
		}
	}
}

func TestSumSquaredError(t *testing.T) {
	y := mat.NewDense(1, 3, []float64{0.1, 0.6, 0.3})
	tt := mat.NewDense(1, 3, []float64{0, 1, 0})
	if got, want := SumSquaredError(y, tt), 0.5*(0.01+0.16+0.09); !near(got, want, 1e-15) {
		t.Errorf("SumSquaredError = %v, want %v", got, want)
	}
	msg, ok := panics(func() { SumSquaredError(y, mat.NewDense(3, 1, nil)) })
	if !ok || !strings.Contains(msg, "1×3 vs 3×1") {
		t.Errorf("shape mismatch: panic %v %q", ok, msg)
	}
	err := func() (err error) {
		defer func() { err, _ = recover().(error) }()
		SumSquaredError(y, mat.NewDense(3, 1, nil))
		return nil
	}()
	if !errors.Is(err, mat.ErrShape) {
		t.Errorf("panic value %v does not wrap mat.ErrShape", err)
	}
}

func sqrt(v float64) float64 { return math.Sqrt(v) }
