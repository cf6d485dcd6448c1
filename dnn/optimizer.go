package dnn

import (
	"fmt"
	"math"
	"strings"
)

// Optimizer updates parameters in place from their gradients. Optimizers
// with state (velocities, moment estimates) keep it per *Param across
// calls, so the same parameters must be passed at every step.
type Optimizer interface {
	Update(params []*Param)
}

// optEps keeps the adaptive optimizers from dividing by zero, as the
// textbook's 1e-7.
const optEps = 1e-7

// optimizerNames lists the names NewOptimizer accepts.
const optimizerNames = "sgd, momentum, nesterov, adagrad, rmsprop, adam"

// NewOptimizer returns the optimizer with the given name (one of sgd,
// momentum, nesterov, adagrad, rmsprop, adam; case is ignored) with the
// textbook's default hyperparameters and learning rate lr; lr <= 0 selects
// the textbook's default learning rate too (0.01, or 0.001 for Adam).
func NewOptimizer(name string, lr float64) (Optimizer, error) {
	def := func(d float64) float64 {
		if lr > 0 {
			return lr
		}
		return d
	}
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "sgd":
		return NewSGD(def(0.01)), nil
	case "momentum":
		return NewMomentum(def(0.01), 0.9), nil
	case "nesterov":
		return NewNesterov(def(0.01), 0.9), nil
	case "adagrad":
		return NewAdaGrad(def(0.01)), nil
	case "rmsprop":
		return NewRMSprop(def(0.01), 0.99), nil
	case "adam":
		return NewAdam(def(0.001), 0.9, 0.999), nil
	}
	// The unprefixed inner error lets Trainer say "dnn: Trainer: ..." once.
	return nil, fmt.Errorf("dnn: %w", fmt.Errorf("unknown optimizer %q (valid: %s)", name, optimizerNames))
}

// optState is the per-parameter state of an optimizer: k slices of the
// parameter's size for each parameter, laid out row by row.
type optState struct {
	slots map[*Param][][]float64
	step  int
}

func (s *optState) get(p *Param, k int) [][]float64 {
	checkParam(p)
	r, c := p.Value.Dims()
	if st := s.slots[p]; len(st) == k && len(st[0]) == r*c {
		return st
	}
	if s.slots == nil {
		s.slots = make(map[*Param][][]float64)
	}
	st := make([][]float64, k)
	for i := range st {
		st[i] = make([]float64, r*c)
	}
	s.slots[p] = st
	return st
}

// each calls fn with runs of p's values and gradients and the offset of
// the run in row-major order; a contiguous parameter is one run.
func each(p *Param, fn func(w, g []float64, off int)) {
	checkParam(p)
	wr, gr := p.Value.RawMatrix(), p.Grad.RawMatrix()
	if wr.Rows != gr.Rows || wr.Cols != gr.Cols {
		panic(shapeError("Optimizer: "+p.Name+" value vs grad", wr.Rows, wr.Cols, gr.Rows, gr.Cols))
	}
	if wr.Stride == wr.Cols && gr.Stride == gr.Cols {
		n := wr.Rows * wr.Cols
		fn(wr.Data[:n], gr.Data[:n], 0)
		return
	}
	for i := 0; i < wr.Rows; i++ {
		fn(wr.Data[i*wr.Stride:i*wr.Stride+wr.Cols], gr.Data[i*gr.Stride:i*gr.Stride+gr.Cols], i*wr.Cols)
	}
}

// checkParam panics, naming the parameter, when it cannot be updated: a
// Param written as a literal instead of made by NewParam has no Grad.
func checkParam(p *Param) {
	switch {
	case p == nil:
		panic("dnn: Optimizer: a parameter is nil")
	case p.Value == nil:
		panic(fmt.Sprintf("dnn: Optimizer: Param %q has no Value", p.Name))
	case p.Grad == nil:
		panic(fmt.Sprintf("dnn: Optimizer: Param %q has no Grad (make it with dnn.NewParam(name, value))", p.Name))
	}
}

// SGD is plain gradient descent: W -= LR·grad.
type SGD struct {
	// LR is the learning rate.
	LR float64
}

// NewSGD returns SGD with learning rate lr (the textbook's default is 0.01).
func NewSGD(lr float64) *SGD { return &SGD{LR: lr} }

// Update applies one step to params.
func (o *SGD) Update(params []*Param) {
	for _, p := range params {
		each(p, func(w, g []float64, _ int) {
			for i, v := range g {
				w[i] -= o.LR * v
			}
		})
	}
}

