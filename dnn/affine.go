package dnn

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Affine is the fully connected layer out = x·W + b. W is in×out and b is
// 1×out; each row of x is one example, its features laid out flat (an image
// of 28×28 pixels is a row of 784 columns).
type Affine struct {
	// W and B are the weights and the bias, shared with whoever else holds
	// them.
	W, B *Param

	x       *mat.Dense
	out, dx *mat.Dense
	xT, wT  *mat.Dense
	nz      [2]nzBuf
	// ownX records that x's products (x·W forward, xᵀ·dout backward)
	// go to mulSkipZeros.
	ownX bool
}

// NewAffine returns an affine layer that uses w (in×out) and b (1×out) as
// its parameter storage, named "W" and "b". It panics if w or b is nil or
// b is not 1×out.
func NewAffine(w, b *mat.Dense) *Affine {
	switch {
	case w == nil:
		panic("dnn: NewAffine: w is nil")
	case b == nil:
		panic("dnn: NewAffine: b is nil")
	}
	_, c := w.Dims()
	br, bc := b.Dims()
	if br != 1 || bc != c {
		panic(shapeError("NewAffine: bias", br, bc, 1, c))
	}
	return &Affine{W: NewParam("W", w), B: NewParam("b", b)}
}

// Params returns W and b.
func (a *Affine) Params() []*Param { return []*Param{a.W, a.B} }

// Forward returns x·W + b. It panics if x does not have as many columns as
// W has rows. The layer keeps x for Backward.
func (a *Affine) Forward(x *mat.Dense, train bool) *mat.Dense {
	r, c := x.Dims()
	in, out := a.W.Value.Dims()
	if c != in {
		panic(shapeError("Affine.Forward: x·W", r, c, in, out))
	}
	a.x = x
	a.out = resize(a.out, r, out)
	a.ownX = preferOwnProduct(x)
	if a.ownX {
		mulSkipZeros(a.out, x, a.W.Value, &a.nz)
	} else {
		a.out.Mul(x, a.W.Value)
	}
	b := a.B.Value.RawRowView(0)
	for i := 0; i < r; i++ {
		addTo(a.out.RawRowView(i), b)
	}
	return a.out
}

// Backward sets W's gradient to xᵀ·dout and b's to the column sums of dout,
// and returns dout·Wᵀ.
func (a *Affine) Backward(dout *mat.Dense) *mat.Dense {
	a.backwardParams(dout)
	r, _ := dout.Dims()
	in, _ := a.W.Value.Dims()
	a.dx = resize(a.dx, r, in)
	if preferOwnProduct(dout) {
		// dout has usually come through a ReLU's mask and is half zeros.
		in, out := a.W.Value.Dims()
		a.wT = resize(a.wT, out, in)
		transpose(a.wT, a.W.Value)
		mulSkipZeros(a.dx, dout, a.wT, &a.nz)
		return a.dx
	}
	// blas64 directly rather than Mul with W.T(), which would allocate the
	// transposed view on every step.
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, dout.RawMatrix(), a.W.Value.RawMatrix(), 0, a.dx.RawMatrix())
	return a.dx
}

// backwardParams fills the parameter gradients only. Networks call it for
// their first layer, whose input gradient nobody needs: it saves the
// largest matrix product of the backward pass.
func (a *Affine) backwardParams(dout *mat.Dense) {
	if a.x == nil {
		panic("dnn: Affine.Backward called before Forward")
	}
	r, c := dout.Dims()
	xr, _ := a.x.Dims()
	_, out := a.W.Value.Dims()
	if r != xr || c != out {
		panic(shapeError("Affine.Backward: dout", r, c, xr, out))
	}
	if a.ownX {
		in, _ := a.W.Value.Dims()
		a.xT = resize(a.xT, in, r)
		transpose(a.xT, a.x)
		mulSkipZeros(a.W.Grad, a.xT, dout, &a.nz)
	} else {
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, a.x.RawMatrix(), dout.RawMatrix(), 0, a.W.Grad.RawMatrix())
	}
	db := a.B.Grad.RawRowView(0)
	for j := range db {
		db[j] = 0
	}
	for i := 0; i < r; i++ {
		addTo(db, dout.RawRowView(i))
	}
}

// String describes the layer's shape, as in "Affine(784×100)".
func (a *Affine) String() string {
	r, c := a.W.Value.Dims()
	return fmt.Sprintf("Affine(%d×%d)", r, c)
}
