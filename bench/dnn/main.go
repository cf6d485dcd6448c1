// Command dnn is the speed benchmark of package dnn: it trains the
// 784-100-100-100-100-100-10 network of the issue (ReLU, He initialisation,
// Adam with learning rate 0.001, batches of 100, shuffled epochs over the
// 60,000 MNIST training images) and reports seconds per epoch, test
// accuracy on the 10,000 test images and peak memory, as one line that
// run.sh sets beside numpy_mlp.py's:
//
//	RESULT impl=go bn=0 epochs=3 sec_per_epoch=1.230 min_sec_per_epoch=1.200 cpu_sec_per_epoch=1.500 test_acc=0.9712 peak_mib=142 blas=gonum
//
// blas= says which matrix products ran: gonum's pure Go, or OpenBLAS (with
// its thread count) in a build with -tags openblas.
//
// Usage:
//
//	go run ./bench/dnn -epochs 3            # one run, without batch norm
//	go run -tags openblas ./bench/dnn -bn   # with batch norm, on OpenBLAS
//	go run ./bench/dnn -export DIR         # write MNIST as idx files for numpy_mlp.py
//
// Run one configuration per process: peak memory (VmHWM) is per process.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/gocell/gocell/dnn"
	"github.com/gocell/gocell/dnn/mnist"
	"github.com/gocell/gocell/dnn/openblas"
)

func main() {
	epochs := flag.Int("epochs", 3, "training epochs")
	bn := flag.Bool("bn", false, "insert batch normalisation after each hidden affine layer")
	seed := flag.Int64("seed", 1, "seed for weights and shuffling")
	impl := flag.String("impl", "go", "name printed as impl= in the RESULT line")
	export := flag.String("export", "", "write MNIST as uncompressed idx files into this directory and exit")
	flag.Parse()
	if *export != "" {
		if err := exportIDX(*export); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*impl, *epochs, *bn, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(impl string, epochs int, bn bool, seed int64) error {
	train, err := mnist.Train()
	if err != nil {
		return err
	}
	test, err := mnist.Test()
	if err != nil {
		return err
	}
	net, err := dnn.NewMultiLayerNet(dnn.MultiLayerConfig{
		Input:      mnist.Features,
		Hidden:     []int{100, 100, 100, 100, 100},
		Output:     mnist.Classes,
		Activation: "relu",
		Init:       "he",
		BatchNorm:  bn,
		Seed:       seed,
	})
	if err != nil {
		return err
	}
	// Time only the training steps: each epoch runs from the end of the
	// previous epoch's evaluation to its own last step.
	var trainTime, epochStart time.Duration
	fastest := time.Duration(1<<63 - 1)
	cpuStart := cpuTime()
	var cpuTrain, cpuEpochStart time.Duration
	stepsPerEpoch := train.Len() / 100
	tr := &dnn.Trainer{
		Model:         net,
		OptimizerName: "adam",
		LR:            0.001,
		Epochs:        epochs,
		BatchSize:     100,
		Shuffle:       true,
		Seed:          seed,
		EvalSample:    1, // the test accuracy is measured once, below
		OnStep: func(s dnn.StepInfo) {
			if s.Step%stepsPerEpoch == 0 {
				took := s.Elapsed - epochStart
				trainTime += took
				fastest = min(fastest, took)
				c := cpuTime() - cpuStart
				cpuTrain += c - cpuEpochStart
				fmt.Fprintf(os.Stderr, "%s bn=%d epoch %d: %.3f s, loss %.4f\n", impl, b2i(bn), s.Epoch, took.Seconds(), s.Loss)
			}
		},
		OnEpoch: func(e dnn.EpochInfo) {
			epochStart = e.Elapsed
			cpuEpochStart = cpuTime() - cpuStart
		},
	}
	if _, err := tr.Train(train, nil); err != nil {
		return err
	}
	acc := testAccuracy(net, test)
	blas := "gonum"
	if openblas.Available() {
		blas = fmt.Sprintf("openblas/%d", openblas.Threads())
	}
	fmt.Printf("RESULT impl=%s bn=%d epochs=%d sec_per_epoch=%.3f min_sec_per_epoch=%.3f cpu_sec_per_epoch=%.3f test_acc=%.4f peak_mib=%.0f blas=%s\n",
		impl, b2i(bn), epochs, trainTime.Seconds()/float64(epochs), fastest.Seconds(), cpuTrain.Seconds()/float64(epochs), acc, peakMiB(), blas)
	return nil
}

func testAccuracy(net dnn.Model, test dnn.Data) float64 {
	const batch = 1000
	x := mat.NewDense(batch, test.Features(), nil)
	labels := make([]int, batch)
	idx := make([]int, batch)
	var pred []int
	hits := 0
	for start := 0; start+batch <= test.Len(); start += batch {
		for i := range idx {
			idx[i] = start + i
		}
		test.Batch(x, labels, idx)
		pred = dnn.ArgMaxRows(pred, net.Predict(x, false))
		for i, p := range pred {
			if p == labels[i] {
				hits++
			}
		}
	}
	return float64(hits) / float64(test.Len()/batch*batch)
}

func exportIDX(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, part := range []struct {
		prefix string
		load   func() (*mnist.Set, error)
	}{{"train", mnist.Train}, {"t10k", mnist.Test}} {
		s, err := part.load()
		if err != nil {
			return err
		}
		fi, err := os.Create(filepath.Join(dir, part.prefix+"-images-idx3-ubyte"))
		if err != nil {
			return err
		}
		fl, err := os.Create(filepath.Join(dir, part.prefix+"-labels-idx1-ubyte"))
		if err != nil {
			fi.Close()
			return err
		}
		err = s.WriteIDX(fi, fl)
		for _, f := range []*os.File{fi, fl} {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// peakMiB returns the process's peak resident set size (VmHWM).
func peakMiB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err == nil {
				return kb / 1024
			}
		}
	}
	return -1
}

// cpuTime returns the user plus system time the process has used, which
// the wall-clock time exceeds when other processes share the cores.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
