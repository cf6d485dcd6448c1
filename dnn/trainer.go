package dnn

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand"
	"strings"
	"time"

	"github.com/gocell/gocell/kernel/interrupt"
	"gonum.org/v1/gonum/mat"
)

// Trainer trains a Model by mini-batch gradient descent, as the
// textbook's Trainer. Set Model and Train's data; every other field has a
// default.
//
// Each epoch has max(N/BatchSize, 1) steps. By default each step draws its
// batch at random with replacement, as the textbook's np.random.choice;
// with Shuffle each epoch visits a fresh permutation of the examples in
// consecutive batches, leaving out the N mod BatchSize examples that do not
// fill one. The loss recorded for a step is the one of its forward pass,
// before the update (the textbook computes it again after the update, at
// the cost of a third pass). After each epoch the accuracy is measured in
// test mode on the first EvalSample examples of the training data and of
// the test data.
//
// The same Seed, model and data give the same numbers on the same build;
// builds with a different matrix-product implementation may differ in the
// last bits.
type Trainer struct {
	// Model is the network to train.
	Model Model
	// Optimizer updates the parameters; when nil it is made from
	// OptimizerName and LR with NewOptimizer and stored here, so that a
	// second Train continues with the optimizer's state. Changing
	// OptimizerName or LR after that makes the next Train start a new one
	// (an Optimizer set by hand stays).
	Optimizer Optimizer
	// OptimizerName is used when Optimizer is nil; default "sgd".
	OptimizerName string
	// LR is the learning rate used with OptimizerName; 0 means the
	// optimizer's default.
	LR float64
	// Epochs defaults to 1 and BatchSize to 100.
	Epochs, BatchSize int
	// EvalSample is the number of examples of each set the per-epoch
	// accuracy uses; 0 means all.
	EvalSample int
	// Shuffle selects shuffled epochs instead of sampling with replacement.
	Shuffle bool
	// Seed seeds the batch sampling.
	Seed int64
	// Log receives a line per epoch; nil is silent.
	Log io.Writer
	// OnStep, if set, is called after every step.
	OnStep func(StepInfo)
	// OnEpoch, if set, is called after every epoch's evaluation.
	OnEpoch func(EpochInfo)

	// made tells, for the Optimizer Train made, the name and learning
	// rate it was made from (ok is false for any other optimizer). A func,
	// so that a cell ending in the trainer shows one short field: the
	// kernel's formatter expands pointers and would print the optimizer's
	// state a second time.
	made func(o Optimizer) (name string, lr float64, ok bool)
}

// StepInfo describes a finished training step.
type StepInfo struct {
	// Step counts from 1 over the whole run; Steps is the run's total.
	Step, Steps int
	// Epoch counts from 1.
	Epoch int
	// Loss is the step's training loss.
	Loss float64
	// Elapsed is the time since training started.
	Elapsed time.Duration
}

// EpochInfo describes a finished epoch.
type EpochInfo struct {
	// Epoch counts from 1 up to Epochs.
	Epoch, Epochs int
	// Step is the number of steps done so far.
	Step int
	// Loss is the mean training loss of the epoch's steps.
	Loss float64
	// TrainAcc and TestAcc are the accuracies on the evaluation samples;
	// TestAcc is NaN without test data.
	TrainAcc, TestAcc float64
	// Elapsed is the time since training started.
	Elapsed time.Duration
}

// History is what a training run recorded.
type History struct {
	// Loss holds each step's loss.
	Loss []float64
	// TrainAcc and TestAcc hold each epoch's accuracies (TestAcc stays
	// empty without test data).
	TrainAcc, TestAcc []float64
	// Elapsed is the run's duration.
	Elapsed time.Duration
}

// Train is TrainContext with a context that is never cancelled; the
// notebook's interrupt still stops it.
func (t *Trainer) Train(train, test Data) (*History, error) {
	return t.TrainContext(context.Background(), train, test)
}

