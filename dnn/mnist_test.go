package dnn_test

import (
	"testing"

	"github.com/gocell/gocell/dnn"
	"github.com/gocell/gocell/dnn/mnist"
	"gonum.org/v1/gonum/mat"
)

// TestMNIST trains 784-100-100-10 (ReLU, He, Adam) on the embedded MNIST
// set and requires 97% test accuracy, the textbook's result.
func TestMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on 60,000 images")
	}
	train, err := mnist.Train()
	if err != nil {
		t.Fatal(err)
	}
	test, err := mnist.Test()
	if err != nil {
		t.Fatal(err)
	}
	net, err := dnn.NewMultiLayerNet(dnn.MultiLayerConfig{Input: 784, Hidden: []int{100, 100}, Output: 10, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tr := &dnn.Trainer{Model: net, OptimizerName: "adam", Epochs: 8, BatchSize: 100, Shuffle: true, Seed: 1, EvalSample: 1000}
	h, err := tr.Train(train, test)
	if err != nil {
		t.Fatal(err)
	}
	x, labels := dense(test)
	acc := net.Accuracy(x, labels)
	t.Logf("test accuracy %.4f after %d epochs (%.1fs); per epoch %v", acc, tr.Epochs, h.Elapsed.Seconds(), h.TestAcc)
	if acc < 0.97 {
		t.Errorf("MNIST test accuracy %.4f, want >= 0.97", acc)
	}
}

// dense returns a whole data set as a matrix and labels.
func dense(d dnn.Data) (*mat.Dense, []int) {
	n := d.Len()
	x := mat.NewDense(n, d.Features(), nil)
	labels := make([]int, n)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	d.Batch(x, labels, idx)
	return x, labels
}
