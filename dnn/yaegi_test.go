package dnn_test

import (
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/gocell/gocell/kernel/symbols"
)

// The interpreter gets the kernel's own preload tables (package symbols,
// generated), so this test drives the public API exactly as a notebook cell
// does.

// cellSource is what a learner might write in cells: two layers defined in
// interpreted code, one with a learnable parameter, trained in a
// Sequential between compiled layers.
const cellSource = `
package main

import (
	"bytes"
	"math"
	"math/rand"

	"github.com/gocell/gocell/dnn"
	"gonum.org/v1/gonum/mat"
)

// Leaky is a leaky ReLU written in the cell.
type Leaky struct {
	x, out, dx *mat.Dense
}

func (l *Leaky) Forward(x *mat.Dense, train bool) *mat.Dense {
	r, c := x.Dims()
	l.x = x
	l.out = mat.NewDense(r, c, nil)
	l.out.Apply(func(i, j int, v float64) float64 {
		if v > 0 {
			return v
		}
		return 0.1 * v
	}, x)
	return l.out
}

func (l *Leaky) Backward(dout *mat.Dense) *mat.Dense {
	r, c := dout.Dims()
	l.dx = mat.NewDense(r, c, nil)
	l.dx.Apply(func(i, j int, v float64) float64 {
		if l.x.At(i, j) > 0 {
			return v
		}
		return 0.1 * v
	}, dout)
	return l.dx
}

// Scale multiplies each feature by a learnable factor.
type Scale struct {
	P *dnn.Param
	x *mat.Dense
}

func (s *Scale) Forward(x *mat.Dense, train bool) *mat.Dense {
	s.x = x
	r, c := x.Dims()
	out := mat.NewDense(r, c, nil)
	out.Apply(func(i, j int, v float64) float64 { return v * s.P.Value.At(0, j) }, x)
	return out
}

func (s *Scale) Backward(dout *mat.Dense) *mat.Dense {
	r, c := dout.Dims()
	for j := 0; j < c; j++ {
		g := 0.0
		for i := 0; i < r; i++ {
			g += dout.At(i, j) * s.x.At(i, j)
		}
		s.P.Grad.Set(0, j, g)
	}
	dx := mat.NewDense(r, c, nil)
	dx.Apply(func(i, j int, v float64) float64 { return v * s.P.Value.At(0, j) }, dout)
	return dx
}

func moons(n int, seed int64) dnn.Data {
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
	return dnn.NewData(x, labels)
}

var scale = &Scale{P: dnn.NewParam("scale", mat.NewDense(1, 16, nil))}

func build() *dnn.Sequential {
	for j := 0; j < 16; j++ {
		scale.P.Value.Set(0, j, 1)
	}
	rng := rand.New(rand.NewSource(1))
	w1 := mat.NewDense(2, 16, nil)
	dnn.He{}.Init(w1, 2, rng)
	w2 := mat.NewDense(16, 2, nil)
	dnn.Xavier{}.Init(w2, 16, rng)
	return dnn.NewSequential([]dnn.Layer{
		dnn.NewAffine(w1, mat.NewDense(1, 16, nil)),
		&Leaky{},
		dnn.WithParams(scale, []*dnn.Param{scale.P}),
		dnn.NewAffine(w2, mat.NewDense(1, 2, nil)),
	})
}

func Check() float64 {
	net := build()
	d := moons(8, 3)
	x := mat.NewDense(8, 2, nil)
	labels := make([]int, 8)
	d.Batch(x, labels, []int{0, 1, 2, 3, 4, 5, 6, 7})
	worst := 0.0
	for _, g := range net.GradientCheck(x, labels) {
		worst = math.Max(worst, g.MaxAbs)
	}
	return worst
}

// Multi uses a compiled network's promoted methods and saving from a cell.
func Multi() (float64, string) {
	net, err := dnn.NewMultiLayerNet(dnn.MultiLayerConfig{Input: 2, Hidden: []int{16, 16}, Output: 2, BatchNorm: true, Seed: 1})
	if err != nil {
		return 0, err.Error()
	}
	tr := &dnn.Trainer{Model: net, OptimizerName: "adam", LR: 0.01, Epochs: 10, BatchSize: 20, Shuffle: true}
	if _, err := tr.Train(moons(400, 1), nil); err != nil {
		return 0, err.Error()
	}
	d := moons(200, 2)
	x := mat.NewDense(200, 2, nil)
	labels := make([]int, 200)
	idx := make([]int, 200)
	for i := range idx {
		idx[i] = i
	}
	d.Batch(x, labels, idx)
	var buf bytes.Buffer
	if err := dnn.Save(&buf, net, tr.Optimizer); err != nil {
		return 0, err.Error()
	}
	other, _ := dnn.NewMultiLayerNet(dnn.MultiLayerConfig{Input: 2, Hidden: []int{16, 16}, Output: 2, BatchNorm: true, Seed: 2})
	if err := dnn.Load(&buf, other, nil); err != nil {
		return 0, err.Error()
	}
	return other.Accuracy(x, labels), net.String()
}

func Train() (float64, float64, int, string) {
	net := build()
	steps := 0
	tr := &dnn.Trainer{Model: net, OptimizerName: "adam", LR: 0.02, Epochs: 20, BatchSize: 20, Seed: 2,
		OnStep: func(s dnn.StepInfo) { steps++ }}
	h, err := tr.Train(moons(400, 1), moons(200, 2))
	if err != nil {
		return 0, 0, 0, err.Error()
	}
	moved := 0.0
	for j := 0; j < 16; j++ {
		moved = math.Max(moved, math.Abs(scale.P.Value.At(0, j)-1))
	}
	return h.TestAcc[len(h.TestAcc)-1], moved, steps, net.String()
}
`

func TestInterpretedLayer(t *testing.T) {
	if testing.Short() {
		t.Skip("interprets a training run")
	}
	i := interp.New(interp.Options{})
	if err := i.Use(symbols.Exports()); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(cellSource); err != nil {
		t.Fatal(err)
	}
	v, err := i.Eval("main.Check()")
	if err != nil {
		t.Fatal(err)
	}
	if worst := v.Float(); worst > 1e-6 {
		t.Errorf("gradient check through interpreted layers: largest difference %g", worst)
	}
	v, err = i.Eval("main.Multi")
	if err != nil {
		t.Fatal(err)
	}
	multi, ok := v.Interface().(func() (float64, string))
	if !ok {
		t.Fatalf("Multi has type %T", v.Interface())
	}
	if acc, arch := multi(); acc < 0.95 {
		t.Errorf("MultiLayerNet trained, saved and loaded from a cell: accuracy %v (%s)", acc, arch)
	}
	v, err = i.Eval("main.Train")
	if err != nil {
		t.Fatal(err)
	}
	train, ok := v.Interface().(func() (float64, float64, int, string))
	if !ok {
		t.Fatalf("Train has type %T", v.Interface())
	}
	acc, moved, steps, arch := train()
	t.Logf("interpreted layers: test accuracy %.3f, scale moved by %.3f, %d steps, %s", acc, moved, steps, arch)
	if steps != 20*20 {
		t.Errorf("OnStep called %d times, want 400 (arch %s)", steps, arch)
	}
	if acc < 0.95 {
		t.Errorf("network with interpreted layers: test accuracy %v, want >= 0.95", acc)
	}
	if moved == 0 {
		t.Error("the interpreted layer's parameter was never updated")
	}
}
