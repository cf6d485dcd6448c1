package dnn

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// ArgMaxRows returns, for each row of m, the column of its largest value
// (the first one on ties), as a network's predicted class per example.
// It writes into dst when dst has room for one value per row and allocates
// otherwise; the returned slice has exactly one value per row.
func ArgMaxRows(dst []int, m mat.Matrix) []int {
	r, c := m.Dims()
	if cap(dst) >= r {
		dst = dst[:r]
	} else {
		dst = make([]int, r)
	}
	if c == 0 {
		panic(fmt.Sprintf("dnn: ArgMaxRows: matrix is %d×%d, want at least one column", r, c))
	}
	if d, ok := m.(mat.RawMatrixer); ok {
		raw := d.RawMatrix()
		for i := 0; i < r; i++ {
			dst[i] = argMax(raw.Data[i*raw.Stride : i*raw.Stride+c])
		}
		return dst
	}
	for i := 0; i < r; i++ {
		best, bj := m.At(i, 0), 0
		for j := 1; j < c; j++ {
			if v := m.At(i, j); v > best {
				best, bj = v, j
			}
		}
		dst[i] = bj
	}
	return dst
}

func argMax(row []float64) int {
	best, bj := row[0], 0
	for j, v := range row[1:] {
		if v > best {
			best, bj = v, j+1
		}
	}
	return bj
}

// Accuracy returns the fraction of positions where pred equals labels.
// It panics if the lengths differ and returns 0 for empty slices.
func Accuracy(pred, labels []int) float64 {
	if len(pred) != len(labels) {
		panic(fmt.Sprintf("dnn: Accuracy: %d predictions but %d labels", len(pred), len(labels)))
	}
	if len(pred) == 0 {
		return 0
	}
	n := 0
	for i, p := range pred {
		if p == labels[i] {
			n++
		}
	}
	return float64(n) / float64(len(pred))
}

// ConfusionMatrix returns a classes×classes matrix whose element (i, j)
// counts the examples of true class i predicted as class j, so the
// diagonal holds the correct predictions. It panics if the lengths differ
// or a class is outside [0, classes).
func ConfusionMatrix(pred, labels []int, classes int) *mat.Dense {
	if len(pred) != len(labels) {
		panic(fmt.Sprintf("dnn: ConfusionMatrix: %d predictions but %d labels", len(pred), len(labels)))
	}
	if classes <= 0 {
		panic(fmt.Sprintf("dnn: ConfusionMatrix: classes is %d, want > 0", classes))
	}
	cm := mat.NewDense(classes, classes, nil)
	raw := cm.RawMatrix()
	for i, p := range pred {
		t := labels[i]
		if p < 0 || p >= classes || t < 0 || t >= classes {
			panic(fmt.Sprintf("dnn: ConfusionMatrix: example %d has label %d, prediction %d, want both in [0, %d)", i, t, p, classes))
		}
		raw.Data[t*raw.Stride+p]++
	}
	return cm
}

// Smooth returns the moving average of y over window points, for plotting
// a noisy loss curve. The result has len(y) values; value i is the mean of
// y[i-window+1 .. i], so it only looks back and lines up with the step it
// belongs to. The first window-1 values average only the points that exist
// (y[0..i]), so the curve starts at y[0] rather than being cut or padded.
// A window of 1 or less returns a copy of y. It panics on a negative window.
func Smooth(y []float64, window int) []float64 {
	if window < 0 {
		panic(fmt.Sprintf("dnn: Smooth: window is %d, want >= 0", window))
	}
	out := make([]float64, len(y))
	if window <= 1 {
		copy(out, y)
		return out
	}
	// A running sum is O(n); recomputing each window from scratch would be
	// O(n·window). The subtraction drifts by a few ulps at most on loss
	// curves of ordinary length.
	sum := 0.0
	for i, v := range y {
		sum += v
		if i >= window {
			sum -= y[i-window]
		}
		n := i + 1
		if n > window {
			n = window
		}
		out[i] = sum / float64(n)
	}
	return out
}
