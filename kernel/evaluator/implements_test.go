package evaluator

import "testing"

// TestLayerMissingMethod: a learner's layer that lacks one of dnn.Layer's
// methods is told which, as Go tells it.
func TestLayerMissingMethod(t *testing.T) {
	runSteps(t, newPreloaded(t), []step{
		{code: "type Double struct{}\nfunc (d *Double) Forward(x *mat.Dense, train bool) *mat.Dense { var y mat.Dense; y.Scale(2, x); return &y }"},
		{code: "var l dnn.Layer = &Double{}", ename: "CompileError", evalue: "cannot use type *Double as type dnn.Layer in assignment: *Double does not implement dnn.Layer (missing method Backward)"},
		{code: "layers := []dnn.Layer{dnn.NewReLU(), &Double{}}", ename: "CompileError", evalue: "*Double does not implement dnn.Layer (missing method Backward)"},
	})
}
