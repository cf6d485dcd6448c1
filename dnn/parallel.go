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
// it, waking another goroutine costs more than it saves. Adam's step over
// the 120,000 values of the speed benchmark's network is split, a hidden
// layer's ReLU on a batch of 100 (10,000 values) is not; lowering this to
// 8k measured no better on the 2-core machine. A variable so
// that tests can force the parallel path on small inputs.
var splitMin = 1 << 15

// ranger is a pass over the elements [from, to) of some arrays.
type ranger interface {
	runRange(from, to int)
}

// rangeJobs carries wake-ups: a worker that takes a splitter from it
// helps with that splitter's current pass, if any is left to claim.
var (
	rangeJobs    = make(chan *splitter, maxRanges)
	rangeWorkers atomic.Int32
)

// splitter runs passes split into ranges. The owner of a pass keeps one,
// so that splitting allocates nothing; one splitter runs one pass at a
// time (its owner, a layer or an optimizer, is not safe for concurrent
// use anyway).
//
// Ranges are claimed, not assigned: the caller works through them too,
// and a worker that wakes late, on a machine whose other cores are busy,
// finds nothing left instead of making the caller wait for it. The caller
// waits only for ranges a worker has started.
type splitter struct {
	// claim packs the pass's number of ranges (high half) and the number
	// of ranges claimed so far (low half). It is stored after r, n and
	// size are set, and a successful CompareAndSwap on it is what entitles
	// a goroutine to read them.
	claim   atomic.Uint64
	left    atomic.Int32 // ranges of the pass not yet finished
	done    chan struct{}
	r       ranger
	n, size int
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
		s.done = make(chan struct{}, 1)
	}
	// Keep ranges on cache-line boundaries (8 float64s) so that two
	// goroutines never write the same line.
	size := ((n+p-1)/p + 7) &^ 7
	p = (n + size - 1) / size
	s.r, s.n, s.size = r, n, size
	s.left.Store(int32(p))
	s.claim.Store(uint64(p) << 32)
	startRangeWorkers(p - 1)
	for i := 1; i < p; i++ {
		select {
		case rangeJobs <- s:
		default: // enough wake-ups are queued already
		}
	}
	if !s.help(true) {
		<-s.done
	}
	s.r = nil
}

// help runs ranges of the current pass until none is left to claim. It
// reports whether the pass's last range finished here; a worker that
// finishes the last range tells the caller on done.
func (s *splitter) help(caller bool) (last bool) {
	for {
		c := s.claim.Load()
		parts, next := c>>32, c&(1<<32-1)
		if next >= parts {
			return last
		}
		if !s.claim.CompareAndSwap(c, c+1) {
			continue
		}
		from := int(next) * s.size
		s.r.runRange(from, min(from+s.size, s.n))
		if s.left.Add(-1) == 0 {
			if !caller {
				s.done <- struct{}{}
			}
			return true
		}
	}
}

// startRangeWorkers makes sure at least n goroutines serve rangeJobs. They
// live as long as the process: a parked goroutine costs only its stack.
func startRangeWorkers(n int) {
	for {
		have := rangeWorkers.Load()
		if int(have) >= n {
			return
		}
		if rangeWorkers.CompareAndSwap(have, have+1) {
			go func() {
				for s := range rangeJobs {
					s.help(false)
				}
			}()
		}
	}
}
