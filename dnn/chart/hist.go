package chart

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Histograms draws one histogram per data set in a row of subplots, as the
// lessons show activation distributions layer by layer. Every subplot
// counts values in bins equal bins over the same range, [min, max] (the
// lessons use 0 and 1 for sigmoid outputs); min == max takes the range of
// all the data. Values outside the range are left out. labels name the
// subplots (nil gives "1-layer", "2-layer", ...). The y axes share one
// scale so that the subplots compare at a glance.
func Histograms(title string, data [][]float64, labels []string, bins int, min, max float64) *Grid {
	g, err := histograms(title, data, labels, bins, min, max)
	if err != nil {
		return GridOf(1, errorPlot(err))
	}
	return g
}

func histograms(title string, data [][]float64, labels []string, bins int, lo, hi float64) (*Grid, error) {
	switch {
	case len(data) == 0:
		return nil, fmt.Errorf("chart: Histograms: no data")
	case labels != nil && len(labels) != len(data):
		return nil, fmt.Errorf("chart: Histograms: %d labels for %d data sets", len(labels), len(data))
	case bins < 1:
		return nil, fmt.Errorf("chart: Histograms: %d bins, want at least 1", bins)
	case math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || lo > hi:
		return nil, fmt.Errorf("chart: Histograms: range [%v, %v] is not a finite range", lo, hi)
	}
	if lo == hi {
		lo, hi = dataRange(data)
		if lo == hi { // all equal, or no finite value: any range will do
			lo, hi = lo-0.5, hi+0.5
		}
	}
	counts := make([][]float64, len(data))
	var top float64
	for i, d := range data {
		counts[i] = binCounts(d, bins, lo, hi)
		for _, c := range counts[i] {
			top = math.Max(top, c)
		}
	}
	g := NewGrid(1, len(data))
	g.Title = title
	g.Width, g.Height = vg.Length(len(data))*2.4*vg.Inch, 2.6*vg.Inch
	if title != "" {
		g.Height += 0.3 * vg.Inch
	}
	width := (hi - lo) / float64(bins)
	for i := range data {
		label := fmt.Sprintf("%d-layer", i+1)
		if labels != nil {
			label = labels[i]
		}
		p := New(label, "", "")
		h := &plotter.Histogram{Width: width, FillColor: Color(0), LineStyle: lineStyle(color.White, 0.4)}
		for b, c := range counts[i] {
			h.Bins = append(h.Bins, plotter.HistogramBin{Min: lo + float64(b)*width, Max: lo + float64(b+1)*width, Weight: c})
		}
		p.Add(h)
		p.X.Min, p.X.Max = lo, hi
		p.Y.Min, p.Y.Max = 0, math.Max(top*1.05, 1)
		if i > 0 {
			p.Y.Tick.Label.Color = color.Transparent
		}
		g.Plots[i] = p
	}
	return g, nil
}

// binCounts counts the finite values of d in bins equal bins over [lo, hi];
// hi itself falls in the last bin.
func binCounts(d []float64, bins int, lo, hi float64) []float64 {
	out := make([]float64, bins)
	for _, v := range d {
		if !(v >= lo && v <= hi) {
			continue
		}
		b := int((v - lo) / (hi - lo) * float64(bins))
		out[min(b, bins-1)]++
	}
	return out
}

// dataRange returns the smallest and largest finite value in data (0, 0
// when there is none).
func dataRange(data [][]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, d := range data {
		for _, v := range d {
			if !math.IsInf(v, 0) && !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		return 0, 0
	}
	return lo, hi
}
