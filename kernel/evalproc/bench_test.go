package evalproc

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

// BenchmarkExecute compares a trivial cell run directly on the session with
// the same cell through the process hop; the difference is the hop's cost.
func BenchmarkExecute(b *testing.B) {
	ctx := context.Background()
	req := session.ExecuteRequest{Code: "nop"}
	b.Run("direct", func(b *testing.B) {
		f := &fakeSession{vars: map[string]string{}}
		for b.Loop() {
			if rep := f.Execute(ctx, req, &recSink{}, nil); rep.Error != nil {
				b.Fatal(rep.Error)
			}
		}
	})
	b.Run("process", func(b *testing.B) {
		c := startTest(b)
		cpu0 := cpuTime(b, os.Getpid()) + cpuTime(b, c.Pid())
		for b.Loop() {
			if rep := c.Execute(ctx, req, &recSink{}, nil); rep.Error != nil {
				b.Fatal(rep.Error)
			}
		}
		// CPU time of both processes, which a loaded machine does not
		// inflate the way it does wall time.
		cpu := cpuTime(b, os.Getpid()) + cpuTime(b, c.Pid()) - cpu0
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/op")
	})
	b.Run("process-print-display", func(b *testing.B) {
		c := startTest(b)
		req := session.ExecuteRequest{Code: "print:hello\ndisplay:d\nprint:bye"}
		for b.Loop() {
			if rep := c.Execute(ctx, req, &recSink{}, nil); rep.Error != nil {
				b.Fatal(rep.Error)
			}
		}
	})
}

// BenchmarkComplete is one Complete round trip through the process hop.
func BenchmarkComplete(b *testing.B) {
	c := startTest(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := c.Complete(ctx, "fm", 2); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCrashRecovery is a cell that kills the child followed by a
// trivial cell, which runs in the fresh child. detect-ms is the time until
// the crashed cell's reply, fresh-ms the time from then until the next
// cell's reply (the fresh child starts as soon as the death is seen).
func BenchmarkCrashRecovery(b *testing.B) {
	c := startTest(b)
	ctx := context.Background()
	var detect, fresh time.Duration
	for b.Loop() {
		t0 := time.Now()
		if rep := c.Execute(ctx, session.ExecuteRequest{Code: "exit:1"}, &recSink{}, nil); rep.Error == nil || rep.Error.Name != session.ErrNameLost {
			b.Fatalf("crash cell: %+v", rep.Error)
		}
		t1 := time.Now()
		if rep := c.Execute(ctx, session.ExecuteRequest{Code: "nop"}, &recSink{}, nil); rep.Error != nil {
			b.Fatal(rep.Error)
		}
		detect += t1.Sub(t0)
		fresh += time.Since(t1)
	}
	b.ReportMetric(float64(detect.Microseconds())/1000/float64(b.N), "detect-ms")
	b.ReportMetric(float64(fresh.Microseconds())/1000/float64(b.N), "fresh-ms")
}

// BenchmarkPipeFloor is the operating system's floor under the hop: one
// byte to a child process and back over pipes, no framing, no session.
func BenchmarkPipeFloor(b *testing.B) {
	cmdsR, cmdsW, _ := os.Pipe()
	evR, evW, _ := os.Pipe()
	cmd := childCommand("echo")()
	cmd.ExtraFiles = []*os.File{cmdsR, evW}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	cmdsR.Close()
	evW.Close()
	defer cmd.Wait()
	defer cmdsW.Close()
	buf := make([]byte, 1)
	for b.Loop() {
		cmdsW.Write(buf)
		if _, err := evR.Read(buf); err != nil {
			b.Fatal(err)
		}
	}
}

// cpuTime is the user plus system time pid has used, from /proc (in clock
// ticks of 10 ms: run the benchmark for a second or more).
func cpuTime(b *testing.B, pid int) time.Duration {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		b.Fatal(err)
	}
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// BenchmarkCodec encodes and decodes a cell's execute and reply frames,
// in their compact form and as JSON.
func BenchmarkCodec(b *testing.B) {
	frames := []struct {
		name string
		f    *frame
	}{
		{"execute", &frame{T: tExecute, ID: 174, Exec: &session.ExecuteRequest{Code: "1+1", ExecutionCount: 3, StoreHistory: true, AllowStdin: true}}},
		{"reply", &frame{T: tReply, ID: 174, Reply: &session.ExecuteReply{Result: &session.Bundle{Data: map[string]any{"text/plain": "2"}}}}},
	}
	for _, fr := range frames {
		b.Run(fr.name+"/compact", func(b *testing.B) {
			r := newFrameReader(nil)
			for b.Loop() {
				buf, err := encodeFrame(fr.f)
				if err != nil {
					b.Fatal(err)
				}
				r.off, r.end = 0, copy(r.buf, buf)
				if _, err := r.next(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fr.name+"/json", func(b *testing.B) {
			for b.Loop() {
				body, err := json.Marshal(fr.f)
				if err != nil {
					b.Fatal(err)
				}
				if err := json.Unmarshal(body, new(frame)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
