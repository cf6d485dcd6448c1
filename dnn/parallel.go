package dnn

import (
	"runtime"
	"sync/atomic"
)

// Large elementwise passes and optimizer steps are cut into contiguous
// index ranges, one per goroutine. Every element is computed by the same
// code whichever range it falls in, so the result is the same as one
// serial loop's, bit for bit, for any number of ranges. Reductions (sums
// over a batch, a softmax's denominator) are never split: their order of
// summation would change.
//
// The goroutines are parked on a channel for the life of the process, as
// dnn/openblas parks its product bands (that helper is tied to its cgo
// products and its build tag, so it cannot serve the pure-Go build too).

// maxRanges bounds the number of ranges of one pass.
const maxRanges = 8

// splitMin is the number of elements from which a pass is split; below
// it, waking another goroutine costs more than it saves. A variable so
// that tests can force the parallel path on small inputs.
var splitMin = 1 << 15

// ranger is a pass over the elements [from, to) of some arrays.
type ranger interface {
	runRange(from, to int)
}

// rangeJob is one range of a split pass and where to report its end.
type rangeJob struct {
	r        ranger
	from, to int
	done     chan<- struct{}
}

var (
	rangeJobs    = make(chan rangeJob, maxRanges)
	rangeWorkers atomic.Int32
)

// splitter runs passes split into ranges. The owner of a pass keeps one,
// so that its completion channel is made once, not per pass; a splitter
// must not be used by two goroutines at once (nor is the layer holding it).
type splitter struct {
	done chan struct{}
}

// run calls r.runRange over [0, n), split into up to GOMAXPROCS ranges
// when n is at least splitMin, and returns when all have finished.
func (s *splitter) run(n int, r ranger) {
	if n < splitMin {
		r.runRange(0, n)
		return
	}
	p := min(runtime.GOMAXPROCS(0), maxRanges, n/(splitMin/2))
	if p < 2 {
		r.runRange(0, n)
		return
	}
	if s.done == nil {
		s.done = make(chan struct{}, maxRanges)
	}
	startRangeWorkers(p - 1)
	size := (n + p - 1) / p
	// Keep ranges on cache-line boundaries (8 float64s) so that two
	// goroutines never write the same line.
	size = (size + 7) &^ 7
	k := 0
	for from := size; from < n; from += size {
		rangeJobs <- rangeJob{r, from, min(from+size, n), s.done}
		k++
	}
	r.runRange(0, min(size, n))
	for ; k > 0; k-- {
		<-s.done
	}
}

// startRangeWorkers makes sure at least n goroutines serve rangeJobs.
func startRangeWorkers(n int) {
	for {
		have := rangeWorkers.Load()
		if int(have) >= n {
			return
		}
		if rangeWorkers.CompareAndSwap(have, have+1) {
			go func() {
				for j := range rangeJobs {
					j.r.runRange(j.from, j.to)
					j.done <- struct{}{}
				}
			}()
		}
	}
}
