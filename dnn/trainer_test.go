package dnn

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/gocell/gocell/kernel/interrupt"
	"gonum.org/v1/gonum/mat"
)

// moons returns n points of two interleaving half circles with noise.
func moons(n int, seed int64) Data {
	rng := rand.New(rand.NewSource(seed))
	x := mat.NewDense(n, 2, nil)
	labels := make([]int, n)
	for i := 0; i < n; i++ {
		a := rng.Float64() * math.Pi
		px, py := math.Cos(a), math.Sin(a)
		if i%2 == 1 {
			px, py = 1-px, 0.5-py
			labels[i] = 1
		}
		x.Set(i, 0, px+rng.NormFloat64()*0.1)
		x.Set(i, 1, py+rng.NormFloat64()*0.1)
	}
	return NewData(x, labels)
}

func TestTrainerSeparatesMoons(t *testing.T) {
	net := NewTwoLayerNet(2, 10, 2, 1)
	var log bytes.Buffer
	tr := &Trainer{Model: net, OptimizerName: "adam", LR: 0.05, Epochs: 30, BatchSize: 20, Seed: 1, Log: &log}
	h, err := tr.Train(moons(400, 1), moons(200, 2))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(h.TestAcc); n != 30 {
		t.Fatalf("%d test accuracies, want 30", n)
	}
	if acc := h.TestAcc[29]; acc < 0.95 {
		t.Errorf("moons test accuracy %v, want >= 0.95", acc)
	}
	if len(h.Loss) != 30*20 {
		t.Errorf("%d losses, want %d", len(h.Loss), 30*20)
	}
	if first, last := h.Loss[0], h.Loss[len(h.Loss)-1]; last > first/2 {
		t.Errorf("loss went from %v to %v", first, last)
	}
	if lines := strings.Count(log.String(), "\n"); lines != 30 || !strings.HasPrefix(log.String(), "epoch 1/30: loss ") {
		t.Errorf("log has %d lines: %q", lines, log.String()[:min(80, log.Len())])
	}
}

