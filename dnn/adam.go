package dnn

import (
	"fmt"
	"math"
)

// Adam is the Adam optimizer as the textbook codes it. At step t (from 1):
//
//	m += (1-Beta1)·(grad - m)
//	v += (1-Beta2)·(grad² - v)
//	lr_t = LR·sqrt(1-Beta2^t)/(1-Beta1^t)
//	W -= lr_t·m/(sqrt(v) + 1e-7)
//
// The paper's formula divides by bias-corrected moments instead,
// W -= LR·m̂/(sqrt(v̂) + ε) with m̂ = m/(1-Beta1^t) and v̂ = v/(1-Beta2^t).
// Folding both corrections into lr_t gives the same step except for
// epsilon: here it is added to sqrt(v), there to sqrt(v̂), so the
// textbook's epsilon is in effect larger by 1/sqrt(1-Beta2^t) (about 32
// at the first step, fading as t grows). The two agree to a few parts in
// a million once gradients are not tiny.
type Adam struct {
	// LR is the learning rate; Beta1 and Beta2 the decay rates of the
	// first and second moment estimates.
	LR, Beta1, Beta2 float64
	optState
	pass  adamPass
	split splitter
}

// NewAdam returns Adam (the textbook's defaults: 0.001, 0.9, 0.999).
func NewAdam(lr, beta1, beta2 float64) *Adam { return &Adam{LR: lr, Beta1: beta1, Beta2: beta2} }

// Update applies one step to params; the step count advances once per
// call. Moments and weights are updated in a single pass over each
// parameter's storage.
func (o *Adam) Update(params []*Param) {
	o.step++
	t := float64(o.step)
	lrT := o.LR * math.Sqrt(1-math.Pow(o.Beta2, t)) / (1 - math.Pow(o.Beta1, t))
	a1, a2 := 1-o.Beta1, 1-o.Beta2
	// All parameters make one pass, so that the many small ones are split
	// together with the large ones.
	ps := &o.pass
	ps.runs, ps.n = ps.runs[:0], 0
	ps.lrT, ps.a1, ps.a2 = lrT, a1, a2
	for _, p := range params {
		st := o.get(p, 2)
		m, v := st[0], st[1]
		each(p, func(w, g []float64, off int) {
			ps.runs = append(ps.runs, adamRun{w, g, m[off : off+len(w)], v[off : off+len(w)]})
			ps.n += len(w)
		})
	}
	o.split.run(ps.n, ps)
	clear(ps.runs) // drop the references to the parameters' storage
}

// adamRun is one contiguous run of a parameter with its moments.
type adamRun struct{ w, g, m, v []float64 }

// adamPass is one Adam step over runs laid end to end, n elements in all.
type adamPass struct {
	runs        []adamRun
	n           int
	lrT, a1, a2 float64
}

func (ps *adamPass) runRange(from, to int) {
	off := 0
	for _, r := range ps.runs {
		end := off + len(r.w)
		if lo, hi := max(from, off)-off, min(to, end)-off; lo < hi {
			adamStep(r.w[lo:hi], r.g[lo:hi], r.m[lo:hi], r.v[lo:hi], ps.lrT, ps.a1, ps.a2)
		}
		if end >= to {
			return
		}
		off = end
	}
}

// adamStep updates the moments m, v and the weights w from the gradients
// g in one pass.
func adamStep(w, g, m, v []float64, lrT, a1, a2 float64) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	if haveAVX {
		adamStepAVX(w, g, m, v, lrT, a1, a2, optEps)
		return
	}
	adamStepGo(w, g, m, v, lrT, a1, a2)
}

// adamStepGo is adamStep in Go, for machines without AVX.
func adamStepGo(w, g, m, v []float64, lrT, a1, a2 float64) {
	for i, gi := range g {
		mi := m[i] + a1*(gi-m[i])
		vi := v[i] + a2*(gi*gi-v[i])
		m[i], v[i] = mi, vi
		w[i] -= lrT * mi / (math.Sqrt(vi) + optEps)
	}
}

// String describes the optimizer.
func (o *Adam) String() string {
	return fmt.Sprintf("Adam(lr=%g, beta1=%g, beta2=%g)", o.LR, o.Beta1, o.Beta2)
}
