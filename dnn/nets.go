package dnn

import (
	"errors"
	"fmt"
	"math/rand"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// MultiLayerConfig describes a MultiLayerNet.
type MultiLayerConfig struct {
	// Input is the number of features, Hidden the width of each hidden
	// layer (any number of them), Output the number of classes.
	Input  int
	Hidden []int
	Output int
	// Activation is "relu" (the default), "sigmoid" or "tanh".
	Activation string
	// Init names the weight initialisation (see NewInitializer); empty
	// means the activation's natural one: He for relu, Xavier otherwise.
	Init string
	// Initializer, when set, overrides Init.
	Initializer Initializer
	// WeightDecay is the L2 coefficient λ (0 for none).
	WeightDecay float64
	// BatchNorm inserts a BatchNorm layer after each hidden Affine layer.
	BatchNorm bool
	// Dropout, when positive, inserts a Dropout layer of that ratio after
	// each hidden activation.
	Dropout float64
	// Seed seeds the weights and the dropout masks.
	Seed int64
}

// MultiLayerNet is the textbook's multi-layer network: for each hidden
// layer Affine, [BatchNorm], activation, [Dropout]; then a last Affine
// and SoftmaxWithLoss. Parameters are named as in the textbook: W1, b1,
// gamma1, beta1, ..., W(n), b(n).
type MultiLayerNet struct {
	Sequential
	// Config is the configuration the network was built from.
	Config MultiLayerConfig
}

// NewMultiLayerNet builds a network from cfg. It returns an error for a
// size below 1, an unknown activation or initializer, a negative weight
// decay, or a dropout ratio outside [0, 1).
func NewMultiLayerNet(cfg MultiLayerConfig) (*MultiLayerNet, error) {
	sizes := append(append([]int{cfg.Input}, cfg.Hidden...), cfg.Output)
	for _, n := range sizes {
		if n < 1 {
			return nil, fmt.Errorf("dnn: NewMultiLayerNet: layer sizes %v, want all >= 1", sizes)
		}
	}
	act := strings.ToLower(cfg.Activation)
	if act == "" {
		act = "relu"
	}
	var newAct func() Layer
	switch act {
	case "relu":
		newAct = func() Layer { return NewReLU() }
	case "sigmoid":
		newAct = func() Layer { return NewSigmoid() }
	case "tanh":
		newAct = func() Layer { return NewTanh() }
	default:
		return nil, fmt.Errorf("dnn: NewMultiLayerNet: unknown activation %q (valid: relu, sigmoid, tanh)", cfg.Activation)
	}
	init := cfg.Initializer
	if init == nil {
		name := cfg.Init
		if name == "" {
			name = act
		}
		var err error
		if init, err = NewInitializer(name); err != nil {
			// NewInitializer's error says "dnn: " already.
			return nil, fmt.Errorf("dnn: NewMultiLayerNet: %w", errors.Unwrap(err))
		}
	}
	if cfg.WeightDecay < 0 {
		return nil, fmt.Errorf("dnn: NewMultiLayerNet: weight decay %v, want >= 0", cfg.WeightDecay)
	}
	if cfg.Dropout < 0 || cfg.Dropout >= 1 {
		return nil, fmt.Errorf("dnn: NewMultiLayerNet: dropout ratio %v, want 0 <= ratio < 1", cfg.Dropout)
	}
	rng := rand.New(rand.NewSource(cfg.Seed))
	net := &MultiLayerNet{Config: cfg}
	net.WeightDecay = cfg.WeightDecay
	net.Config.Hidden = append([]int(nil), cfg.Hidden...)
	for i := 1; i < len(sizes); i++ {
		net.Add(newAffine(sizes[i-1], sizes[i], i, init, rng))
		if i == len(sizes)-1 {
			break
		}
		if cfg.BatchNorm {
			bn := NewBatchNorm(sizes[i])
			bn.Gamma.Name = fmt.Sprintf("gamma%d", i)
			bn.Beta.Name = fmt.Sprintf("beta%d", i)
			net.Add(bn)
		}
		net.Add(newAct())
		if cfg.Dropout > 0 {
			net.Add(NewDropout(cfg.Dropout, rng.Int63()))
		}
	}
	return net, nil
}

// newAffine returns an in×out affine layer, the k-th of its network, with
// weights from init and zero bias.
func newAffine(in, out, k int, init Initializer, rng *rand.Rand) *Affine {
	w := mat.NewDense(in, out, nil)
	init.Init(w, in, rng)
	a := NewAffine(w, mat.NewDense(1, out, nil))
	a.W.Name = fmt.Sprintf("W%d", k)
	a.B.Name = fmt.Sprintf("b%d", k)
	return a
}

// TwoLayerNet is the lesson's first network: Affine, Tanh, Affine and
// SoftmaxWithLoss, for small inputs such as the 2-D toy sets.
type TwoLayerNet struct {
	Sequential
}

// NewTwoLayerNet returns a two-layer net with Xavier-initialised weights
// (suited to tanh) drawn from a generator seeded with seed. It panics if a
// size is below 1.
func NewTwoLayerNet(input, hidden, output int, seed int64) *TwoLayerNet {
	if input < 1 || hidden < 1 || output < 1 {
		panic(fmt.Sprintf("dnn: NewTwoLayerNet: sizes %d, %d, %d, want all >= 1", input, hidden, output))
	}
	rng := rand.New(rand.NewSource(seed))
	net := &TwoLayerNet{}
	net.Add(newAffine(input, hidden, 1, Xavier{}, rng))
	net.Add(NewTanh())
	net.Add(newAffine(hidden, output, 2, Xavier{}, rng))
	return net
}
