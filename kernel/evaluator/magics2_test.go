package evaluator

import (
	"testing"
)

// TestStdinLeftoverNotCarried pins that what a failed fmt.Scan left unread
// is not handed to the next cell's read: each cell's input request is
// fresh, as each run of a program starts with its own input.
func TestStdinLeftoverNotCarried(t *testing.T) {
	tests := []struct {
		name  string
		first string   // cell that reads and leaves input behind
		input []string // lines typed for the first cell
		next  string   // cell that reads again
		later []string // lines typed for the next cell
		want  string   // stdout of the next cell
	}{
		{"scan fails on letters", "var a int\n_, err := fmt.Scan(&a)\nfmt.Println(err != nil)", []string{"abc"},
			"var s string\nfmt.Scanln(&s)\nfmt.Printf(\"%q\\n\", s)", []string{"fresh"}, "\"fresh\"\n"},
		{"scan reads one word of two", "var w string\nfmt.Scan(&w)", []string{"one two"},
			"var s string\nfmt.Scanln(&s)\nfmt.Printf(\"%q\\n\", s)", []string{"three"}, "\"three\"\n"},
		{"no input left to ask for", "var a int\nfmt.Scan(&a)", []string{"abc"},
			"var s string\n_, err := fmt.Scanln(&s)\nfmt.Printf(\"%q %v\\n\", s, err != nil)", nil, "\"\" true\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSession(t)
			if o := runIn(t, s, tt.first, &lines{in: tt.input}); o.ename != "" {
				t.Fatalf("first cell: %s: %s", o.ename, o.evalue)
			}
			o := runIn(t, s, tt.next, &lines{in: tt.later})
			if o.ename != "" {
				t.Fatalf("next cell: %s: %s", o.ename, o.evalue)
			}
			if o.stdout != tt.want {
				t.Errorf("next cell printed %q, want %q", o.stdout, tt.want)
			}
		})
	}
}
