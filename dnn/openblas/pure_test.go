//go:build !openblas

package openblas

import (
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

func TestPureBuildLeavesGonum(t *testing.T) {
	if Available() || Config() != "" || Threads() != 0 {
		t.Fatalf("default build reports OpenBLAS: Available %v, Config %q, Threads %d", Available(), Config(), Threads())
	}
	if _, ok := blas64.Implementation().(gonum.Implementation); !ok {
		t.Fatalf("blas64 uses %T in the default build, want gonum.Implementation", blas64.Implementation())
	}
}
