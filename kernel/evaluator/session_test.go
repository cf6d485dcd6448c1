package evaluator

import (
	"strings"
	"testing"
	"time"
)

// step is one cell and what it must produce. Empty expectations must be
// empty in the outcome, except stderr and traceback, which are checked
// only when set ("contains").
type step struct {
	code      string
	stdout    string
	result    string
	ename     string
	evalue    string // contained in the error value
	stderr    string // contained in stderr
	traceback string // contained in the traceback
	stdin     []string
}

// corpus holds sessions of cells: each case runs in a fresh session.
var corpus = []struct {
	name  string
	steps []step
}{
	{"mixed cell", []step{
		{code: "x := 1\nfunc f() int { return x * 2 }\nfmt.Println(f())\nf()", stdout: "2\n", result: "2"},
		{code: "import \"strings\"\nconst c = 3\nvar v = strings.Repeat(\"a\", c)\ntype T struct{ S string }\nfunc (t T) Len() int { return len(t.S) }\nT{v}.Len()", result: "3"},
	}},
	{"blocks and deferred code run once", []step{
		{code: "for i := 0; i < 2; i++ { fmt.Print(i) }", stdout: "01"},
		{code: "func() { fmt.Print(\"f\") }()", stdout: "f"},
		{code: "if true { defer fmt.Print(\"d\") }", stdout: "d"},
		{code: "fmt.Print(\"x\")", stdout: "x"},
	}},
	{"a program with func main runs once", []step{
		{code: "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello\")\n}", stdout: "hello\n"},
		{code: "1", result: "1"},
		{code: "main()", ename: "CompileError", evalue: "func main runs when its cell runs"},
		{code: "main := 3", ename: "CompileError", evalue: "main cannot be a variable"},
	}},
	{"os.Exit ends the cell only", []step{
		{code: "fmt.Print(\"a\")\nos.Exit(3)\nfmt.Print(\"b\")", stdout: "a", ename: "Exit", evalue: "os.Exit(3)"},
		{code: "os.Exit(0)\nfmt.Print(\"b\")"},
		{code: "1", result: "1"},
	}},
	{"panic values", []step{
		{code: "panic(nil)", ename: "Panic", evalue: "panic called with nil argument"},
		{code: "x := []int{}\nx[5]", ename: "Panic", evalue: "runtime error: index out of range"},
		{code: "s := \"abc\"\ni := 5\ns[i]", ename: "Panic", evalue: "runtime error: index out of range"},
		{code: "uint8(255) + 1", ename: "CompileError", evalue: "(constant 256 of type uint8) overflows uint8"},
		{code: "a, b := strings.ToUpper(\"x\")", ename: "CompileError", evalue: "assignment mismatch: 2 variables but strings.ToUpper returns 1 value"},
		{code: "var e error\ne.Error()", ename: "Panic", evalue: "runtime error: invalid memory address or nil pointer dereference"},
	}},
	{"results counted as Go counts them", []step{
		{code: "func pair() (int, string) { return 1, \"x\" }\nfunc add(a, b int) int { return a + b }\nfunc none() {}"},
		{code: "n := strconv.Atoi(\"3\")", ename: "CompileError", evalue: "assignment mismatch: 1 variable but strconv.Atoi returns 2 values"},
		{code: "v := pair()", ename: "CompileError", evalue: "assignment mismatch: 1 variable but pair returns 2 values"},
		{code: "var w = pair()", ename: "CompileError", evalue: "assignment mismatch: 1 variable but pair returns 2 values"},
		{code: "_ = pair()", ename: "CompileError", evalue: "assignment mismatch: 1 variable but pair returns 2 values"},
		{code: "func g() int {\n\tv := pair()\n\treturn v\n}", ename: "CompileError", evalue: "assignment mismatch: 1 variable but pair returns 2 values"},
		{code: "add(pair(), 2)", ename: "CompileError", evalue: "multiple-value pair() (2 values) in single-value context"},
		{code: "pair() + 1", ename: "CompileError", evalue: "multiple-value pair() (2 values) in single-value context"},
		{code: "x := none()", ename: "CompileError", evalue: "none() (no value) used as value"},
		{code: "var a, b = 1", ename: "CompileError", evalue: "assignment mismatch: 2 variables but 1 value"},
		{code: "a, b := 1, 2, 3", ename: "CompileError", evalue: "assignment mismatch: 2 variables but 3 values"},
		{code: "m := map[string]int{}\nv, ok := m[\"k\"]\nv, ok", result: "0, false"},
		{code: "n, err := strconv.Atoi(\"3\")\nn, err", result: "3, nil"},
		{code: "fmt.Sprint(pair())", result: `"1x"`},
		{code: "tm := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)"},
		{code: "year := tm.Date()", ename: "CompileError", evalue: "assignment mismatch: 1 variable but tm.Date returns 3 values"},
		{code: "year, month, day := tm.Date()\nyear, month, day", result: "2024, March, 1"},
	}},
	{"a type is not a value, an unused constant still checked", []step{
		{code: "int", ename: "CompileError", evalue: "int (type) is not an expression"},
		{code: "b := strings.Builder", ename: "CompileError", evalue: "strings.Builder (type) is not an expression"},
		{code: "type Q struct{}\nQ", ename: "CompileError", evalue: "Q (type) is not an expression"},
		{code: "type P struct{ A int }"},
		{code: "P", ename: "CompileError", evalue: "P (type) is not an expression"},
		{code: "P{1}", result: "P{A:1}"},
		{code: "const big = 1 << 62\nbig * 4", ename: "CompileError", evalue: "overflows int"},
		{code: "big", result: "4611686018427387904"},
	}},
	{"a final list of expressions shows every value", []step{
		{code: "s := \"héllo\"\nlen(s), utf8.RuneCountInString(s)", result: "6, 5"},
		{code: "\"a\", 1, 2.5, nil, []int{1}", result: `"a", 1, 2.5, nil, [1]`},
		{code: "x := 3\nx, x * 2", result: "3, 6"},
		{code: "x, nosuch", ename: "CompileError", evalue: "undefined: nosuch"},
		{code: "func two() (int, int) { return 1, 2 }\ntwo(), 3", ename: "CompileError", evalue: "multiple-value two() (2 values) in single-value context"},
		{code: "x, 2\nx++", ename: "CompileError", evalue: "expected 1 expression"},
	}},
	{"instances of generic types are named", []step{
		{code: "type Stack[T any] struct{ items []T }\nfunc NewStack[T any]() *Stack[T] { return &Stack[T]{} }\nfunc (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }"},
		{code: "s := NewStack[int]()\ns.Push(1)\ns", result: "&Stack[int]{items:[1]}"},
		{code: "var st Stack[string]\nst.Push(\"a\")\nst", result: `Stack[string]{items:["a"]}`},
		{code: "type Pair[K comparable, V any] struct { Key K; Val V }\n[]Pair[string, int]{{\"a\", 1}}", result: `[Pair[string,int]{Key:"a", Val:1}]`},
		{code: "fmt.Printf(\"%T %T\\n\", st, Pair[string, int]{})", stdout: "main.Stack[string] main.Pair[string,int]\n"},
		{code: "type Stack[T any] struct{ items []T; n int }\nvar s2 Stack[int]\ns2", result: "Stack[int]{items:nil, n:0}"},
		{code: "type Grid [3]int\nGrid{1, 2, 3}", result: "[1 2 3]"},
	}},
	{"a type that does not implement an interface says which method is missing", []step{
		{code: "type Shape interface { Area() float64; Perimeter() float64 }\ntype Sq struct{ s float64 }\nfunc (q Sq) Area() float64 { return q.s * q.s }"},
		{code: "var sh Shape = Sq{2}", ename: "CompileError", evalue: "cannot use type Sq as type Shape in assignment: Sq does not implement Shape (missing method Perimeter)"},
		{code: "shapes := []Shape{Sq{1}}", ename: "CompileError", evalue: "Sq does not implement Shape (missing method Perimeter)"},
		{code: "type Named struct{}\nfunc (n *Named) String() string { return \"n\" }\nvar st fmt.Stringer = &Named{}\nst.String()", result: `"n"`},
		{code: "var r io.Reader = &Named{}", ename: "CompileError", evalue: "*Named does not implement io.Reader (missing method Read)"},
		{code: "var e error = Sq{1}", ename: "CompileError", evalue: "Sq does not implement error (missing method Error)"},
	}},
	{"re-running a cell", []step{
		{code: "import \"strings\"\ntype T struct{ S string }\nfunc (t T) Up() string { return strings.ToUpper(t.S) }\nt := T{\"go\"}\nt.Up()", result: `"GO"`},
		{code: "import \"strings\"\ntype T struct{ S string }\nfunc (t T) Up() string { return strings.ToUpper(t.S) }\nt := T{\"go\"}\nt.Up()", result: `"GO"`},
		{code: "t2 := t\nt2.S", result: `"go"`},
	}},
	{"no value for statements, declarations, void calls, prints", []step{
		{code: "y := 3"},
		{code: "var z = 4"},
		{code: "func v() {}"},
		{code: "v()"},
		{code: "fmt.Println(\"hi\")", stdout: "hi\n"},
		{code: "fmt.Printf(\"%d\\n\", 5)", stdout: "5\n"},
		{code: "fmt.Fprintln(os.Stdout, 6)", stdout: "6\n"},
		{code: "if y > 2 { fmt.Print(\"big\") }", stdout: "big"},
	}},
	{"values", []step{
		{code: "func two() (int, string) { return 1, \"a\" }\ntwo()", result: `1, "a"`},
		{code: `"GO"`, result: `"GO"`},
		{code: "2 * 21 // the answer", result: "42"},
		{code: "fmt.Sprint(\"a//b\") /* c */", result: `"a//b"`},
		{code: "1.5 * 2", result: "3"},
		{code: "type P struct{ A, B int }\nP{1, 2}", result: "P{A:1, B:2}"},
		{code: "&P{3, 4}", result: "&P{A:3, B:4}"},
		{code: "var e error\ne", result: "nil"},
		{code: "errors.New(\"bad\")", result: "bad"},
		{code: "type C int\nfunc (c C) String() string { return fmt.Sprintf(\"C%d\", int(c)) }\nC(7)", result: "C7"},
		{code: "type E struct{}\nfunc (E) Error() string { return \"oops\" }\nE{}", result: "oops"},
		{code: "s := make([]int, 30)\nfor i := range s { s[i] = i }\ns", result: "[0 1 2 3 4 5 6 7 ... (14 more) ... 22 23 24 25 26 27 28 29]"},
		{code: "map[string]int{\"b\": 2, \"a\": 1}", result: `map["a":1 "b":2]`},
		{code: "[]string{\"x\"}", result: `["x"]`},
		{code: "len(fmt.Sprint(strings.Repeat(\"ab\", 5000)))", result: "10000"},
		{code: "time.Duration(1500) * time.Millisecond", result: "1.5s"},
	}},
	{"Go 1.22 forms", []step{
		{code: "total := 0\nfor i := range 4 {\n\ttotal += i\n}\ntotal", result: "6"},
		{code: "n := 3\nfor i := range n {\n\ttotal += i\n}\ntotal", result: "9"},
		{code: "var fs []func() int\nfor i := 0; i < 3; i++ {\n\tfs = append(fs, func() int { return i })\n}\nfs[0]() + fs[1]()*10 + fs[2]()*100", result: "210"},
		{code: "min(3, 1, 2)", result: "1"},
		{code: "max(2.5, 1.0)", result: "2.5"},
		{code: "min(\"b\", \"a\")", result: `"a"`},
		{code: "m := map[string]int{\"a\": 1}\nclear(m)\nlen(m)", result: "0"},
		{code: "sl := []int{1, 2}\nclear(sl)\nsl", result: "[0 0]"},
		{code: "xs := []interface{}{1, \"a\"}\nxs", result: `[1 "a"]`},
		{code: "two := func() (int, string) { return 3, \"b\" }\ntwo()", result: `3, "b"`},
		{code: "v, ok := m[\"a\"]\nfmt.Println(v, ok)", stdout: "0 false\n"},
		{code: "var i interface{} = 5\nk, isInt := i.(int)\nfmt.Println(k, isInt)", stdout: "5 true\n"},
	}},
	{"stale callers of a redefined func", []step{
		{code: "func f() int { return 1 }\nfunc g() int { return f() * 10 }\nfunc h() int { return g() + 1 }\nh()", result: "11"},
		{code: "func f() int { return 2 }\nh()", result: "21"},
	}},
	{"method calling a redefined func", []step{
		{code: "func f() int { return 1 }\ntype T struct{}\nfunc (T) M() int { return f() }\nT{}.M()", result: "1"},
		{code: "func f() int { return 2 }\nT{}.M()", result: "2"},
	}},
	{"generic type with a String method", []step{
		{code: "type Box[T any] struct{ V T }\nfunc (b Box[T]) String() string { return \"box\" }\nb := Box[int]{1}\nb.String()", result: `"box"`},
	}},
	{"re-running a var cell keeps the variable", []step{
		{code: "rate := 0.1"},
		{code: "cb := func() float64 { return rate }\ntype M struct{}\nfunc (M) Rate() float64 { return rate }"},
		{code: "rate = 0.9\ncb()", result: "0.9"},
		{code: "rate := 0.1"},
		{code: "cb() + M{}.Rate()", result: "0.2"},
		{code: "var k, j = 1, 2\nk + j", result: "3"},
		{code: "k = 5"},
		{code: "var k, j = 1, 2\nk + j", result: "3"},
		{code: "rate := \"now a string\"\nrate", result: `"now a string"`},
	}},
	{"redefined var seen by funcs", []step{
		{code: "var x = 42\nfunc rx() int { return x }\nrx()", result: "42"},
		{code: "var x = 43\nrx()", result: "43"},
		{code: "x := 44\nrx()", result: "44"},
	}},
	{"const group with iota survives a rebuild", []step{
		{code: "const (\n\tA = iota\n\tB\n\tC\n)\ntype T struct{}\nC", result: "2"},
		{code: "type T struct{ X int }\nB", result: "1"},
	}},
	{"redefined const", []step{
		{code: "const k = 1\nfunc rk() int { return k }\nrk()", result: "1"},
		{code: "const k = 2\nrk()", result: "2"},
	}},
	{"redefined method", []step{
		{code: "type T struct{ A int }\nfunc (t T) Get() int { return t.A }\ntv := T{3}\ntv.Get()", result: "3"},
		{code: "func (t T) Get() int { return t.A * 100 }\ntv.Get()", result: "300"},
	}},
	{"redefined type", []step{
		{code: "type T struct{ A int }\nfunc (t T) Get() int { return t.A }\ntv := T{3}\nn := 5\nl := []float64{1, 2}\nps := []*T{&tv, &tv}\nm := map[string]T{\"k\": {4}}"},
		{code: "type T struct{ A int; B string }\ntv", result: `T{A:3, B:""}`},
		{code: "ps[0].A = 9\nps[1].A", result: "9"},
		{code: "m[\"k\"].A", result: "4"},
		{code: "tv = T{A: 2, B: \"x\"}\ntv.Get()", result: "2"},
		{code: "n", result: "5"},
		{code: "l", result: "[1 2]"},
		{code: "type T struct{ A string }\ntv", result: `T{A:""}`, stderr: "could not keep m, ps, tv (their type changed"},
		{code: "l", result: "[1 2]", stderr: ""},
		{code: "tv.Get()", ename: "CompileError", evalue: "tv.Get undefined (type T has no field or method Get)"},
		{code: "%who", stdout: "T                type   type T struct{ A string }\nl                var    []float64\nm                var    map[string]T\nn                var    int\nps               var    []*T\ntv               var    T\n"},
	}},
	{"imports", []step{
		{code: "import \"strings\"\nimport \"strings\"\nstrings.ToUpper(\"a\")", result: `"A"`},
		{code: "import \"strings\"\nstrings.ToLower(\"B\")", result: `"b"`},
		{code: "math.Sqrt(4)", result: "2"},
		{code: "rand.New(rand.NewSource(1)).Intn(1)", result: "0"},
		{code: "import \"nope/pkg\"", ename: "CompileError", evalue: `package "nope/pkg" is not available`},
		{code: "rand.New(rand.NewSource(1)).Intn(1)", result: "0"},
		{code: "import \"crypto/rand\"\nb := make([]byte, 2)\n_, err := rand.Read(b)\nerr", result: "nil", stderr: "rand now names package \"crypto/rand\""},
		{code: "import mr \"math/rand\"\nmr.New(mr.NewSource(1)).Intn(1)", result: "0"},
		{code: "xs := []int{3, 1, 2}\nslices.Sort(xs)", ename: "CompileError", evalue: "use sort.Ints"},
		{code: "slices.Contains(xs, 2)", result: "true"},
		{code: "ys := slices.Clone(xs)", ename: "CompileError", evalue: "undefined type for E (the interpreter could not infer"},
		{code: "type rng struct{ Seed int }\nsort := rng{7}\nsort.Seed", result: "7"},
	}},
	{"compile errors", []step{
		{code: "a := 1\nb := a + undefinedName", ename: "CompileError", evalue: "undefined: undefinedName", traceback: "In[1] line 2, column 10"},
		{code: "func f() int { return \"s\" }", ename: "CompileError", traceback: "func f() int"},
	}},
	{"panics", []step{
		{code: "var m map[string]int\nm[\"a\"] = 1", ename: "Panic", evalue: "assignment to entry in nil map", traceback: "In[1] line 2, column 1"},
		{code: "func div(a, b int) int { return a / b }\ndiv(1, 0)", ename: "Panic", evalue: "integer divide by zero", traceback: "in div"},
		{code: "strings.Repeat(\"x\", -1)", ename: "Panic", evalue: "negative Repeat count"},
		{code: "panic(\"mine\")", ename: "Panic", evalue: "mine"},
		{code: "type N struct{ V int }\nvar np *N\nnp.V", ename: "Panic", evalue: "nil pointer dereference"},
		{code: "1 + 1", result: "2"},
	}},
	{"goroutine panic", []step{
		{code: "go func() { panic(\"boom\") }()\ntime.Sleep(100 * time.Millisecond)", ename: "Panic", evalue: "boom"},
		{code: "\"still here\"", result: `"still here"`},
	}},
	{"goroutine output goes to the running cell", []step{
		{code: "go func() {\n\ttime.Sleep(30 * time.Millisecond)\n\tfmt.Print(\"late\")\n}()"},
		{code: "time.Sleep(100 * time.Millisecond)", stdout: "late"},
		{code: "fmt.Print(\"now\")", stdout: "now"},
	}},
	{"streams", []step{
		{code: "fmt.Print(\"a\")\nfmt.Fprintln(os.Stdout, \"b\")\nfmt.Fprint(os.Stderr, \"e\")\nprintln(\"p\")", stdout: "ab\n", stderr: "ep\n"}, // println goes to stderr, as in Go
		{code: "log.SetFlags(0)\nlog.Print(\"l\")", stderr: "l\n"},
	}},
	{"stdin", []step{
		{code: "var s1 string\nfmt.Scan(&s1)\ns1", stdin: []string{"hello"}, result: `"hello"`},
		{code: "r := bufio.NewReader(os.Stdin)\nline, _ := r.ReadString('\\n')\nline", stdin: []string{"a line"}, result: `"a line\n"`},
		{code: "sc := bufio.NewScanner(os.Stdin)\nsc.Scan()\nsc.Text()", stdin: []string{"scanned"}, result: `"scanned"`},
		{code: "var s2 string\n_, err := fmt.Scanln(&s2)\nerr != nil", result: "true", stderr: "does not accept input"},
	}},
	{"magics", []step{
		{code: "x := 1\ntype P struct{ A int }\nfunc f() int { return 2 }"},
		{code: "%who", stdout: "P                type   type P struct{ A int }\nf                func   func f() int\nx                var    int\n"},
		{code: "%nope", ename: "UsageError", evalue: "unknown magic %nope"},
		{code: "%reset", stdout: "gocell: session reset: all variables, funcs, types and imports are gone\n"},
		{code: "x", ename: "CompileError", evalue: "undefined: x"},
	}},
	{"struct with methods across three cells", []step{
		{code: "type Account struct {\n\tOwner   string\n\tBalance float64\n}"},
		{code: "func (a *Account) Deposit(v float64) { a.Balance += v }\nfunc (a Account) String() string { return fmt.Sprintf(\"%s: %.2f\", a.Owner, a.Balance) }"},
		{code: "acc := &Account{Owner: \"ann\"}\nacc.Deposit(10)\nacc.Deposit(2.5)\nacc", result: "ann: 12.50"},
	}},
	{"closure generator", []step{
		{code: "func counter() func() int {\n\tn := 0\n\treturn func() int { n++; return n }\n}\nnext := counter()\nnext()\nnext()", result: "2"},
		{code: "next()", result: "3"},
	}},
	{"generics", []step{
		{code: "func Map[T, U any](xs []T, f func(T) U) []U {\n\tout := make([]U, 0, len(xs))\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\nMap[int, string]([]int{1, 2, 3}, func(i int) string { return strconv.Itoa(i * 2) })", result: `["2" "4" "6"]`},
		{code: "func Id[T any](x T) T { return x }\nId(3)", result: "3"},
		{code: "func Id[T any](x T) T { var z T; return z }\nId(3)", result: "0"},
		{code: "func useId() int { return Id(5) }\nuseId()", result: "0"},
		{code: "func Id[T any](x T) T { return x }\nuseId()", result: "5"},
		{code: "func k() int { return 1 }\nfunc G[T any](x T) int { return k() }\nG(0)", result: "1"},
		{code: "func k() int { return 2 }\nG(0)", result: "2"},
		{code: "type Stack[T any] struct{ items []T }\nfunc (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }\nst := &Stack[int]{}\nst.Push(4)\nlen(st.items)", result: "1"},
	}},
	{"goroutine pipeline", []step{
		{code: "ch := make(chan int)\nvar wg sync.WaitGroup\nsum := 0\nvar mu sync.Mutex\nfor w := 0; w < 3; w++ {\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tfor v := range ch {\n\t\t\tmu.Lock()\n\t\t\tsum += v\n\t\t\tmu.Unlock()\n\t\t}\n\t}()\n}\nfor i := 1; i <= 100; i++ {\n\tch <- i\n}\nclose(ch)\nwg.Wait()\nsum", result: "5050"},
	}},
}

