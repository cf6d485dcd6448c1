//go:build !openblas

package openblas

// Available reports whether this build calls OpenBLAS: false here, in the
// default build, where gonum's pure-Go BLAS does all the work.
func Available() bool { return false }

// Config returns OpenBLAS's description of itself; empty in the default
// build.
func Config() string { return "" }

// Threads returns how many goroutines share one large matrix product; 0 in
// the default build.
func Threads() int { return 0 }

// SetThreads sets how many goroutines share one large matrix product; it
// does nothing in the default build.
func SetThreads(int) {}
