package evaluator

import "testing"

// More yaegi v0.16.1 behaviours the session works around, found by trying
// cells the way a Go programmer writes them (see gostyle_test.go). As in
// TestYaegiBehaviours, a failure means yaegi changed and the named
// workaround may go.
func TestYaegiGoStyleBehaviours(t *testing.T) {
	cases := []struct {
		name       string
		workaround string
		steps      []string
		want       string // the last step's value (fmt.Sprint) or "error: <substring>"
	}{
		{"assertion to a pointer to a named int type matches any *int", "showSource asks StructPtr before the pointer fallback",
			[]string{"package main\ntype C int\nfunc (c C) String() string { return \"C\" }\nfunc isPC(v interface{}) bool { _, ok := v.(*C); return ok }", ";x := 3", ";isPC(&x)"}, "true"},
		{"a deferred func held in a variable does not recover (#1697)", "runDefers defers a func literal as written",
			[]string{"package main\nvar gd func()\nvar got interface{} = \"unset\"\nfunc t5() { defer gd(); panic(\"p\") }", ";gd = func() { got = recover() }", ";t5()"}, "error: p"},
		{"v := f() keeps the first of f's two results", "cellparse's checkArity reports Go's assignment mismatch; deferItem does not hold a call that may return several values",
			[]string{"package main\nfunc pair() (int, string) { return 1, \"x\" }", ";func() int { v := pair(); return v }()"}, "1"},
		{"_ = f() of f's two results panics", "cellparse's checkArity reports Go's assignment mismatch",
			[]string{"package main\nfunc pair() (int, string) { return 1, \"x\" }", ";func() { _ = pair() }()"}, "error: index out of range"},
		{"a call's two results among other arguments are refused without Go's wording", "cellparse's checkArity reports Go's multiple-value error",
			[]string{"package main\nfunc pair() (int, string) { return 1, \"x\" }\nfunc all(v ...interface{}) int { return len(v) }", ";all(pair(), 2)"}, "error: cannot use func() (int,string) as type interface{}"},
		{"var a, b = 1 is refused without Go's wording", "cellparse's checkArity reports Go's assignment mismatch",
			[]string{"package main", ";func() { var a, b = 1; _, _ = a, b }()"}, "error: unsupported assign expression"},
		{"fmt gets a cell error type's value without its Error method", "errorMapTypes lists error for fmt's and log's functions",
			[]string{"package main\ntype E struct{ n int }\nfunc (e *E) Error() string { return \"E!\" }", `import "fmt"`, ";fmt.Sprint(&E{1})"}, "&{1}"},
		{"compiled errors.Is misses a cell type's Unwrap", "errChain replaces errors.Is, As and Unwrap",
			[]string{"package main\ntype Q struct{ err error }\nfunc (q *Q) Error() string { return \"q\" }\nfunc (q *Q) Unwrap() error { return q.err }", `import "errors"`, `import "io"`, ";var e error = &Q{io.EOF}", ";errors.Is(e, io.EOF)"}, "false"},
		{"comma-ok assertion of a nil interface panics", "errOpsSource asserts its argument only where it is set; cellparse's nilSafeAssert",
			[]string{"package main\nfunc f(a interface{}) bool { _, ok := a.(error); return ok }", ";f(nil)"}, "error: zero Value"},
		{"comma-ok assertion of a nil interface to fmt.Stringer panics", "cellparse's nilSafeAssert checks for nil first",
			[]string{"package main\nimport \"fmt\"\nfunc f(a interface{}) bool { _, ok := a.(fmt.Stringer); return ok }", ";f(nil)"}, "error: zero Value"},
		{"a cell's struct type reflects without its name", "fmtExports renames the struct types in fmt's text",
			[]string{"package main\ntype Point struct{ X, Y int }", `import "fmt"`, ";fmt.Sprintf(\"%T\", Point{})"}, "struct { X int; Y int }"},
		{"a slice of a cell's interface type reaches fmt with its elements wrapped", "fmtExports unwraps the elements (plainArgs)",
			[]string{"package main\ntype Shape interface{ Area() float64 }\ntype Sq struct{ S float64 }\nfunc (s Sq) Area() float64 { return s.S }", `import "fmt"`, ";len(fmt.Sprint([]Shape{Sq{1}})) > len(\"[{1}]\")"}, "true"},
		{"a slice of a cell's type with underlying int reaches fmt as []int", "fieldtypes.go follows struct fields' declared types; a top-level []Weekday argument still prints numbers",
			[]string{"package main\ntype W int\nfunc (w W) String() string { return \"w\" }", `import "fmt"`, ";fmt.Sprint([]W{1}, map[string]W{\"a\": 2})"}, "[1] map[a:2]"},
		{"assertion to a named int type matches a plain int", "typedText hands a Weekday field's plain int to the String dispatcher",
			[]string{"package main\ntype W int\nfunc (w W) String() string { return \"w\" }\nfunc isW(v interface{}) bool { _, ok := v.(W); return ok }", ";isW(3)"}, "true"},
		{"a pointer to a type with a value String method is no fmt.Stringer in an assertion", "cellparse sends the operand of an assertion to a package's interface through assertedFn",
			[]string{"package main\nimport \"fmt\"\ntype T struct{ n int }\nfunc (t T) String() string { return \"T\" }\nfunc kind(v interface{}) string {\n\tif s, ok := v.(fmt.Stringer); ok {\n\t\treturn s.String()\n\t}\n\treturn \"other\"\n}", ";kind(&T{4})"}, "other"},
		{"a type name used as a value compiles", "cellparse's checkTypeValues and shortCell report Go's error",
			[]string{"package main", `import "fmt"`, ";fmt.Sprint(int)"}, "<nil>"},
		{"an unused constant expression that overflows int runs as a statement", "expr reports the show function's error for an expression that is not a call",
			[]string{"package main\nconst big = 1 << 62", ";func() { big * 4 }()"}, "<nil>"},
		{"a value of a type missing an interface's method is refused without the reason", "explainImplements names the missing method",
			[]string{"package main\ntype I interface{ M() }\ntype T struct{}", ";var i I = T{}"}, "error: cannot use type main.T as type main.I in assignment"},
		{"an instance of a cell's generic type reflects as an anonymous struct", "nameInstances names each instance a cell writes out",
			[]string{"package main\ntype Box[T any] struct{ V T }", `import "fmt"`, ";var b Box[int]", ";fmt.Sprintf(\"%T\", b)"}, "struct { V int }"},
		{"new of an instance not yet used fails", "nameInstances takes a variable's address instead",
			[]string{"package main\ntype Box[T any] struct{ V T }", ";new(Box[float64])"}, "error: type not found"},
		{"a conversion to a pointer to an instance of two type parameters panics", "nameInstances takes a variable's address instead",
			[]string{"package main\ntype P[K comparable, V any] struct{ K K; V V }", ";var p P[string, int]", ";(*P[string, int])(nil)"}, "error: nil pointer dereference"},
		{"a global var from an instantiated generic call fails", "defineInFunc declares it with the value's type and assigns it in a func",
			[]string{"package main\nfunc Id[T any](x T) T { return x }", ";y := Id[int](3)"}, "error: constant definition loop"},
		{"a global var from an inferred generic call fails", "defineInFunc declares it with the value's type and assigns it in a func",
			[]string{"package main\nfunc Id[T any](x T) T { return x }", ";y := Id(3)"}, "error: nil reflect type"},
		{"the same call in a func works", "defineInFunc assigns in a func",
			[]string{"package main\nfunc Id[T any](x T) T { return x }", ";var y int", ";func() { y = Id(3) }()", ";y"}, "3"},
		{"a func argument's result type parameter is not inferred (#1610)", "explainInference says to give the type arguments",
			[]string{"package main\nfunc Map[T, U any](xs []T, f func(T) U) []U { return nil }", ";Map([]int{1}, func(x int) string { return \"\" })"}, "error: cannot use type func(int) string as type func(int) int"},
		{"untyped constants alone infer no type parameter", "explainInference says to give the type arguments",
			[]string{"package main\nfunc Sum[T int | float64](xs ...T) T { var s T; return s }", ";Sum(1, 2)"}, "error: undefined type for T"},
		{"a method expression held in a variable cannot be called", "explainPanic says to wrap it in a func literal",
			[]string{"package main\ntype Op int\nfunc (o Op) Apply(a int) int { return int(o) + a }", ";f := Op.Apply", ";f(1, 2)"}, "error: Call with too many input arguments"},
		{"a method promoted from an embedded interface field panics", "explainPanic says to call it through the field",
			[]string{"package main\ntype L interface{ Log() int }\ntype impl struct{}\nfunc (impl) Log() int { return 1 }\ntype S struct {\n\tL\n\tname string\n}", ";s := S{impl{}, \"s\"}", ";s.Log()"}, "error: invalid interface value"},
		{"a type switch's interface case never matches", "cellparse's typeSwitch asserts with comma-ok",
			[]string{"package main\nimport \"io\"\nvar _ = io.EOF\nfunc k(v interface{}) string {\n\tswitch v.(type) {\n\tcase error:\n\t\treturn \"error\"\n\t}\n\treturn \"other\"\n}", ";k(io.EOF)"}, "other"},
		{"a type switch binding a variable misses a cell's type with methods", "cellparse's typeSwitch asserts with comma-ok",
			[]string{"package main\ntype P struct{ X int }\nfunc (P) M() {}\nfunc k(v interface{}) int {\n\tswitch x := v.(type) {\n\tcase P:\n\t\treturn x.X\n\t}\n\treturn -1\n}", ";k(P{4})"}, "-1"},
		{"recover returns the panic's value in a reflect.Value", "cellparse passes recover() through recoveredFn",
			[]string{"package main\nimport \"reflect\"\nfunc r() (t string) {\n\tdefer func() { t = reflect.TypeOf(recover()).String() }()\n\tpanic(\"x\")\n}", ";r()"}, "reflect.Value"},
		{"a composite literal of a cell's type stored in interface{} loses its methods", "cellparse passes an assertion's operand through assertedFn",
			[]string{"package main\nimport \"fmt\"\ntype T struct{ n int }\nfunc (t T) String() string { return fmt.Sprint(\"T\", t.n) }", ";var z interface{} = T{1}", ";func() bool { _, ok := z.(fmt.Stringer); return ok }()"}, "false"},
		{"a pointer literal of a cell's type stored in interface{} is no Stringer either", "cellparse passes an assertion's operand through assertedFn",
			[]string{"package main\nimport \"fmt\"\ntype T struct{ n int }\nfunc (t T) String() string { return fmt.Sprint(\"T\", t.n) }", ";var p interface{} = &T{4}", ";func() bool { _, ok := p.(fmt.Stringer); return ok }()"}, "false"},
		{"the interface wrapper of a []interface{} literal's element reads another frame", "assertedFn wraps a value of a cell's type itself",
			[]string{"package main\nimport \"fmt\"\ntype T struct{ n int }\nfunc (t T) String() string { return fmt.Sprint(\"T\", t.n) }", `import "strings"`, ";things := []interface{}{T{1}, 2}",
				";func() bool { r := \"\"; for _, t := range things { s, ok := t.(fmt.Stringer); r += fmt.Sprint(s, ok) }; return strings.Contains(r, \"PANIC=String method\") }()"}, "true"},
		{"a struct value passed as error to compiled code keeps only its last field", "none: errors.As to a value type that went through fmt.Errorf is false (README)",
			[]string{"package main\nimport \"fmt\"\ntype E struct{ msg string; code int }\nfunc (e E) Error() string { return fmt.Sprint(\"E\", e.code) }", `import "errors"`, `import "reflect"`, ";e7 := E{\"m\", 7}",
				";var err error = e7", ";reflect.ValueOf(errors.Unwrap(fmt.Errorf(\"w: %w\", err))).Field(0).Interface()"}, "7"},
		{"two interface{} vars declared together lose a pointer literal", "none (README)",
			[]string{"package main\ntype Q struct{ q, r int }", ";var qv, qp interface{} = Q{1, 2}, &Q{3, 4}", ";qp == nil"}, "true"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := rawInterp(t)
			v, err := rawEval(t, in, c.steps...)
			expectYaegi(t, c.workaround, v, err, c.want)
		})
	}
}
