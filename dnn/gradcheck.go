package dnn

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// numericalH is the step of the central difference, the textbook's 1e-4.
const numericalH = 1e-4

// layered is implemented by networks made of layers.
type layered interface{ layerList() []Layer }

// checker is implemented by layers whose training Forward is not a pure
// function of its input: while checking, dropout keeps its mask and batch
// norm leaves its running statistics alone.
type checker interface{ setChecking(on bool) }

func setChecking(m Model, on bool) {
	ln, ok := m.(layered)
	if !ok {
		return
	}
	for _, l := range ln.layerList() {
		if c, ok := l.(checker); ok {
			c.setChecking(on)
		}
	}
}

// NumericalGradient returns, for each of m's parameters in order, the
// gradient of m.Loss (training mode) by central differences with h = 1e-4:
// (L(w+h) - L(w-h))/2h, perturbing each element of the shared parameter in
// place and restoring it. It costs two forward passes per element, so use
// it on small networks and batches. Dropout masks are held fixed and batch
// norm's running statistics are left unchanged while it runs.
func NumericalGradient(m Model, x *mat.Dense, labels []int) []*mat.Dense {
	setChecking(m, true)
	defer setChecking(m, false)
	return numericalGradient(m, x, labels)
}

func numericalGradient(m Model, x *mat.Dense, labels []int) []*mat.Dense {
	params := m.Params()
	grads := make([]*mat.Dense, len(params))
	for k, p := range params {
		r, c := p.Value.Dims()
		g := mat.NewDense(r, c, nil)
		for i := 0; i < r; i++ {
			row := p.Value.RawRowView(i)
			for j := range row {
				old := row[j]
				row[j] = old + numericalH
				f1 := m.Loss(x, labels, true)
				row[j] = old - numericalH
				f2 := m.Loss(x, labels, true)
				row[j] = old
				g.Set(i, j, (f1-f2)/(2*numericalH))
			}
		}
		grads[k] = g
	}
	return grads
}

// GradDiff is the result of a gradient check for one parameter.
type GradDiff struct {
	// Name is the parameter's name.
	Name string
	// MaxAbs is the largest absolute difference between the
	// backpropagated and the numerical gradient.
	MaxAbs float64
	// MaxRel is the largest difference relative to the larger of the two
	// magnitudes (differences where both are below 1e-8 are ignored).
	MaxRel float64
}

// GradientCheck computes m's gradient by backpropagation and numerically
// on the same batch and reports the largest difference per parameter, in
// the order of m.Params. Dropout masks are held fixed across both and batch
// norm's running statistics are left unchanged.
//
// For this package's networks the numerical gradient is taken of the loss
// without its 1e-7 guard inside the logarithm, which the backward pass
// ignores as the textbook's does: differences of about 1e-7 or less then
// mean the backward pass is right, however confident the network (with the
// guard, a probability below 1e-7 makes the loss flat and the two
// gradients differ by up to 1 per example). For other models the guard
// stays and accounts for differences of a few times 1e-7.
func GradientCheck(m Model, x *mat.Dense, labels []int) []GradDiff {
	setChecking(m, true)
	defer setChecking(m, false)
	if e, ok := m.(interface{ setExactLoss(bool) }); ok {
		e.setExactLoss(true)
		defer e.setExactLoss(false)
	}
	m.Gradient(x, labels)
	params := m.Params()
	back := make([]*mat.Dense, len(params))
	for i, p := range params {
		back[i] = mat.DenseCopyOf(p.Grad)
	}
	num := numericalGradient(m, x, labels)
	out := make([]GradDiff, len(params))
	for k, p := range params {
		d := GradDiff{Name: p.Name}
		r, c := p.Value.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				a, b := back[k].At(i, j), num[k].At(i, j)
				diff := math.Abs(a - b)
				d.MaxAbs = math.Max(d.MaxAbs, diff)
				if scale := math.Max(math.Abs(a), math.Abs(b)); scale > 1e-8 {
					d.MaxRel = math.Max(d.MaxRel, diff/scale)
				}
			}
		}
		out[k] = d
	}
	return out
}
