package evaluator

import (
	"testing"

	"github.com/gocell/gocell/kernel/symbols"
)

// formsSetup declares what the form tests use: a cell type A with a String
// method, a cell interface I, a layer type Scale for dnn, and funcs taking
// each kind of interface.
const formsSetup = "type I interface{ Get() int }\n" +
	"type A struct{ v int }\n" +
	"func (a A) Get() int { return a.v }\n" +
	"func (a A) String() string { return fmt.Sprint(\"A\", a.v) }\n" +
	"func NewA(v int) A { return A{v} }\n" +
	"func NewP(v int) *A { return &A{v} }\n" +
	"func f(i I) int { return i.Get() }\n" +
	"func fs(s fmt.Stringer) string { return s.String() }\n" +
	"type Scale struct{ k float64 }\n" +
	"func (s *Scale) Forward(x *mat.Dense, train bool) *mat.Dense { var y mat.Dense; y.Scale(s.k, x); return &y }\n" +
	"func (s *Scale) Backward(d *mat.Dense) *mat.Dense { return d }\n" +
	"func out(seq *dnn.Sequential) float64 { return seq.Predict(mat.NewDense(1, 1, []float64{1}), false).At(0, 0) }\n" +
	"type Layer interface {\n\tForward(x *mat.Dense, train bool) *mat.Dense\n\tBackward(d *mat.Dense) *mat.Dense\n}"

