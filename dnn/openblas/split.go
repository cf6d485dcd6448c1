//go:build openblas && cgo

package openblas

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Large products are cut into bands of C's rows, one per goroutine. Rows
// are independent, so the bands need no synchronisation and the result is
// the same as in one call, bit for bit, whatever the number of bands.

const (
	// maxParts bounds the number of bands of one product.
	maxParts = 64
	// splitWork is the size m·n·k of a product from which it is split:
	// below it, waking a second goroutine costs more than it saves. On
	// the project's 2-core machine, splitting the 100×100×100 products of
	// dnn's speed benchmark (2^20) made its epochs slower (BenchmarkEpoch:
	// 0.69 -> 0.67 s without batch norm, 0.85 -> 0.79 s with it, when
	// they stopped being split).
	splitWork = 1 << 22
	// bandAlign keeps bands a multiple of OpenBLAS's register block rows.
	bandAlign = 8
)

var (
	parts   atomic.Int32
	jobs    = make(chan band, maxParts)
	workers atomic.Int32 // goroutines serving jobs
	replies = sync.Pool{New: func() any { return make(chan struct{}, maxParts) }}
)

// band is one piece of a split product and where to report its end.
type band struct {
	g    gemm
	done chan<- struct{}
}

// defaultThreads is the number of bands: OPENBLAS_NUM_THREADS (or
// GOTO_NUM_THREADS, OMP_NUM_THREADS) when set, otherwise as many as
// GOMAXPROCS allows, at most the machine's cores.
func defaultThreads(procs int) int {
	for _, v := range []string{"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"} {
		// OMP_NUM_THREADS may list one count per nesting level.
		first, _, _ := strings.Cut(os.Getenv(v), ",")
		if n, err := strconv.Atoi(strings.TrimSpace(first)); err == nil && n > 0 {
			return n
		}
	}
	return min(procs, runtime.GOMAXPROCS(0))
}

// split runs g, cut into bands of rows when it is large enough.
func (g gemm) split() {
	p := int(parts.Load())
	if p < 2 || g.m*g.n*g.k < splitWork || g.m < 2*bandAlign {
		g.run()
		return
	}
	size := (g.m + p - 1) / p
	size = (size + bandAlign - 1) / bandAlign * bandAlign
	nb := (g.m + size - 1) / size
	startWorkers(nb - 1)
	done := replies.Get().(chan struct{})
	for from := size; from < g.m; from += size {
		jobs <- band{g.rows(from, min(from+size, g.m)), done}
	}
	g.rows(0, size).run()
	for i := 1; i < nb; i++ {
		<-done
	}
	replies.Put(done)
}

// startWorkers makes sure at least n goroutines serve jobs. They live as
// long as the process: a parked goroutine costs nothing but its stack.
func startWorkers(n int) {
	for {
		have := workers.Load()
		if int(have) >= n {
			return
		}
		if workers.CompareAndSwap(have, have+1) {
			go func() {
				for b := range jobs {
					b.g.run()
					b.done <- struct{}{}
				}
			}()
		}
	}
}
