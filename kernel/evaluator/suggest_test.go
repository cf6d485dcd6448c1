package evaluator

import "testing"

// TestSuggestNames checks the wording of mistyped names: Go's, with the
// value's type, and a close name when there is one.
func TestSuggestNames(t *testing.T) {
	runSteps(t, newPreloaded(t), []step{
		{code: "net := dnn.NewTwoLayerNt(2, 3, 2, 1)", ename: "CompileError", evalue: "undefined: dnn.NewTwoLayerNt (did you mean dnn.NewTwoLayerNet?)"},
		{code: "strings.ToUper(\"a\")", ename: "CompileError", evalue: "undefined: strings.ToUper (did you mean strings.ToUpper?)"},
		{code: "math.Nothing(2)", ename: "CompileError", evalue: "undefined: math.Nothing"},
		{code: "net, _ := dnn.NewMultiLayerNet(dnn.MultiLayerConfig{Input: 2, Hidden: []int{3}, Output: 2})\nnet.Acuracy(nil, nil)", ename: "CompileError",
			evalue: "net.Acuracy undefined (type *dnn.MultiLayerNet has no field or method Acuracy; did you mean Accuracy?)"},
		{code: "tr := dnn.Trainer{Epoch: 3}", ename: "CompileError", evalue: "unknown field Epoch in struct literal of type dnn.Trainer (did you mean Epochs?)"},
		{code: "type P struct{ Name string }\np := P{}\np.Nme", ename: "CompileError", evalue: "has no field or method Nme; did you mean Name?)"},
		{code: "p.Name = \"ok\"\np.Name", result: "\"ok\""},
		{code: "learningRate := 0.1\nfunc step(w float64) float64 { return w - learningRate*2 }"},
		{code: "learningrate * 2", ename: "CompileError", evalue: "undefined: learningrate (did you mean learningRate?)"},
		{code: "stpe(1)", ename: "CompileError", evalue: "undefined: stpe (did you mean step?)"},
		{code: "zzz", ename: "CompileError", evalue: "undefined: zzz"},
		{code: "x := mat.NewDense(1, 2, nil)\nlabels := []int{1}\nnet.Loss(x, labels)", ename: "CompileError", evalue: "not enough arguments in call to net.Loss"},
		{code: "step(1, 2)", ename: "CompileError", evalue: "too many arguments in call to step"},
		{code: "v := 2.0\nw := math.Sqrt(v,\n\t1)", ename: "CompileError", evalue: "too many arguments in call to math.Sqrt"},
	})
}

func TestClosest(t *testing.T) {
	for _, tt := range []struct {
		name  string
		cands []string
		want  string
	}{
		{"Acuracy", []string{"Accuracy", "Loss"}, "Accuracy"},
		{"printn", []string{"Println", "Printf"}, "Println"},
		{"Sqr", []string{"Sqrt", "Sin"}, "Sqrt"},
		{"Lsos", []string{"Loss"}, "Loss"},
		{"X", []string{"Y"}, ""},
		{"Predict", []string{"Train"}, ""},
		{"abs", []string{"Abs"}, "Abs"},
	} {
		if got := closest(tt.name, tt.cands); got != tt.want {
			t.Errorf("closest(%q, %q) = %q, want %q", tt.name, tt.cands, got, tt.want)
		}
	}
}
