package dnn

import (
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Initializer fills a weight matrix with its initial values. fanIn is the
// number of inputs of each unit (the rows of an affine layer's W); rng is
// the network's seeded generator, so the same seed gives the same weights.
type Initializer interface {
	Init(w *mat.Dense, fanIn int, rng *rand.Rand)
}

// Gaussian draws weights from a normal distribution with a fixed standard
// deviation: the lesson's 0.01·randn.
type Gaussian struct {
	// Std is the standard deviation.
	Std float64
}

// Init fills w with normal values of standard deviation g.Std.
func (g Gaussian) Init(w *mat.Dense, fanIn int, rng *rand.Rand) { fillNormal(w, g.Std, rng) }

// String describes the initializer, as in "Gaussian(0.01)".
func (g Gaussian) String() string { return fmt.Sprintf("Gaussian(%g)", g.Std) }

// Xavier draws weights with standard deviation 1/sqrt(fanIn), suited to
// sigmoid and tanh.
type Xavier struct{}

// Init fills w with normal values of standard deviation 1/sqrt(fanIn).
func (Xavier) Init(w *mat.Dense, fanIn int, rng *rand.Rand) {
	fillNormal(w, 1/math.Sqrt(float64(fanIn)), rng)
}

// String returns "Xavier".
func (Xavier) String() string { return "Xavier" }

// He draws weights with standard deviation sqrt(2/fanIn), suited to ReLU.
// (The lesson divides by sqrt(2) where it should multiply.)
type He struct{}

// Init fills w with normal values of standard deviation sqrt(2/fanIn).
func (He) Init(w *mat.Dense, fanIn int, rng *rand.Rand) {
	fillNormal(w, math.Sqrt(2/float64(fanIn)), rng)
}

// String returns "He".
func (He) String() string { return "He" }

func fillNormal(w *mat.Dense, std float64, rng *rand.Rand) {
	r, _ := w.Dims()
	for i := 0; i < r; i++ {
		row := w.RawRowView(i)
		for j := range row {
			row[j] = rng.NormFloat64() * std
		}
	}
}

// NewInitializer returns the initializer with the given name, as the
// textbook's weight_init_std: "std" (Gaussian 0.01), "xavier" or "sigmoid"
// (Xavier), "he" or "relu" (He), or a number, the standard deviation of a
// Gaussian. Case is ignored.
func NewInitializer(name string) (Initializer, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "std", "gaussian":
		return Gaussian{Std: 0.01}, nil
	case "xavier", "sigmoid", "tanh":
		return Xavier{}, nil
	case "he", "relu":
		return He{}, nil
	}
	if std, err := strconv.ParseFloat(strings.TrimSpace(name), 64); err == nil && std > 0 {
		return Gaussian{Std: std}, nil
	}
	// The unprefixed inner error lets NewMultiLayerNet say "dnn:" once.
	return nil, fmt.Errorf("dnn: %w", fmt.Errorf("unknown initializer %q (want std, xavier, sigmoid, he, relu or a positive number)", name))
}