func runOnce(t *testing.T, shuffle bool) (*History, *mat.Dense) {
	net, err := NewMultiLayerNet(MultiLayerConfig{Input: 2, Hidden: []int{8, 8}, Output: 2, BatchNorm: true, Dropout: 0.1, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	tr := &Trainer{Model: net, Optimizer: NewMomentum(0.05, 0.9), Epochs: 3, BatchSize: 16, Seed: 9, Shuffle: shuffle, EvalSample: 50}
	h, err := tr.Train(moons(100, 4), nil)
	if err != nil {
		t.Fatal(err)
	}
	return h, mat.DenseCopyOf(net.Params()[0].Value)
}

func TestTrainerDeterministic(t *testing.T) {
	for _, shuffle := range []bool{false, true} {
		h1, w1 := runOnce(t, shuffle)
		h2, w2 := runOnce(t, shuffle)
		if !mat.Equal(w1, w2) {
			t.Errorf("shuffle=%v: same seed gave different weights", shuffle)
		}
		for i := range h1.Loss {
			if h1.Loss[i] != h2.Loss[i] {
				t.Fatalf("shuffle=%v: loss %d differs: %v vs %v", shuffle, i, h1.Loss[i], h2.Loss[i])
			}
		}
		if len(h1.TestAcc) != 0 || len(h1.TrainAcc) != 3 {
			t.Errorf("without test data: %d test and %d train accuracies", len(h1.TestAcc), len(h1.TrainAcc))
		}
	}
}

// spyData records the indices the trainer asks for.
type spyData struct {
	Data
	seen map[int]int
}

func (s *spyData) Batch(x *mat.Dense, labels []int, idx []int) {
	for _, i := range idx {
		s.seen[i]++
	}
	s.Data.Batch(x, labels, idx)
}

func TestTrainerSampling(t *testing.T) {
	for _, shuffle := range []bool{false, true} {
		spy := &spyData{Data: moons(100, 1), seen: map[int]int{}}
		var steps, epochs int
		var last StepInfo
		tr := &Trainer{Model: NewTwoLayerNet(2, 3, 2, 1), Epochs: 2, BatchSize: 10, Shuffle: shuffle, EvalSample: 1,
			OnStep:  func(s StepInfo) { steps++; last = s },
			OnEpoch: func(e EpochInfo) { epochs++ },
		}
		if _, err := tr.Train(spy, nil); err != nil {
			t.Fatal(err)
		}
		if steps != 20 || epochs != 2 || last.Step != 20 || last.Steps != 20 || last.Epoch != 2 {
			t.Errorf("shuffle=%v: %d steps, %d epochs, last %+v", shuffle, steps, epochs, last)
		}
		// Each evaluation reads example 0 once (EvalSample 1).
		spy.seen[0] -= 2
		if shuffle {
			for i := 0; i < 100; i++ {
				if spy.seen[i] != 2 {
					t.Fatalf("shuffled epochs: example %d seen %d times in 2 epochs", i, spy.seen[i])
				}
			}
		} else if len(spy.seen) == 100 && allEqual(spy.seen) {
			t.Error("sampling with replacement visited every example equally often")
		}
	}
}

func allEqual(m map[int]int) bool {
	for _, v := range m {
		if v != m[0] {
			return false
		}
	}
	return true
}

func TestTrainerCancel(t *testing.T) {
	train := moons(200, 1)
	x := mat.NewDense(200, 2, nil)
	labels := make([]int, 200)
	idx := make([]int, 200)
	for i := range idx {
		idx[i] = i
	}
	train.Batch(x, labels, idx)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	net := NewTwoLayerNet(2, 5, 2, 1)
	tr := &Trainer{Model: net, Epochs: 100, BatchSize: 10, OnStep: func(s StepInfo) {
		if s.Step == 3 {
			cancel()
		}
	}}
	h, err := tr.TrainContext(ctx, train, nil)
	if !errors.Is(err, context.Canceled) || h == nil || len(h.Loss) != 3 {
		t.Fatalf("cancelled training: err %v, history %v", err, h)
	}
	if acc := net.Accuracy(x, labels); acc <= 0 || acc > 1 {
		t.Errorf("net unusable after cancel: accuracy %v", acc)
	}

	defer interrupt.Begin()
	tr.OnStep = func(s StepInfo) {
		if s.Step == 2 {
			interrupt.Request()
		}
	}
	h, err = tr.Train(train, nil)
	if !errors.Is(err, interrupt.ErrInterrupted) || len(h.Loss) != 2 {
		t.Fatalf("interrupted training: err %v, %d steps", err, len(h.Loss))
	}
	interrupt.Begin()
	if _, err := tr.Train(train, nil); !errors.Is(err, interrupt.ErrInterrupted) {
		t.Fatalf("second run (interrupt at step 2 again): %v", err)
	}
}

func TestTrainerErrors(t *testing.T) {
	d := moons(10, 1)
	for _, tr := range []*Trainer{
		{},
		{Model: NewTwoLayerNet(2, 2, 2, 1), OptimizerName: "adamax"},
	} {
		if _, err := tr.Train(d, nil); err == nil {
			t.Errorf("%+v: no error", tr)
		}
	}
	tr := &Trainer{Model: NewTwoLayerNet(2, 2, 2, 1)}
	if _, err := tr.Train(d, NewData(mat.NewDense(1, 3, nil), []int{0})); err == nil {
		t.Error("test data with 3 features: no error")
	}
}

func TestTrainerCancelInEvaluation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	epochs := 0
	tr := &Trainer{Model: NewTwoLayerNet(2, 3, 2, 1), Epochs: 3, BatchSize: 10,
		OnStep: func(s StepInfo) {
			if s.Step == 10 { // the last step of epoch 1: stop during its evaluation
				cancel()
			}
		},
		OnEpoch: func(EpochInfo) { epochs++ },
	}
	h, err := tr.TrainContext(ctx, moons(100, 1), moons(50, 2))
	if !errors.Is(err, context.Canceled) || len(h.Loss) != 10 || len(h.TrainAcc) != 0 || epochs != 0 {
		t.Errorf("err %v, %d losses, %d accuracies, %d epoch callbacks", err, len(h.Loss), len(h.TrainAcc), epochs)
	}
}

// TestTrainerOptimizerFollowsName: a learner who trains, then sets
// OptimizerName or LR and trains again, gets the optimizer asked for (the
// one made first used to be kept silently); training again with neither
// changed keeps the optimizer and its state, and an Optimizer set by hand
// is never replaced.
func TestTrainerOptimizerFollowsName(t *testing.T) {
	d := moons(20, 1)
	tr := &Trainer{Model: NewTwoLayerNet(2, 3, 2, 1), OptimizerName: "adam"}
	train := func() {
		t.Helper()
		if _, err := tr.Train(d, nil); err != nil {
			t.Fatal(err)
		}
	}
	train()
	first, ok := tr.Optimizer.(*Adam)
	if !ok {
		t.Fatalf("optimizer %T, want *Adam", tr.Optimizer)
	}
	train()
	if tr.Optimizer != first {
		t.Error("a second Train with the same name made a new optimizer")
	}
	tr.OptimizerName = "momentum"
	train()
	if _, ok := tr.Optimizer.(*Momentum); !ok {
		t.Errorf("after OptimizerName = momentum: %T", tr.Optimizer)
	}
	tr.LR = 0.5
	train()
	if m, ok := tr.Optimizer.(*Momentum); !ok || m.LR != 0.5 {
		t.Errorf("after LR = 0.5: %#v", tr.Optimizer)
	}
	own := NewSGD(0.1)
	tr.Optimizer = own
	tr.OptimizerName = "adam"
	train()
	if tr.Optimizer != own {
		t.Errorf("an Optimizer set by hand was replaced by %T", tr.Optimizer)
	}
}

// TestTrainerPrintsShort: a cell ending in the trainer shows its fields;
// what Train keeps about the optimizer it made must not show the
// optimizer's state a second time. The kernel's formatter expands nested
// pointers and interfaces, so every unexported field must be one it
// prints as an address: a func.
func TestTrainerPrintsShort(t *testing.T) {
	typ := reflect.TypeOf(Trainer{})
	for i := 0; i < typ.NumField(); i++ {
		if f := typ.Field(i); !f.IsExported() && f.Type.Kind() != reflect.Func {
			t.Errorf("unexported field %s of kind %s", f.Name, f.Type.Kind())
		}
	}
}

// TestTrainerLogWithoutTestData: the log line leaves out the test accuracy
// when there is no test data (it printed "test acc NaN").
func TestTrainerLogWithoutTestData(t *testing.T) {
	for _, withTest := range []bool{false, true} {
		var log bytes.Buffer
		tr := &Trainer{Model: NewTwoLayerNet(2, 3, 2, 1), Epochs: 1, Log: &log}
		var test Data
		if withTest {
			test = moons(10, 2)
		}
		if _, err := tr.Train(moons(20, 1), test); err != nil {
			t.Fatal(err)
		}
		line := log.String()
		if strings.Contains(line, "NaN") || strings.Contains(line, "test acc") != withTest {
			t.Errorf("with test data %v: %q", withTest, line)
		}
	}
}
