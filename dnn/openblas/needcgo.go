//go:build openblas && !cgo

package openblas

// The openblas build tag asks for OpenBLAS through cgo; with cgo disabled
// the build fails here, naming the fix, rather than silently running pure Go.
var _ = theOpenblasBuildTagNeedsCGO_ENABLED1AndACCompiler
