package evaluator

import "testing"

// TestShapePanicsNameShapes checks that gonum's shape panics get the
// shapes of the session's matrices in the failing call.
func TestShapePanicsNameShapes(t *testing.T) {
	runSteps(t, newPreloaded(t), []step{
		{code: "a := mat.NewDense(2, 3, nil)\nb := mat.NewDense(2, 3, nil)\nvar z mat.Dense\nz.Mul(a, b)", ename: "Panic", evalue: "mat: dimension mismatch (a is 2×3, b is 2×3)"},
		{code: "c := mat.NewDense(3, 4, nil)\nz.Add(a,\n\tc)", ename: "Panic", evalue: "mat: dimension mismatch (a is 2×3, c is 3×4)"},
		{code: "func mul(p, q *mat.Dense) { var r mat.Dense; r.Mul(p, q) }\nmul(a, b)", ename: "Panic", evalue: "mat: dimension mismatch"},
		{code: "z.Mul(a, c)\nz.Dims()", result: "2, 4"},
		{code: "z.Add(&z, a)", ename: "Panic", evalue: "mat: dimension mismatch (z is 2×4, a is 2×3)"},
		{code: "a.Add(a, c)", ename: "Panic", evalue: "mat: dimension mismatch (a is 2×3, c is 3×4)"},
		{code: "rows := a.Dims()", ename: "CompileError", evalue: "assignment mismatch: 1 variable but a.Dims returns 2 values"},
		{code: "a.At(2, 0)", ename: "Panic", evalue: "mat: row index out of range (a is 2×3)"},
		{code: "a.Set(0, 3, 1)", ename: "Panic", evalue: "mat: column index out of range (a is 2×3)"},
		{code: "u := []float64{1, 2, 3}\nw := []float64{4, 5}\nfloats.Dot(u, w)", ename: "Panic", evalue: "floats: slice lengths do not match (u has length 3, w has length 2)"},
	})
}