// TrainContext trains t.Model on train, evaluating on train and test
// (which may be nil) after every epoch. It stops within a step (or an
// evaluation batch) when ctx is done or the running cell is interrupted (kernel/interrupt) and then
// returns the history so far with an error wrapping ctx.Err() or
// interrupt.ErrInterrupted; the model stays usable, holding the
// parameters of the last finished step.
func (t *Trainer) TrainContext(ctx context.Context, train, test Data) (*History, error) {
	if t.Model == nil {
		return nil, errors.New("dnn: Trainer: no Model")
	}
	if train == nil || train.Len() == 0 {
		return nil, errors.New("dnn: Trainer: no training data")
	}
	if m, ok := t.Model.(interface{ inputs() int }); ok {
		if in := m.inputs(); in > 0 && in != train.Features() {
			return nil, fmt.Errorf("dnn: Trainer: the model takes %d inputs per example, the training data has %d features", in, train.Features())
		}
	}
	if test != nil && test.Features() != train.Features() {
		return nil, fmt.Errorf("dnn: Trainer: test data has %d features, training data %d", test.Features(), train.Features())
	}
	opt := t.Optimizer
	name := strings.ToLower(strings.TrimSpace(t.OptimizerName))
	if name == "" {
		name = "sgd"
	}
	if opt != nil && t.made != nil {
		if n, lr, ok := t.made(opt); ok && (n != name || lr != t.LR) {
			// A learner comparing optimizers sets OptimizerName and trains
			// again: the one made for the old name must not stay silently.
			opt = nil
		}
	}
	if opt == nil {
		var err error
		if opt, err = NewOptimizer(name, t.LR); err != nil {
			// NewOptimizer's error says "dnn: " already.
			return nil, fmt.Errorf("dnn: Trainer: %w", errors.Unwrap(err))
		}
		t.Optimizer = opt
		made, lr := opt, t.LR
		t.made = func(o Optimizer) (string, float64, bool) { return name, lr, o == made }
	}
	epochs, batch := t.Epochs, t.BatchSize
	if epochs <= 0 {
		epochs = 1
	}
	if batch <= 0 {
		batch = 100
	}
	n := train.Len()
	if batch > n {
		batch = n
	}
	perEpoch := n / batch
	total := perEpoch * epochs

	start := time.Now()
	h := &History{Loss: make([]float64, 0, total)}
	rng := rand.New(rand.NewSource(t.Seed))
	params := t.Model.Params()
	x := mat.NewDense(batch, train.Features(), nil)
	labels := make([]int, batch)
	idx := make([]int, batch)
	var perm []int
	ev := evaluator{model: t.Model, sample: t.EvalSample, ctx: ctx}
	step := 0
	for e := 1; e <= epochs; e++ {
		if t.Shuffle {
			perm = rng.Perm(n)
		}
		sum := 0.0
		for s := 0; s < perEpoch; s++ {
			if err := stopped(ctx); err != nil {
				h.Elapsed = time.Since(start)
				return h, fmt.Errorf("dnn: training stopped after %d of %d steps: %w", step, total, err)
			}
			for i := range idx {
				if t.Shuffle {
					idx[i] = perm[s*batch+i]
				} else {
					idx[i] = rng.Intn(n)
				}
			}
			train.Batch(x, labels, idx)
			loss := t.Model.Gradient(x, labels)
			opt.Update(params)
			step++
			sum += loss
			h.Loss = append(h.Loss, loss)
			if t.OnStep != nil {
				t.OnStep(StepInfo{Step: step, Steps: total, Epoch: e, Loss: loss, Elapsed: time.Since(start)})
			}
		}
		info := EpochInfo{Epoch: e, Epochs: epochs, Step: step, Loss: sum / float64(perEpoch), TestAcc: math.NaN()}
		var err error
		if info.TrainAcc, err = ev.accuracy(train); err == nil && test != nil && test.Len() > 0 {
			info.TestAcc, err = ev.accuracy(test)
		}
		if err != nil {
			h.Elapsed = time.Since(start)
			return h, fmt.Errorf("dnn: training stopped in the evaluation after %d of %d steps: %w", step, total, err)
		}
		h.TrainAcc = append(h.TrainAcc, info.TrainAcc)
		if test != nil && test.Len() > 0 {
			h.TestAcc = append(h.TestAcc, info.TestAcc)
		}
		info.Elapsed = time.Since(start)
		if t.Log != nil {
			testAcc := "" // no test data: no "test acc NaN"
			if !math.IsNaN(info.TestAcc) {
				testAcc = fmt.Sprintf(", test acc %.4f", info.TestAcc)
			}
			fmt.Fprintf(t.Log, "epoch %d/%d: loss %.4f, train acc %.4f%s (%.1fs)\n",
				e, epochs, info.Loss, info.TrainAcc, testAcc, info.Elapsed.Seconds())
		}
		if t.OnEpoch != nil {
			t.OnEpoch(info)
		}
	}
	h.Elapsed = time.Since(start)
	return h, nil
}

// stopped reports why training must stop, or nil.
func stopped(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return interrupt.Err()
}

// evaluator measures accuracy in batches with reusable buffers, stopping
// between batches when asked to.
type evaluator struct {
	model  Model
	ctx    context.Context
	sample int
	x      *mat.Dense
	labels []int
	idx    []int
	pred   []int
}

func (e *evaluator) accuracy(d Data) (float64, error) {
	n := d.Len()
	if e.sample > 0 && e.sample < n {
		n = e.sample
	}
	right := 0
	for i := 0; i < n; i += evalRows {
		if err := stopped(e.ctx); err != nil {
			return math.NaN(), err
		}
		j := i + evalRows
		if j > n {
			j = n
		}
		e.idx = e.idx[:0]
		for k := i; k < j; k++ {
			e.idx = append(e.idx, k)
		}
		e.x = resize(e.x, j-i, d.Features())
		if cap(e.labels) < j-i {
			e.labels = make([]int, j-i)
		}
		e.labels = e.labels[:j-i]
		d.Batch(e.x, e.labels, e.idx)
		var scores *mat.Dense
		if m, ok := e.model.(interface {
			scores(*mat.Dense, bool) *mat.Dense
		}); ok {
			scores = m.scores(e.x, false) // no copy per evaluation batch
		} else {
			scores = e.model.Predict(e.x, false)
		}
		e.pred = ArgMaxRows(e.pred, scores)
		for k, p := range e.pred {
			if p == e.labels[k] {
				right++
			}
		}
	}
	return float64(right) / float64(n), nil
}
