package cellparse

import "testing"

func TestCursorContext(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		cursor int
		want   Context
	}{
		{"plain prefix", "x := pri", 8, Context{Prefix: "pri", Start: 5, End: 8}},
		{"package member", "fmt.Pr", 6, Context{Prefix: "Pr", Package: "fmt", Expr: "fmt", Start: 4, End: 6}},
		{"after dot", "strings.", 8, Context{Package: "strings", Expr: "strings", Start: 8, End: 8}},
		{"chain", "p.Pos.X", 7, Context{Prefix: "X", Expr: "p.Pos", Start: 6, End: 7}},
		{"call result", "f().Na", 6, Context{Prefix: "Na", Start: 4, End: 6}},
		{"japanese before", "s := \"日本語\" // コメント\nfmt.Pr", 25, Context{Prefix: "Pr", Package: "fmt", Expr: "fmt", Start: 23, End: 25}},
		{"japanese identifier", "変数 := 1\n変", 9, Context{Prefix: "変", Start: 8, End: 9}},
		{"middle of identifier", "fmt.Println", 6, Context{Prefix: "Pr", Package: "fmt", Expr: "fmt", Start: 4, End: 6}},
		{"in string", "s := \"fmt.Pr", 12, Context{Prefix: "Pr", Package: "fmt", Expr: "fmt", Start: 10, End: 12, InLiteral: true}},
		{"in comment", "x // fmt.Pr", 11, Context{Prefix: "Pr", Package: "fmt", Expr: "fmt", Start: 9, End: 11, InLiteral: true}},
		{"after closed string", "s := \"日本\" + fm", 14, Context{Prefix: "fm", Start: 12, End: 14}},
		{"number", "x := 12", 7, Context{Start: 7, End: 7}},
		{"cursor past end", "ab", 99, Context{Prefix: "ab", Start: 0, End: 2}},
		{"negative cursor", "ab", -3, Context{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CursorContext(tt.src, tt.cursor); got != tt.want {
				t.Errorf("CursorContext(%q, %d)\n got %+v\nwant %+v", tt.src, tt.cursor, got, tt.want)
			}
		})
	}
}

func TestIdentAt(t *testing.T) {
	tests := []struct {
		src       string
		cursor    int
		pkg, name string
		ok        bool
	}{
		{"fmt.Println(x)", 6, "fmt", "Println", true},
		{"fmt.Println(x)", 11, "fmt", "Println", true}, // just after
		{"fmt.Println(x)", 2, "", "fmt", true},
		{"s := \"日本語\"; strings.ToUpper(s)", 22, "strings", "ToUpper", true},
		{"// 日本語\nmat.NewDense", 12, "mat", "NewDense", true},
		{"p.Pos.X", 7, "p.Pos", "X", true},
		{"x := 1", 4, "", "", false},
		{"for x", 2, "", "", false},
		{"s := \"abc\"", 8, "", "", false},
		{"", 0, "", "", false},
	}
	for _, tt := range tests {
		pkg, name, ok := IdentAt(tt.src, tt.cursor)
		if pkg != tt.pkg || name != tt.name || ok != tt.ok {
			t.Errorf("IdentAt(%q, %d) = %q %q %v, want %q %q %v", tt.src, tt.cursor, pkg, name, ok, tt.pkg, tt.name, tt.ok)
		}
	}
}