func TestCorpus(t *testing.T) {
	for _, tc := range corpus {
		t.Run(tc.name, func(t *testing.T) {
			s := newSession(t)
			for i, st := range tc.steps {
				o := runIn(t, s, st.code, &lines{in: st.stdin})
				check(t, i, st, o)
			}
		})
	}
}

func check(t *testing.T, i int, st step, o outcome) {
	t.Helper()
	bad := func(what, got, want string) {
		t.Errorf("cell %d %q: %s = %q, want %q\n(error %s: %s\n%s\nstderr %q)", i+1, st.code, what, got, want, o.ename, o.evalue, o.traceback, o.stderr)
	}
	if o.stdout != st.stdout {
		bad("stdout", o.stdout, st.stdout)
	}
	if o.result != st.result {
		bad("result", o.result, st.result)
	}
	if o.ename != st.ename {
		bad("ename", o.ename, st.ename)
	}
	if !strings.Contains(o.evalue, st.evalue) {
		bad("evalue", o.evalue, st.evalue)
	}
	if !strings.Contains(o.stderr, st.stderr) {
		bad("stderr", o.stderr, st.stderr)
	}
	if !strings.Contains(o.traceback, st.traceback) {
		bad("traceback", o.traceback, st.traceback)
	}
}

// With writers of its own, a session prints there, not to the sink, and
// keeps yaegi's panic position lines out of them.
func TestOptionsWriters(t *testing.T) {
	var out, errw strings.Builder
	s, err := New(Options{Stdout: &out, Stderr: &errw})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o := run(t, s, "fmt.Println(\"to out\")\nlog.SetFlags(0)\nlog.Print(\"to err\")")
	if o.stdout != "" || out.String() != "to out\n" || errw.String() != "to err\n" {
		t.Errorf("sink %q, stdout %q, stderr %q", o.stdout, out.String(), errw.String())
	}
	errw.Reset()
	o = run(t, s, "var m map[int]int\nm[1] = 1")
	if o.ename != "Panic" || !strings.Contains(o.traceback, "In[2] line 2, column 1") || errw.String() != "" {
		t.Errorf("panic: %s %q, stderr %q", o.ename, o.traceback, errw.String())
	}
}

// Output and a panic of a goroutine after its cell ended are shown by the
// next cell, which still runs.
func TestLateGoroutinePanic(t *testing.T) {
	s := newSession(t)
	run(t, s, "go func() {\n\ttime.Sleep(20 * time.Millisecond)\n\tfmt.Print(\"between\")\n\tpanic(\"late\")\n}()")
	time.Sleep(100 * time.Millisecond)
	o := run(t, s, "1")
	if o.result != "1" || o.ename != "" || !strings.Contains(o.stderr, "late") || o.stdout != "between" {
		t.Errorf("next cell: result %q, error %s, stdout %q, stderr %q", o.result, o.ename, o.stdout, o.stderr)
	}
}

func TestLongStringElided(t *testing.T) {
	s := newSession(t)
	o := run(t, s, "strings.Repeat(\"ab\", 5000)")
	if len(o.result) > 4100 || !strings.Contains(o.result, "... (10000 bytes) ...") || !strings.HasPrefix(o.result, `"abab`) {
		t.Errorf("result of %d bytes: %.80q", len(o.result), o.result)
	}
}
