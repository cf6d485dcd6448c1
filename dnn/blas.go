package dnn

// Importing dnn installs OpenBLAS as gonum's BLAS in builds with the
// openblas tag (see package openblas), so every program and notebook cell
// that trains a network gets it; in the default build the import is inert.
import _ "github.com/gocell/gocell/dnn/openblas"
