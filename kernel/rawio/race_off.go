//go:build !race

package rawio

func raceRelease() {}
func raceAcquire() {}
