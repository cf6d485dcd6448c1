package dnn

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestLearnerMistakesPanicClearly: what a learner gets wrong by hand (a
// Param literal without a Grad, a nil layer, a nil input) panics with a
// message that names the mistake, not with a nil pointer dereference.
func TestLearnerMistakesPanicClearly(t *testing.T) {
	noGrad := &Param{Name: "w", Value: mat.NewDense(2, 2, nil)}
	noValue := &Param{Name: "v"}
	net := NewTwoLayerNet(2, 3, 2, 1)
	tests := []struct {
		name string
		fn   func()
		want string
	}{
		{"SGD without Grad", func() { NewSGD(0.1).Update([]*Param{noGrad}) }, `Param "w" has no Grad`},
		{"Adam without Grad", func() { NewAdam(0.1, 0.9, 0.999).Update([]*Param{noGrad}) }, `Param "w" has no Grad`},
		{"Momentum without Value", func() { NewMomentum(0.1, 0.9).Update([]*Param{noValue}) }, `Param "v" has no Value`},
		{"nil Param", func() { NewAdaGrad(0.1).Update([]*Param{nil}) }, "a parameter is nil"},
		{"nil layer", func() { NewSequential([]Layer{NewReLU(), nil}) }, "NewSequential: layer 1 is nil"},
		{"Add nil", func() { NewSequential(nil).Add(nil) }, "Sequential.Add: nil layer"},
		{"Predict nil", func() { net.Predict(nil, false) }, "Predict: x is nil"},
		{"Loss nil", func() { net.Loss(nil, nil, false) }, "Loss: x is nil"},
		{"Gradient nil", func() { net.Gradient(nil, nil) }, "Gradient: x is nil"},
		{"Accuracy nil", func() { net.Accuracy(nil, nil) }, "Accuracy: x is nil"},
		{"Sigmoid of nil", func() { Sigmoid(nil, nil) }, "Sigmoid: a is nil"},
		{"Softmax of empty", func() { Softmax(nil, &mat.Dense{}) }, "Softmax: a is empty"},
		{"NewAffine nil", func() { NewAffine(nil, mat.NewDense(1, 2, nil)) }, "NewAffine: w is nil"},
		{"NewAffine nil bias", func() { NewAffine(mat.NewDense(2, 2, nil), nil) }, "NewAffine: b is nil"},
		{"NewParam nil", func() { NewParam("w", nil) }, `NewParam: "w" has a nil value`},
		{"NewBatchNorm 0", func() { NewBatchNorm(0) }, "NewBatchNorm: 0 features, want at least 1"},
	}
	for _, tt := range tests {
		msg, ok := panics(tt.fn)
		if !ok {
			t.Errorf("%s: no panic", tt.name)
			continue
		}
		if !strings.HasPrefix(msg, "dnn: ") || !strings.Contains(msg, tt.want) {
			t.Errorf("%s: panic %q, want one starting dnn: and containing %q", tt.name, msg, tt.want)
		}
	}
}

// TestTrainerChecksInputSize: a network made for 2 inputs trained on
// 784-feature data is an error up front that names both sizes (it used to
// be a panic deep in Affine.Forward about x·W).
func TestTrainerChecksInputSize(t *testing.T) {
	d := NewData(mat.NewDense(4, 5, nil), []int{0, 1, 0, 1})
	bn := NewSequential([]Layer{NewBatchNorm(3), NewAffine(mat.NewDense(3, 2, nil), mat.NewDense(1, 2, nil))})
	tests := []struct {
		name  string
		model Model
		want  string
	}{
		{"TwoLayerNet", NewTwoLayerNet(2, 3, 2, 1), "dnn: Trainer: the model takes 2 inputs per example, the training data has 5 features"},
		{"batch norm first", bn, "dnn: Trainer: the model takes 3 inputs per example, the training data has 5 features"},
	}
	for _, tt := range tests {
		tr := &Trainer{Model: tt.model}
		h, err := tr.Train(d, nil)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
		if h != nil {
			t.Errorf("%s: history %v with the error", tt.name, h)
		}
	}
	// A model whose first layer takes any width (a cell's own layer) is
	// not second-guessed.
	free := NewSequential([]Layer{NewReLU(), NewAffine(mat.NewDense(5, 2, nil), mat.NewDense(1, 2, nil))})
	if _, err := (&Trainer{Model: free}).Train(d, nil); err != nil {
		t.Errorf("ReLU first: %v", err)
	}
}

// TestTrainerUnknownOptimizerOnePrefix: the error says "dnn:" once.
func TestTrainerUnknownOptimizerOnePrefix(t *testing.T) {
	tr := &Trainer{Model: NewTwoLayerNet(2, 2, 2, 1), OptimizerName: "adamm"}
	_, err := tr.Train(moons(10, 1), nil)
	want := `dnn: Trainer: unknown optimizer "adamm" (valid: ` + optimizerNames + ")"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestMultiLayerConfigErrors: each mistake in a config is named once,
// with a single "dnn:" prefix.
func TestMultiLayerConfigErrors(t *testing.T) {
	base := MultiLayerConfig{Input: 2, Hidden: []int{3}, Output: 2}
	tests := []struct {
		name string
		edit func(*MultiLayerConfig)
		want string
	}{
		{"initializer", func(c *MultiLayerConfig) { c.Init = "he2" },
			`dnn: NewMultiLayerNet: unknown initializer "he2" (want std, xavier, sigmoid, he, relu or a positive number)`},
		{"negative weight decay", func(c *MultiLayerConfig) { c.WeightDecay = -1 },
			"dnn: NewMultiLayerNet: weight decay -1, want >= 0"},
	}
	for _, tt := range tests {
		cfg := base
		tt.edit(&cfg)
		net, err := NewMultiLayerNet(cfg)
		if err == nil || err.Error() != tt.want || net != nil {
			t.Errorf("%s: %v, %v; want the error %q", tt.name, net, err, tt.want)
		}
	}
}

// TestPredictResultsAreKept: a learner keeps what Predict returned
// (before := net.Predict(x, false); train; after := net.Predict(x, false))
// and compares. Predict used to return the last layer's buffer, so the
// second call overwrote the first result and before equalled after.
func TestPredictResultsAreKept(t *testing.T) {
	net := NewTwoLayerNet(2, 3, 2, 1)
	a := mat.NewDense(1, 2, []float64{1, 2})
	b := mat.NewDense(1, 2, []float64{-3, 0.5})
	pa := net.Predict(a, false)
	want := mat.DenseCopyOf(pa)
	pb := net.Predict(b, false)
	if !mat.Equal(pa, want) {
		t.Errorf("the first result changed to %v after a second Predict", mat.Formatted(pa))
	}
	if mat.Equal(pa, pb) {
		t.Error("two inputs, one result")
	}
	// The network's own passes still reuse their buffers (the training
	// step's allocations are pinned by TestTrainingStepAllocations):
	// Accuracy allocates only the header of its row slice, no copy.
	x, labels := smallBatch(1, 10, 2, 2)
	net.Accuracy(x, labels)
	if n := testing.AllocsPerRun(10, func() { net.Accuracy(x, labels) }); n > 1 {
		t.Errorf("Accuracy allocates %v times", n)
	}
}

// TestGradientCheckConfidentNetwork: raw, unscaled inputs (pixels 0-255,
// a CSV's values) make a fresh network confident, and a probability below
// the loss's 1e-7 guard made the numerical gradient flat where
// backpropagation's is not: GradientCheck reported differences of 4 for a
// correct network. The check now differentiates the loss without the
// guard, which is what the backward pass computes the gradient of; Loss and
// NumericalGradient keep the guard.
func TestGradientCheckConfidentNetwork(t *testing.T) {
	x := mat.NewDense(4, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 0, 2})
	labels := []int{0, 1, 2, 1}
	net, err := NewMultiLayerNet(MultiLayerConfig{Input: 3, Hidden: []int{5}, Output: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	before := net.Loss(x, labels, false)
	for _, d := range net.GradientCheck(x, labels) {
		if d.MaxAbs > 1e-6 {
			t.Errorf("%s: backprop and numerical gradients differ by %.2g", d.Name, d.MaxAbs)
		}
	}
	if after := net.Loss(x, labels, false); after != before {
		t.Errorf("Loss after the check %v, before %v: the guard must be back", after, before)
	}
	// Probabilities this small cost the guarded loss -log(1e-7) at most.
	sm := &SoftmaxWithLoss{}
	if l := sm.Forward(mat.NewDense(1, 2, []float64{0, 100}), []int{0}); math.Abs(l-(-math.Log(1e-7))) > 1e-6 {
		t.Errorf("guarded loss of a certain mistake %v, want -log(1e-7)", l)
	}
}
