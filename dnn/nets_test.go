package dnn

import (
	"math/rand"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func smallBatch(seed int64, rows, features, classes int) (*mat.Dense, []int) {
	rng := rand.New(rand.NewSource(seed))
	x := randDense(rng, rows, features, 1)
	labels := make([]int, rows)
	for i := range labels {
		labels[i] = rng.Intn(classes)
	}
	return x, labels
}

func TestNetworkGradientCheck(t *testing.T) {
	x, labels := smallBatch(3, 6, 5, 3)
	tests := []struct {
		name string
		cfg  MultiLayerConfig
	}{
		{"relu", MultiLayerConfig{Hidden: []int{6, 4}}},
		{"sigmoid", MultiLayerConfig{Hidden: []int{4}, Activation: "sigmoid"}},
		{"tanh decay", MultiLayerConfig{Hidden: []int{4, 4}, Activation: "tanh", WeightDecay: 0.1}},
		{"batchnorm", MultiLayerConfig{Hidden: []int{6, 4}, BatchNorm: true}},
		{"dropout", MultiLayerConfig{Hidden: []int{6, 4}, Dropout: 0.3}},
		{"batchnorm dropout decay", MultiLayerConfig{Hidden: []int{6, 4, 4}, BatchNorm: true, Dropout: 0.2, WeightDecay: 0.05}},
	}
	for _, tt := range tests {
		cfg := tt.cfg
		cfg.Input, cfg.Output, cfg.Seed = 5, 3, 11
		cfg.Init = "0.5" // large weights make a wrong backward pass visible
		net, err := NewMultiLayerNet(cfg)
		if err != nil {
			t.Fatal(err)
		}
		diffs := net.GradientCheck(x, labels)
		if len(diffs) != len(net.Params()) {
			t.Fatalf("%s: %d results for %d parameters", tt.name, len(diffs), len(net.Params()))
		}
		for _, d := range diffs {
			if d.MaxAbs > 1e-6 {
				t.Errorf("%s: %s backprop and numerical gradients differ by %g", tt.name, d.Name, d.MaxAbs)
			}
		}
	}
	two := NewTwoLayerNet(5, 7, 3, 1)
	for _, d := range two.GradientCheck(x, labels) {
		if d.MaxAbs > 1e-6 {
			t.Errorf("TwoLayerNet: %s differs by %g", d.Name, d.MaxAbs)
		}
	}
}

func TestGradientCheckCatchesWrongBackward(t *testing.T) {
	x, labels := smallBatch(3, 4, 3, 2)
	seq := NewSequential([]Layer{
		NewAffine(mat.NewDense(3, 3, []float64{1, -1, 0.5, 0.2, 0.3, -0.7, 1, 1, -1}), mat.NewDense(1, 3, nil)),
		wrongReLU{NewReLU()},
		NewAffine(mat.NewDense(3, 2, []float64{1, -1, 0.5, 0.2, 0.3, -0.7}), mat.NewDense(1, 2, nil)),
	})
	worst := 0.0
	for _, d := range seq.GradientCheck(x, labels) {
		worst = max(worst, d.MaxAbs)
	}
	if worst < 1e-3 {
		t.Errorf("a wrong backward pass passed the check (largest difference %g)", worst)
	}
}

// wrongReLU passes the gradient through unmasked.
type wrongReLU struct{ *ReLULayer }

func (w wrongReLU) Backward(dout *mat.Dense) *mat.Dense { return dout }

func TestMultiLayerNetLayout(t *testing.T) {
	net, err := NewMultiLayerNet(MultiLayerConfig{Input: 784, Hidden: []int{100, 50}, Output: 10, BatchNorm: true, Dropout: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := net.String(), "Affine(784×100) BatchNorm(100) ReLU Dropout(0.5) Affine(100×50) BatchNorm(50) ReLU Dropout(0.5) Affine(50×10)"; got != want {
		t.Errorf("layers %s, want %s", got, want)
	}
	var names []string
	for _, p := range net.Params() {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, " "); got != "W1 b1 gamma1 beta1 W2 b2 gamma2 beta2 W3 b3" {
		t.Errorf("params %s", got)
	}
	// He initialisation: std sqrt(2/784) ≈ 0.0505 in the first layer.
	w := net.Params()[0].Value
	if sd := stdOf(w); sd < 0.048 || sd > 0.053 {
		t.Errorf("He weights have std %v, want about 0.0505", sd)
	}
	for _, cfg := range []MultiLayerConfig{
		{Input: 2, Output: 0},
		{Input: 2, Output: 2, Activation: "swish"},
		{Input: 2, Output: 2, Init: "zeros"},
		{Input: 2, Output: 2, Dropout: 1},
	} {
		if _, err := NewMultiLayerNet(cfg); err == nil {
			t.Errorf("NewMultiLayerNet(%+v) gave no error", cfg)
		}
	}
}

func stdOf(m *mat.Dense) float64 {
	data := mat.DenseCopyOf(m).RawMatrix().Data
	var s, sq float64
	for _, v := range data {
		s += v
		sq += v * v
	}
	n := float64(len(data))
	return sqrt(sq/n - (s/n)*(s/n))
}

func TestInitializers(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for _, tt := range []struct {
		name string
		want float64
	}{{"std", 0.01}, {"xavier", 1 / sqrt(200)}, {"sigmoid", 1 / sqrt(200)}, {"he", sqrt(2.0 / 200)}, {"relu", sqrt(2.0 / 200)}, {"0.3", 0.3}} {
		init, err := NewInitializer(tt.name)
		if err != nil {
			t.Fatal(err)
		}
		w := mat.NewDense(200, 200, nil)
		init.Init(w, 200, rng)
		if sd := stdOf(w); !near(sd, tt.want, tt.want*0.02) {
			t.Errorf("%s: std %v, want %v", tt.name, sd, tt.want)
		}
	}
	a, b := mat.NewDense(3, 3, nil), mat.NewDense(3, 3, nil)
	He{}.Init(a, 3, rand.New(rand.NewSource(9)))
	He{}.Init(b, 3, rand.New(rand.NewSource(9)))
	if !mat.Equal(a, b) {
		t.Error("same seed gave different weights")
	}
}

func TestSharedParams(t *testing.T) {
	net := NewTwoLayerNet(2, 3, 2, 4)
	aff := net.Layers[0].(*Affine)
	p := net.Params()[0]
	if p != aff.W {
		t.Fatal("network and layer hold different *Param for W1")
	}
	x, labels := smallBatch(1, 4, 2, 2)
	before := net.Loss(x, labels, false)
	// An update through the optimizer is seen by the layer and the network.
	net.Gradient(x, labels)
	g := mat.DenseCopyOf(aff.W.Grad)
	NewSGD(0.5).Update(net.Params())
	if v := aff.W.Value.At(0, 0); v == p.Value.At(0, 0) && net.Loss(x, labels, false) == before {
		t.Error("optimizer update not seen through the layer")
	}
	if !mat.Equal(aff.W.Grad, g) {
		t.Error("optimizer changed the gradient")
	}
	// Writing into the shared matrix changes the prediction.
	p.Value.Zero()
	net.Params()[1].Value.Zero()
	out := net.Predict(x, false)
	for i := 0; i < 4; i++ {
		if out.At(i, 0) != out.At(0, 0) {
			t.Fatal("zeroed first layer still depends on the input")
		}
	}
	// The numerical gradient perturbs the shared values and restores them.
	snap := mat.DenseCopyOf(net.Params()[2].Value)
	net.NumericalGradient(x, labels)
	if !mat.Equal(snap, net.Params()[2].Value) {
		t.Error("NumericalGradient left a parameter changed")
	}
}

func TestSequentialWithParams(t *testing.T) {
	// A layer known only through Layer exposes its parameters via WithParams.
	inner := NewAffine(mat.NewDense(2, 2, []float64{1, 0, 0, 1}), mat.NewDense(1, 2, nil))
	hidden := struct{ Layer }{inner}
	seq := NewSequential([]Layer{hidden})
	if len(seq.Params()) != 0 {
		t.Fatal("a plain Layer reported parameters")
	}
	seq = NewSequential([]Layer{WithParams(hidden, inner.Params())})
	if len(seq.Params()) != 2 {
		t.Fatal("WithParams parameters not found")
	}
	x, labels := smallBatch(2, 5, 2, 2)
	for _, d := range seq.GradientCheck(x, labels) {
		if d.MaxAbs > 1e-6 {
			t.Errorf("%s differs by %g", d.Name, d.MaxAbs)
		}
	}
	if acc := seq.Accuracy(x, labels); acc < 0 || acc > 1 {
		t.Errorf("accuracy %v", acc)
	}
}

func TestAccuracyBatches(t *testing.T) {
	// More rows than one evaluation chunk: the chunks must add up.
	net := NewTwoLayerNet(3, 4, 3, 1)
	x, _ := smallBatch(8, 1203, 3, 3)
	pred := ArgMaxRows(nil, mat.DenseCopyOf(net.Predict(x, false)))
	if got := net.Accuracy(x, pred); got != 1 {
		t.Errorf("accuracy against its own predictions = %v, want 1", got)
	}
	wrong := make([]int, len(pred))
	for i, p := range pred {
		wrong[i] = (p + 1) % 3
	}
	if got := net.Accuracy(x, wrong); got != 0 {
		t.Errorf("accuracy against wrong labels = %v, want 0", got)
	}
}

func TestTrainingStepAllocations(t *testing.T) {
	// Small enough for gonum's serial matrix product, which allocates
	// nothing; the layers' buffers are reused from the first step on.
	net, err := NewMultiLayerNet(MultiLayerConfig{Input: 6, Hidden: []int{8, 8}, Output: 3, BatchNorm: true, Dropout: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	x, labels := smallBatch(1, 10, 6, 3)
	opt := NewAdam(0.01, 0.9, 0.999)
	params := net.Params()
	step := func() {
		net.Gradient(x, labels)
		opt.Update(params)
	}
	step()
	if n := testing.AllocsPerRun(20, step); n != 0 {
		t.Errorf("a training step allocates %v times", n)
	}
}
