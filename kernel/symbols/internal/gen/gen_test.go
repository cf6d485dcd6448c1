package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocell/gocell/kernel/symbols/internal/docfmt"
)

// TestGeneratedFilesUpToDate regenerates kernel/symbols in memory and
// compares it with the committed files. It type-checks every listed package
// from source, which takes 10 to 20 seconds; -short skips it, and
// kernel/symbols/check.sh runs the same check on its own.
func TestGeneratedFilesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerating the symbol tables takes 10 to 20 seconds; run kernel/symbols/check.sh")
	}
	files, err := generate("../..")
	if err != nil {
		t.Fatal(err)
	}
	if err := compare("../..", files); err != nil {
		t.Fatal(err)
	}
}

func TestCompareFindsStaleMissingAndLeftOver(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{"a_org-x.go": []byte(extractHeader + "a.org/x'. DO NOT EDIT.\npackage symbols\n")}
	if err := write(dir, files); err != nil {
		t.Fatal(err)
	}
	// A generated file whose package left the list, and a hand-written one.
	leftover := filepath.Join(dir, "b_org-y.go")
	if err := os.WriteFile(leftover, []byte(extractHeader+"b.org/y'. DO NOT EDIT.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "symbols.go"), []byte("package symbols\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := compare(dir, files)
	if err == nil || !strings.Contains(err.Error(), "b_org-y.go: left over") {
		t.Fatalf("compare: %v, want b_org-y.go left over", err)
	}
	if strings.Contains(err.Error(), "symbols.go") {
		t.Errorf("compare complained about a hand-written file: %v", err)
	}
	files["a_org-x.go"] = append(files["a_org-x.go"], "// more\n"...)
	files["c_org-z.go"] = []byte(extractHeader + "c.org/z'. DO NOT EDIT.\n")
	err = compare(dir, files)
	for _, want := range []string{"a_org-x.go: out of date", "c_org-z.go: missing"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("compare: %v, want %q", err, want)
		}
	}
	// write brings the directory in line: the leftover goes, the hand-written file stays.
	if err := write(dir, files); err != nil {
		t.Fatal(err)
	}
	if err := compare(dir, files); err != nil {
		t.Errorf("after write: %v", err)
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("leftover table not removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "symbols.go")); err != nil {
		t.Errorf("hand-written file removed: %v", err)
	}
}

func TestReadList(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
		errHas     string
	}{
		{"comments and blanks", "# head\n\na.org/x  # trailing\n  b.org/y\n", []string{"a.org/x", "b.org/y"}, ""},
		{"duplicate", "a.org/x\na.org/x\n", nil, "listed twice"},
		{"two on a line", "a.org/x b.org/y\n", nil, "one import path a line"},
		{"empty", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "packages.txt")
			if err := os.WriteFile(p, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := readList(p)
			if tt.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("err %v, want %q", err, tt.errHas)
				}
				return
			}
			if err != nil || strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestTableNames(t *testing.T) {
	src := extractHeader + `x.org/p'. DO NOT EDIT.

package symbols

import (
	"reflect"
	"x.org/p"
)

func init() {
	Symbols["x.org/p/p"] = map[string]reflect.Value{
		"F": reflect.ValueOf(p.F),
		"T": reflect.ValueOf((*p.T)(nil)),
		"_I": reflect.ValueOf((*_x_org_p_I)(nil)),
	}
}
`
	key, names, err := tableNames([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if key != "x.org/p/p" || len(names) != 2 || !names["F"] || !names["T"] {
		t.Errorf("got %q %v, want x.org/p/p with F and T", key, names)
	}
	if _, _, err := tableNames([]byte("package symbols\n")); err == nil {
		t.Error("a file without a Symbols assignment gave no error")
	}
}

const samplePkg = `// Package p is a sample.
//
// It has a second paragraph.
package p

// Color is a color.
type Color int

// The colors.
const (
	Red Color = iota // red
	Green
	Blue
)

// Big is a var whose value is too long to show.
var Big = []string{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "ccccccccccccccccccc"}

// Point is a point.
type Point struct {
	// X is across.
	X, Y float64
	Color
	hidden int
}

// NewPoint makes a point.
func NewPoint(x, y float64) *Point { return &Point{X: x, Y: y} }

// Norm is the length.
func (p *Point) Norm() float64 { return p.X }

// Shape has an area.
type Shape interface {
	// Area is the area.
	Area() (a float64)
}

// Map is generic, so yaegi has no table entry for it.
func Map[T any](s []T) []T { return s }

func unexported() {}
`

func TestPackageDocs(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(samplePkg), 0o644); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{"Color": true, "Red": true, "Green": true, "Blue": true, "Big": true,
		"Point": true, "NewPoint": true, "Shape": true}
	pkg, ms, err := packageDocs(listed{ImportPath: "x.org/p", Dir: dir, GoFiles: []string{"p.go"}}, names)
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Name != "p" || pkg.Synopsis != "Package p is a sample." || !strings.Contains(pkg.Doc, "second paragraph") {
		t.Errorf("package: %+v", pkg)
	}
	want := []docfmt.Member{
		{Name: "Big", Kind: "var", Signature: "var Big", Doc: "Big is a var whose value is too long to show."},
		{Name: "Blue", Kind: "const", Signature: "const Blue Color", Doc: "The colors."},
		{Name: "Color", Kind: "type", Signature: "type Color int", Doc: "Color is a color."},
		{Name: "Green", Kind: "const", Signature: "const Green Color", Doc: "The colors."},
		{Name: "NewPoint", Kind: "func", Signature: "func NewPoint(x, y float64) *Point", Doc: "NewPoint makes a point."},
		{Name: "Point", Kind: "type", Signature: "type Point struct {\n\t// X is across.\n\tX, Y float64\n\tColor\n\t// contains filtered or unexported fields\n}", Doc: "Point is a point."},
		{Name: "Point.Color", Kind: "field", Signature: "Color"},
		{Name: "Point.Norm", Kind: "method", Signature: "func (p *Point) Norm() float64", Doc: "Norm is the length."},
		{Name: "Point.X", Kind: "field", Signature: "X float64", Doc: "X is across."},
		{Name: "Point.Y", Kind: "field", Signature: "Y float64", Doc: "X is across."},
		{Name: "Red", Kind: "const", Signature: "const Red Color = iota", Doc: "red\n\nThe colors."},
		{Name: "Shape", Kind: "type", Signature: "type Shape interface {\n\t// Area is the area.\n\tArea() (a float64)\n}", Doc: "Shape has an area."},
		{Name: "Shape.Area", Kind: "method", Signature: "func (Shape) Area() (a float64)", Doc: "Area is the area."},
	}
	if len(ms) != len(want) {
		for _, m := range ms {
			t.Logf("%+v", m)
		}
		t.Fatalf("got %d members, want %d", len(ms), len(want))
	}
	for i := range want {
		if ms[i] != want[i] {
			t.Errorf("member %d:\n got %+v\nwant %+v", i, ms[i], want[i])
		}
	}
}
