package dataset

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestToyShapes(t *testing.T) {
	for _, tt := range []struct {
		name   string
		set    *Set
		n      int
		counts []int
	}{
		{"moons even", Moons(100, 0.1, 1), 100, []int{50, 50}},
		{"moons odd", Moons(7, 0.1, 1), 7, []int{3, 4}},
		{"circles", Circles(101, 0.05, 0.5, 2), 101, []int{50, 51}},
		{"spirals", Spirals(10, 3, 0.1, 3), 10, []int{4, 3, 3}},
	} {
		if tt.set.Len() != tt.n || tt.set.Features() != 2 {
			t.Errorf("%s: %d×%d, want %d×2", tt.name, tt.set.Len(), tt.set.Features(), tt.n)
		}
		counts := make([]int, len(tt.counts))
		for _, l := range tt.set.Labels {
			counts[l]++
		}
		if fmt.Sprint(counts) != fmt.Sprint(tt.counts) {
			t.Errorf("%s: class counts %v, want %v", tt.name, counts, tt.counts)
		}
		// Shuffled: the labels must not come in one block per class.
		changes := 0
		for i := 1; i < len(tt.set.Labels); i++ {
			if tt.set.Labels[i] != tt.set.Labels[i-1] {
				changes++
			}
		}
		if changes < len(tt.counts) {
			t.Errorf("%s: labels %v look unshuffled", tt.name, tt.set.Labels)
		}
	}
}

// Without noise every point lies exactly on its class's curve.
func TestToyGeometry(t *testing.T) {
	m := Moons(40, 0, 5)
	c := Circles(40, 0, 0.3, 5)
	sp := Spirals(60, 3, 0, 5)
	for i := 0; i < 40; i++ {
		x, y := m.X.At(i, 0), m.X.At(i, 1)
		if m.Labels[i] == 0 {
			if d := math.Hypot(x, y); math.Abs(d-1) > 1e-12 || y < -1e-12 {
				t.Errorf("moon 0 point (%v, %v) is not on the upper unit arc", x, y)
			}
		} else if d := math.Hypot(x-1, y-0.5); math.Abs(d-1) > 1e-12 || y > 0.5+1e-12 {
			t.Errorf("moon 1 point (%v, %v) is not on the lower arc around (1, 0.5)", x, y)
		}
		r := math.Hypot(c.X.At(i, 0), c.X.At(i, 1))
		want := map[int]float64{0: 1, 1: 0.3}[c.Labels[i]]
		if math.Abs(r-want) > 1e-12 {
			t.Errorf("circle %d point at radius %v, want %v", c.Labels[i], r, want)
		}
	}
	for i := 0; i < 60; i++ {
		x, y := sp.X.At(i, 0), sp.X.At(i, 1)
		r := math.Hypot(x, y)
		if r == 0 {
			continue
		}
		// On arm k the angle is 2πk/3 + 4r (mod 2π).
		want := 2*math.Pi*float64(sp.Labels[i])/3 + 4*r
		diff := math.Remainder(math.Atan2(y, x)-want, 2*math.Pi)
		if math.Abs(diff) > 1e-9 || r > 1+1e-12 {
			t.Errorf("spiral %d point (%v, %v) is off its arm by %v rad", sp.Labels[i], x, y, diff)
		}
	}
}

func TestToyNoiseAndSeed(t *testing.T) {
	a, b, c := Moons(200, 0.2, 9), Moons(200, 0.2, 9), Moons(200, 0.2, 10)
	if fmt.Sprint(a.X.RawMatrix().Data) != fmt.Sprint(b.X.RawMatrix().Data) {
		t.Error("same seed gave different points")
	}
	if fmt.Sprint(a.X.RawMatrix().Data) == fmt.Sprint(c.X.RawMatrix().Data) {
		t.Error("different seeds gave the same points")
	}
	// With noise the residual distance from the arc has roughly the noise's
	// spread: its RMS must be well above 0 and not far above 0.2.
	var ss float64
	for i := 0; i < 200; i++ {
		x, y := a.X.At(i, 0), a.X.At(i, 1)
		if a.Labels[i] == 1 {
			x, y = x-1, y-0.5
		}
		d := math.Hypot(x, y) - 1
		ss += d * d
	}
	if rms := math.Sqrt(ss / 200); rms < 0.1 || rms > 0.3 {
		t.Errorf("noise 0.2 gave RMS distance %v from the arcs", rms)
	}
}

func TestToyPanics(t *testing.T) {
	for _, tt := range []struct {
		name, want string
		f          func()
	}{
		{"moons n", "Moons: 1 points, want at least 2", func() { Moons(1, 0, 1) }},
		{"moons noise", "noise -1", func() { Moons(10, -1, 1) }},
		{"circles factor", "factor 1, want 0 < factor < 1", func() { Circles(10, 0, 1, 1) }},
		{"spirals classes", "1 classes, want at least 2", func() { Spirals(10, 1, 0, 1) }},
		{"spirals n", "Spirals: 2 points, want at least 3", func() { Spirals(2, 3, 0, 1) }},
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

func ExampleSpirals() {
	s := Spirals(300, 3, 0.02, 1)
	fmt.Println(s.Len(), s.Features(), s.Classes())
	// Output: 300 2 3
}
