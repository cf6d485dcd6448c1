package evaluator

import (
	"regexp"
	"testing"
)

// goStyle holds sessions an experienced Go programmer tries first; each
// expectation is what `go run` prints for the same program.
var goStyle = []struct {
	name  string
	steps []step
}{
	{"a pointer is not taken for a pointer to a cell's type with String", []step{
		{code: "type Weekday int\nfunc (d Weekday) String() string { return [...]string{\"Sun\", \"Mon\", \"Tue\"}[d] }\ntype P struct{ A int }\nfunc (p P) String() string { return \"P!\" }"},
		{code: "var np *int\nnp", result: "nil"},
		{code: "&P{1}", result: "P!"},
		{code: "var pn *P\npn", result: "nil"},
		{code: "x := 2\n*&x", result: "2"},
	}},
	{"a top-level defer runs when the cell ends", []step{
		{code: "fmt.Println(\"a\")\ndefer fmt.Println(\"d1\")\ndefer fmt.Println(\"d2\")\nfmt.Println(\"b\")", stdout: "a\nb\nd2\nd1\n"},
		{code: "ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)\ndefer cancel()\nselect {\ncase <-ctx.Done():\n\tfmt.Println(\"timeout:\", ctx.Err())\ncase <-time.After(5 * time.Second):\n\tfmt.Println(\"slow\")\n}", stdout: "timeout: context deadline exceeded\n"},
		{code: "n := 1\ndefer fmt.Println(\"n at defer:\", n, n+1)\nn = 5\nn", stdout: "n at defer: 1 2\n", result: "5"},
		{code: "func timer(name string) func() {\n\tfmt.Println(\"start\", name)\n\treturn func() { fmt.Println(\"end\", name) }\n}\ndefer timer(\"t\")()\nfmt.Println(\"work\")", stdout: "start t\nwork\nend t\n"},
		{code: "func pair() (int, string) { return 1, \"x\" }\ndefer fmt.Println(pair())\ntype C struct{ n int }\nfunc (c C) Get() int { return c.n }\ncc := C{1}\ndefer fmt.Println(cc.Get(), len(\"ab\"))\ncc.n = 2", stdout: "1 2\n1 x\n"},
		{code: "var mu sync.Mutex\nmu.Lock()\ndefer mu.Unlock()\nmu.TryLock()", result: "false"},
		{code: "mu.TryLock()", result: "true"},
		{code: "defer fmt.Println(\"still runs\")\npanic(\"boom\")", stdout: "still runs\n", ename: "Panic", evalue: "boom", traceback: "In[8] line 2"},
		{code: "defer func() {\n\tif r := recover(); r != nil {\n\t\tfmt.Println(\"recovered:\", r)\n\t}\n}()\ndefer fmt.Println(\"last in, first out\")\npanic(\"boom\")", stdout: "last in, first out\nrecovered: boom\n"},
		{code: "defer func() { recover() }()\nvar m map[string]int\nm[\"a\"] = 1\nfmt.Println(\"not reached\")"},
		{code: "defer func() { fmt.Println(\"cleanup\") }()\nundefinedName", stdout: "cleanup\n", ename: "CompileError", evalue: "undefined: undefinedName"},
		{code: "defer func() { fmt.Println(undefinedName) }()", ename: "CompileError", evalue: "undefined: undefinedName"},
		{code: "1 + 1", result: "2"},
		{code: "for i := 0; i < 2; i++ {\n\tdefer fmt.Println(\"loop defer\", i)\n}\nfmt.Println(\"after loop\")\nif true {\n\tdefer fmt.Println(\"if defer\")\n}\nfmt.Println(\"after if\")\nfor _, s := range []string{\"a\", \"b\"} {\n\tdefer func() { fmt.Println(\"lit\", s) }()\n}\nfmt.Println(\"after range\")",
			stdout: "after loop\nafter if\nafter range\nlit b\nlit a\nif defer\nloop defer 1\nloop defer 0\n"},
		{code: "func f() { defer fmt.Println(\"f's own\"); fmt.Println(\"in f\") }\nif true {\n\tf()\n\tfunc() { defer fmt.Println(\"literal's own\") }()\n}\nfmt.Println(\"end\")", stdout: "in f\nf's own\nliteral's own\nend\n"},
	}},
	{"errors.Is and errors.As see a cell's error types", []step{
		{code: "var ErrNotFound = errors.New(\"not found\")\ntype QueryError struct {\n\tQuery string\n\tErr   error\n}\nfunc (e *QueryError) Error() string { return e.Query + \": \" + e.Err.Error() }\nfunc (e *QueryError) Unwrap() error { return e.Err }\nfunc find(q string) error { return &QueryError{q, ErrNotFound} }"},
		{code: "err := fmt.Errorf(\"lookup failed: %w\", find(\"users\"))\nfmt.Println(errors.Is(err, ErrNotFound), errors.Is(find(\"x\"), ErrNotFound), errors.Is(err, io.EOF))", stdout: "true true false\n"},
		{code: "var qe *QueryError\nfmt.Println(errors.As(err, &qe), qe.Query)", stdout: "true users\n"},
		{code: "errors.Unwrap(errors.Unwrap(err)) == ErrNotFound", result: "true"},
		{code: "type Sentinel struct{ msg string }\nfunc (s *Sentinel) Error() string { return s.msg }\nvar ErrS = &Sentinel{\"s\"}\nfmt.Println(errors.Is(fmt.Errorf(\"w: %w\", ErrS), ErrS), errors.Is(fmt.Errorf(\"w: %w\", &Sentinel{\"s\"}), ErrS))", stdout: "true false\n"},
		{code: "fmt.Errorf(\"w: %w\", ErrS)", result: "w: s"},
		{code: "type Temp struct{}\nfunc (Temp) Error() string { return \"temp\" }\nfunc (Temp) Is(target error) bool { return target == ErrNotFound }\nvar tmp Temp\nfmt.Println(errors.Is(fmt.Errorf(\"w: %w\", Temp{}), ErrNotFound), errors.As(fmt.Errorf(\"w: %w\", Temp{}), &tmp))", stdout: "true true\n"},
		{code: "joined := errors.Join(io.EOF, find(\"j\"))\nvar q2 *QueryError\nfmt.Println(errors.Is(joined, ErrNotFound), errors.As(joined, &q2), q2.Query)", stdout: "true true j\n"},
		{code: "_, oerr := os.Open(\"/nonexistent\")\nvar pe *fs.PathError\nfmt.Println(errors.As(fmt.Errorf(\"x: %w\", oerr), &pe), pe.Path, errors.Is(oerr, fs.ErrNotExist))", stdout: "true /nonexistent true\n"},
		{code: "var nilT *int\nerrors.As(err, nilT)", ename: "Panic", evalue: "errors: target must be a non-nil pointer"},
		{code: "var str string\nerrors.As(err, &str)", ename: "Panic", evalue: "errors: *target must be interface or implement error"},
	}},
	{"fmt prints a cell's error type through Error", []step{
		{code: "type E struct{ n int }\nfunc (e *E) Error() string { return \"E!\" }\ne := &E{1}\nfmt.Println(e, &E{2})\nfmt.Printf(\"%v %s\\n\", e, e)\nfmt.Print(fmt.Sprint(e), \"\\n\")", stdout: "E! E!\nE! E!\nE!\n"},
		{code: "log.SetFlags(0)\nlog.Println(e)", stderr: "E!\n"},
	}},
	{"fmt names a cell's struct types and prints slices of a cell's interface", []step{
		{code: "type Point struct{ X, Y int }\ntype Line struct{ A, B Point }\np := Point{1, 2}\nfmt.Printf(\"%T|%#v|%+v|%v\\n\", p, p, p, p)\nfmt.Printf(\"%T %T %T\\n\", &p, []Point{}, map[string]*Point{})\nfmt.Printf(\"%T %#v\\n\", Line{}, Line{})", stdout: "main.Point|main.Point{X:1, Y:2}|{X:1 Y:2}|{1 2}\n*main.Point []main.Point map[string]*main.Point\nmain.Line main.Line{A:main.Point{X:0, Y:0}, B:main.Point{X:0, Y:0}}\n"},
		{code: "type Shape interface{ Area() float64 }\ntype Sq struct{ S float64 }\nfunc (s Sq) Area() float64 { return s.S * s.S }\nvar sh Shape = Sq{2}\nfmt.Printf(\"%T %v\\n\", sh, sh)\nshapes := []Shape{Sq{1}, Sq{2}}\nfmt.Println(shapes, map[string]Shape{\"a\": Sq{1}, \"b\": Sq{2}}, [][]Shape{{Sq{3}}})\nfmt.Printf(\"%+v\\n\", shapes)", stdout: "main.Sq {2}\n[{1} {2}] map[a:{1} b:{2}] [[{3}]]\n[{S:1} {S:2}]\n"},
		{code: "var b strings.Builder\nfmt.Fprint(&b, shapes)\nfmt.Println(b.String(), fmt.Sprint(shapes))\nfmt.Println(fmt.Errorf(\"bad %v\", shapes))", stdout: "[{1} {2}] [{1} {2}]\nbad [{1} {2}]\n"},
		{code: "fmt.Sprintf(\"%d %s %v\", 1, \"a\", []int{2})", result: `"1 a [2]"`},
	}},
	{"a top-level variable from a call of a generic func", []step{
		{code: "type Stack[T any] struct{ items []T }\nfunc (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }\nfunc NewStack[T any]() *Stack[T] { return &Stack[T]{} }\nfunc Id[T any](x T) T { return x }\nfunc Twice[T any](x T) (T, T) { return x, x }"},
		{code: "s := NewStack[string]()\ns.Push(\"a\")\nlen(s.items)", result: "1"},
		{code: "var s2 = NewStack[int]()\ns2.Push(1)\ns2.Push(2)\ns2.items", result: "[1 2]"},
		{code: "x := Id(3)\ny := Id[float64](2) * 2\nfmt.Println(x, y)", stdout: "3 4\n"},
		{code: "type P struct{ A int }\np := Id(&P{5})\np.A", result: "5"},
		{code: "a, b := Twice[int](4)\na + b", result: "8"},
		{code: "n, str := Id(1), Id(\"s\")\nfmt.Println(n, str)", stdout: "1 s\n"},
		{code: "s := NewStack[string]()\nlen(s.items)", result: "0"},
		{code: "%who", stdout: "Id               func   func Id[T any](x T) T\nNewStack         func   func NewStack[T any]() *Stack[T]\nP                type   type P struct{ A int }\nStack            type   type Stack[T any] struct{ items []T }\nStack.Push       method func (s *Stack[T]) Push(v T)\nTwice            func   func Twice[T any](x T) (T, T)\na                var    int\nb                var    int\nn                var    int\np                var    *P\ns                var    *Stack[string]\ns2               var    *Stack[int]\nstr              var    string\nx                var    int\ny                var    float64\n"},
	}},
	{"a generic call yaegi cannot infer says to give the type arguments", []step{
		{code: "func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\nfunc Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}"},
		{code: "Map([]int{1, 2}, func(x int) string { return strconv.Itoa(x) })", ename: "CompileError", evalue: "give the type arguments explicitly, as in Map[int, string](xs, f)"},
		{code: "Map([]int{1, 2}, strconv.Itoa)", ename: "CompileError", evalue: "could not infer the type parameter U of a generic call"},
		{code: "Sum(1, 2, 3)", ename: "CompileError", evalue: "give the type arguments explicitly"},
		{code: "Map[int, string]([]int{1, 2}, strconv.Itoa)", result: `["1" "2"]`},
		{code: "Sum[float64](1.5, 2)", result: "3.5"},
		{code: "Map([]int{1, 2}, func(x int) int { return x * 10 })", result: "[10 20]"},
	}},
	{"a panic with a value of a cell's type shows its Error or String method", []step{
		{code: "type E struct{ code int }\nfunc (e *E) Error() string { return fmt.Sprintf(\"E%d\", e.code) }\ntype S struct{ s string }\nfunc (S) String() string { return \"S!\" }"},
		{code: "panic(&E{3})", ename: "Panic", evalue: "E3"},
		{code: "var err error = &E{4}\npanic(err)", ename: "Panic", evalue: "E4"},
		{code: "panic(S{})", ename: "Panic", evalue: "S!"},
		{code: "go func() { panic(&E{7}) }()\ntime.Sleep(50 * time.Millisecond)", ename: "Panic", evalue: "panic in a goroutine: E7"},
	}},
	{"a composite literal of a cell's type passed to a func keeps its methods", []step{
		{code: "type T struct{ n int }\nfunc (T) String() string { return \"T!\" }\nfunc f1(th interface{}) string {\n\tif s, ok := th.(fmt.Stringer); ok {\n\t\treturn s.String()\n\t}\n\treturn \"no\"\n}\nfunc kind(v interface{}) string {\n\tswitch x := v.(type) {\n\tcase fmt.Stringer:\n\t\treturn \"stringer \" + x.String()\n\t}\n\treturn \"other\"\n}"},
		{code: "f1(T{2})", result: `"T!"`},
		{code: "r := f1(T{5})\nr", result: `"T!"`},
		{code: "fmt.Println(kind(T{3}), kind(3))", stdout: "stringer T! other\n"},
		{code: "func run() string { return kind(T{6}) }\nrun()", result: `"stringer T!"`},
	}},
	{"recover gives the panic's value as Go does", []step{
		{code: "type E struct{ code int }\nfunc (e *E) Error() string { return fmt.Sprintf(\"E%d\", e.code) }\nfunc try(f func()) (err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\tswitch x := r.(type) {\n\t\t\tcase error:\n\t\t\t\terr = x\n\t\t\tcase string:\n\t\t\t\terr = errors.New(\"string: \" + x)\n\t\t\tdefault:\n\t\t\t\terr = fmt.Errorf(\"other: %v\", x)\n\t\t\t}\n\t\t}\n\t}()\n\tf()\n\treturn nil\n}"},
		{code: "fmt.Println(try(func() { panic(&E{1}) }))\nfmt.Println(try(func() { var e error = &E{3}; panic(e) }))\nfmt.Println(try(func() { panic(\"boom\") }))\nfmt.Println(try(func() { panic(42) }))\nfmt.Println(try(func() { var m map[string]int; m[\"a\"] = 1 }))\nfmt.Println(try(func() { panic(errors.New(\"plain\")) }))",
			stdout: "E1\nE3\nstring: boom\nother: 42\nassignment to entry in nil map\nplain\n"},
		{code: "err := try(func() { var a []int; _ = a[3] })\nvar re runtime.Error\nfmt.Println(errors.As(err, &re), strings.HasPrefix(err.Error(), \"runtime error: index out of range\"))", stdout: "true true\n"},
		{code: "func safeDiv(a, b int) (q int, err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr = fmt.Errorf(\"recovered: %v\", r)\n\t\t}\n\t}()\n\treturn a / b, nil\n}\nsafeDiv(1, 0)", result: "0, recovered: runtime error: integer divide by zero"},
		{code: "func asString() (s string) {\n\tdefer func() { s, _ = recover().(string) }()\n\tpanic(\"str\")\n}\nasString()", result: `"str"`},
	}},
	{"a method expression held in a variable says to wrap it", []step{
		{code: "type Op int\nfunc (o Op) Apply(a, b int) int { return int(o) + a + b }"},
		{code: "Op.Apply(1, 2, 3)", result: "6"},
		{code: "f := Op.Apply\nf(1, 5, 3)", ename: "Panic", evalue: "wrap it in a func literal instead"},
		{code: "g := func(o Op, a, b int) int { return o.Apply(a, b) }\ng(1, 5, 3)", result: "9"},
	}},
	{"a value shows unexported fields by the names the cell gave them", []step{
		{code: "type Counter struct {\n\tname  string\n\tn     int\n\tXmin  float64\n\tTotal int\n}\nc := Counter{name: \"a\", n: 2, Xmin: 1, Total: 3}\nc", result: `Counter{name:"a", n:2, Xmin:1, Total:3}`},
		{code: "[]*Counter{&c}", result: `[&Counter{name:"a", n:2, Xmin:1, Total:3}]`},
		{code: "fmt.Printf(\"%v|%+v|%#v\\n\", c, c, c)", stdout: "{a 2 1 3}|{name:a n:2 Xmin:1 Total:3}|main.Counter{name:\"a\", n:2, Xmin:1, Total:3}\n"},
		{code: "struct {\n\tA int\n\tb string\n}{1, \"x\"}", result: `{A:1, b:"x"}`},
		{code: "type Emb struct {\n\tCounter\n\tid int\n}\nEmb{id: 4}", result: `Emb{Counter:Counter{name:"", n:0, Xmin:0, Total:0}, id:4}`},
		{code: "type Counter struct {\n\tname string\n\tk    int\n}\nCounter{\"z\", 9}", result: `Counter{name:"z", k:9}`},
	}},
	{"elements of a cell's type show through their String method", []step{
		{code: "type Animal interface{ Sound() string }\ntype Dog struct{ Name string }\nfunc (d Dog) Sound() string { return \"woof\" }\nfunc (d Dog) String() string { return \"Dog(\" + d.Name + \")\" }\ntype Cat struct{}\nfunc (Cat) Sound() string { return \"meow\" }\ntype Fish struct{ n int }\nfunc (f *Fish) String() string { return \"fish\" }\ntype Bad struct{ bad bool }\nfunc (Bad) String() string { panic(\"oops\") }\ntype Cow struct{}"},
		{code: "animals := []Animal{Dog{\"rex\"}, Cat{}}\nfmt.Println(animals)\nanimals", stdout: "[Dog(rex) {}]\n", result: "[Dog(rex) {}]"},
		{code: "dogs := []Dog{{\"a\"}, {\"b\"}}\nfmt.Println(dogs, map[string]Dog{\"x\": {\"c\"}})\nfmt.Printf(\"%v|%s|%+v\\n\", dogs, dogs, dogs)\ndogs", stdout: "[Dog(a) Dog(b)] map[x:Dog(c)]\n[Dog(a) Dog(b)]|[Dog(a) Dog(b)]|[Dog(a) Dog(b)]\n", result: "[Dog(a) Dog(b)]"},
		{code: "fishes := []*Fish{{1}}\nfmt.Println(fishes, []Fish{{2}})\nfishes", stdout: "[fish] [{2}]\n", result: "[fish]"},
		{code: "map[Dog]int{{\"k\"}: 1}", result: "map[Dog(k):1]"},
		{code: "type Pack struct{ Lead Dog; Members []Dog }\nPack{Dog{\"l\"}, []Dog{{\"m\"}}}", result: "Pack{Lead:Dog(l), Members:[Dog(m)]}"},
		{code: "fmt.Println([]Bad{{}})", stdout: "[%!v(PANIC=String method: oops)]\n"},
	}},
	{"struct fields and elements of a cell's named types print through String and Error", []step{
		{code: "type Dog struct{ name string }\n\nfunc (d Dog) String() string { return \"Dog(\" + d.name + \")\" }\n\ntype Pack struct {\n\tLead Dog\n\tlead Dog\n}\ntype Weekday int\n\nfunc (d Weekday) String() string { return [...]string{\"Sun\", \"Mon\", \"Tue\"}[d] }\n\ntype T struct{ n int }\n\nfunc (t T) String() string { return fmt.Sprint(\"T\", t.n) }\n\ntype PT struct{ s string }\n\nfunc (t *PT) String() string { return \"PT\" }\n\ntype B struct{ b bool }\n\nfunc (b *B) String() string { return fmt.Sprint(b.b) }\n\ntype E struct{ code int8 }\n\nfunc (e E) Error() string { return \"E!\" }\n\ntype Week []Weekday\ntype Sched struct {\n\tDay  Weekday\n\tDays Week\n\tBy   map[Weekday]*T\n\tP    *T\n\tErr  E\n\tpt   PT\n\tPP   *PT\n\tBp   *B\n\tday  Weekday\n}\ntype Slot struct {\n\tD Weekday\n\tN int\n}"},
		{code: "fmt.Println(Pack{Lead: Dog{\"l\"}, lead: Dog{\"u\"}})", stdout: "{Dog(l) {u}}\n"},
		{code: "p := Pack{Lead: Dog{\"l\"}}\nfmt.Printf(\"%v|%+v|%s|%#v|%T\\n\", p, p, p, p, p)", stdout: "{Dog(l) {}}|{Lead:Dog(l) lead:{name:}}|{Dog(l) {}}|main.Pack{Lead:main.Dog{name:\"l\"}, lead:main.Dog{name:\"\"}}|main.Pack\n"},
		{code: "s := Sched{Day: 1, Days: Week{0, 2}, By: map[Weekday]*T{2: {1}, 0: {2}, 1: nil}, P: &T{3}, PP: &PT{}, day: 2}\nfmt.Println(s)\nfmt.Printf(\"%+v\\n\", s)\nfmt.Println(&s, []Sched{{Day: 2}})", stdout: "{Mon [Sun Tue] map[Sun:T2 Mon:<nil> Tue:T1] T3 E! {} PT <nil> 2}\n{Day:Mon Days:[Sun Tue] By:map[Sun:T2 Mon:<nil> Tue:T1] P:T3 Err:E! pt:{s:} PP:PT Bp:<nil> day:2}\n&{Mon [Sun Tue] map[Sun:T2 Mon:<nil> Tue:T1] T3 E! {} PT <nil> 2} [{Tue [] map[] <nil> E! {} PT <nil> 0}]\n"},
		{code: "fmt.Printf(\"%d|%x|%q|%5v|%[1]T\\n\", Slot{1, 2}, Slot{1, 2}, Slot{1, 2}, Slot{1, 2})", stdout: "{1 2}|{4d6f6e 2}|{\"Mon\" '\\x02'}|{  Mon     2}|main.Slot\n"},
		{code: "fmt.Println([]*T{nil, {5}}, map[string][]*T{\"a\": {{6}}}, Sched{}.P)", stdout: "[<nil> T5] map[a:[T6]] <nil>\n"},
		{code: "fmt.Println(fmt.Sprint(Slot{2, 1}), fmt.Errorf(\"e: %v\", Slot{0, 0}))", stdout: "{Tue 1} e: {Sun 0}\n"},
		{code: "s", result: "Sched{Day:Mon, Days:[Sun Tue], By:map[Sun:T2 Mon:nil Tue:T1], P:T3, Err:E!, pt:PT{s:\"\"}, PP:PT, Bp:nil, day:Tue}"},
		{code: "Slot{1, 2}", result: "Slot{D:Mon, N:2}"},
		{code: "[]Slot{{2, 0}}", result: "[Slot{D:Tue, N:0}]"},
	}},
	{"a struct prints through the String method its embedded field promotes", []step{
		{code: "type Dog struct{ name string }\n\nfunc (d Dog) String() string { return \"Dog(\" + d.name + \")\" }\n\ntype PD struct{ n int }\n\nfunc (d *PD) String() string { return \"PD\" }\n\ntype Emb struct {\n\tDog\n\tn int\n}\ntype EmbP struct {\n\t*Dog\n\tn int\n}\ntype EmbPD struct {\n\tPD\n\tn int\n}\ntype Outer struct {\n\tE Emb\n\tP EmbP\n\tQ EmbPD\n}"},
		{code: "fmt.Println([]Emb{{Dog{\"x\"}, 1}}, Outer{E: Emb{Dog{\"y\"}, 2}, P: EmbP{&Dog{\"z\"}, 3}})\nfmt.Printf(\"%+v\\n\", Outer{E: Emb{Dog{\"y\"}, 2}})", stdout: "[Dog(x)] {Dog(y) Dog(z) {{0} 0}}\n{E:Dog(y) P:%!v(PANIC=String method: runtime error: invalid memory address or nil pointer dereference) Q:{PD:{n:0} n:0}}\n"},
		{code: "fmt.Println(Emb{Dog{\"t\"}, 1}, &Emb{Dog{\"u\"}, 1})", stdout: "Dog(t) Dog(u)\n"},
		{code: "type W int\nfunc (w W) String() string { return \"W\" }\ntype S struct {\n\tW   W\n\tDog Dog\n}\nfmt.Println(S{1, Dog{\"d\"}}, []S{{}})", stdout: "{W Dog(d)} [{W Dog()}]\n"},
	}},
	{"a pointer to a cell's type with a value String method prints through it", []step{
		{code: "type T struct{ n int }\nfunc (t T) String() string { return fmt.Sprint(\"T\", t.n) }\ntype W int\nfunc (w W) String() string { return \"W\" }"},
		{code: "t := &T{8}\nfmt.Println([]interface{}{&T{8}, T{9}, W(1), nil}, map[*T]int{t: 1}, []fmt.Stringer{&T{1}, W(2)})", stdout: "[T8 T9 W <nil>] map[T8:1] [T1 W]\n"},
		{code: "var ip interface{} = &T{5}\nvar iv interface{} = T{6}\nfmt.Println(ip, iv, []*W{nil}, struct{ A *T }{&T{2}})\nfmt.Printf(\"%T %v %+v %d %s\\n\", ip, ip, struct {\n\tA *T\n\tb T\n}{&T{2}, T{3}}, ip, iv)", stdout: "T5 T6 [<nil>] {T2}\n*main.T T5 {A:T2 b:{n:3}} &{5} T6\n"},
		{code: "var nt *T\nvar ni interface{} = nt\nfmt.Println(ni, []interface{}{nt}, &T{4})", stdout: "<nil> [<nil>] T4\n"},
		{code: "func kind(v interface{}) string {\n\tif s, ok := v.(fmt.Stringer); ok {\n\t\treturn \"stringer \" + s.String()\n\t}\n\treturn \"other\"\n}\nfunc kindS(s fmt.Stringer) string { return s.String() }\nfmt.Println(kind(&T{4}), kindS(&T{4}), kind(T{5}), kind(W(1)), kind(3))", stdout: "stringer T4 T4 stringer T5 stringer W other\n"},
	}},
	{"a method promoted from an embedded interface says to call it through the field", []step{
		{code: "type Logger interface{ Log(string) }\ntype stdoutLogger struct{}\nfunc (stdoutLogger) Log(s string) { fmt.Println(\"log:\", s) }\ntype Service struct {\n\tLogger\n\tname string\n}\nsvc := Service{stdoutLogger{}, \"svc\"}"},
		{code: "svc.Logger.Log(\"via field\")", stdout: "log: via field\n"},
		{code: "svc.Log(\"promoted\")", ename: "Panic", evalue: "call it through the field, s.Logger.Log(...)"},
		{code: "var lg Logger = svc\nlg.Log(\"as interface\")", stdout: "log: as interface\n"},
	}},
	{"a type switch with interface cases", []step{
		{code: "type Animal interface{ Sound() string }\ntype Dog struct{ n int }\nfunc (Dog) Sound() string { return \"woof\" }\nfunc (Dog) String() string { return \"dog\" }\ntype E struct{}\nfunc (E) Error() string { return \"E!\" }\ntype Point struct{ X, Y int }"},
		{code: "func kind(v interface{}) string {\n\tswitch x := v.(type) {\n\tcase nil:\n\t\treturn \"nil\"\n\tcase error:\n\t\treturn \"error \" + x.Error()\n\tcase fmt.Stringer:\n\t\treturn \"stringer \" + x.String()\n\tcase Point:\n\t\treturn fmt.Sprint(\"point \", x.X)\n\tcase int, string:\n\t\treturn fmt.Sprint(\"basic \", x)\n\tdefault:\n\t\treturn fmt.Sprintf(\"other %T\", x)\n\t}\n}\nfor _, v := range []interface{}{nil, io.EOF, E{}, Dog{}, time.Second, Point{1, 2}, 3, \"s\", 2.5} {\n\tfmt.Println(kind(v))\n}",
			stdout: "nil\nerror EOF\nerror E!\nstringer dog\nstringer 1s\npoint 1\nbasic 3\nbasic s\nother float64\n"},
		{code: "func isAnimal(v interface{}) bool {\n\tswitch v.(type) {\n\tcase Animal:\n\t\treturn true\n\t}\n\treturn false\n}\nfmt.Println(isAnimal(Dog{}), isAnimal(E{}), isAnimal(nil))", stdout: "true false false\n"},
		{code: "var iv interface{} = io.EOF\nswitch iv.(type) {\ncase error:\n\tfmt.Println(\"top error\")\ndefault:\n\tfmt.Println(\"top other\")\n}", stdout: "top error\n"},
		{code: "for i := 0; i < 3; i++ {\n\tswitch interface{}(i).(type) {\n\tcase int:\n\t\tif i == 1 {\n\t\t\tbreak\n\t\t}\n\t\tfmt.Print(i)\n\t}\n}", stdout: "02"},
		{code: "func sound(v interface{}) string {\n\tswitch a := v.(type) {\n\tcase Animal:\n\t\treturn a.Sound()\n\t}\n\treturn \"silent\"\n}\nsound(Dog{})", ename: "Panic", evalue: "give the variable or parameter that interface type"},
		{code: "func sound2(v Animal) string {\n\tswitch a := v.(type) {\n\tcase Dog:\n\t\treturn a.Sound() + \" dog\"\n\t}\n\treturn \"?\"\n}\nsound2(Dog{})", result: `"woof dog"`},
	}},
	{"a comma-ok assertion of a nil interface to error or a package's interface is false", []step{
		{code: "type E struct{}\nfunc (E) Error() string { return \"E!\" }\nfunc asErr(v interface{}) string {\n\tif x, ok := v.(error); ok {\n\t\treturn x.Error()\n\t}\n\treturn \"no\"\n}\nfmt.Println(asErr(E{}), asErr(nil), asErr(io.EOF), asErr(1))", stdout: "E! no EOF no\n"},
		{code: "func isErr(a interface{}) bool { _, ok := a.(error); return ok }\nfmt.Println(isErr(nil), isErr(errors.New(\"x\")), isErr(3))", stdout: "false true false\n"},
		{code: "func str(a interface{}) string {\n\tif s, ok := a.(fmt.Stringer); ok {\n\t\treturn \"stringer \" + s.String()\n\t}\n\treturn \"plain\"\n}\nfmt.Println(str(nil), str(time.Second), str(1))", stdout: "plain stringer 1s plain\n"},
		{code: "var x interface{}\ne, ok := x.(error)\nfmt.Println(e, ok)", stdout: "<nil> false\n"},
		{code: "var y interface{} = io.EOF\ne2, ok2 := y.(error)\nfmt.Println(e2, ok2)", stdout: "EOF true\n"},
	}},
}

func TestGoStyle(t *testing.T) {
	for _, tc := range goStyle {
		t.Run(tc.name, func(t *testing.T) {
			s := newSession(t)
			for i, st := range tc.steps {
				check(t, i, st, runIn(t, s, st.code, &lines{in: st.stdin}))
			}
		})
	}
}

// Values whose text holds an address are matched by a pattern.
func TestGoStyleAddresses(t *testing.T) {
	s := newSession(t)
	run(t, s, "type Weekday int\nfunc (d Weekday) String() string { return [...]string{\"Sun\", \"Mon\", \"Tue\"}[d] }")
	for _, c := range []struct{ code, want string }{
		{"x := 1\n&x", `^\(\*int\)\(0x[0-9a-f]+\)$`},
		{"y := 7\n&y", `^\(\*int\)\(0x[0-9a-f]+\)$`},
		{"f := 1.5\n&f", `^\(\*float64\)\(0x[0-9a-f]+\)$`},
	} {
		o := run(t, s, c.code)
		if o.ename != "" || !regexp.MustCompile(c.want).MatchString(o.result) {
			t.Errorf("%q: result %q, error %s: %s; want %s", c.code, o.result, o.ename, o.evalue, c.want)
		}
	}
}
