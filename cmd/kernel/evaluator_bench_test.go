package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/evalproc"
	"github.com/gocell/gocell/kernel/session"
)

// BenchmarkEvaluatorCell is a cell of 1+1 through the real evaluator child
// (gocell evaluator, over evalproc's pipes): back to back, and with a
// pause before each cell (time.Sleep(300 µs), about 1 ms here), as a
// frontend leaves between requests, so that both processes go idle.
// median-µs is the median time of a cell (ns/op includes the pause);
// child-cpu-µs/op is the evaluator's CPU per cell, in the 10 ms ticks of
// /proc (run 2000x or more).
func BenchmarkEvaluatorCell(b *testing.B) {
	for _, gap := range []time.Duration{0, 300 * time.Microsecond} {
		b.Run("pause="+gap.String(), func(b *testing.B) {
			ctx := context.Background()
			c, err := evalproc.Start(ctx, evalproc.Options{
				Command: func() *exec.Cmd { return exec.Command(gocellBin, evaluatorCommand) },
				Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
			})
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			req := session.ExecuteRequest{Code: "1+1"}
			for range 100 { // past the first compiles and collections
				c.Execute(ctx, req, nil, nil)
			}
			var times []time.Duration
			cpu0 := procCPU(b, c.Pid())
			for b.Loop() {
				if gap > 0 {
					time.Sleep(gap)
				}
				t := time.Now()
				rep := c.Execute(ctx, req, nil, nil)
				times = append(times, time.Since(t))
				if rep.Error != nil || rep.Result == nil || rep.Result.Data["text/plain"] != "2" {
					b.Fatalf("1+1: %+v", rep)
				}
			}
			cpu := procCPU(b, c.Pid()) - cpu0
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Nanoseconds())/1000, "median-µs")
			b.ReportMetric(float64(cpu.Microseconds())/float64(len(times)), "child-cpu-µs/op")
		})
	}
}

// procCPU is the user plus system time pid has used, from /proc.
func procCPU(b *testing.B, pid int) time.Duration {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		b.Fatal(err)
	}
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
