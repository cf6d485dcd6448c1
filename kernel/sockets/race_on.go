//go:build race

package sockets

import "sync/atomic"

// ioSync tells the race detector that what was written before a raw write
// happens before what the reader of those bytes does next, as os.File and
// net.Conn tell it for their reads and writes (raw calls bypass them).
var ioSync atomic.Uint64

func raceReleaseIO() { ioSync.Add(1) }
func raceAcquireIO() { ioSync.Load() }
