package evaluator

import "testing"

// TestReturnEndsCell checks that a return outside any function ends the
// cell as a return ends main: later statements and the final expression do
// not run, top-level defers do, and the session goes on.
func TestReturnEndsCell(t *testing.T) {
	steps := []step{
		{code: "x := 5\nif x > 3 {\n\tfmt.Println(\"big, stopping\")\n\treturn\n}\nfmt.Println(\"not reached\")\nx", stdout: "big, stopping\n"},
		{code: "x", result: "5"},
		{code: "defer fmt.Println(\"deferred\")\nfmt.Println(\"a\")\nreturn\nfmt.Println(\"b\")", stdout: "a\ndeferred\n"},
		{code: "if x < 3 {\n\treturn\n}\nx * 2", result: "10"},
		{code: "func f() int {\n\tif x > 1 {\n\t\treturn 1\n\t}\n\treturn 0\n}\ng := func() { return }\ng()\nf()", result: "1"},
		{code: "type A struct{ v int }\nfunc (a A) String() string { return fmt.Sprint(\"A\", a.v) }\nvar ls []fmt.Stringer\nfor _, k := range []int{1, 2, 3} {\n\ta := A{k}\n\ts := []fmt.Stringer{a}\n\tls = append(ls, s...)\n\tif k == 2 {\n\t\treturn\n\t}\n}\nfmt.Println(\"not reached\")"},
		{code: "ls", result: "[A1 A2]"},
		{code: "for i := 0; i < 3; i++ {\n\tswitch {\n\tcase i == 1:\n\t\treturn\n\t}\n\tfmt.Print(i)\n}\nfmt.Print(\"no\")", stdout: "0"},
		{code: "if true {\n\treturn x\n}", ename: "CompileError", evalue: "return takes no values"},
		{code: "fmt.Print(\"runs\")", stdout: "runs"},
	}
	runSteps(t, newSession(t), steps)
}
