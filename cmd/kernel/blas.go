package main

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/gocell/gocell/dnn/openblas"
)

// blasName names the BLAS that gonum uses in this binary: OpenBLAS with its
// configuration and thread count in a build with the openblas tag
// (install.sh makes one where the system has libopenblas-dev), gonum's pure
// Go otherwise.
func blasName() string {
	switch impl := blas64.Implementation().(type) {
	case gonum.Implementation:
		return "gonum pure Go"
	case openblas.Implementation:
		return fmt.Sprintf("%s (%d threads)", openblas.Config(), openblas.Threads())
	default:
		return fmt.Sprintf("%T", impl)
	}
}
