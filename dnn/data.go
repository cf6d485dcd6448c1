package dnn

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Data is a labelled data set that a trainer reads in mini-batches.
// Implementations may keep their examples in any compact form (MNIST keeps
// uint8 pixels) and convert to float64 only for the rows a batch asks for.
type Data interface {
	// Len returns the number of examples.
	Len() int
	// Features returns the number of input values per example.
	Features() int
	// Batch writes examples idx into the rows of x, which must be
	// len(idx)×Features(), and their class labels into labels, which must
	// hold at least len(idx) values. It panics on other shapes.
	Batch(x *mat.Dense, labels []int, idx []int)
}

// NewData returns a Data backed by the rows of x and their class labels.
// It keeps x and labels, not copies, so later changes to them are seen.
// It panics if x has a different number of rows than there are labels.
func NewData(x *mat.Dense, labels []int) Data {
	r, _ := x.Dims()
	if r != len(labels) {
		panic(fmt.Sprintf("dnn: NewData: x has %d rows but there are %d labels", r, len(labels)))
	}
	return denseData{x: x, labels: labels}
}

type denseData struct {
	x      *mat.Dense
	labels []int
}

func (d denseData) Len() int { return len(d.labels) }

func (d denseData) Features() int {
	_, c := d.x.Dims()
	return c
}

func (d denseData) Batch(x *mat.Dense, labels []int, idx []int) {
	CheckBatch(d, x, labels, idx)
	for i, j := range idx {
		x.SetRow(i, d.x.RawRowView(j))
		labels[i] = d.labels[j]
	}
}

// CheckBatch panics, with the shapes in the message, unless x is
// len(idx)×d.Features(), labels holds at least len(idx) values and every
// index in idx is in [0, d.Len()). Implementations of Data call it at the
// start of Batch so that they all report misuse the same way.
func CheckBatch(d Data, x *mat.Dense, labels []int, idx []int) {
	r, c := x.Dims()
	if r != len(idx) || c != d.Features() {
		panic(fmt.Sprintf("dnn: Batch: x is %d×%d, want %d×%d (len(idx)×Features())", r, c, len(idx), d.Features()))
	}
	if len(labels) < len(idx) {
		panic(fmt.Sprintf("dnn: Batch: labels has length %d, want at least %d (len(idx))", len(labels), len(idx)))
	}
	n := d.Len()
	for _, j := range idx {
		if j < 0 || j >= n {
			panic(fmt.Sprintf("dnn: Batch: index %d out of range [0, %d)", j, n))
		}
	}
}
