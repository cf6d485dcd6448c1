package evaluator

import (
	"testing"

	"github.com/gocell/gocell/kernel/symbols"
)

func TestProbeLesson(t *testing.T) {
	s, _ := New(Options{Symbols: symbols.Symbols})
	defer s.Close()
	for _, c := range []string{
		"type NN struct {\n\tW1, W2 *mat.Dense\n\tlr float64\n}\n\nfunc NewNN(in, hidden int) *NN {\n\trng := rand.New(rand.NewSource(3))\n\tw1 := mat.NewDense(in, hidden, nil)\n\tw1.Apply(func(i, j int, v float64) float64 { return rng.NormFloat64() / math.Sqrt(2) }, w1)\n\treturn &NN{W1: w1, lr: 0.1}\n}",
		"nn := NewNN(3, 4)\nr, c := nn.W1.Dims()\nfmt.Println(r, c)",
		"func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }\nfunc (n *NN) Forward(x *mat.Dense) *mat.Dense {\n\tvar h mat.Dense\n\th.Mul(x, n.W1)\n\th.Apply(func(i, j int, v float64) float64 { return sigmoid(v) }, &h)\n\treturn &h\n}",
		"x := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})\nout := nn.Forward(x)\nout.At(0, 0) > 0",
		"func sigmoid(x float64) float64 { return 0.5 }\nnn.Forward(x).At(1, 1)",
		"type NN struct {\n\tW1, W2 *mat.Dense\n\tlr float64\n\tepochs int\n}\nnn.Forward(x).At(0, 0)",
		"nn = NewNN(3, 4)\nnn.Forward(x).At(0, 0)",
		"losses := []float64{}\nfor epoch := 0; epoch < 5; epoch++ {\n\tlosses = append(losses, 1/float64(epoch+1))\n}\nlosses",
		"mat.Formatted(x)",
		"x",
		"%who",
	} {
		o := run(t, s, c)
		t.Logf("%q\n -> out=%q err=%q result=%q %s: %s", c, o.stdout, o.stderr, o.result, o.ename, o.evalue)
	}
}
