package cellparse

import (
	"strings"
	"testing"
)

// TestConstantOverflow checks that typed constants that overflow are the
// compile errors Go makes them (yaegi would wrap them around), and that
// valid constants, untyped ones and a cell's own type named like a
// predeclared one pass.
func TestConstantOverflow(t *testing.T) {
	tests := []struct {
		src  string
		want string // part of the error; "" for none
	}{
		{"uint8(255) + 1", "overflows uint8"},
		{"x := int8(127) + 1", "overflows int8"},
		{"var u = uint16(70000)", "overflows uint16"},
		{"fmt.Println(int32(1) << 40)", "overflows int32"},
		{"uint8(255)", ""},
		{"1 << 62", ""},
		{"x := 1e300 * 10", ""},
		{"y := float32(0.1) * 3", ""},
		{"type uint8 int\nuint8(300)", ""},
		{"n := 3\nuint8(n) + 250", ""},
		{"b := []byte{byte(200), byte(55)}", ""},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src, Options{})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: unexpected error %v", tt.src, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: error %v, want one saying %q", tt.src, err, tt.want)
		}
	}
}