// String describes the optimizer.
func (o *SGD) String() string { return fmt.Sprintf("SGD(lr=%g)", o.LR) }

// Momentum is gradient descent with a velocity: v = Momentum·v - LR·grad,
// W += v.
type Momentum struct {
	// LR is the learning rate and Momentum the velocity's decay.
	LR, Momentum float64
	optState
}

// NewMomentum returns Momentum (the textbook's defaults: 0.01, 0.9).
func NewMomentum(lr, momentum float64) *Momentum { return &Momentum{LR: lr, Momentum: momentum} }

// Update applies one step to params.
func (o *Momentum) Update(params []*Param) {
	for _, p := range params {
		v := o.get(p, 1)[0]
		each(p, func(w, g []float64, off int) {
			v := v[off : off+len(w)]
			for i, gi := range g {
				v[i] = o.Momentum*v[i] - o.LR*gi
				w[i] += v[i]
			}
		})
	}
}

// String describes the optimizer.
func (o *Momentum) String() string {
	return fmt.Sprintf("Momentum(lr=%g, momentum=%g)", o.LR, o.Momentum)
}

// Nesterov is Nesterov's accelerated gradient in the textbook's form:
// v = Momentum·v - LR·grad, W += Momentum²·v - (1+Momentum)·LR·grad.
type Nesterov struct {
	// LR is the learning rate and Momentum the velocity's decay.
	LR, Momentum float64
	optState
}

// NewNesterov returns Nesterov (the textbook's defaults: 0.01, 0.9).
func NewNesterov(lr, momentum float64) *Nesterov { return &Nesterov{LR: lr, Momentum: momentum} }

// Update applies one step to params.
func (o *Nesterov) Update(params []*Param) {
	m := o.Momentum
	for _, p := range params {
		v := o.get(p, 1)[0]
		each(p, func(w, g []float64, off int) {
			v := v[off : off+len(w)]
			for i, gi := range g {
				v[i] = m*v[i] - o.LR*gi
				w[i] += m*m*v[i] - (1+m)*o.LR*gi
			}
		})
	}
}

// String describes the optimizer.
func (o *Nesterov) String() string {
	return fmt.Sprintf("Nesterov(lr=%g, momentum=%g)", o.LR, o.Momentum)
}

// AdaGrad scales each element's step by its accumulated squared
// gradients: h += grad², W -= LR·grad/(sqrt(h) + 1e-7).
type AdaGrad struct {
	// LR is the learning rate.
	LR float64
	optState
}

// NewAdaGrad returns AdaGrad (the textbook's default learning rate: 0.01).
func NewAdaGrad(lr float64) *AdaGrad { return &AdaGrad{LR: lr} }

// Update applies one step to params.
func (o *AdaGrad) Update(params []*Param) {
	for _, p := range params {
		h := o.get(p, 1)[0]
		each(p, func(w, g []float64, off int) {
			h := h[off : off+len(w)]
			for i, gi := range g {
				h[i] += gi * gi
				w[i] -= o.LR * gi / (math.Sqrt(h[i]) + optEps)
			}
		})
	}
}

// String describes the optimizer.
func (o *AdaGrad) String() string { return fmt.Sprintf("AdaGrad(lr=%g)", o.LR) }

// RMSprop is AdaGrad with a decaying average of squared gradients:
// h = Decay·h + (1-Decay)·grad², W -= LR·grad/(sqrt(h) + 1e-7).
type RMSprop struct {
	// LR is the learning rate and Decay the average's decay rate.
	LR, Decay float64
	optState
}

// NewRMSprop returns RMSprop (the textbook's defaults: 0.01, 0.99).
func NewRMSprop(lr, decay float64) *RMSprop { return &RMSprop{LR: lr, Decay: decay} }

// Update applies one step to params.
func (o *RMSprop) Update(params []*Param) {
	for _, p := range params {
		h := o.get(p, 1)[0]
		each(p, func(w, g []float64, off int) {
			h := h[off : off+len(w)]
			for i, gi := range g {
				h[i] = o.Decay*h[i] + (1-o.Decay)*gi*gi
				w[i] -= o.LR * gi / (math.Sqrt(h[i]) + optEps)
			}
		})
	}
}

// String describes the optimizer.
func (o *RMSprop) String() string { return fmt.Sprintf("RMSprop(lr=%g, decay=%g)", o.LR, o.Decay) }
