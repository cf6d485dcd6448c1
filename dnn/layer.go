package dnn

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Param is one learnable parameter: its value and the gradient of the loss
// with respect to it, of the same shape.
//
// A Param is shared, never copied: the layer that owns it, the network that
// lists it, the optimizer that updates it and the numerical gradient that
// perturbs it all hold the same *Param and the same *mat.Dense storage, so a
// change made in place through one of them is seen by all.
type Param struct {
	// Name identifies the parameter within its network ("W1", "b1",
	// "gamma1", ...); saving and loading match parameters by name.
	Name string
	// Value holds the parameter itself.
	Value *mat.Dense
	// Grad holds the gradient; Backward overwrites it.
	Grad *mat.Dense
}

// NewParam returns a parameter that uses value as its storage, with a zero
// gradient of the same shape. It panics if value is nil.
func NewParam(name string, value *mat.Dense) *Param {
	if value == nil {
		panic(fmt.Sprintf("dnn: NewParam: %q has a nil value", name))
	}
	r, c := value.Dims()
	return &Param{Name: name, Value: value, Grad: mat.NewDense(r, c, nil)}
}

// Layer is one stage of a network. Rows of x are examples.
//
// Forward computes the layer's output for x; train selects training
// behaviour (batch statistics, dropout masks). Backward takes the gradient
// of the loss with respect to the last Forward's output and returns the
// gradient with respect to its input, filling the gradients of the layer's
// parameters on the way. A layer may keep x and its own output until the
// next Forward, and the matrices it returns are its own buffers, valid until
// its next call: callers must not modify or keep them.
//
// A layer written in a notebook cell implements this interface like any
// other; if it has parameters, wrap it with WithParams so that networks and
// optimizers find them.
type Layer interface {
	Forward(x *mat.Dense, train bool) *mat.Dense
	Backward(dout *mat.Dense) *mat.Dense
}

// ParamLayer is a Layer with learnable parameters.
type ParamLayer interface {
	Layer
	Params() []*Param
}

// WithParams returns l as a ParamLayer whose Params method returns params.
// It is how a layer defined in interpreted code (a notebook cell) exposes
// its parameters: the interpreter presents such a value to compiled code
// only through the methods of the interface it was converted to.
func WithParams(l Layer, params []*Param) ParamLayer {
	return &withParams{Layer: l, params: params}
}

type withParams struct {
	Layer
	params []*Param
}

func (w *withParams) Params() []*Param { return w.params }

// String names the wrapped layer.
func (w *withParams) String() string {
	if s, ok := w.Layer.(fmt.Stringer); ok {
		return s.String()
	}
	return layerName(w.Layer)
}

// shapeError is the value a shape mismatch panics with: it names the
// operation and both shapes and wraps mat.ErrShape.
func shapeError(op string, r1, c1, r2, c2 int) error {
	return fmt.Errorf("dnn: %s: shape mismatch %d×%d vs %d×%d: %w", op, r1, c1, r2, c2, mat.ErrShape)
}

// resize returns a r×c matrix for use as a buffer: m itself when it already
// has that shape, a matrix over m's storage when that is large enough, or a
// new one. The contents are unspecified.
func resize(m *mat.Dense, r, c int) *mat.Dense {
	if r <= 0 || c <= 0 {
		panic(fmt.Sprintf("dnn: empty matrix %d×%d", r, c))
	}
	if m != nil && !m.IsEmpty() {
		if mr, mc := m.Dims(); mr == r && mc == c {
			return m
		}
		raw := m.RawMatrix()
		if raw.Stride == raw.Cols && cap(raw.Data) >= r*c {
			return mat.NewDense(r, c, raw.Data[:r*c])
		}
	}
	return mat.NewDense(r, c, nil)
}

// rowsOf calls fn with each row of a and the same row of b, which must have
// the same shape; contiguous matrices are passed as a single row.
func rowsOf(a, b *mat.Dense, fn func(ra, rb []float64)) {
	ar, br := a.RawMatrix(), b.RawMatrix()
	if ar.Rows != br.Rows || ar.Cols != br.Cols {
		panic(shapeError("rows", ar.Rows, ar.Cols, br.Rows, br.Cols))
	}
	if ar.Stride == ar.Cols && br.Stride == br.Cols {
		n := ar.Rows * ar.Cols
		fn(ar.Data[:n], br.Data[:n])
		return
	}
	for i := 0; i < ar.Rows; i++ {
		fn(ar.Data[i*ar.Stride:i*ar.Stride+ar.Cols], br.Data[i*br.Stride:i*br.Stride+br.Cols])
	}
}
