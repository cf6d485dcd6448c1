package dnn

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestOptimizerFirstSteps runs each optimizer with the textbook's defaults
// for two steps from w = (1, -2) with gradients (0.5, -1) then (0.25, 2).
// The expected values follow the update rules by hand; for instance
// Nesterov's first step is 1 + 0.81·(-0.005) - 1.9·0.01·0.5 = 0.98645,
// RMSprop's is 1 - 0.01·0.5/sqrt(0.01·0.25) = 0.9, Adam's is
// 1 - 0.001·sqrt(0.001)/0.1 · 0.05/sqrt(0.00025) = 0.999 (less the
// epsilon's share).
func TestOptimizerFirstSteps(t *testing.T) {
	tests := []struct {
		name         string
		step1, step2 [2]float64
	}{
		{"sgd", [2]float64{0.995, -1.99}, [2]float64{0.9925, -2.01}},
		{"momentum", [2]float64{0.995, -1.99}, [2]float64{0.988, -2.001}},
		{"nesterov", [2]float64{0.98645, -1.9729}, [2]float64{0.97603, -2.01981}},
		{"adagrad", [2]float64{0.9900000019999996, -1.9900000009999999}, [2]float64{0.9855278668449999, -1.998944272509999}},
		{"rmsprop", [2]float64{0.9000001999996, -1.9000000999999}, [2]float64{0.8550989551379228, -1.9895323561269267}},
		{"adam", [2]float64{0.9990000063245154, -1.9990000031622677}, [2]float64{0.998067831960989, -1.9993661061715038}},
	}
	for _, tt := range tests {
		opt, err := NewOptimizer(tt.name, 0)
		if err != nil {
			t.Fatal(err)
		}
		p := NewParam("w", mat.NewDense(1, 2, []float64{1, -2}))
		// A second parameter with other gradients must not disturb p's state.
		q := NewParam("q", mat.NewDense(2, 1, []float64{3, 3}))
		q.Grad.Set(0, 0, 100)
		for step, want := range [][2]float64{tt.step1, tt.step2} {
			g := [][]float64{{0.5, -1}, {0.25, 2}}[step]
			p.Grad.SetRow(0, g)
			opt.Update([]*Param{p, q})
			for j := 0; j < 2; j++ {
				if got := p.Value.At(0, j); !near(got, want[j], 1e-13) {
					t.Errorf("%s step %d: w[%d] = %.16g, want %.16g", tt.name, step+1, j, got, want[j])
				}
			}
		}
		if q.Value.At(1, 0) != 3 || q.Value.At(0, 0) >= 3 {
			t.Errorf("%s: second parameter %v, want only its first element moved", tt.name, mat.Formatted(q.Value.T()))
		}
	}
}

func TestOptimizerViews(t *testing.T) {
	// A parameter that is a view into a larger matrix is updated in place.
	big := mat.NewDense(3, 3, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1})
	p := &Param{Name: "view", Value: big.Slice(1, 3, 1, 3).(*mat.Dense), Grad: mat.NewDense(2, 2, []float64{1, 2, 3, 4})}
	NewAdam(0.1, 0.9, 0.999).Update([]*Param{p})
	if big.At(0, 0) != 1 || big.At(1, 0) != 1 || !near(big.At(2, 2), 0.9, 1e-6) {
		t.Errorf("view update gave %v", mat.Formatted(big))
	}
}

func TestNewOptimizer(t *testing.T) {
	for name, want := range map[string]string{
		"SGD": "SGD(lr=0.01)", "momentum": "Momentum(lr=0.01, momentum=0.9)",
		"Nesterov": "Nesterov(lr=0.01, momentum=0.9)", "adagrad": "AdaGrad(lr=0.01)",
		"RMSprop": "RMSprop(lr=0.01, decay=0.99)", "adam": "Adam(lr=0.001, beta1=0.9, beta2=0.999)",
	} {
		opt, err := NewOptimizer(name, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := opt.(interface{ String() string }).String(); got != want {
			t.Errorf("NewOptimizer(%q) = %s, want %s", name, got, want)
		}
	}
	if opt, _ := NewOptimizer("adam", 0.5); opt.(*Adam).LR != 0.5 {
		t.Error("learning rate not applied")
	}
	_, err := NewOptimizer("adamw", 0.1)
	if err == nil || !strings.Contains(err.Error(), "sgd, momentum, nesterov, adagrad, rmsprop, adam") {
		t.Errorf("unknown optimizer error %v, want the valid names", err)
	}
}
