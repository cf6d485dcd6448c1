package dnn_test

import (
	"math/rand"
	"syscall"
	"testing"

	"github.com/gocell/gocell/dnn"
	"github.com/gocell/gocell/dnn/mnist"
	"gonum.org/v1/gonum/mat"
)

// benchEpoch trains one epoch (600 steps of batch 100 over the 60,000
// MNIST training images) of 784-100-100-100-100-100-10, ReLU, He, Adam
// per iteration; evaluation is limited to 100 images so that the number is
// the training step's cost. Report with: go test -bench Epoch -benchtime 2x ./dnn
func benchEpoch(b *testing.B, batchNorm bool) {
	train, err := mnist.Train()
	if err != nil {
		b.Fatal(err)
	}
	net, err := dnn.NewMultiLayerNet(dnn.MultiLayerConfig{
		Input: 784, Hidden: []int{100, 100, 100, 100, 100}, Output: 10, BatchNorm: batchNorm, Seed: 1,
	})
	if err != nil {
		b.Fatal(err)
	}
	tr := &dnn.Trainer{Model: net, Optimizer: dnn.NewAdam(0.001, 0.9, 0.999), Epochs: 1, BatchSize: 100, EvalSample: 100, Shuffle: true}
	b.ReportAllocs()
	cpu0 := cpuSeconds()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := tr.Train(train, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/epoch")
	// On a shared machine the CPU time is the steadier number.
	b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/epoch")
}

func BenchmarkEpoch(b *testing.B)          { benchEpoch(b, false) }
func BenchmarkEpochBatchNorm(b *testing.B) { benchEpoch(b, true) }

// cpuSeconds returns the user and system CPU time of the process.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

// BenchmarkAdam is one Adam step over the parameters of the Epoch
// benchmark's network (784-100×5-10, about 120,000 values).
func BenchmarkAdam(b *testing.B) {
	sizes := [][2]int{{784, 100}, {1, 100}, {100, 100}, {1, 100}, {100, 100}, {1, 100}, {100, 100}, {1, 100}, {100, 100}, {1, 100}, {100, 10}, {1, 10}}
	var ps []*dnn.Param
	for _, s := range sizes {
		p := dnn.NewParam("p", mat.NewDense(s[0], s[1], nil))
		g := p.Grad.RawMatrix().Data
		for i := range g {
			g[i] = float64(i%7) - 3
		}
		ps = append(ps, p)
	}
	opt := dnn.NewAdam(0.001, 0.9, 0.999)
	opt.Update(ps)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		opt.Update(ps)
	}
}

// BenchmarkReLU is the forward and backward pass of a ReLU layer on a
// batch of 100×100, the Epoch benchmark's hidden layers. It cycles through
// 32 batches of random signs so that, as in training, the branch
// predictor cannot learn them.
func BenchmarkReLU(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	var xs, douts [32]*mat.Dense
	for k := range xs {
		xs[k], douts[k] = mat.NewDense(100, 100, nil), mat.NewDense(100, 100, nil)
		for i := range xs[k].RawMatrix().Data {
			xs[k].RawMatrix().Data[i] = rng.NormFloat64()
			douts[k].RawMatrix().Data[i] = rng.NormFloat64()
		}
	}
	l := dnn.NewReLU()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l.Forward(xs[i%len(xs)], true)
		l.Backward(douts[i%len(xs)])
	}
}
