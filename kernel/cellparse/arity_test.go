package cellparse

import (
	"strings"
	"testing"
)

// TestArity checks that a call's results used in a number they do not
// come in is Go's compile error, for funcs of the cell, of earlier cells
// (Options.Results) and of compiled packages, and that the forms Go allows
// pass.
func TestArity(t *testing.T) {
	results := func(name string) int {
		switch name {
		case "strconv.Atoi", "earlier", "$m.Dims":
			return 2
		case "strings.ToUpper":
			return 1
		case "log.Print":
			return 0
		}
		return -1
	}
	const pair = "func pair() (int, string) { return 1, \"x\" }\n"
	tests := []struct {
		src  string
		want string // part of the error; "" for none
	}{
		{"n := strconv.Atoi(\"3\")", "assignment mismatch: 1 variable but strconv.Atoi returns 2 values"},
		{"n, err := strconv.Atoi(\"3\")", ""},
		{"a, b := strings.ToUpper(\"x\")", "assignment mismatch: 2 variables but strings.ToUpper returns 1 value"},
		{"v := earlier()", "assignment mismatch: 1 variable but earlier returns 2 values"},
		{pair + "v := pair()", "assignment mismatch: 1 variable but pair returns 2 values"},
		{pair + "var v = pair()", "assignment mismatch: 1 variable but pair returns 2 values"},
		{pair + "_ = pair()", "assignment mismatch: 1 variable but pair returns 2 values"},
		{pair + "func g() int { v := pair(); return v }", "assignment mismatch: 1 variable but pair returns 2 values"},
		{pair + "fmt.Println(pair(), 3)", "multiple-value pair() (2 values) in single-value context"},
		{pair + "fmt.Println(pair())", ""},
		{pair + "x := pair() + 1", "multiple-value pair() (2 values) in single-value context"},
		{"x := log.Print(1)", "log.Print(1) (no value) used as value"},
		{"var a, b = 1", "assignment mismatch: 2 variables but 1 value"},
		{"a, b := 1, 2, 3", "assignment mismatch: 2 variables but 3 values"},
		{"m := map[int]int{}\nv, ok := m[1]", ""},
		{"var i interface{}\ns, ok := i.(string)", ""},
		{"ch := make(chan int)\nv, ok := <-ch", ""},
		{"f := func() (int, int) { return 1, 2 }\nv := f()", ""}, // a func value: not known here
		{"x := unknown()", ""},
		{"earlier := func() int { return 1 }\nv := earlier()", ""}, // the cell's own earlier, a func value
		{"rows := m.Dims()", "assignment mismatch: 1 variable but m.Dims returns 2 values"},
		{"m := thing()\nrows := m.Dims()", ""}, // m made in this cell: its type is not known here
		{"const (\n\ta = iota\n\tb\n)", ""},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src, Options{Results: results, Declared: func(name string) bool { return name == "m" || name == "earlier" }})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: unexpected error %v", tt.src, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: error %v, want one containing %q", tt.src, err, tt.want)
		}
	}
}

// TestExprList checks that a cell's final list of expressions is one Expr
// item marked List whose source is the list, and that a list anywhere else,
// or an assignment, stays what Go makes of it.
func TestExprList(t *testing.T) {
	tests := []struct {
		src      string
		list     bool   // the last item is a List Expr
		source   string // its Source
		errorSub string
	}{
		{"x := 1\nx, x * 2", true, "x, x * 2", ""},
		{"len(s), utf8.RuneCountInString(s)", true, "len(s), utf8.RuneCountInString(s)", ""},
		{"m[\"a\"], []int{1, 2}, func() int { return 1 }()", true, "m[\"a\"], []int{1, 2}, func() int { return 1 }()", ""},
		{"x", false, "x", ""},
		{"f(a, b)", false, "f(a, b)", ""},
		{"a, b = b, a", false, "a, b = b, a", ""},
		{"a, b := 1, 2", false, "a, b := 1, 2", ""},
		{"x, 2\ny := 1", false, "", "expected 1 expression"},
		{"return 1, 2", false, "", "top level"},
	}
	for _, tt := range tests {
		c, err := Parse(tt.src, Options{})
		if tt.errorSub != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errorSub) {
				t.Errorf("%q: error %v, want one containing %q", tt.src, err, tt.errorSub)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.src, err)
			continue
		}
		last := c.Items[len(c.Items)-1]
		if last.List != tt.list || last.Source != tt.source {
			t.Errorf("%q: last item List=%v Source=%q, want List=%v Source=%q", tt.src, last.List, last.Source, tt.list, tt.source)
		}
		if tt.list && last.Kind != Expr {
			t.Errorf("%q: kind %v, want Expr", tt.src, last.Kind)
		}
	}
}
