package dnn_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"

	"github.com/gocell/gocell/dnn"
	"gonum.org/v1/gonum/mat"
)

// xor returns n noisy points of the XOR problem: class 1 where the signs of
// the coordinates differ.
func xor(n int, seed int64) (*mat.Dense, []int) {
	rng := rand.New(rand.NewSource(seed))
	x := mat.NewDense(n, 2, nil)
	labels := make([]int, n)
	for i := 0; i < n; i++ {
		a, b := rng.Float64()*2-1, rng.Float64()*2-1
		x.Set(i, 0, a)
		x.Set(i, 1, b)
		if (a > 0) != (b > 0) {
			labels[i] = 1
		}
	}
	return x, labels
}

func ExampleSoftmax() {
	// Each row is shifted by its own maximum, so extreme scores are exact.
	x := mat.NewDense(2, 3, []float64{1000, 1000, -1000, 1, 2, 3})
	y := dnn.Softmax(nil, x)
	fmt.Printf("%.4f\n", mat.Formatted(y))
	fmt.Printf("loss %.4f\n", dnn.CrossEntropy(y, []int{0, 2}))
	// Output:
	// ⎡0.5000  0.5000  0.0000⎤
	// ⎣0.0900  0.2447  0.6652⎦
	// loss 0.5504
}

func ExampleNewOptimizer() {
	opt, _ := dnn.NewOptimizer("adam", 0)
	fmt.Println(opt)
	_, err := dnn.NewOptimizer("adamw", 0)
	fmt.Println(err)
	// Output:
	// Adam(lr=0.001, beta1=0.9, beta2=0.999)
	// dnn: unknown optimizer "adamw" (valid: sgd, momentum, nesterov, adagrad, rmsprop, adam)
}

func ExampleAdam() {
	// One parameter, one step: the textbook's Adam moves each weight by
	// about the learning rate on its first step, whatever the gradient's size.
	p := dnn.NewParam("w", mat.NewDense(1, 2, []float64{1, 1}))
	p.Grad.SetRow(0, []float64{0.001, -50})
	dnn.NewAdam(0.001, 0.9, 0.999).Update([]*dnn.Param{p})
	fmt.Printf("%.5f %.5f\n", p.Value.At(0, 0), p.Value.At(0, 1))
	// Output:
	// 0.99900 1.00100
}

func ExampleTwoLayerNet() {
	x, labels := xor(200, 1)
	net := dnn.NewTwoLayerNet(2, 8, 2, 1)
	opt := dnn.NewAdam(0.05, 0.9, 0.999)
	for step := 0; step < 300; step++ {
		net.Gradient(x, labels) // backpropagation fills each Param's Grad
		opt.Update(net.Params())
	}
	fmt.Println(net)
	fmt.Printf("accuracy above 0.95: %v\n", net.Accuracy(x, labels) > 0.95)
	// Output:
	// Affine(2×8) Tanh Affine(8×2)
	// accuracy above 0.95: true
}

func ExampleMultiLayerNet_GradientCheck() {
	net, _ := dnn.NewMultiLayerNet(dnn.MultiLayerConfig{
		Input: 2, Hidden: []int{5, 5}, Output: 2, BatchNorm: true, Dropout: 0.2, Seed: 1,
	})
	x, labels := xor(10, 2)
	// The loss's 1e-7 guard inside the logarithm, which backpropagation
	// ignores as the textbook does, accounts for differences near 1e-7.
	for _, d := range net.GradientCheck(x, labels) {
		fmt.Printf("%s:%v ", d.Name, d.MaxAbs < 1e-6)
	}
	fmt.Println()
	// Output:
	// W1:true b1:true gamma1:true beta1:true W2:true b2:true gamma2:true beta2:true W3:true b3:true
}

func ExampleTrainer() {
	x, labels := xor(500, 1)
	tx, tlabels := xor(200, 2)
	net, _ := dnn.NewMultiLayerNet(dnn.MultiLayerConfig{Input: 2, Hidden: []int{16}, Output: 2, Activation: "tanh", Seed: 1})
	tr := &dnn.Trainer{
		Model: net, OptimizerName: "adam", LR: 0.02,
		Epochs: 10, BatchSize: 25, Seed: 1,
		OnEpoch: func(e dnn.EpochInfo) {
			if e.Epoch == e.Epochs {
				fmt.Printf("epoch %d, step %d: test accuracy above 0.9: %v\n", e.Epoch, e.Step, e.TestAcc > 0.9)
			}
		},
	}
	h, err := tr.Train(dnn.NewData(x, labels), dnn.NewData(tx, tlabels))
	fmt.Println(len(h.Loss), "losses,", len(h.TestAcc), "accuracies,", err)
	// Output:
	// epoch 10, step 200: test accuracy above 0.9: true
	// 200 losses, 10 accuracies, <nil>
}

func ExampleSave() {
	x, labels := xor(100, 1)
	net, _ := dnn.NewMultiLayerNet(dnn.MultiLayerConfig{Input: 2, Hidden: []int{8}, Output: 2, BatchNorm: true, Seed: 1})
	opt := dnn.NewAdam(0.01, 0.9, 0.999)
	for i := 0; i < 20; i++ {
		net.Gradient(x, labels)
		opt.Update(net.Params())
	}
	var file bytes.Buffer
	if err := dnn.Save(&file, net, opt); err != nil {
		fmt.Println(err)
	}
	saved := file.Bytes()

	// The same architecture gets identical predictions back.
	same, _ := dnn.NewMultiLayerNet(dnn.MultiLayerConfig{Input: 2, Hidden: []int{8}, Output: 2, BatchNorm: true, Seed: 2})
	err := dnn.Load(bytes.NewReader(saved), same, dnn.NewAdam(0.01, 0.9, 0.999))
	a, b := mat.DenseCopyOf(net.Predict(x, false)), same.Predict(x, false)
	fmt.Println(err, mat.Equal(a, b))

	// Another architecture is refused.
	other, _ := dnn.NewMultiLayerNet(dnn.MultiLayerConfig{Input: 2, Hidden: []int{4}, Output: 2, Seed: 1})
	fmt.Println(dnn.Load(bytes.NewReader(saved), other, nil))
	// Output:
	// <nil> true
	// dnn: load: the file holds a network "Affine(2×8) BatchNorm(8) ReLU Affine(8×2)", this one is "Affine(2×4) ReLU Affine(4×2)"
}

func ExampleWithParams() {
	// A layer that only implements Layer (as one written in a notebook cell
	// is seen by compiled code) exposes its parameters through WithParams.
	inner := dnn.NewAffine(mat.NewDense(2, 2, []float64{1, 0, 0, 1}), mat.NewDense(1, 2, nil))
	var plain dnn.Layer = struct{ dnn.Layer }{inner}
	net := dnn.NewSequential([]dnn.Layer{dnn.WithParams(plain, inner.Params())})
	fmt.Println(len(net.Params()), "parameters")
	_ = math.Pi
	// Output:
	// 2 parameters
}
