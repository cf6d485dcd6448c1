//go:build !race

package sockets

// Without the race detector the raw I/O needs no annotations (race_on.go).
func raceReleaseIO() {}
func raceAcquireIO() {}
