package dnn

import (
	"fmt"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestNewDataBatch(t *testing.T) {
	x := mat.NewDense(4, 3, []float64{
		0, 1, 2,
		10, 11, 12,
		20, 21, 22,
		30, 31, 32,
	})
	d := NewData(x, []int{7, 8, 9, 6})
	if d.Len() != 4 || d.Features() != 3 {
		t.Fatalf("Len, Features = %d, %d, want 4, 3", d.Len(), d.Features())
	}
	tests := []struct {
		idx    []int
		want   []float64
		labels []int
	}{
		{[]int{2}, []float64{20, 21, 22}, []int{9}},
		{[]int{3, 0}, []float64{30, 31, 32, 0, 1, 2}, []int{6, 7}},
		{[]int{1, 1, 2}, []float64{10, 11, 12, 10, 11, 12, 20, 21, 22}, []int{8, 8, 9}},
	}
	for _, tt := range tests {
		b := mat.NewDense(len(tt.idx), 3, nil)
		labels := make([]int, len(tt.idx)+1) // longer than needed is allowed
		labels[len(tt.idx)] = -1
		d.Batch(b, labels, tt.idx)
		if !mat.Equal(b, mat.NewDense(len(tt.idx), 3, tt.want)) {
			t.Errorf("Batch(%v) x = %v, want %v", tt.idx, b.RawMatrix().Data, tt.want)
		}
		for i, l := range tt.labels {
			if labels[i] != l {
				t.Errorf("Batch(%v) labels = %v, want %v", tt.idx, labels, tt.labels)
			}
		}
		if labels[len(tt.idx)] != -1 {
			t.Errorf("Batch(%v) wrote past len(idx) in labels", tt.idx)
		}
	}
}

func mustPanic(t *testing.T, name, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("%s: no panic", name)
			return
		}
		if msg := fmt.Sprint(r); !strings.Contains(msg, want) {
			t.Errorf("%s: panic %q, want it to contain %q", name, msg, want)
		}
	}()
	f()
}

func TestDataPanics(t *testing.T) {
	x := mat.NewDense(3, 2, nil)
	mustPanic(t, "NewData", "3 rows but there are 2 labels", func() { NewData(x, []int{1, 2}) })
	d := NewData(x, []int{0, 1, 2})
	mustPanic(t, "wrong rows", "x is 3×2, want 2×2", func() { d.Batch(mat.NewDense(3, 2, nil), make([]int, 3), []int{0, 1}) })
	mustPanic(t, "wrong cols", "x is 2×3, want 2×2", func() { d.Batch(mat.NewDense(2, 3, nil), make([]int, 2), []int{0, 1}) })
	mustPanic(t, "short labels", "labels has length 1, want at least 2", func() { d.Batch(mat.NewDense(2, 2, nil), make([]int, 1), []int{0, 1}) })
	mustPanic(t, "bad index", "index 3 out of range [0, 3)", func() { d.Batch(mat.NewDense(1, 2, nil), make([]int, 1), []int{3}) })
	mustPanic(t, "negative index", "index -1 out of range", func() { d.Batch(mat.NewDense(1, 2, nil), make([]int, 1), []int{-1}) })
}

func ExampleNewData() {
	x := mat.NewDense(3, 2, []float64{
		0.1, 0.2,
		0.3, 0.4,
		0.5, 0.6,
	})
	d := NewData(x, []int{0, 1, 0})
	batch := mat.NewDense(2, d.Features(), nil)
	labels := make([]int, 2)
	d.Batch(batch, labels, []int{2, 0})
	fmt.Println(mat.Formatted(batch))
	fmt.Println(labels)
	// Output:
	// ⎡0.5  0.6⎤
	// ⎣0.1  0.2⎦
	// [0 0]
}
