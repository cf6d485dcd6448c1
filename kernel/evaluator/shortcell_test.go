package evaluator

import (
	"context"
	"testing"
)

// TestConstCellSameAsFullPath checks that constant cells show exactly
// what runCell's full way (cellparse, the interpreted show function)
// shows, errors included, and which cells take the short way.
func TestConstCellSameAsFullPath(t *testing.T) {
	fast, slow := newSession(t), newSession(t)
	slow.noShortPath = true
	for _, c := range []struct {
		code  string
		short bool // isConstExpr accepts it
	}{
		{"1 + 2", true},
		{"1+1", true},
		{"7 / 2", true},
		{"7 / 2.0", true},
		{"0.1 + 0.2", true},
		{"1 / 3.0", true},
		{"2.0", true},
		{"-0.0", true},
		{"1e100", true},
		{"1e400", true},
		{"2.5e300 * 1e10", true},
		{"1i", true},
		{"(1 + 2i) * 3", true},
		{"'a'", true},
		{"'\\n'", true},
		{`"a" + "b"`, true},
		{`"a\tb\xff"`, true},
		{"`raw\nstring`", true},
		{`"a" < "b"`, true},
		{"1 == 1.0", true},
		{"!(1 < 2)", true},
		{"0x10 | 1_000", true},
		{"5 &^ 3", true},
		{"^0", true},
		{"10 >> 1 << 3", true},
		{"1 << 62", true},
		{"1 << 63", true},
		{"1 << 70", true},
		{"-1 << 63", true},
		{"-1e400", true},
		{"1e-400", true},
		{"1e308 * 10", true},
		{"1e400i", true},
		{"9223372036854775807 + 1", true},
		{"-(1 << 63)", true},
		{"'a' * 1000000000000", true},
		{"'a' + 1.5", true},
		{"1.0 << 2", true},
		{"07 + 0b101 + 0o17", true},
		{"1 / 2 * 2.0", true},
		{"(1 << 100) >> 98", true},
		{"-9223372036854775808 - 1", true},
		{"1e400 / 1e300", true},
		{"1i * 1e400", true},
		{"'a' * 100", true},
		{"1 / 0", true},
		{"1 % 0", true},
		{"1.5 % 1", true},
		{`"a" + 1`, true},
		{"1 +\n2", true},
		{"\n  1 + 2  \n\n", true},
		{"1 + 2 // sum", true},
		{"1 +", true},
		{"(1", true},
		{"1 2", true},
		{"1\n2", false},
		{"1; 2", false},
		{"true", false},
		{"len(\"ab\")", false},
		{"x := 1", false},
		{`"unterminated`, false},
		{"", false},
	} {
		if got := isConstExpr(c.code); got != c.short {
			t.Errorf("isConstExpr(%q) = %v, want %v", c.code, got, c.short)
		}
		want, got := run(t, slow, c.code), run(t, fast, c.code)
		if got.result != want.result || got.ename != want.ename || got.evalue != want.evalue ||
			got.traceback != want.traceback || got.stdout != want.stdout || got.stderr != want.stderr {
			t.Errorf("%q: short way %+v, full way %+v", c.code, got, want)
		}
	}
}

// TestConstCellResults pins what constant cells show and which of them
// take the short way.
func TestConstCellResults(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct {
		code, want string
		short      bool
	}{
		{"1 + 2", "3", true},
		{"7 / 2.0", "3.5", true},
		{`"a" + "b"`, `"ab"`, true},
		{"1 < 2", "true", true},
		{"1i * 1i", "(-1+0i)", true},
		{"'a'", "97", false},
		{"1e400", "", false},
	} {
		r, short := s.shortCell(context.Background(), c.code)
		if short != c.short {
			t.Errorf("%q: short way taken %v, want %v", c.code, short, c.short)
		}
		if short {
			if got, _ := r.Result.Data["text/plain"].(string); got != c.want || r.Error != nil {
				t.Errorf("%q: short way shows %q (error %v), want %q", c.code, got, r.Error, c.want)
			}
		}
		if got := run(t, s, c.code); got.result != c.want {
			t.Errorf("%q: got %q (error %q %q), want %q", c.code, got.result, got.ename, got.evalue, c.want)
		}
	}
}

