package evaluator

import "testing"

// assertStyle holds sessions that assert values of a cell's types held in
// interface{} to fmt.Stringer and error; each expectation is what `go
// run` prints for the same program (yaegi kept a value that reached
// interface{} from a composite literal without its methods, and built a
// wrapper for a value of a []interface{} literal that read a stale frame).
var assertStyle = []struct {
	name  string
	steps []step
}{
	{"a cell's type in interface{} asserts to fmt.Stringer", []step{
		{code: "type T struct{ n int }\nfunc (t T) String() string { return fmt.Sprint(\"T\", t.n) }\ntype Q struct{ q, r int }\nfunc (q *Q) String() string { return \"Q\" }"},
		{code: "var z interface{} = T{1}\ns, ok := z.(fmt.Stringer)\nfmt.Println(s, ok)", stdout: "T1 true\n"},
		{code: "fmt.Println(z.(fmt.Stringer).String())\nfmt.Printf(\"%v %s|%d %#v\\n\", s, s, 7, s)", stdout: "T1\nT1 T1|7 main.T{n:1}\n"},
		{code: "fmt.Printf(\"%T %T\\n\", s, z)", stdout: "main.T main.T\n"},
		{code: "func show(v interface{}) string {\n\tif s, ok := v.(fmt.Stringer); ok {\n\t\treturn s.String()\n\t}\n\treturn \"?\"\n}\nfmt.Println(show(z), show(T{2}), show(3), show(nil))", stdout: "T1 T2 ? ?\n"},
		{code: "things := []interface{}{T{1}, 2, &T{3}}\nfor _, t := range things {\n\tif s, ok := t.(fmt.Stringer); ok {\n\t\tfmt.Println(s)\n\t}\n}", stdout: "T1\nT3\n"},
		{code: "var p interface{} = &T{4}\n_, ok3 := p.(fmt.Stringer)\nfmt.Println(ok3)", stdout: "true\n"},
		{code: "t1, okt := s.(T)\nps, _ := p.(fmt.Stringer)\nt4 := ps.(*T)\n_, okq := s.(*Q)\nfmt.Println(t1.n, okt, t4.n, okq)\nswitch x := s.(type) {\ncase *T:\n\tfmt.Println(\"*T\")\ncase T:\n\tfmt.Println(\"T\", x.n)\n}", stdout: "1 true 4 false\nT 1\n"},
		{code: "var qv interface{} = Q{1, 2}\nvar qp interface{} = &Q{3, 4}\n_, okv := qv.(fmt.Stringer)\n_, okp := qp.(fmt.Stringer)\nfmt.Println(okv, okp)", stdout: "false true\n"},
		{code: "var list []fmt.Stringer\nfor _, v := range []interface{}{T{5}, T{6}, 7, T{8}} {\n\tif s, ok := v.(fmt.Stringer); ok {\n\t\tlist = append(list, s)\n\t}\n}\nfmt.Println(list[0].String(), list[1].String(), list[2].String())", stdout: "T5 T6 T8\n"},
		{code: "func kind(v interface{}) string {\n\tswitch x := v.(type) {\n\tcase error:\n\t\treturn \"error \" + x.Error()\n\tcase fmt.Stringer:\n\t\treturn \"stringer \" + x.String()\n\t}\n\treturn \"other\"\n}\nfmt.Println(kind(z), kind(p), kind(qv), kind(qp), kind(4))", stdout: "stringer T1 stringer T4 other stringer Q other\n"},
		{code: "switch x := z.(type) {\ncase fmt.Stringer:\n\tfmt.Println(\"top\", x)\n}", stdout: "top T1\n"},
		{code: "func get() interface{} { return T{7} }\nswitch v := get(); x := v.(type) {\ncase fmt.Stringer:\n\tfmt.Println(\"init\", x)\ndefault:\n\tfmt.Println(\"no\")\n}\nfunc kind2(f func() interface{}) string {\n\tswitch v := f(); e := v.(type) {\n\tcase error:\n\t\treturn \"err \" + e.Error()\n\t}\n\treturn \"other\"\n}\nfmt.Println(kind2(func() interface{} { return io.EOF }), kind2(get))", stdout: "init T7\nerr EOF other\n"},
	}},
	{"a cell's error type in interface{} asserts to error", []step{
		{code: "type E struct{ code int }\nfunc (e E) Error() string { return fmt.Sprint(\"E\", e.code) }\ntype PE struct{ code, x int }\nfunc (e *PE) Error() string { return fmt.Sprint(\"PE\", e.code) }\ntype Both struct{ a, b, c int }\nfunc (Both) Error() string { return \"err\" }\nfunc (Both) String() string { return \"str\" }"},
		{code: "var ev interface{} = E{5}\ne, ok4 := ev.(error)\nfmt.Println(e, ok4)", stdout: "E5 true\n"},
		{code: "var pv interface{} = &PE{6, 0}\ne2, ok5 := pv.(error)\nfmt.Println(e2, ok5)", stdout: "PE6 true\n"},
		{code: "var target E\nfmt.Println(errors.As(e, &target), target.code, errors.As(fmt.Errorf(\"w: %w\", e), &target))", stdout: "true 5 true\n"},
		{code: "var pt2 *PE\nfmt.Println(errors.As(fmt.Errorf(\"w: %w\", e2), &pt2), pt2.code, errors.Is(e2, e2), errors.Unwrap(e2) == nil)", stdout: "true 6 true true\n"},
		{code: "var bv interface{} = Both{}\nbe, _ := bv.(error)\nbs, _ := bv.(fmt.Stringer)\nfmt.Println(be, bs, be.Error(), bs.String())\nfmt.Printf(\"%#v %#v\\n\", be, bs)", stdout: "err err err str\nmain.Both{a:0, b:0, c:0} main.Both{a:0, b:0, c:0}\n"},
		{code: "func check(v interface{}) error {\n\tif err, ok := v.(error); ok {\n\t\treturn fmt.Errorf(\"checked: %w\", err)\n\t}\n\treturn nil\n}\nfmt.Println(check(ev), check(pv), check(1))", stdout: "checked: E5 checked: PE6 <nil>\n"},
	}},
	{"an error a func of the cell returned asserts to its type", []step{
		{code: "type PE struct{ code int }\nfunc (e *PE) Error() string { return fmt.Sprint(\"PE\", e.code) }\nfunc mk() error { return &PE{3} }"},
		{code: "err := mk()\npe, ok := err.(*PE)\nfmt.Println(pe.code, ok, err.(*PE).code)", stdout: "3 true 3\n"},
		{code: "func chk(err error) int {\n\tif pe, ok := err.(*PE); ok {\n\t\treturn pe.code\n\t}\n\treturn -1\n}\nfunc kind(err error) string {\n\tswitch e := err.(type) {\n\tcase *PE:\n\t\treturn fmt.Sprint(\"pe\", e.code)\n\t}\n\treturn \"?\"\n}\nfmt.Println(chk(mk()), chk(io.EOF), kind(mk()), kind(io.EOF))", stdout: "3 -1 pe3 ?\n"},
		{code: "var sh fmt.Stringer = time.Second\nd, ok3 := sh.(time.Duration)\nfmt.Println(d, ok3)", stdout: "1s true\n"},
	}},
	{"a cell's interface asserts to another", []step{
		{code: "type Animal interface{ Sound() string }\ntype Named interface{ Name() string }\ntype Dog struct{ n string }\nfunc (d Dog) Sound() string { return \"woof\" }\nfunc (d Dog) Name() string { return d.n }\ntype Cat struct{}\nfunc (Cat) Sound() string { return \"meow\" }"},
		{code: "var a Animal = Dog{\"rex\"}\nn, ok := a.(Named)\nvar c Animal = Cat{}\n_, ok2 := c.(Named)\nd, ok3 := a.(Dog)\nfmt.Println(n.Name(), ok, ok2, d.n, ok3)", stdout: "rex true false rex true\n"},
		{code: "func names(as []Animal) (r []string) {\n\tfor _, a := range as {\n\t\tif n, ok := a.(Named); ok {\n\t\t\tr = append(r, n.Name())\n\t\t}\n\t}\n\treturn\n}\nfmt.Println(names([]Animal{Dog{\"a\"}, Cat{}, Dog{\"b\"}}))", stdout: "[a b]\n"},
	}},
	{"a recovered value asserts to a cell's type", []step{
		{code: "type E struct{ code int }\nfunc (e *E) Error() string { return fmt.Sprint(\"E\", e.code) }\ntype V struct{ a, b int }\nfunc get(f func()) (r interface{}) {\n\tdefer func() { r = recover() }()\n\tf()\n\treturn nil\n}"},
		{code: "r := get(func() { panic(&E{4}) })\ne, ok := r.(*E)\nr2 := get(func() { panic(V{1, 2}) })\nv, ok2 := r2.(V)\nfmt.Println(e.code, ok, v.b, ok2)", stdout: "4 true 2 true\n"},
		{code: "switch x := get(func() { panic(&E{5}) }).(type) {\ncase *E:\n\tfmt.Println(\"E\", x.code)\ndefault:\n\tfmt.Println(\"other\")\n}", stdout: "E 5\n"},
	}},
	// What yaegi loses is an error that says what to write, not a
	// silent false.
	{"types of the same fields and struct errors passed on by value", []step{
		{code: "type A1 struct{ n int }\nfunc (a A1) String() string { return fmt.Sprint(\"A\", a.n) }\ntype B1 struct{ n int }\ntype VE struct {\n\tmsg  string\n\tcode int\n}\nfunc (e VE) Error() string { return e.msg }"},
		{code: "var z interface{} = A1{1}\n_, ok := z.(fmt.Stringer)", ename: "Panic", evalue: "cannot tell such types apart, so whether it is a fmt.Stringer is unknown: put it in a variable of its type first"},
		{code: "a := A1{2}\nvar y interface{} = a\ns, ok := y.(fmt.Stringer)\nfmt.Println(s, ok)", stdout: "A2 true\n"},
		{code: "var zb interface{} = B1{3}\n_, okb := zb.(error)\nokb", result: "false"},
		{code: "err := fmt.Errorf(\"w: %w\", VE{\"m\", 7})\nvar target VE\nerrors.As(err, &target)", ename: "Panic", evalue: "give Error a pointer receiver"},
		{code: "var pt *VE\nerrors.As(err, &pt)", result: "false"},
		{code: "func mkv() error { return VE{\"m\", 8} }\nev := mkv()\nfmt.Println(ev)\n_, okv := ev.(VE)", stdout: "m\n", ename: "Panic", evalue: "the interpreter passed this VE value on as an error with only its last field, so it cannot be asserted back to VE: give Error a pointer receiver (func (e *VE) Error() string) and use &VE{...}"},
	}},
	{"a cell's type that is not a struct, in a []interface{} literal", []step{
		{code: "type Weekday int\nfunc (d Weekday) String() string { return [...]string{\"Sun\", \"Mon\", \"Tue\"}[d] }\ntype Level int\nfunc (l Level) Error() string { return \"level\" }"},
		{code: "w := Weekday(2)\nfor _, x := range []interface{}{Weekday(0), w, 3, Level(1)} {\n\tif s, ok := x.(fmt.Stringer); ok {\n\t\tfmt.Println(s)\n\t}\n\tif e, ok := x.(error); ok {\n\t\tfmt.Println(\"error\", e)\n\t}\n}", stdout: "Sun\nTue\nerror level\n"},
	}},
	{"a String promoted from an embedded field", []step{
		{code: "type Base struct{ id int }\nfunc (b Base) String() string { return fmt.Sprint(\"B\", b.id) }\ntype Derived struct {\n\tBase\n\tx int\n}\ntype PD struct {\n\t*Base\n\ty, z int\n}\ntype Own struct {\n\tBase\n\tw, u, v int\n}\nfunc (Own) String() string { return \"own\" }"},
		{code: "var v interface{} = Derived{Base{1}, 2}\ns, ok := v.(fmt.Stringer)\nfmt.Println(s, ok)", stdout: "B1 true\n"},
		{code: "d := Derived{Base{3}, 4}\nvar v2 interface{} = d\nvar v3 interface{} = PD{&Base{5}, 0, 0}\nvar v4 interface{} = Own{}\nfor _, x := range []interface{}{v2, v3, v4} {\n\ts, ok := x.(fmt.Stringer)\n\tfmt.Println(s, ok)\n}", stdout: "B3 true\nB5 true\nown true\n"},
		{code: "type Later struct {\n\tBase\n\tp, q, r, s int\n}"},
		{code: "var lv interface{} = Later{Base: Base{6}}\nfmt.Println(lv.(fmt.Stringer).String())", stdout: "B6\n"},
	}},
	{"a literal of a cell's type asserted to another package's interface", []step{
		{code: "type R struct{ n int }\nfunc (r *R) Read(p []byte) (int, error) { return 0, io.EOF }\ntype L struct{ k int }\nfunc (l L) Len() int { return l.k }\nfunc (l L) Less(i, j int) bool { return false }\nfunc (l L) Swap(i, j int) {}"},
		{code: "var z interface{} = &R{1}\nrd, ok := z.(io.Reader)\nb, err := io.ReadAll(rd)\nfmt.Println(ok, len(b), err)", stdout: "true 0 <nil>\n"},
		{code: "var sv interface{} = L{3}\n_, ok3 := sv.(sort.Interface)", ename: "Panic", evalue: "this L reached interface{} from a literal, and the interpreter lost its methods there, so it cannot be asserted to sort.Interface: put it in a variable of its type first (t := L{...}; var v interface{} = t)"},
		{code: "l := L{4}\nvar sv2 interface{} = l\nsi2, ok4 := sv2.(sort.Interface)\nfmt.Println(ok4, si2.Len())", stdout: "true 4\n"},
		{code: "var rv interface{} = R{5}\n_, ok5 := rv.(io.Reader)\nfmt.Println(ok5)", stdout: "false\n"},
	}},
}

func TestAssertStyle(t *testing.T) {
	for _, tc := range assertStyle {
		t.Run(tc.name, func(t *testing.T) {
			s := newSession(t)
			for i, st := range tc.steps {
				check(t, i, st, runIn(t, s, st.code, &lines{in: st.stdin}))
			}
		})
	}
}
