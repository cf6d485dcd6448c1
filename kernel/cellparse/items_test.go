package cellparse

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestKinds(t *testing.T) {
	src := `package main
import (
	"fmt"
	r "math/rand"
	_ "image/png"
)
const (
	A = iota
	B
)
var v = 1
type (
	P struct{ X int }
	Q []P
)
func f() {}
func (p P) M() int { return p.X }
func main() {}
x := 1; x++
ch <- 1
go f()
f()
if x > 0 {
}
for {
	break
}
switch {}
select {}
{ x = 2 }
L: for {}
defer f()
func() { x = 3 }()
x`
	c, err := Parse(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Kind{Import, Import, Import, Const, Var, Type, Type, Func, Method, Func,
		Stmt, Stmt, Stmt, Stmt, Stmt, Block, Block, Block, Block, Block, Block, Block, Stmt, Expr}
	var got []Kind
	for _, it := range c.Items {
		got = append(got, it.Kind)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("kinds\n got %v\nwant %v", got, want)
	}
	imp := c.Items[1]
	if imp.ImportPath != "math/rand" || imp.ImportName != "r" || !reflect.DeepEqual(imp.Names, []string{"r"}) {
		t.Errorf("renamed import: %+v", imp)
	}
	if c.Items[2].ImportName != "_" || c.Items[2].Names != nil {
		t.Errorf("blank import: %+v", c.Items[2])
	}
	if it := c.Items[6]; it.Source != "type Q []P" || it.Line != 14 || it.Col != 1 {
		t.Errorf("grouped type spec: %+v", it)
	}
	if it := c.Items[8]; it.Recv != "P" || !reflect.DeepEqual(it.Names, []string{"P.M"}) {
		t.Errorf("method: %+v", it)
	}
	if it := c.Items[11]; it.Source != "x++" || it.Line != 19 || it.Col != 9 {
		t.Errorf("second statement on a line: %+v", it)
	}
}

func TestExprOnlyLast(t *testing.T) {
	c, err := Parse("f()\ng()\n// trailing comment\n", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Items[0].Kind != Stmt || c.Items[1].Kind != Expr {
		t.Errorf("kinds %v %v, want Stmt Expr", c.Items[0].Kind, c.Items[1].Kind)
	}
	c, err = Parse("x\ny := 2", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Items[0].Kind != Stmt || c.Items[1].Kind != Stmt {
		t.Errorf("kinds %v %v, want Stmt Stmt", c.Items[0].Kind, c.Items[1].Kind)
	}
}

func TestNamesRefsPackages(t *testing.T) {
	tests := []struct {
		name              string
		opt               Options
		in                string
		names, refs, pkgs []string
	}{
		{"func params and locals", Options{}, "func f(a int) int { b := a + g; return b * h(a) }",
			[]string{"f"}, []string{"g", "h"}, nil},
		{"recursion is not a ref", Options{}, "func fib(n int) int { if n < 2 { return n }; return fib(n-1) + fib(n-2) }",
			[]string{"fib"}, nil, nil},
		{"packages", Options{}, "func f() { fmt.Println(strings.ToUpper(s)) }",
			[]string{"f"}, []string{"s"}, []string{"fmt", "strings"}},
		{"local shadows package", Options{}, "func f(fmt T) { fmt.Println() }",
			[]string{"f"}, []string{"T"}, nil},
		{"field selectors and keys", Options{}, "func f(p P) int { q := P{X: 1, Y: p.X}; return q.Y }",
			[]string{"f"}, []string{"P"}, nil},
		{"map literal keys are refs", Options{}, "m := map[string]int{k: 1}",
			[]string{"m"}, []string{"k"}, nil},
		{"closure sees outer local", Options{}, "func f() func() int { n := 0; return func() int { n++; return n + z } }",
			[]string{"f"}, []string{"z"}, nil},
		{"method receiver", Options{}, "func (s *Stack) Push(v Elem) { s.items = append(s.items, v) }",
			[]string{"Stack.Push"}, []string{"Stack", "Elem"}, nil},
		{"generic receiver", Options{}, "func (l *List[T]) Add(v T) { l.xs = append(l.xs, v) }",
			[]string{"List.Add"}, []string{"List"}, nil},
		{"type params", Options{}, "func Map[T, U any](xs []T, f func(T) U) []U { return nil }",
			[]string{"Map"}, nil, nil},
		{"type refs", Options{}, "type Tree struct { Left, Right *Tree; Val Value; m mat.Dense }",
			[]string{"Tree"}, []string{"Value"}, []string{"mat"}},
		{"define names and refs", Options{}, "a, b := f(x), 2",
			[]string{"a", "b"}, []string{"f", "x"}, nil},
		{"redefine refers to earlier", Options{}, "x := x + 1",
			[]string{"x"}, []string{"x"}, nil},
		{"var refers to earlier", Options{}, "var y = y * 2",
			[]string{"y"}, []string{"y"}, nil},
		{"const group", Options{}, "const (\n\tA = iota\n\tB\n\t_\n)",
			[]string{"A", "B"}, nil, nil},
		{"builtins are not refs", Options{}, "x := len(append([]int(nil), 1)) + cap(make([]byte, 2))",
			[]string{"x"}, nil, nil},
		{"user builtin name is a ref", Options{Declared: intNames("len")}, "x := len(s)",
			[]string{"x"}, []string{"len", "s"}, nil},
		{"user var as selector base", Options{Declared: intNames("p")}, "p.X = rand.Intn(3)",
			nil, []string{"p"}, []string{"rand"}},
		{"labels are not refs", Options{}, "outer: for { break outer }",
			nil, nil, nil},
		{"block statement locals", Options{}, "if v, ok := m[k]; ok { use(v) }",
			nil, []string{"m", "k", "use"}, nil},
		{"constraint package", Options{}, "func Max[T cmp.Ordered](a, b T) T { if a > b { return a }; return b }",
			[]string{"Max"}, nil, []string{"cmp"}},
		{"type switch binding", Options{}, "switch v := x.(type) { case Shape: use(v); case *mat.Dense: _ = v }",
			nil, []string{"x", "Shape", "use"}, []string{"mat"}},
		{"struct literal of package type", Options{}, "p := image.Point{X: 1, Y: n}",
			[]string{"p"}, []string{"n"}, []string{"image"}},
		{"import name", Options{}, `import "math/rand"`, []string{"rand"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := one(t, tt.in, tt.opt)
			if !reflect.DeepEqual(it.Names, tt.names) {
				t.Errorf("Names %q, want %q", it.Names, tt.names)
			}
			if !reflect.DeepEqual(it.Refs, tt.refs) {
				t.Errorf("Refs %q, want %q", it.Refs, tt.refs)
			}
			if !reflect.DeepEqual(it.Packages, tt.pkgs) {
				t.Errorf("Packages %q, want %q", it.Packages, tt.pkgs)
			}
		})
	}
}

func TestCellLevelNames(t *testing.T) {
	// A selector base declared by another item of the same cell is a
	// reference, not a package; an imported name is a package.
	c, err := Parse("import \"strings\"\np := P{}\np.X = strings.ToUpper(\"a\")", Options{})
	if err != nil {
		t.Fatal(err)
	}
	it := c.Items[2]
	if !reflect.DeepEqual(it.Refs, []string{"p"}) || !reflect.DeepEqual(it.Packages, []string{"strings"}) {
		t.Errorf("Refs %q Packages %q, want [p] [strings]", it.Refs, it.Packages)
	}
	// A min declared in the cell is the user's, not the builtin.
	c, err = Parse("func min(a, b int) int { return a }\nx := min(1, 2)", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Items[1].Source; got != "x := min(1, 2)" {
		t.Errorf("user min rewritten: %s", got)
	}
	// A func of the cell returning an int makes range over its call a count.
	c, err = Parse("func count() (n int) { return 2 }\nfor range count() {}", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Items[1].Source; !strings.HasPrefix(got, "{ __gocellN") {
		t.Errorf("range over a cell func's int not rewritten: %s", got)
	}
	// An integer declared earlier in the cell makes range over it a count.
	c, err = Parse("n := 2 * 3\nfor range n {}", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Items[1].Source; !strings.HasPrefix(got, "{ __gocellN") {
		t.Errorf("range over a cell integer not rewritten: %s", got)
	}
}

func TestCommaOKReceiveTypedInCell(t *testing.T) {
	for _, src := range []string{
		"var (\n\tch = make(chan string)\n)\nv, ok := <-ch",
		"var ch <-chan string\nv, ok := <-ch",
		"ch := make(chan string, 1)\nv, ok := <-ch",
	} {
		c, err := Parse(src, Options{})
		if err != nil {
			t.Errorf("Parse(%q): %v", src, err)
			continue
		}
		last := c.Items[len(c.Items)-1]
		if want := "v, ok := *new(string), false; v, ok = <-ch"; last.Source != want {
			t.Errorf("Parse(%q): %s, want %s", src, last.Source, want)
		}
	}
	// A later declaration without a visible type forgets the earlier one.
	if _, err := Parse("ch := make(chan int)\nch := other()\nv, ok := <-ch", Options{}); err == nil {
		t.Error("receive from a retyped channel was rewritten")
	}
}

func TestDoc(t *testing.T) {
	c, err := Parse("// Add adds.\n// Twice.\nfunc Add(a, b int) int { return a + b }\n\n// stray\n\nx := 1", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Items[0].Doc; got != "Add adds.\nTwice." {
		t.Errorf("Doc %q", got)
	}
	if got := c.Items[1].Doc; got != "" {
		t.Errorf("detached comment became a doc: %q", got)
	}
	c, err = Parse("x := 1 // about x\nfunc g() {}", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Items[1].Doc; got != "" {
		t.Errorf("trailing comment of the line before became a doc: %q", got)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		line, col int
		msg       string
		opt       Options
	}{
		{"syntax error", "x := 1\ny := (2 +\nz := 3", 3, 3, "expected", Options{}},
		{"multibyte column", "s := \"日本語\" + := 2", 1, 14, "expected", Options{}},
		{"return at top level", "x := 1\nreturn x", 2, 1, "return is not allowed", Options{}},
		{"return of a value ending a cell", "x := 1\nreturn x", 2, 1, "takes no values", Options{EndCell: "E"}},
		{"return of a value in a block ending a cell", "if x := 1; x > 0 {\n\treturn x\n}", 2, 2, "takes no values", Options{EndCell: "E"}},
		{"break at top level", "break", 1, 1, "break is not allowed", Options{}},
		{"receive comma-ok", "v, ok := <-ch", 1, 10, "v, ok = <-ch", Options{}},
		{"impure comma-ok map", "v, ok := m[f()]", 1, 10, "without function calls", Options{}},
		{"min in const", "const c = min(1, 2)", 1, 11, "constant declaration", Options{}},
		{"range over func", "for x := range func(yield func(int) bool) {} { _ = x }", 1, 16, "iterator", Options{}},
		{"bad package clause", "package", 1, 1, "package NAME", Options{}},
		{"decl error", "func f( {", 1, 9, "", Options{}},
		{"unmatched closer", "x := 1\nf(x))\ny := 2", 2, 5, "unexpected ) without", Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in, tt.opt)
			es := Errors(err)
			if len(es) == 0 {
				t.Fatalf("Parse(%q) = %v, want an *Error", tt.in, err)
			}
			e := es[0]
			if e.Line != tt.line || e.Col != tt.col || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("error %d:%d %q, want %d:%d containing %q", e.Line, e.Col, e.Msg, tt.line, tt.col, tt.msg)
			}
			var pe *Error
			var pl ErrorList
			if !errors.As(err, &pe) && !errors.As(err, &pl) {
				t.Errorf("error type %T", err)
			}
			if !strings.HasPrefix(err.Error(), "cellparse: ") {
				t.Errorf("message %q lacks the package prefix", err.Error())
			}
		})
	}
}

func TestKindString(t *testing.T) {
	if Import.String() != "Import" || Expr.String() != "Expr" || Kind(42).String() != "Kind(42)" {
		t.Errorf("Kind.String: %s %s %s", Import, Expr, Kind(42))
	}
}

func TestRuneColumn(t *testing.T) {
	src := "a\ns := \"日本\" + x"
	// x is at byte column 16, code-point column 12 on line 2.
	if got := RuneColumn(src, 2, 16); got != 12 {
		t.Errorf("RuneColumn = %d, want 12", got)
	}
	if got := RuneColumn(src, 9, 3); got < 1 {
		t.Errorf("RuneColumn out of range = %d", got)
	}
}
