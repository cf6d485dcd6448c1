package dnn

import (
	"fmt"
	"math/rand"

	"gonum.org/v1/gonum/mat"
)

// Dropout is the textbook's dropout: in training each element is kept
// with probability 1-Ratio and zeroed otherwise (a fresh random mask per
// Forward); at test time every element is kept and scaled by 1-Ratio, so
// that its expected value matches training. (The "inverted" dropout of
// most frameworks scales in training instead; the two give the same
// expectations.)
type Dropout struct {
	// Ratio is the probability of dropping an element.
	Ratio float64

	rng     *rand.Rand
	frozen  bool // gradient check: keep the last mask
	train   bool
	mask    []bool
	out, dx *mat.Dense
}

// NewDropout returns a dropout layer with the given drop ratio whose masks
// come from a generator seeded with seed. It panics unless 0 <= ratio < 1.
func NewDropout(ratio float64, seed int64) *Dropout {
	if ratio < 0 || ratio >= 1 {
		panic(fmt.Sprintf("dnn: NewDropout: ratio %v, want 0 <= ratio < 1", ratio))
	}
	return &Dropout{Ratio: ratio, rng: rand.New(rand.NewSource(seed))}
}

// Forward applies a random mask in training and scales by 1-Ratio in test
// mode.
func (d *Dropout) Forward(x *mat.Dense, train bool) *mat.Dense {
	r, c := x.Dims()
	d.out = resize(d.out, r, c)
	d.train = train
	if !train {
		d.out.Scale(1-d.Ratio, x)
		return d.out
	}
	if d.rng == nil {
		d.rng = rand.New(rand.NewSource(1))
	}
	if !d.frozen || len(d.mask) != r*c {
		if cap(d.mask) < r*c {
			d.mask = make([]bool, r*c)
		}
		d.mask = d.mask[:r*c]
		for i := range d.mask {
			d.mask[i] = d.rng.Float64() > d.Ratio
		}
	}
	for i := 0; i < r; i++ {
		o, m := d.out.RawRowView(i), d.mask[i*c:(i+1)*c]
		for j, v := range x.RawRowView(i) {
			if m[j] {
				o[j] = v
			} else {
				o[j] = 0
			}
		}
	}
	return d.out
}

// Backward passes dout through the mask of the last training Forward, or
// scales it by 1-Ratio after a test-mode Forward.
func (d *Dropout) Backward(dout *mat.Dense) *mat.Dense {
	d.dx = backwardBuffer("Dropout", d.dx, d.out, dout)
	if !d.train {
		d.dx.Scale(1-d.Ratio, dout)
		return d.dx
	}
	r, c := dout.Dims()
	for i := 0; i < r; i++ {
		o, m := d.dx.RawRowView(i), d.mask[i*c:(i+1)*c]
		for j, v := range dout.RawRowView(i) {
			if m[j] {
				o[j] = v
			} else {
				o[j] = 0
			}
		}
	}
	return d.dx
}

// String describes the layer, as in "Dropout(0.5)".
func (d *Dropout) String() string { return fmt.Sprintf("Dropout(%g)", d.Ratio) }

func (d *Dropout) setChecking(on bool) { d.frozen = on }
