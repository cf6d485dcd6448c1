// Package dataset holds labelled data sets as float64 matrices: reading and
// writing the CSV layout of Kaggle's digit recognizer (a label column and
// one column per pixel), the 2-D toy sets used to show what a small network
// learns (two moons, circles, spirals), shuffling and train/test splits.
//
// A *Set implements dnn.Data, so it trains a dnn network directly:
//
//	train, err := dataset.ReadCSV("train.csv", "label")
//	train.Scale(1.0 / 255)
//	tr, val := dataset.Split(train, 0.2, 1)
package dataset

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/gocell/gocell/dnn"
)

// Set is a data set with one example per row of X and its class in the
// same position of Labels. Labels is nil for an unlabelled set (such as
// Kaggle's test.csv); Batch then writes -1 as each label.
type Set struct {
	X      *mat.Dense
	Labels []int
}

var _ dnn.Data = (*Set)(nil)

// Len returns the number of examples, the rows of X.
func (s *Set) Len() int {
	if s.X == nil {
		return 0
	}
	r, _ := s.X.Dims()
	return r
}

// Features returns the number of values per example, the columns of X.
func (s *Set) Features() int {
	if s.X == nil {
		return 0
	}
	_, c := s.X.Dims()
	return c
}

// Batch writes examples idx into the rows of x, which must be
// len(idx)×Features(), and their labels into labels (-1 for an unlabelled
// set). It panics on other shapes, an index out of range, or a set whose
// Labels and X disagree in length.
func (s *Set) Batch(x *mat.Dense, labels []int, idx []int) {
	s.checkLabels()
	dnn.CheckBatch(s, x, labels, idx)
	for r, i := range idx {
		x.SetRow(r, s.X.RawRowView(i))
		if s.Labels == nil {
			labels[r] = -1
		} else {
			labels[r] = s.Labels[i]
		}
	}
}

// Scale multiplies every value of X by f, in place; Scale(1.0/255) maps
// 0..255 pixels to [0, 1].
func (s *Set) Scale(f float64) {
	s.X.Scale(f, s.X)
}

// Classes returns one more than the largest label, the number of columns a
// one-hot encoding or an output layer needs, or 0 for an unlabelled set.
func (s *Set) Classes() int {
	c := 0
	for _, l := range s.Labels {
		if l+1 > c {
			c = l + 1
		}
	}
	return c
}

// Subset returns a new set holding copies of examples idx, in that order.
// It panics if an index is out of range.
func (s *Set) Subset(idx []int) *Set {
	s.checkLabels()
	n := s.Len()
	x := mat.NewDense(len(idx), s.Features(), nil)
	var labels []int
	if s.Labels != nil {
		labels = make([]int, len(idx))
	}
	for r, i := range idx {
		if i < 0 || i >= n {
			panic(fmt.Sprintf("dataset: Subset: index %d out of range [0, %d)", i, n))
		}
		x.SetRow(r, s.X.RawRowView(i))
		if labels != nil {
			labels[r] = s.Labels[i]
		}
	}
	return &Set{X: x, Labels: labels}
}

func (s *Set) checkLabels() {
	if s.Labels != nil && len(s.Labels) != s.Len() {
		panic(fmt.Sprintf("dataset: X has %d rows but there are %d labels", s.Len(), len(s.Labels)))
	}
}

// Shuffle permutes the examples of s in place (rows of X with their
// labels), the same way for the same seed and length.
func Shuffle(s *Set, seed int64) {
	s.checkLabels()
	rng := newRand(seed)
	c := s.Features()
	tmp := make([]float64, c)
	rng.Shuffle(s.Len(), func(i, j int) {
		ri, rj := s.X.RawRowView(i), s.X.RawRowView(j)
		copy(tmp, ri)
		copy(ri, rj)
		copy(rj, tmp)
		if s.Labels != nil {
			s.Labels[i], s.Labels[j] = s.Labels[j], s.Labels[i]
		}
	})
}

// Split returns a random testFraction of the examples of s as test and the
// rest as train, both copies in random order; s is left unchanged. The
// test set has round(Len()×testFraction) examples. It panics unless both
// parts get at least one example.
func Split(s *Set, testFraction float64, seed int64) (train, test *Set) {
	n := s.Len()
	nTest := int(float64(n)*testFraction + 0.5)
	if !(testFraction >= 0 && testFraction <= 1) || nTest < 1 || nTest >= n {
		panic(fmt.Sprintf("dataset: Split: test fraction %v of %d examples leaves %d for test, want at least 1 in each part", testFraction, n, nTest))
	}
	perm := newRand(seed).Perm(n)
	return s.Subset(perm[nTest:]), s.Subset(perm[:nTest])
}

// newRand returns the generator every function here uses, so that a seed
// means the same sequence everywhere in the package.
func newRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
}
