package evaluator

import "testing"

// lessonBugs are wrong results lesson writers met, each running in a fresh
// session with the preloaded packages (dnn among them).
var lessonBugs = []struct {
	name  string
	steps []step
}{
	{"parallel assignment beside a call", []step{
		{code: "func sq(v float64) float64 { return v * v }\nfunc t() [2]float64 { var a, b float64; x := 3.0; a, b = x, sq(x); return [2]float64{a, b} }\nt()", result: "[3 9]"},
		{code: "func u() [2]float64 { var a, b float64; x := 3.0; a, b = sq(x), x; return [2]float64{a, b} }\nu()", result: "[9 3]"},
		{code: "type P struct{ X, Y float64 }\np := make([]P, 2)\ni, x := 1, 2.0\np[i].X, p[i].Y = x, sq(x)\np[1]", result: "P{X:2, Y:4}"},
		{code: "var a, b float64\na, b = 1, sq(3)\nfmt.Print(a, b)", stdout: "1 9"},
		{code: "var s string\nvar n int\ns, n = \"k\", len(p)\nfmt.Print(s, n)", stdout: "k2"},
		{code: "var e error\nvar m []int\nfunc clearAll() (int, int) { var l []int; k := 1; l, k = nil, k+1; m, e = nil, nil; return len(l), k }\nclearAll()", result: "0, 2"},
	}},
	{"cell values appended to a compiled interface slice in loops", []step{
		{code: "type A struct{ id int }\nfunc (a *A) Forward(x *mat.Dense, train bool) *mat.Dense { fmt.Print(a.id, \" \"); return x }\nfunc (a *A) Backward(d *mat.Dense) *mat.Dense { return d }\nfunc NewA(i int) *A { return &A{id: i} }"},
		{code: "ls := []dnn.Layer{}\nfor i := 0; i < 3; i++ { ls = append(ls, &A{id: i}) }\nfor _, l := range ls { l.Forward(nil, false) }", stdout: "0 1 2 "},
		{code: "ls = nil\nfor i := 0; i < 3; i++ {\n\ta := &A{id: i}\n\tls = append(ls, a, NewA(10+i))\n}\nfor _, l := range ls { l.Forward(nil, false) }", stdout: "0 10 1 11 2 12 "},
		{code: "func build(as []*A) []dnn.Layer {\n\tvar ls []dnn.Layer\n\tfor _, a := range as {\n\t\tls = append(ls, a)\n\t}\n\treturn ls\n}\nfor _, l := range build([]*A{{7}, {8}}) { l.Forward(nil, false) }", stdout: "7 8 "},
		{code: "ls = make([]dnn.Layer, 3)\nvar nets [][]dnn.Layer\nfor i := 0; i < 3; i++ {\n\tls[i] = &A{id: i}\n\tnets = append(nets, []dnn.Layer{&A{id: 10 + i}})\n}\nfor _, l := range ls { l.Forward(nil, false) }\nfor _, n := range nets { n[0].Forward(nil, false) }", stdout: "0 1 2 10 11 12 "},
		{code: "seq := dnn.NewSequential(nil)\nfor _, a := range []*A{{20}, {21}} {\n\tseq.Add(a)\n}\nfor i := 0; i < 2; i++ {\n\tb := NewA(22 + i)\n\tseq.Add(b)\n}\n_ = seq.Predict(mat.NewDense(1, 1, nil), false)", stdout: "20 21 22 23 "},
		{code: "ls = nil\nfor i := 0; i < 2; i++ {\n\tvar l dnn.Layer = &A{id: 30 + i}\n\tls = append(ls, l)\n}\nfor _, l := range ls { l.Forward(nil, false) }", stdout: "30 31 "},
		{code: "seq = dnn.NewSequential(nil)\nvar a *A\nfor i := 0; i < 2; i++ {\n\ta = NewA(40 + i)\n\tseq.Add(a)\n}\n_ = seq.Predict(mat.NewDense(1, 1, nil), false)", stdout: "40 41 "},
		{code: "const n = 3\nk := 2\nfs := []float64{}\nfor i := 0; i < 2; i++ { x := 0.5; fs = append(fs, 1, n, x, float64(k)) }\nfs", result: "[1 3 0.5 2 1 3 0.5 2]"},
	}},
	{"declarations refer to ones further down the cell", []step{
		{code: "func a1() int { return b1() }\nfunc b1() int { return 1 }\na1()", result: "1"},
		{code: "func ev(n int) bool { if n == 0 { return true }; return od(n - 1) }\nfunc od(n int) bool { if n == 0 { return false }; return ev(n - 1) }\nev(10)", result: "true"},
		{code: "func (n *Node) Sum() int { return n.v + n.rest() }\nfunc (n *Node) rest() int { if n.next == nil { return 0 }; return n.next.Sum() }\ntype Node struct {\n\tv    int\n\tnext *Node\n\tt    *Tag\n}\ntype Tag struct{ s string }\n(&Node{v: 1, next: &Node{v: 2}}).Sum()", result: "3"},
		{code: "func b1() int { return 2 }\nfunc c1() int { return b1() * 10 }\na1() + c1()", result: "22"},
		{code: "type Node struct{ v int }\nfunc (n *Node) Sum() int { return n.v * 100 }\n(&Node{v: 1}).Sum()", result: "100"},
		{code: "func d1() int { return e1() }\nfunc e1() int { return undefinedThing }", ename: "CompileError", evalue: "undefined: undefinedThing", traceback: "line 2"},
		{code: "x := 5\nfunc useX() int { return x + y1() }\nfunc y1() int { return 1 }\nuseX()", result: "6"},
		{code: "func a2() int { return b2() + len(T2{}.s) }\nx2 := 5\nfunc b2() int { return x2 }\ntype T2 struct{ s []int }\na2()", result: "5"},
		{code: "func a3() int { return b3() }\nv := a3()\nfunc b3() int { return 1 }", ename: "CompileError", evalue: "undefined: b3"},
	}},
	{"a call's result passed to a compiled interface parameter", []step{
		{code: "type A struct{ id int }\nfunc (a *A) Forward(x *mat.Dense, train bool) *mat.Dense { fmt.Print(a.id, \" \"); return x }\nfunc (a *A) Backward(d *mat.Dense) *mat.Dense { return d }\nfunc NewA(i int) *A { return &A{id: i} }\nfunc f(l dnn.Layer) int { l.Forward(nil, false); return 1 }"},
		{code: "f(NewA(1))", stdout: "1 ", result: "1"},
		{code: "func two() (int, int) { return 3, 4 }\nfunc add(a, b int) int { return a + b }\nadd(two())", result: "7"},
		{code: "add(two())", result: "7"},
		{code: "n := f(NewA(2))\nn += f(NewA(3))\nn", stdout: "2 3 ", result: "2"},
		{code: "func g() int { return f(NewA(4)) }\ng()", stdout: "4 ", result: "1"},
		{code: "fmt.Println(f(NewA(5)))", stdout: "5 1\n"},
		{code: "type Net struct{ ls []dnn.Layer }\nfunc (n *Net) Add(l dnn.Layer) { n.ls = append(n.ls, l) }\nnet := &Net{}\nnet.Add(NewA(6))\nnet.Add(NewA(7))\nfor _, l := range net.ls { l.Forward(nil, false) }", stdout: "6 7 "},
		{code: "net = &Net{}\nfor i := 0; i < 2; i++ {\n\tnet.Add(NewA(8 + i))\n\tnet.Add(&A{id: 10 + i})\n}\nfor _, l := range net.ls { l.Forward(nil, false) }", stdout: "8 10 9 11 "},
	}},
	{"labelled break in a select case", []step{
		{code: "done := time.After(20 * time.Millisecond)\nn := 0\nL:\nfor {\n\tselect {\n\tcase <-done:\n\t\tbreak L\n\tdefault:\n\t\tn++\n\t\ttime.Sleep(time.Millisecond)\n\t}\n}\nn > 0", result: "true"},
	}},
}

func TestLessonBugs(t *testing.T) {
	for _, tc := range lessonBugs {
		t.Run(tc.name, func(t *testing.T) {
			runSteps(t, newPreloaded(t), tc.steps)
		})
	}
}
