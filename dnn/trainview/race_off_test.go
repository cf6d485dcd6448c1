//go:build !race

package trainview_test

// raceDetector is true in a -race build, where drawing runs many times
// slower than the evaluator's grace period after a stop request allows.
const raceDetector = false
