//go:build !race

package evalproc

// Without the race detector the raw I/O needs no annotations (race_on.go).
func raceReleaseIO() {}
func raceAcquireIO() {}
