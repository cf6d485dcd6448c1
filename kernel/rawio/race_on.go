//go:build race

package rawio

import "sync/atomic"

// ioSync tells the race detector that what was written before a raw write
// happens before what the reader of those bytes does next, as os.File and
// net.Conn tell it for their reads and writes (raw calls bypass them). One
// variable serves every descriptor of the process.
var ioSync atomic.Uint64

func raceRelease() { ioSync.Add(1) }
func raceAcquire() { ioSync.Load() }
