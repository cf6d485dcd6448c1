package cellparse

import "testing"

func TestIsComplete(t *testing.T) {
	tests := []struct {
		in, status, indent string
	}{
		{"", "complete", ""},
		{"x := 1", "complete", ""},
		{"fmt.Println(\"hi\")\n", "complete", ""},
		{"func f() {", "incomplete", "    "},
		{"func f() {\n\tif x {", "incomplete", "\t\t"},
		{"for i := range 3 {\n    for {", "incomplete", "        "},
		{"fmt.Println(1,", "incomplete", "    "},
		{"x := []int{\n    1,", "incomplete", "    "},
		{"x := 1 +", "incomplete", "    "},
		{"ok := a &&", "incomplete", "    "},
		{"x :=", "incomplete", "    "},
		{"a, b", "complete", ""},
		{"a,", "incomplete", "    "},
		{"s.\n", "incomplete", "    "},
		{"if x {\n} else", "incomplete", "    "},
		{"s := `raw\nstring", "incomplete", ""},
		{"/* open comment", "incomplete", ""},
		{"x := 1 // trailing comment +", "complete", ""},
		{"f(x))", "invalid", ""},
		{"}", "invalid", ""},
		{"f(x]", "invalid", ""},
		{"s := \"open", "invalid", ""},
		{"x := 1 @ 2", "invalid", ""},
		{"switch x {\ncase 1:", "incomplete", "    "},
		{"%time", "complete", ""},
		{"%%time\nfor {", "incomplete", "    "},
		{"%%time\nx := 1", "complete", ""},
		{"  %who", "complete", ""},
		{"x := 1 1", "complete", ""}, // a syntax error more text cannot fix: run it, show the error
	}
	for _, tt := range tests {
		status, indent := IsComplete(tt.in)
		if status != tt.status || indent != tt.indent {
			t.Errorf("IsComplete(%q) = %q %q, want %q %q", tt.in, status, indent, tt.status, tt.indent)
		}
	}
}
