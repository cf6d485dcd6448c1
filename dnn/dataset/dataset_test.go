package dataset

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// numbered returns a set whose row i is (i, 10i) with label i, so that
// any reordering can be checked row by row.
func numbered(n int) *Set {
	s := &Set{X: mat.NewDense(n, 2, nil), Labels: make([]int, n)}
	for i := 0; i < n; i++ {
		s.X.Set(i, 0, float64(i))
		s.X.Set(i, 1, float64(10*i))
		s.Labels[i] = i
	}
	return s
}

func rowsIntact(t *testing.T, name string, s *Set) {
	t.Helper()
	for i, l := range s.Labels {
		if s.X.At(i, 0) != float64(l) || s.X.At(i, 1) != float64(10*l) {
			t.Fatalf("%s: row %d is %v but its label is %d", name, i, s.X.RawRowView(i), l)
		}
	}
}

func TestShuffle(t *testing.T) {
	a, b, c := numbered(100), numbered(100), numbered(100)
	Shuffle(a, 7)
	Shuffle(b, 7)
	Shuffle(c, 8)
	rowsIntact(t, "shuffled", a)
	if fmt.Sprint(a.Labels) != fmt.Sprint(b.Labels) {
		t.Error("same seed gave different orders")
	}
	if fmt.Sprint(a.Labels) == fmt.Sprint(c.Labels) || fmt.Sprint(a.Labels) == fmt.Sprint(numbered(100).Labels) {
		t.Error("shuffle did not change the order, or seeds 7 and 8 agree")
	}
	sorted := append([]int(nil), a.Labels...)
	sort.Ints(sorted)
	if fmt.Sprint(sorted) != fmt.Sprint(numbered(100).Labels) {
		t.Error("shuffle lost or duplicated examples")
	}
}

func TestSplit(t *testing.T) {
	s := numbered(10)
	tr, te := Split(s, 0.25, 1) // round(2.5) = 3
	if tr.Len() != 7 || te.Len() != 3 {
		t.Fatalf("Split sizes %d, %d, want 7, 3", tr.Len(), te.Len())
	}
	rowsIntact(t, "train", tr)
	rowsIntact(t, "test", te)
	all := append(append([]int(nil), tr.Labels...), te.Labels...)
	sort.Ints(all)
	if fmt.Sprint(all) != fmt.Sprint(numbered(10).Labels) {
		t.Errorf("train ∪ test = %v, want every example once", all)
	}
	rowsIntact(t, "original", s)
	if fmt.Sprint(s.Labels) != fmt.Sprint(numbered(10).Labels) {
		t.Error("Split changed its input")
	}
	tr.X.Set(0, 0, -1)
	if mat.Min(s.X) < 0 {
		t.Error("Split returned views of its input, want copies")
	}
	tr2, _ := Split(s, 0.25, 1)
	if fmt.Sprint(tr2.Labels) != fmt.Sprint(tr.Labels) {
		t.Error("same seed, different split")
	}
	for _, f := range []float64{0, 0.01, 1, -0.5, math.NaN()} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "want at least 1 in each part") {
					t.Errorf("Split(%v): panic %v", f, r)
				}
			}()
			Split(s, f, 1)
		}()
	}
}

func TestSetMethods(t *testing.T) {
	s := numbered(5)
	x := mat.NewDense(2, 2, nil)
	labels := make([]int, 2)
	s.Batch(x, labels, []int{4, 1})
	if !mat.Equal(x, mat.NewDense(2, 2, []float64{4, 40, 1, 10})) || fmt.Sprint(labels) != "[4 1]" {
		t.Errorf("Batch: x %v labels %v", x.RawMatrix().Data, labels)
	}
	sub := s.Subset([]int{3, 3})
	if fmt.Sprint(sub.Labels) != "[3 3]" || sub.X.At(1, 1) != 30 {
		t.Errorf("Subset: %v %v", sub.Labels, sub.X.RawMatrix().Data)
	}
	if s.Classes() != 5 || (&Set{X: s.X}).Classes() != 0 {
		t.Errorf("Classes: %d", s.Classes())
	}
	s.Scale(0.5)
	if s.X.At(4, 1) != 20 {
		t.Errorf("Scale(0.5): %v", s.X.At(4, 1))
	}
	unl := &Set{X: s.X}
	unl.Batch(x, labels, []int{0, 2})
	if fmt.Sprint(labels) != "[-1 -1]" {
		t.Errorf("unlabelled Batch labels %v, want -1", labels)
	}
	if (&Set{}).Len() != 0 || (&Set{}).Features() != 0 {
		t.Error("zero Set is not empty")
	}
	for _, tt := range []struct {
		name, want string
		f          func()
	}{
		{"Batch shape", "x is 2×2, want 1×2", func() { s.Batch(x, labels, []int{0}) }},
		{"Subset range", "index 5 out of range [0, 5)", func() { s.Subset([]int{5}) }},
		{"label count", "X has 5 rows but there are 2 labels", func() { (&Set{X: s.X, Labels: []int{1, 2}}).Batch(x, labels, []int{0, 1}) }},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), tt.want) {
					t.Errorf("%s: panic %v, want %q", tt.name, r, tt.want)
				}
			}()
			tt.f()
		}()
	}
}

func ExampleSplit() {
	moons := Moons(200, 0.1, 1)
	train, test := Split(moons, 0.2, 1)
	fmt.Println(train.Len(), test.Len(), train.Features(), train.Classes())
	// Output: 160 40 2 2
}
