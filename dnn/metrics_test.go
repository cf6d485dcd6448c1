package dnn

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestArgMaxRows(t *testing.T) {
	m := mat.NewDense(4, 3, []float64{
		0.1, 0.7, 0.2,
		5, -1, 4.9,
		-3, -2, -1,
		1, 1, 0, // tie: first wins
	})
	want := []int{1, 0, 2, 0}
	// A transposed view has no raw rows, which exercises the generic path.
	tm := mat.DenseCopyOf(m.T()).T()
	for _, tt := range []struct {
		name string
		dst  []int
		m    mat.Matrix
	}{
		{"nil dst", nil, m},
		{"reused dst", make([]int, 10), m},
		{"generic matrix", nil, tm},
	} {
		got := ArgMaxRows(tt.dst, tt.m)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, want)
		}
		if tt.dst != nil && &got[0] != &tt.dst[0] {
			t.Errorf("%s: dst not reused", tt.name)
		}
	}
	// A strided view must read each row from its own start.
	big := mat.NewDense(3, 4, []float64{
		0, 9, 1, 100,
		3, 2, 1, 100,
		1, 2, 3, 100,
	})
	view := big.Slice(0, 3, 0, 3)
	if got := ArgMaxRows(nil, view); fmt.Sprint(got) != "[1 0 2]" {
		t.Errorf("strided view: got %v, want [1 0 2]", got)
	}
}

func TestAccuracy(t *testing.T) {
	tests := []struct {
		pred, labels []int
		want         float64
	}{
		{[]int{1, 2, 3, 4}, []int{1, 2, 3, 4}, 1},
		{[]int{1, 2, 3, 4}, []int{1, 0, 3, 0}, 0.5},
		{[]int{0, 0, 0}, []int{1, 1, 1}, 0},
		{[]int{2}, []int{2}, 1},
		{nil, nil, 0},
	}
	for _, tt := range tests {
		if got := Accuracy(tt.pred, tt.labels); got != tt.want {
			t.Errorf("Accuracy(%v, %v) = %v, want %v", tt.pred, tt.labels, got, tt.want)
		}
	}
	mustPanic(t, "Accuracy", "2 predictions but 3 labels", func() { Accuracy([]int{1, 2}, []int{1, 2, 3}) })
}

func TestConfusionMatrix(t *testing.T) {
	pred := []int{0, 1, 2, 2, 1, 0, 2}
	labels := []int{0, 1, 2, 1, 1, 2, 2}
	got := ConfusionMatrix(pred, labels, 3)
	want := mat.NewDense(3, 3, []float64{
		1, 0, 0,
		0, 2, 1,
		1, 0, 2,
	})
	if !mat.Equal(got, want) {
		t.Errorf("ConfusionMatrix =\n%v\nwant\n%v", mat.Formatted(got), mat.Formatted(want))
	}
	if tr := mat.Trace(got); tr/float64(len(pred)) != Accuracy(pred, labels) {
		t.Errorf("trace/n = %v, want accuracy %v", tr/float64(len(pred)), Accuracy(pred, labels))
	}
	mustPanic(t, "length", "3 predictions but 2 labels", func() { ConfusionMatrix([]int{0, 1, 2}, []int{0, 1}, 3) })
	mustPanic(t, "class range", "example 1 has label 1, prediction 3, want both in [0, 3)", func() { ConfusionMatrix([]int{0, 3}, []int{0, 1}, 3) })
	mustPanic(t, "negative label", "label -1", func() { ConfusionMatrix([]int{0}, []int{-1}, 3) })
	mustPanic(t, "classes", "classes is 0", func() { ConfusionMatrix(nil, nil, 0) })
}

func TestSmooth(t *testing.T) {
	tests := []struct {
		y      []float64
		window int
		want   []float64
	}{
		{[]float64{1, 2, 3, 4, 5}, 1, []float64{1, 2, 3, 4, 5}},
		{[]float64{1, 2, 3, 4, 5}, 0, []float64{1, 2, 3, 4, 5}},
		{[]float64{1, 2, 3, 4, 5}, 2, []float64{1, 1.5, 2.5, 3.5, 4.5}},
		{[]float64{3, 0, 6, 3, 9}, 3, []float64{3, 1.5, 3, 3, 6}},
		{[]float64{4, 8}, 10, []float64{4, 6}},
		{nil, 5, []float64{}},
	}
	for _, tt := range tests {
		got := Smooth(tt.y, tt.window)
		if len(got) != len(tt.want) {
			t.Fatalf("Smooth(%v, %d) = %v, want %v", tt.y, tt.window, got, tt.want)
		}
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 1e-12 {
				t.Errorf("Smooth(%v, %d) = %v, want %v", tt.y, tt.window, got, tt.want)
				break
			}
		}
	}
	y := []float64{1, 2, 3}
	out := Smooth(y, 1)
	out[0] = 100
	if y[0] != 1 {
		t.Error("Smooth(y, 1) returned y itself, want a copy")
	}
	mustPanic(t, "Smooth", "window is -1", func() { Smooth(y, -1) })
}

func ExampleAccuracy() {
	scores := mat.NewDense(4, 3, []float64{
		0.1, 0.8, 0.1,
		0.6, 0.3, 0.1,
		0.2, 0.2, 0.6,
		0.5, 0.4, 0.1,
	})
	pred := ArgMaxRows(nil, scores)
	labels := []int{1, 0, 2, 1}
	fmt.Println(pred, Accuracy(pred, labels))
	// Output: [1 0 2 0] 0.75
}

func ExampleConfusionMatrix() {
	pred := []int{0, 1, 1, 2, 0}
	labels := []int{0, 1, 2, 2, 2}
	fmt.Println(mat.Formatted(ConfusionMatrix(pred, labels, 3)))
	// Output:
	// ⎡1  0  0⎤
	// ⎢0  1  0⎥
	// ⎣1  1  1⎦
}

func ExampleSmooth() {
	loss := []float64{2.0, 1.0, 1.5, 0.5, 1.0}
	fmt.Println(Smooth(loss, 2))
	// Output: [2 1.5 1.25 1 0.75]
}
