package cellparse

import (
	"strings"
	"testing"
)

// TestTypeAsValue checks that a type name in a value's place is Go's
// compile error, and that the places where Go takes a type stay valid.
func TestTypeAsValue(t *testing.T) {
	isType := func(name string) bool { return name == "Earlier" || name == "mat.Dense" }
	tests := []struct {
		src  string
		want string // part of the error; "" for none
	}{
		{"int", "int (type) is not an expression"},
		{"x := float64", "float64 (type) is not an expression"},
		{"fmt.Println(int)", "int (type) is not an expression"},
		{"mat.Dense", "mat.Dense (type) is not an expression"},
		{"Earlier", "Earlier (type) is not an expression"},
		{"type P struct{}\nP", "P (type) is not an expression"},
		{"var v = string", "string (type) is not an expression"},
		{"n := 1 + int", "int (type) is not an expression"},
		{"func g() { type L int; y := L; _ = y }", "L (type) is not an expression"},
		{"x := int(3)", ""},
		{"m := make([]int, 3)\np := new(int)\nq := make(map[string]Earlier)", ""},
		{"func Sum[T int | float64](xs ...T) T { var s T; return s }", ""},
		{"type Num interface{ ~int | ~float64 }", ""},
		{"var v int = 3\nvar d mat.Dense", ""},
		{"e := Earlier{}\nd := &mat.Dense{}", ""},
		{"y := error(nil)\nz := len(\"ab\")", ""},
		{"var i interface{} = 1\nswitch v := i.(type) {\ncase int, Earlier:\n\t_ = v\n}", ""},
		{"func f() { type L int; x := L(1); _ = x }", ""},
		{"int := 3\nint", ""}, // the cell's own int
		{"x := []int{1}\ns := fmt.Sprint(x)", ""},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src, Options{IsType: isType, Declared: func(name string) bool { return name == "Earlier" }})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: unexpected error %v", tt.src, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: error %v, want one containing %q", tt.src, err, tt.want)
		}
	}
}
