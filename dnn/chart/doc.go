// Package chart draws the pictures of the deep-learning lessons in a few
// words each, on gonum/plot, with defaults that read well in a notebook:
// loss and accuracy curves, line charts, activation histograms, optimizer
// paths over a contour, decision boundaries, grids of digit images and
// confusion matrices.
//
// It is preloaded into gocell cells, so a cell calls it without an import
// line, and the chart appears under the cell when it is the cell's value:
//
//	chart.Loss(losses, 50)
//	chart.Accuracy(trainAcc, testAcc)
//	chart.Lines("活性化関数", "x", "y", chart.Series{Name: "sigmoid", X: xs, Y: ys})
//	chart.Contour(f, -10, 10, -5, 5, chart.Path{Name: "SGD", X: px, Y: py})
//	chart.Images(rows, labels, 5)   // a *Grid of 28×28 digits
//
// Single charts are *plot.Plot values: the display package shows them (as
// a PNG drawn at twice the logical size, sharp on high-density screens),
// and they can be changed further with gonum/plot before they are shown.
// Charts of several subplots are a *Grid, which shows itself through its
// MIMEBundle method. PNG and SVG render either to bytes.
//
// # Look
//
// Charts follow matplotlib's defaults: its tab10 colour cycle (Color), a
// light grid behind the data, thin axes with outward ticks, a legend in a
// white box at the top right, and 5% margins around lines.
//
// # Japanese text
//
// Titles, labels and legends may be Japanese. Latin text is set in
// Liberation Sans (built into gonum/plot), so that charts look alike on
// every machine; a string with a character Liberation Sans lacks is set
// whole in a CJK font, found on first use: the file named by the
// environment variable GOCELL_CJK_FONT, else IPAexGothic (Debian's
// fonts-ipaexfont), else Noto Sans CJK (fonts-noto-cjk), else a system
// font of macOS or Windows. SetFont picks another font; FontName tells
// which is used. Without one, Japanese text shows as empty boxes and a
// one-line notice goes to standard error, once. SVG output names the font
// rather than embedding it (the CJK fonts are megabytes), so a browser
// draws the text in a font of its own. A plot made with gonum's plot.New
// draws Japanese the same way after Japanese, which the kernel's display
// of a plot calls for you.
//
// # Errors
//
// A helper given data it cannot draw (series of different lengths, NaN,
// no values, a function that panics) returns a chart whose red title says
// what was wrong, and writes the same line to standard error, so that a
// cell shows the reason where the chart would have been.
//
// The API has no generics, no variadic interface parameters and no
// exported variables, so that the yaegi interpreter can use all of it.
package chart
