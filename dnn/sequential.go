package dnn

import (
	"fmt"
	"reflect"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Model is what the trainer, the gradient check and saving need of a
// network: its parameters, its loss, its gradient by backpropagation
// (filling each Param's Grad and returning the loss) and its scores.
type Model interface {
	Params() []*Param
	Loss(x *mat.Dense, labels []int, train bool) float64
	Gradient(x *mat.Dense, labels []int) float64
	Predict(x *mat.Dense, train bool) *mat.Dense
}

// Sequential is a classifier made of layers applied in order and a
// SoftmaxWithLoss output. MultiLayerNet and TwoLayerNet are Sequentials
// built for you.
type Sequential struct {
	// Layers are applied in order; the last one outputs the class scores.
	Layers []Layer
	// Out turns the scores into probabilities and the loss.
	Out SoftmaxWithLoss
	// WeightDecay is the L2 coefficient λ: the loss gains 0.5·λ·ΣW² over
	// the weights W of the Affine layers (not biases or batch-norm
	// parameters) and their gradients gain λ·W.
	WeightDecay float64

	pred []int
}

// NewSequential returns a network of the given layers. A layer whose
// parameters should be trained implements ParamLayer (see WithParams). It
// panics if a layer is nil.
func NewSequential(layers []Layer) *Sequential {
	for i, l := range layers {
		if isNilLayer(l) {
			panic(fmt.Sprintf("dnn: NewSequential: layer %d is nil", i))
		}
	}
	return &Sequential{Layers: append([]Layer(nil), layers...)}
}

// Add appends a layer. It panics if l is nil.
func (s *Sequential) Add(l Layer) {
	if isNilLayer(l) {
		panic("dnn: Sequential.Add: nil layer")
	}
	s.Layers = append(s.Layers, l)
}

// isNilLayer reports a nil layer, or a nil pointer in a Layer (var a
// *Affine): either fails only later, as a nil dereference in Forward.
func isNilLayer(l Layer) bool {
	if l == nil {
		return true
	}
	v := reflect.ValueOf(l)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// checkInput panics when x is nil, naming the method: a nil x would
// otherwise fail as a nil dereference inside the first layer.
func checkInput(method string, x *mat.Dense) {
	if x == nil {
		panic("dnn: " + method + ": x is nil")
	}
}

// Params returns the parameters of the layers, in layer order.
func (s *Sequential) Params() []*Param {
	var ps []*Param
	for _, l := range s.Layers {
		if pl, ok := l.(ParamLayer); ok {
			ps = append(ps, pl.Params()...)
		}
	}
	return ps
}

// Predict runs the layers on x and returns the class scores (before the
// softmax) in a new matrix: a learner keeps what Predict returned (before
// training, to compare with after) and must not see it overwritten by the
// next call, as the layers' own buffers are.
func (s *Sequential) Predict(x *mat.Dense, train bool) *mat.Dense {
	checkInput("Predict", x)
	return mat.DenseCopyOf(s.scores(x, train))
}

// scores is Predict without the copy: the last layer's buffer, valid until
// the next pass. Loss, Accuracy and the trainer's evaluation use it.
func (s *Sequential) scores(x *mat.Dense, train bool) *mat.Dense {
	for _, l := range s.Layers {
		x = l.Forward(x, train)
	}
	return x
}

// Loss returns the cross-entropy of the network on x against labels, plus
// the weight-decay term.
func (s *Sequential) Loss(x *mat.Dense, labels []int, train bool) float64 {
	checkInput("Loss", x)
	return s.Out.Forward(s.scores(x, train), labels) + s.decayLoss()
}

func (s *Sequential) decayLoss() float64 {
	if s.WeightDecay == 0 {
		return 0
	}
	sum := 0.0
	for _, l := range s.Layers {
		if a, ok := l.(*Affine); ok {
			rowsOf(a.W.Value, a.W.Value, func(w, _ []float64) {
				for _, v := range w {
					sum += v * v
				}
			})
		}
	}
	return 0.5 * s.WeightDecay * sum
}

// Gradient runs the network forward in training mode and backpropagates,
// filling the Grad of every parameter, and returns the loss. The input
// gradient of a first Affine layer is not computed: nothing needs it.
func (s *Sequential) Gradient(x *mat.Dense, labels []int) float64 {
	checkInput("Gradient", x)
	loss := s.Loss(x, labels, true)
	dout := s.Out.Backward()
	for i := len(s.Layers) - 1; i >= 0; i-- {
		if a, ok := s.Layers[i].(*Affine); ok && i == 0 {
			a.backwardParams(dout)
			break
		}
		dout = s.Layers[i].Backward(dout)
	}
	if s.WeightDecay != 0 {
		for _, l := range s.Layers {
			if a, ok := l.(*Affine); ok {
				lambda := s.WeightDecay
				rowsOf(a.W.Grad, a.W.Value, func(g, w []float64) {
					for i, v := range w {
						g[i] += lambda * v
					}
				})
			}
		}
	}
	return loss
}

// evalRows bounds the rows Accuracy passes through the network at once, so
// that evaluating a large set needs no large buffers.
const evalRows = 500

// Accuracy returns the fraction of rows of x whose highest score (in test
// mode) is their label. It panics if len(labels) is not the number of rows.
func (s *Sequential) Accuracy(x *mat.Dense, labels []int) float64 {
	checkInput("Accuracy", x)
	r, c := x.Dims()
	if len(labels) != r {
		panic(fmt.Sprintf("dnn: Accuracy: x is %d×%d but there are %d labels", r, c, len(labels)))
	}
	if r == 0 {
		return 0
	}
	right := 0
	for i := 0; i < r; i += evalRows {
		j := i + evalRows
		if j > r {
			j = r
		}
		scores := s.scores(x.Slice(i, j, 0, c).(*mat.Dense), false)
		s.pred = ArgMaxRows(s.pred, scores)
		for k, p := range s.pred {
			if p == labels[i+k] {
				right++
			}
		}
	}
	return float64(right) / float64(r)
}

// NumericalGradient returns the gradient of Loss (training mode) with
// respect to every parameter by central differences; see the function
// NumericalGradient.
func (s *Sequential) NumericalGradient(x *mat.Dense, labels []int) []*mat.Dense {
	return NumericalGradient(s, x, labels)
}

// GradientCheck compares backpropagation with the numerical gradient; see
// the function GradientCheck.
func (s *Sequential) GradientCheck(x *mat.Dense, labels []int) []GradDiff {
	return GradientCheck(s, x, labels)
}

// String describes the architecture, as in "Affine(2×10) Tanh Affine(10×2)".
func (s *Sequential) String() string {
	parts := make([]string, len(s.Layers))
	for i, l := range s.Layers {
		if st, ok := l.(fmt.Stringer); ok {
			parts[i] = st.String()
		} else {
			parts[i] = layerName(l)
		}
	}
	return strings.Join(parts, " ")
}

func (s *Sequential) layerList() []Layer { return s.Layers }

// setExactLoss drops or restores the loss's 1e-7 guard (see GradientCheck).
func (s *Sequential) setExactLoss(on bool) { s.Out.exact = on }

// inputs returns the number of input values per example the network
// takes, read from its first layer that fixes it, or 0 when a layer of
// unknown shape (a cell's own) comes first.
func (s *Sequential) inputs() int {
	for _, l := range s.Layers {
		switch l := l.(type) {
		case *Affine:
			if l.W != nil && l.W.Value != nil {
				r, _ := l.W.Value.Dims()
				return r
			}
			return 0
		case *BatchNorm:
			if l.Gamma != nil && l.Gamma.Value != nil {
				_, c := l.Gamma.Value.Dims()
				return c
			}
			return 0
		case *ReLULayer, *SigmoidLayer, *TanhLayer, *Dropout:
			// Elementwise: the next layer decides.
		default:
			return 0
		}
	}
	return 0
}

// layerName names a layer without a String method by its type. The
// interpreter presents a layer defined in a cell as a generated wrapper
// type whose name says nothing: that is "Layer".
func layerName(l Layer) string {
	t := reflect.TypeOf(l)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if strings.HasPrefix(t.Name(), "_") {
		return "Layer"
	}
	return fmt.Sprintf("%T", l)
}
