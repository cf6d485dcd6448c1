package dnn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// SoftmaxWithLoss is the output layer of a classifier: softmax followed by
// the cross-entropy loss against class labels.
//
// Unlike the other layers it takes the labels in Forward and returns the
// loss; the probabilities stay available through Probs. Its Backward needs
// no upstream gradient: the loss is the end of the graph.
type SoftmaxWithLoss struct {
	y, dx  *mat.Dense
	labels []int
	// exact drops the 1e-7 guard while GradientCheck runs: the backward
	// pass is the gradient of the unguarded loss.
	exact bool
}

// Forward computes the row-wise softmax of the scores x, keeps it, and
// returns the mean cross-entropy against labels (class indices, 1e-7
// guard). It panics if len(labels) is not the number of rows of x or a
// label is out of range.
func (s *SoftmaxWithLoss) Forward(x *mat.Dense, labels []int) float64 {
	r, c := x.Dims()
	if len(labels) != r {
		panic(fmt.Sprintf("dnn: SoftmaxWithLoss.Forward: x is %d×%d but there are %d labels", r, c, len(labels)))
	}
	s.y = resize(s.y, r, c)
	Softmax(s.y, x)
	s.labels = append(s.labels[:0], labels...)
	sum := 0.0
	for i, l := range labels {
		if l < 0 || l >= c {
			panic(fmt.Sprintf("dnn: SoftmaxWithLoss.Forward: label %d of example %d out of range [0, %d)", l, i, c))
		}
		if s.exact {
			sum += logSumExp(x.RawRowView(i)) - x.At(i, l)
			continue
		}
		sum -= math.Log(s.y.At(i, l) + logGuard)
	}
	return sum / float64(r)
}

// logSumExp returns log Σ exp(v), computed without overflow: -log of a
// softmax probability is logSumExp(row) - row[label], exact however small
// the probability.
func logSumExp(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	sum := 0.0
	for _, x := range v {
		sum += math.Exp(x - m)
	}
	return m + math.Log(sum)
}

// Probs returns the probabilities of the last Forward (the layer's buffer).
func (s *SoftmaxWithLoss) Probs() *mat.Dense { return s.y }

// Backward returns the gradient of the loss with respect to the scores,
// (y - t)/batch with t the one-hot labels.
func (s *SoftmaxWithLoss) Backward() *mat.Dense {
	if s.y == nil {
		panic("dnn: SoftmaxWithLoss.Backward called before Forward")
	}
	r, c := s.y.Dims()
	s.dx = resize(s.dx, r, c)
	inv := 1 / float64(r)
	for i, l := range s.labels {
		d, y := s.dx.RawRowView(i), s.y.RawRowView(i)
		for j, v := range y {
			d[j] = v * inv
		}
		d[l] -= inv
	}
	return s.dx
}
