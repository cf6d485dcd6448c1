// Package openblas routes gonum's matrix products to the system's OpenBLAS
// (Debian's libopenblas-dev) through a small cgo binding, for the speed the
// lessons' training loops need.
//
// The binding exists only in builds with the build tag openblas (and cgo):
//
//	CGO_ENABLED=1 go build -tags openblas ./cmd/kernel
//
// In such a build, importing the package (package dnn does, so every
// program that uses dnn does) installs Implementation with blas64.Use at
// initialisation: every gonum/mat product and dnn's Affine layers then run
// on OpenBLAS's dgemm and dgemv. In the default build the package compiles
// to nothing but Available reporting false, and gonum's pure-Go BLAS (with
// dnn's own sparse product) stays in charge, so importers build either way.
//
// OpenBLAS runs single-threaded in the goroutine that calls it; a large
// product is cut into bands of rows that run in parallel goroutines, so Go's
// scheduler, not OpenBLAS's spinning threads, shares the cores with the rest
// of the training step. The number of bands (Threads) is
// OPENBLAS_NUM_THREADS (or GOTO_NUM_THREADS, OMP_NUM_THREADS) when set,
// otherwise as many as GOMAXPROCS allows, at most the machine's cores.
package openblas

import "gonum.org/v1/gonum/blas/gonum"

// Implementation is gonum's pure-Go BLAS with the routines that dominate
// neural-network training replaced by OpenBLAS's: Dgemm and Dgemv in the
// openblas build. Everything else, and everything in the default build, is
// gonum's. It satisfies blas.Float64, the interface blas64.Use takes.
type Implementation struct {
	gonum.Implementation
}