// formCases are forms where yaegi panicked or gave a later value (see
// TestYaegiInterfaceFollowsItsVariable); each runs in a fresh session
// after formsSetup.
var formCases = []struct {
	name  string
	steps []step
}{
	{"several calls passing call results", []step{
		{code: "n := f(NewA(2)) + f(NewA(3))\nn", result: "5"},
		{code: "m := fs(NewA(2)) + fs(NewA(3))\nm", result: `"A2A3"`},
		{code: "fs(NewP(2)) + fs(NewP(3))", result: `"A2A3"`},
		{code: "func both() string { return fs(NewA(4)) + \"-\" + fs(NewA(5)) }\nboth()", result: `"A4-A5"`},
		{code: "func NewScale(k float64) *Scale { return &Scale{k} }\nl := dnn.WithParams(NewScale(2), nil)\nout(dnn.NewSequential([]dnn.Layer{l, NewScale(3)}))", result: "6"},
	}},
	{"an interface keeps the value it was given", []step{
		{code: "a := A{1}\nvar i fmt.Stringer = a\na = A{2}\ni", result: "A1"},
		{code: "p := &A{1}\nvar j I = p\np = &A{2}\nj.Get()", result: "1"},
		{code: "var k I\nk = p\np = &A{3}\nk.Get()", result: "2"},
		{code: "b := A{1}\nm := b.String\nb = A{2}\nm()", result: `"A1"`},
		{code: "ss := []fmt.Stringer{a}\na = A{5}\nss", result: "[A2]"},
		{code: "ch := make(chan fmt.Stringer, 1)\nca := A{1}\nch <- ca\nca = A{2}\n<-ch", result: "A1"},
		{code: "type Counter struct{ n int }\nfunc (c *Counter) Inc() { c.n++ }\ncnt := Counter{}\ninc := cnt.Inc\ninc()\ninc()\ncnt.n", result: "2"},
		{code: "var ms []func() string\nfor _, c := range []A{{1}, {2}} {\n\tms = append(ms, c.String)\n}\nms[0]() + ms[1]()", result: `"A1A2"`},
		{code: "ms = nil\nfor k := 1; k < 3; k++ {\n\tc := A{k}\n\tm := c.String\n\tms = append(ms, m)\n}\nms[0]() + ms[1]()", result: `"A1A2"`},
		{code: "func keep() string { c := A{1}; var s fmt.Stringer = c; c = A{2}; return s.String() + c.String() }\nkeep()", result: `"A1A2"`},
	}},
	{"layers stay the layers they were", []step{
		{code: "seq := dnn.NewSequential(nil)\nl := &Scale{2}\nseq.Add(l)\nl = &Scale{3}\nseq.Add(l)\nout(seq)", result: "6"},
		{code: "l = &Scale{5}\nout(seq)", result: "6"},
		{code: "l := &Scale{7}\nout(seq)", result: "6"},
	}},
	{"values of cell types stored in loops", []step{
		{code: "var ls []fmt.Stringer\nfor k := 0; k < 3; k++ { s := fmt.Stringer(NewA(k)); ls = append(ls, s) }\nls", result: "[A0 A1 A2]"},
		{code: "ls = nil\nfor k := 0; k < 3; k++ { var s fmt.Stringer; s = NewA(k); ls = append(ls, s) }\nls", result: "[A0 A1 A2]"},
		{code: "ls = nil\nfor k := 0; k < 3; k++ { a := NewA(k); l := []fmt.Stringer{a}; ls = append(ls, l...) }\nls", result: "[A0 A1 A2]"},
		{code: "seq := dnn.NewSequential(nil)\nfor _, k := range []float64{2, 3} { l := &Scale{k}; seq.Add(l) }\nout(seq)", result: "6"},
		{code: "seq = dnn.NewSequential(nil)\nfor _, k := range []float64{2, 3} { l := dnn.Layer(&Scale{k}); seq.Add(l) }\nout(seq)", result: "6"},
		{code: "seq = dnn.NewSequential(nil)\nfor i := 0; i < 9; i++ {\n\tif i == 1 {\n\t\tcontinue\n\t}\n\tif i == 3 {\n\t\tbreak\n\t}\n\tl := &Scale{float64(i + 2)}\n\tseq.Add(l)\n}\nout(seq)", result: "8"},
		{code: "func build(ks []float64) *dnn.Sequential {\n\tseq := dnn.NewSequential(nil)\n\tfor _, k := range ks {\n\t\tl := &Scale{k}\n\t\tseq.Add(l)\n\t}\n\treturn seq\n}\nout(build([]float64{2, 3, 5}))", result: "30"},
		{code: "func grow(ks []float64) (*dnn.Sequential, error) {\n\tseq := dnn.NewSequential(nil)\n\tfor _, k := range ks {\n\t\tif k < 0 {\n\t\t\treturn nil, fmt.Errorf(\"bad %v\", k)\n\t\t}\n\t\tls := []dnn.Layer{&Scale{k}}\n\t\tseq.Add(ls[0])\n\t}\n\treturn seq, nil\n}\ng, err := grow([]float64{2, 3, 5})\n_, bad := grow([]float64{2, -1})\nfmt.Println(out(g), err, bad)", stdout: "30 <nil> bad -1\n"},
		{code: "var seqs []*dnn.Sequential\nfor _, k := range []float64{2, 3} {\n\tseqs = append(seqs, dnn.NewSequential([]dnn.Layer{&Scale{k}}))\n}\nout(seqs[0]) + out(seqs[1])", result: "5"},
		{code: "seqs = nil\nfor _, k := range []float64{2, 3} {\n\ts := dnn.NewSequential([]dnn.Layer{&Scale{k}, &Scale{k}})\n\tseqs = append(seqs, s)\n}\nout(seqs[0]) + out(seqs[1])", result: "13"},
		{code: "seqs = nil\nfor _, k := range []float64{2, 3} {\n\tsc := Scale{k}\n\ts := dnn.NewSequential([]dnn.Layer{&sc})\n\tseqs = append(seqs, s)\n}\nout(seqs[0]) + out(seqs[1])", result: "5"},
		{code: "mine := []Layer{&Scale{2}, &Scale{3}}\nlayers := []dnn.Layer{}\nfor _, l := range mine { layers = append(layers, dnn.Layer(l)) }\nout(dnn.NewSequential(layers))", result: "6"},
		{code: "layers = nil\nfor _, l := range mine { var v dnn.Layer = l; d := dnn.WithParams(v, nil); layers = append(layers, d) }\nout(dnn.NewSequential(layers))", result: "6"},
	}},
	{"a cell interface's values to compiled parameters", []step{
		{code: "var l Layer = &Scale{2}\nd := dnn.WithParams(l, nil)\nout(dnn.NewSequential([]dnn.Layer{d}))", result: "2"},
		{code: "seq := dnn.NewSequential(nil)\nseq.Add(l)\nout(seq)", result: "2"},
		{code: "seq.Add(l)\nout(seq)", result: "4"},
		{code: "mine := []Layer{&Scale{2}, &Scale{3}}\nfunc build() *dnn.Sequential {\n\tseq := dnn.NewSequential(nil)\n\tfor _, l := range mine {\n\t\tseq.Add(l)\n\t}\n\treturn seq\n}\nout(build())", result: "6"},
		{code: "s2 := &dnn.Sequential{}\nfor _, l := range mine {\n\ts2.Add(l)\n}\nout(s2)", result: "6"},
	}},
	{"a cell network's layers handed to dnn in a loop (lesson 8 without its helper func)", []step{
		{code: "type Aff struct {\n\tk float64\n\tp []*dnn.Param\n}\nfunc (a *Aff) Forward(x *mat.Dense, train bool) *mat.Dense { var y mat.Dense; y.Scale(a.k, x); return &y }\nfunc (a *Aff) Backward(d *mat.Dense) *mat.Dense { return d }\nfunc (a *Aff) Params() []*dnn.Param { return a.p }\ntype Net struct{ Layers []Layer }"},
		{code: "n := &Net{Layers: []Layer{&Aff{k: 2}, &Scale{5}, &Aff{k: 3}}}\nlayers := []dnn.Layer{}\nfor _, l := range n.Layers {\n\tif a, ok := l.(*Aff); ok {\n\t\tlayers = append(layers, dnn.WithParams(a, a.Params()))\n\t} else {\n\t\tlayers = append(layers, l)\n\t}\n}\nout(dnn.NewSequential(layers))", result: "30"},
		{code: "func toSeq(n *Net) *dnn.Sequential {\n\tlayers := []dnn.Layer{}\n\tfor _, l := range n.Layers {\n\t\tif a, ok := l.(*Aff); ok {\n\t\t\tlayers = append(layers, dnn.WithParams(a, a.Params()))\n\t\t\tcontinue\n\t\t}\n\t\tlayers = append(layers, l)\n\t}\n\treturn dnn.NewSequential(layers)\n}\nout(toSeq(n))", result: "30"},
	}},
	{"compiled values to compiled parameters stay as they are", []step{
		{code: "p := chart.New(\"t\", \"x\", \"y\")\npts := make(plotter.XYs, 2)\nline, _ := plotter.NewLine(pts)\np.Add(line)\nlen(p.Title.Text)", result: "1"},
		{code: "w := bufio.NewWriter(os.Stdout)\nfmt.Fprint(w, \"buffered\")\nw.Flush()", stdout: "buffered", result: "nil"},
	}},
	{"what cannot be rewritten says what to write", []step{
		{code: "func mkSeq() *dnn.Sequential { return dnn.NewSequential(nil) }\nvar l Layer = &Scale{2}\ns3 := mkSeq()\ns3.Add(l)", ename: "Panic", evalue: "assign it to a variable of that type first, `var v dnn.Layer = x`, and pass v"},
		{code: "var v dnn.Layer = l\ns3.Add(v)\nout(s3)", result: "2"},
	}},
	{"statements in if, switch and for headers", []step{
		{code: "func g() A { return A{7} }\nif v := fs(g()); v != \"\" {\n\tfmt.Print(v)\n}", stdout: "A7"},
		{code: "x := 0\nif false {\n} else if v := f(g()); v > 0 {\n\tx = v\n}\nx", result: "7"},
		{code: "switch y := fs(g()); y {\ncase \"A7\":\n\tfmt.Print(\"seven\")\n}", stdout: "seven"},
		{code: "for n := f(g()); n < 9; n++ {\n\tfmt.Print(n)\n}", stdout: "78"},
		{code: "var s fmt.Stringer\nif v := g(); true {\n\ts = v\n}\ns", result: "A7"},
		{code: "var ls []fmt.Stringer\nfor a := NewA(0); a.v < 3; a = NewA(a.v + 1) {\n\tls = append(ls, a)\n}\nls", result: "[A0 A1 A2]"},
		{code: "seq := dnn.NewSequential(nil)\nfor l := (&Scale{2}); l.k < 5; l = (&Scale{l.k + 1}) {\n\tseq.Add(l)\n}\nout(seq)", result: "24"},
		{code: "seq = dnn.NewSequential(nil)\nfor _, k := range []float64{2, 3} {\n\tswitch l := (&Scale{k}); {\n\tcase k > 0:\n\t\tseq.Add(l)\n\t}\n}\nout(seq)", result: "6"},
	}},
}

func TestForms(t *testing.T) {
	for _, tc := range formCases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(Options{Symbols: symbols.Symbols})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if o := run(t, s, formsSetup); o.ename != "" {
				t.Fatalf("setup: %s: %s", o.ename, o.evalue)
			}
			for i, st := range tc.steps {
				check(t, i, st, runIn(t, s, st.code, &lines{in: st.stdin}))
			}
		})
	}
}
