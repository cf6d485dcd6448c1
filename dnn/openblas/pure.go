//go:build !openblas

package openblas

// Available reports whether this build calls OpenBLAS: false here, in the
// default build, where gonum's pure-Go BLAS does all the work.
func Available() bool { return false }

// Config returns OpenBLAS's description of itself; empty in the default
// build.
func Config() string { return "" }

// Threads returns the number of threads OpenBLAS uses for one product; 0 in
// the default build.
func Threads() int { return 0 }

// SetThreads sets the number of threads OpenBLAS uses; it does nothing in
// the default build.
func SetThreads(int) {}
