package dnn

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func bnNet(t *testing.T, seed int64, hidden []int) *MultiLayerNet {
	t.Helper()
	net, err := NewMultiLayerNet(MultiLayerConfig{Input: 2, Hidden: hidden, Output: 2, BatchNorm: true, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func TestSaveLoad(t *testing.T) {
	data := moons(200, 1)
	net := bnNet(t, 1, []int{6, 6})
	opt := NewAdam(0.01, 0.9, 0.999)
	if _, err := (&Trainer{Model: net, Optimizer: opt, Epochs: 2, BatchSize: 20}).Train(data, nil); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Save(&buf, net, opt); err != nil {
		t.Fatal(err)
	}
	saved := buf.Bytes()

	other := bnNet(t, 2, []int{6, 6})
	otherOpt := NewAdam(0.01, 0.9, 0.999)
	if err := Load(bytes.NewReader(saved), other, otherOpt); err != nil {
		t.Fatal(err)
	}
	x, labels := smallBatch(5, 30, 2, 2)
	want := mat.DenseCopyOf(net.Predict(x, false))
	if got := other.Predict(x, false); !mat.Equal(got, want) {
		t.Error("predictions differ after load (parameters or batch-norm statistics lost)")
	}
	// The optimizer state came along: one more identical step stays identical.
	net.Gradient(x, labels)
	opt.Update(net.Params())
	other.Gradient(x, labels)
	otherOpt.Update(other.Params())
	for i, p := range net.Params() {
		if !mat.Equal(p.Value, other.Params()[i].Value) {
			t.Errorf("%s differs after a step from the loaded optimizer state", p.Name)
		}
	}

	// Through a file, without the optimizer.
	name := filepath.Join(t.TempDir(), "net.gob")
	if err := SaveFile(name, net, nil); err != nil {
		t.Fatal(err)
	}
	third := bnNet(t, 3, []int{6, 6})
	if err := LoadFile(name, third, nil); err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(third.Predict(x, false), mat.DenseCopyOf(net.Predict(x, false))) {
		t.Error("predictions differ after a file round trip")
	}
	if err := LoadFile(name, third, NewAdam(0.1, 0.9, 0.999)); err == nil || !strings.Contains(err.Error(), "no optimizer state") {
		t.Errorf("loading optimizer state that was not saved: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	net := bnNet(t, 1, []int{6, 6})
	var buf bytes.Buffer
	if err := Save(&buf, net, NewMomentum(0.1, 0.9)); err != nil {
		t.Fatal(err)
	}
	saved := buf.Bytes()
	before := mat.DenseCopyOf(bnNet(t, 7, []int{6, 5}).Params()[0].Value)
	tests := []struct {
		name string
		data []byte
		into Model
		opt  Optimizer
		want string
	}{
		{"other architecture", saved, bnNet(t, 7, []int{6, 5}), nil, `"Affine(2×6) BatchNorm(6) ReLU Affine(6×6)`},
		{"other depth", saved, bnNet(t, 7, []int{6}), nil, "this one is"},
		{"other optimizer", saved, bnNet(t, 7, []int{6, 6}), NewAdam(0.1, 0.9, 0.999), "Momentum state, the optimizer is Adam"},
		{"garbage", []byte("not a network"), bnNet(t, 7, []int{6, 6}), nil, "not a saved network"},
		{"truncated", saved[:len(saved)/2], bnNet(t, 7, []int{6, 6}), nil, "not a saved network"},
	}
	for _, tt := range tests {
		err := Load(bytes.NewReader(tt.data), tt.into, tt.opt)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	// A failed load changes nothing.
	if !mat.Equal(tests[0].into.Params()[0].Value, before) {
		t.Error("a failed load changed the network")
	}
	if err := LoadFile(filepath.Join(t.TempDir(), "missing"), net, nil); err == nil {
		t.Error("missing file: no error")
	}
}
