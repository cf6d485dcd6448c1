package chart_test

import (
	"bytes"
	"fmt"
	"image/png"
	"math"

	"github.com/gocell/gocell/dnn/chart"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"
)

// A loss curve drawn to a PNG of 4×3 inches at 96 dots per inch.
func ExamplePNG() {
	losses := []float64{2.3, 1.9, 1.4, 1.2, 0.9, 0.8, 0.75, 0.7}
	p := chart.Loss(losses, 3)
	b, err := chart.PNG(p, 4*vg.Inch, 3*vg.Inch, 96)
	if err != nil {
		fmt.Println(err)
		return
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(img.Bounds().Dx(), "x", img.Bounds().Dy())
	// Output: 384 x 288
}

// The lessons' comparison of optimizers: paths over f(x, y) = x²/20 + y².
func ExampleContour() {
	f := func(x, y float64) float64 { return x*x/20 + y*y }
	path := chart.Path{Name: "SGD"}
	x, y := -7.0, 2.0
	for i := 0; i < 30; i++ {
		path.X, path.Y = append(path.X, x), append(path.Y, y)
		x, y = x-0.95*x/10, y-0.95*2*y // a step against the gradient
	}
	p := chart.Contour(f, -10, 10, -5, 5, path)
	fmt.Println(p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	// Output: -10 10 -5 5
}

// Activation distributions of three layers, on the same [0, 1] range.
func ExampleHistograms() {
	layers := make([][]float64, 3)
	for i := range layers {
		for k := 0; k < 1000; k++ {
			z := float64(k-500) / 100 / float64(i+1)
			layers[i] = append(layers[i], 1/(1+math.Exp(-z)))
		}
	}
	g := chart.Histograms("sigmoid activations", layers, nil, 30, 0, 1)
	fmt.Println(g.MIMEBundle()["text/plain"])
	// Output: chart.Grid 1x3 "sigmoid activations"
}

// Several charts in one figure; the display shows the grid under the cell.
func ExampleGridOf() {
	train := []float64{0.8, 0.9, 0.93}
	test := []float64{0.78, 0.87, 0.9}
	g := chart.GridOf(2,
		chart.Loss([]float64{2.3, 1.1, 0.6, 0.4}, 0),
		chart.Accuracy(train, test),
	)
	g.Title = "学習の経過"
	fmt.Println(g.Rows, g.Cols)
	// Output: 1 2
}

// A confusion matrix of three classes: rows are true classes, columns
// predictions.
func ExampleConfusion() {
	m := mat.NewDense(3, 3, []float64{50, 2, 0, 5, 40, 8, 1, 3, 45})
	p := chart.Confusion(m, []string{"cat", "dog", "bird"})
	fmt.Println(p.X.Label.Text, "/", p.Y.Label.Text)
	// Output: predicted / true
}
