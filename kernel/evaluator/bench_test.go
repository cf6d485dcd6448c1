package evaluator

import (
	"context"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

type nopSink struct{}

func (nopSink) Stream(string, string)   {}
func (nopSink) Display(session.Display) {}
func (nopSink) Clear(bool)              {}

// BenchmarkTrivialCell is the session's cost per trivial cell; compare
// with BenchmarkRawEval, yaegi's Eval of the same statement. expr (a constant
// expression) and name (an int variable) take shortCell's short way.
func BenchmarkTrivialCell(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if r := s.Execute(ctx, session.ExecuteRequest{Code: "x := 1"}, nopSink{}, &lines{}); r.Error != nil {
		b.Fatal(r.Error)
	}
	for _, c := range []struct{ name, code string }{{"stmt", "x := 1"}, {"expr", "1 + 2"}, {"name", "x"}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r := s.Execute(ctx, session.ExecuteRequest{Code: c.code}, nopSink{}, &lines{})
				if r.Error != nil {
					b.Fatal(r.Error)
				}
			}
		})
	}
}

func BenchmarkRawEval(b *testing.B) {
	in := rawInterp(&testing.T{})
	for _, c := range []struct{ name, code string }{{"stmt", ";x := 1"}, {"expr", ";1 + 2"}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := in.Eval(c.code); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoopCheck measures the injected loop check: the same loop of
// 1e5 iterations with and without it.
func BenchmarkLoopCheck(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for _, c := range []struct{ name, code string }{
		{"plain", ";func() {\nsum := 0\nfor i := 0; i < 100000; i++ {\nsum += i\n}\n}()"},
		{"checked", ";func() {\nsum := 0\nfor i := 0; i < 100000; i++ {\n" + loopCheckSrc + "\nsum += i\n}\n}()"},
	} {
		prog, err := s.compile(c.code)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.execute(ctx, prog); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRebuild is a type redefinition in a session of 200
// declarations.
func BenchmarkRebuild(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	code := "type T struct{ A int }\nfunc (t T) Get() int { return t.A }\n"
	for i := 0; i < 99; i++ {
		code += "func f" + string(rune('a'+i%26)) + itoa(i) + "(x int) int { return x + " + itoa(i) + " }\n"
	}
	for i := 0; i < 99; i++ {
		code += "var v" + itoa(i) + " = " + itoa(i) + "\n"
	}
	if r := s.Execute(ctx, session.ExecuteRequest{Code: code}, nopSink{}, &lines{}); r.Error != nil {
		b.Fatal(r.Error)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		redef := "type T struct{ A int; B" + itoa(i) + " int }"
		if r := s.Execute(ctx, session.ExecuteRequest{Code: redef}, nopSink{}, &lines{}); r.Error != nil {
			b.Fatal(r.Error)
		}
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// BenchmarkInterrupt is the time from a stop request to the end of the
// cell, per kind of cell (the blocked receive needs yaegi's cancel and a
// rebuild, after the cooperative grace period).
func BenchmarkInterrupt(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct{ name, code string }{
		{"loop", "for {\n}"},
		{"sleep", "time.Sleep(time.Hour)"},
		{"blocked", "<-make(chan int)"},
	} {
		b.Run(c.name, func(b *testing.B) {
			var total time.Duration
			for i := 0; i < b.N; i++ {
				ctx, cancel := context.WithCancel(context.Background())
				started := make(chan time.Time, 1)
				go func() {
					time.Sleep(20 * time.Millisecond)
					started <- time.Now()
					cancel()
				}()
				r := s.Execute(ctx, session.ExecuteRequest{Code: c.code}, nopSink{}, &lines{})
				total += time.Since(<-started)
				if r.Error == nil || r.Error.Name != session.ErrNameInterrupt {
					b.Fatalf("reply %+v", r.Error)
				}
			}
			b.ReportMetric(float64(total.Microseconds())/float64(b.N), "µs-to-stop")
		})
	}
}
