package dataset

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Moons returns n points in two interleaving half circles, the classic
// test of a non-linear classifier: class 0 on the upper arc of the unit
// circle, class 1 on a lower arc shifted by (1, 0.5). noise is the
// standard deviation of Gaussian noise added to each coordinate (0.2 makes
// the classes touch). Points come in random order; the same seed gives
// the same set. It panics if n < 2 or noise < 0.
func Moons(n int, noise float64, seed int64) *Set {
	checkToy("Moons", n, 2, noise)
	rng := newRand(seed)
	nOuter := n / 2
	s := newToy(n)
	for i := 0; i < n; i++ {
		var x, y float64
		if i < nOuter {
			t := math.Pi * frac(i, nOuter)
			x, y = math.Cos(t), math.Sin(t)
		} else {
			t := math.Pi * frac(i-nOuter, n-nOuter)
			x, y = 1-math.Cos(t), 0.5-math.Sin(t)
			s.Labels[i] = 1
		}
		s.X.Set(i, 0, x+noise*rng.NormFloat64())
		s.X.Set(i, 1, y+noise*rng.NormFloat64())
	}
	Shuffle(s, seed)
	return s
}

// Circles returns n points on two concentric circles: class 0 on the unit
// circle, class 1 on a circle of radius factor (0 < factor < 1; 0.5 is
// usual). noise is the standard deviation of Gaussian noise added to each
// coordinate. Points come in random order; the same seed gives the same
// set. It panics if n < 2, noise < 0 or factor is outside (0, 1).
func Circles(n int, noise, factor float64, seed int64) *Set {
	checkToy("Circles", n, 2, noise)
	if !(factor > 0 && factor < 1) {
		panic(fmt.Sprintf("dataset: Circles: factor %v, want 0 < factor < 1", factor))
	}
	rng := newRand(seed)
	nOuter := n / 2
	s := newToy(n)
	for i := 0; i < n; i++ {
		r, k, m := 1.0, i, nOuter
		if i >= nOuter {
			r, k, m = factor, i-nOuter, n-nOuter
			s.Labels[i] = 1
		}
		// Dividing by m, not m-1, keeps the first and last point of a
		// circle from landing on the same spot.
		t := 2 * math.Pi * float64(k) / float64(m)
		s.X.Set(i, 0, r*math.Cos(t)+noise*rng.NormFloat64())
		s.X.Set(i, 1, r*math.Sin(t)+noise*rng.NormFloat64())
	}
	Shuffle(s, seed)
	return s
}

// Spirals returns n points on classes interleaved spiral arms from the
// origin to radius 1, each arm turning through 4 radians, with class k's
// arm rotated by 2πk/classes. The first n%classes classes get one point
// more than the others. noise is the standard deviation of Gaussian noise
// added to each coordinate (0.02 is easy, 0.1 hard). Points come in random
// order; the same seed gives the same set. It panics if classes < 2,
// n < classes or noise < 0.
func Spirals(n, classes int, noise float64, seed int64) *Set {
	if classes < 2 {
		panic(fmt.Sprintf("dataset: Spirals: %d classes, want at least 2", classes))
	}
	checkToy("Spirals", n, classes, noise)
	rng := newRand(seed)
	s := newToy(n)
	i := 0
	for k := 0; k < classes; k++ {
		m := n / classes
		if k < n%classes {
			m++
		}
		for j := 0; j < m; j++ {
			r := frac(j, m)
			t := 2*math.Pi*float64(k)/float64(classes) + 4*r
			s.X.Set(i, 0, r*math.Cos(t)+noise*rng.NormFloat64())
			s.X.Set(i, 1, r*math.Sin(t)+noise*rng.NormFloat64())
			s.Labels[i] = k
			i++
		}
	}
	Shuffle(s, seed)
	return s
}

// frac returns k/(m-1), spreading m points over [0, 1] with both ends
// included, or 0 when there is a single point.
func frac(k, m int) float64 {
	if m < 2 {
		return 0
	}
	return float64(k) / float64(m-1)
}

func newToy(n int) *Set {
	return &Set{X: mat.NewDense(n, 2, nil), Labels: make([]int, n)}
}

func checkToy(name string, n, least int, noise float64) {
	if n < least {
		panic(fmt.Sprintf("dataset: %s: %d points, want at least %d", name, n, least))
	}
	if !(noise >= 0) {
		panic(fmt.Sprintf("dataset: %s: noise %v, want >= 0", name, noise))
	}
}
