package main

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// blasName names the BLAS that gonum uses in this binary. A build that
// registers another implementation (blas64.Use with a cgo OpenBLAS, say)
// reports its type until this learns a nicer name for it.
func blasName() string {
	switch impl := blas64.Implementation().(type) {
	case gonum.Implementation:
		return "gonum pure Go"
	default:
		return fmt.Sprintf("%T", impl)
	}
}