// TestLoneNameSameAsFullPath checks that a cell of one name shows what
// runCell's full way shows, for values of many types, and that the short
// way stops once a cell type shows through a method.
func TestLoneNameSameAsFullPath(t *testing.T) {
	fast, slow := newSession(t), newSession(t)
	slow.noShortPath = true
	both := func(code string) {
		t.Helper()
		want, got := run(t, slow, code), run(t, fast, code)
		if got.result != want.result || got.ename != want.ename || got.evalue != want.evalue ||
			got.traceback != want.traceback || got.stdout != want.stdout || got.stderr != want.stderr {
			t.Errorf("%q: short way %+v, full way %+v", code, got, want)
		}
	}
	taken := func(code string, want bool) {
		t.Helper()
		if _, short := fast.shortCell(context.Background(), code); short != want {
			t.Errorf("%q: short way taken %v, want %v", code, short, want)
		}
	}
	setup := "x := 40\nf := 1.5\ns := \"hi\"\nb := true\nr := 'a'\nvar q rune = 3\nvar u8 uint8 = 200\nvar i64 int64 = -5\n" +
		"c := 1 + 2i\nvar f32 float32 = 0.1\ninf := math.Inf(1)\nconst big = 1 << 40\nconst fc = 1e400\n" +
		"type Celsius float64\nvar temp Celsius = 3\ntype P struct{ A int }\np := P{1}\nvar np *P\nvar e error\n" +
		"var anyv interface{} = 3\nd := time.Second\nfn := func() {}\nxs := []int{1}\nm := map[string]int{\"a\": 1}"
	for _, sess := range []*Session{fast, slow} {
		if o := run(t, sess, setup); o.ename != "" {
			t.Fatalf("setup: %s %s", o.ename, o.evalue)
		}
	}
	both("const hugeR = 'a' * 1000000000000")
	names := []string{"x", "f", "s", "b", "r", "q", "u8", "i64", "c", "f32", "inf", "big", "fc", "temp", "p", "np", "e",
		"anyv", "d", "fn", "xs", "m", "hugeR", "true", "nil", "iota", "undefinedName", "fmt", "int", "P", "len", "min", "_",
		"x // the answer", "x\n"}
	for _, name := range names {
		both(name)
	}
	for _, c := range []struct {
		name  string
		short bool
	}{{"x", true}, {"f", true}, {"s", true}, {"b", true}, {"c", true}, {"i64", true}, {"r", true}, // yaegi holds r := 'a' as an int
		{"q", false}, {"nil", false}, {"inf", false}, {"p", false}, {"undefinedName", false}} {
		taken(c.name, c.short)
	}
	for _, code := range []string{"type C int", "func (c C) String() string { return \"C!\" }", "var cv C = 2"} {
		both(code)
	}
	for _, sess := range []*Session{fast, slow} {
		if o := run(t, sess, "cv"); o.result != "C!" {
			t.Errorf("cv shows %q, want C!", o.result)
		}
	}
	taken("x", false)
	for _, name := range names {
		both(name)
	}
}

// TestLoneNameNotedUnfit: a name found unfit for the short way is not
// tried again until a cell declares it again.
func TestLoneNameNotedUnfit(t *testing.T) {
	s := newSession(t)
	for _, step := range []struct {
		code, result string
		mayBeShort   bool // for "v", after the cell
	}{
		{"v := []int{1, 2}", "", true},
		{"v", "[1 2]", false},
		{"v = append(v, 3)", "", false},
		{"v", "[1 2 3]", false},
		{"v := 7", "", true},
		{"v", "7", true},
		{"undefinedV", "", true},
	} {
		o := run(t, s, step.code)
		if o.result != step.result {
			t.Errorf("%q shows %q (error %s %s), want %q", step.code, o.result, o.ename, o.evalue, step.result)
		}
		if got := s.mayBeShort("v"); got != step.mayBeShort {
			t.Errorf("after %q: mayBeShort(v) = %v, want %v", step.code, got, step.mayBeShort)
		}
	}
	if s.mayBeShort("undefinedV") {
		t.Error("an undefined name is tried again before it is declared")
	}
	run(t, s, "undefinedV := 1.5")
	if o := run(t, s, "undefinedV"); o.result != "1.5" || !s.mayBeShort("undefinedV") {
		t.Errorf("a name declared after it was undefined: %q, mayBeShort %v", o.result, s.mayBeShort("undefinedV"))
	}
}
