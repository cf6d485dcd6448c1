package evaluator_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gocell/gocell/kernel/evalproc"
	"github.com/gocell/gocell/kernel/evaluator"
	"github.com/gocell/gocell/kernel/session"
)

// orderChildEnv makes the test binary serve a session in a child process,
// as the gocell binary does, instead of running tests. init runs before
// TestMain, so the package's tests need no hook for it.
const orderChildEnv = "GOCELL_EVALUATOR_ORDER_CHILD"

func init() {
	if os.Getenv(orderChildEnv) == "" {
		return
	}
	s, err := evaluator.New(evaluator.Options{})
	if err == nil {
		err = evalproc.ServeChild(s)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// seqSink records stream text as it comes, merging consecutive text of one
// stream (how text is cut into messages is not part of the contract).
type seqSink struct {
	mu     sync.Mutex
	events []string
}

func (r *seqSink) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := len(r.events); n > 0 && strings.HasPrefix(r.events[n-1], name+":") {
		r.events[n-1] += text
		return
	}
	r.events = append(r.events, name+":"+text)
}
func (r *seqSink) Display(session.Display) {}
func (r *seqSink) Clear(bool)              {}

// TestStreamOrderThroughChild runs cells on the evaluator in a child
// process, as the kernel does, and checks that what interpreted code prints
// reaches the sink in order across stdout and stderr: tiny writes back to
// back, a tight loop, log and the os streams, goroutines, a large write.
func TestStreamOrderThroughChild(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an evaluator process")
	}
	c := startChild(t)
	var loop, gos []string
	for i := range 200 {
		loop = append(loop, "stdout:"+strconv.Itoa(i)+" ", "stderr:"+strconv.Itoa(i)+" ")
	}
	for i := range 5 {
		gos = append(gos, fmt.Sprintf("stdout:g%d\n", i), fmt.Sprintf("stderr:e%d\n", i))
	}
	gos = append(gos, "stdout:main\n")
	big := strings.Repeat("x", 1<<20)
	tests := []struct {
		name, code string
		want       []string
	}{
		{"print, stderr, print, println",
			`fmt.Println("a"); fmt.Fprintln(os.Stderr, "b"); fmt.Println("c"); println("d")`,
			[]string{"stdout:a\n", "stderr:b\n", "stdout:c\n", "stderr:d\n"}},
		{"tight loop",
			`for i := 0; i < 200; i++ { fmt.Print(i, " "); fmt.Fprint(os.Stderr, i, " ") }`, loop},
		{"log and os streams",
			"log.SetFlags(0)\nfmt.Print(\"x\\n\")\nlog.Println(\"y\")\nos.Stdout.WriteString(\"z\\n\")\nos.Stderr.Write([]byte(\"w\\n\"))\nfmt.Fprint(os.Stdout, \"v\\n\")",
			[]string{"stdout:x\n", "stderr:y\n", "stdout:z\n", "stderr:w\n", "stdout:v\n"}},
		{"goroutines",
			`done := make(chan bool)
for i := 0; i < 5; i++ {
	go func(i int) {
		fmt.Printf("g%d\n", i)
		fmt.Fprintf(os.Stderr, "e%d\n", i)
		done <- true
	}(i)
	<-done
}
fmt.Println("main")`, gos},
		{"large write",
			`fmt.Fprintln(os.Stderr, "before"); fmt.Print(strings.Repeat("x", 1<<20)); fmt.Fprintln(os.Stderr, "after"); fmt.Println("end")`,
			[]string{"stderr:before\n", "stdout:" + big, "stderr:after\n", "stdout:end\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := &seqSink{}
			rep := c.Execute(context.Background(), session.ExecuteRequest{Code: tt.code}, sink, nil)
			if rep.Error != nil {
				t.Fatalf("error: %v", rep.Error)
			}
			if !reflect.DeepEqual(sink.events, tt.want) {
				t.Errorf("events = %.400q,\nwant %.400q", sink.events, tt.want)
			}
		})
	}
}

// startChild starts an evaluator process serving this test binary's
// evaluator.
func startChild(t testing.TB) *evalproc.Client {
	t.Helper()
	c, err := evalproc.Start(context.Background(), evalproc.Options{
		Command: func() *exec.Cmd {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), orderChildEnv+"=1")
			return cmd
		},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// BenchmarkPrintThroughChild is a cell printing in a tight loop on the
// evaluator in a child process: lines on stdout, and lines on stdout and
// stderr in turn (each switch waits for the parent to take the other
// stream's text).
func BenchmarkPrintThroughChild(b *testing.B) {
	c := startChild(b)
	for _, bm := range []struct{ name, code string }{
		{"stdout-10000-lines", `for i := 0; i < 10000; i++ { fmt.Println("line", i) }`},
		{"alternating-1000-lines", `for i := 0; i < 500; i++ { fmt.Println("out", i); fmt.Fprintln(os.Stderr, "err", i) }`},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				if rep := c.Execute(context.Background(), session.ExecuteRequest{Code: bm.code}, &seqSink{}, nil); rep.Error != nil {
					b.Fatal(rep.Error)
				}
			}
		})
	}
}

// TestPrintBuiltins checks that print and println write to stderr, as
// Go's do, wherever they are called, and that a cell may still declare its
// own println.
func TestPrintBuiltins(t *testing.T) {
	s, err := evaluator.New(evaluator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		code string
		want []string
	}{
		{`fmt.Print("o "); println("a", 1, 2.5, true); print("x", 1, 2, "\n"); fmt.Println("p")`,
			[]string{"stdout:o ", "stderr:a 1 2.5 true\nx12\n", "stdout:p\n"}},
		{"func f(n int) { println(\"in f\", n) }\nf(3)", []string{"stderr:in f 3\n"}},
		{"type P struct{ A int }\nfunc (p P) Show() { println(\"P\", p.A) }\nP{7}.Show()", []string{"stderr:P 7\n"}},
		{"done := make(chan bool)\ngo func() { println(\"go\"); done <- true }()\n<-done", []string{"stderr:go\n"}},
		{"func() { defer println(\"deferred\") }()", []string{"stderr:deferred\n"}},
		{"println()", []string{"stderr:\n"}},
		// Go's builtins format by kind: no String method, nil pointers, maps and slices as addresses.
		{"type D int\nfunc (D) String() string { return \"D!\" }\nprintln(D(3), uint8(7), float32(0.1), 1e21, 3+4i, -0.0, 'x')",
			[]string{"stderr:3 7 0.1 1e+21 (3+4i) 0 120\n"}},
		{"var np *int\nvar nm map[string]int\nvar ns []int\nvar nf func()\nvar ne error\nprintln(np, nm, ns, nf, ne)", []string{"stderr:0x0 0x0 [0/0]0x0 0x0 (0x0,0x0)\n"}},
		{"func println(s string) { fmt.Println(\"mine:\", s) }\nprintln(\"hi\")", []string{"stdout:mine: hi\n"}},
		{`println("still mine")`, []string{"stdout:mine: still mine\n"}},
	}
	for _, tt := range tests {
		checkEvents(t, s, tt.code, tt.want)
	}
}

// checkEvents runs code in s and checks the stream events it sends, in
// order.
func checkEvents(t *testing.T, s *evaluator.Session, code string, want []string) {
	t.Helper()
	sink := &seqSink{}
	if rep := s.Execute(context.Background(), session.ExecuteRequest{Code: code}, sink, nil); rep.Error != nil {
		t.Errorf("%s: error %v", code, rep.Error)
		return
	}
	if !reflect.DeepEqual(sink.events, want) {
		t.Errorf("%s: events = %q, want %q", code, sink.events, want)
	}
}

// TestPrintAddresses checks that println shows non-nil pointers, maps,
// funcs and slices the way Go's builtin does, by address, not contents.
func TestPrintAddresses(t *testing.T) {
	s, err := evaluator.New(evaluator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sink := &seqSink{}
	code := "type P struct{ A int }\nxs := make([]int, 2, 5)\nprintln(&P{1}, map[int]int{1: 2}, xs[:1], func() {}, make(chan int))"
	if rep := s.Execute(context.Background(), session.ExecuteRequest{Code: code}, sink, nil); rep.Error != nil {
		t.Fatalf("error %v", rep.Error)
	}
	want := regexp.MustCompile(`^stderr:0x[0-9a-f]+ 0x[0-9a-f]+ \[1/5\]0x[0-9a-f]+ 0x[0-9a-f]+ 0x[0-9a-f]+\n$`)
	if len(sink.events) != 1 || !want.MatchString(sink.events[0]) {
		t.Errorf("events = %q, want addresses as Go's println prints them", sink.events)
	}
}

// TestStdioFiles checks that os.Stdout and os.Stderr in cells still offer
// the *os.File methods programs call, and still take an *os.File.
func TestStdioFiles(t *testing.T) {
	s, err := evaluator.New(evaluator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	path := t.TempDir() + "/out.txt"
	tests := []struct {
		code string
		want []string
	}{
		{`os.Stdout.WriteString("ws\n"); os.Stderr.WriteString("es\n")`, []string{"stdout:ws\n", "stderr:es\n"}},
		{`fmt.Println(os.Stdout.Fd(), os.Stderr.Fd(), os.Stdout.Name(), os.Stdout.Sync())`, []string{"stdout:1 2 /dev/stdout <nil>\n"}},
		{`w := bufio.NewWriter(os.Stdout); fmt.Fprint(w, "buffered\n"); w.Flush()`, []string{"stdout:buffered\n"}},
		{`var w io.Writer = os.Stderr; fmt.Fprintln(w, "as writer")`, []string{"stderr:as writer\n"}},
		{fmt.Sprintf(`f, _ := os.Create(%q); old := os.Stdout; os.Stdout = f; fmt.Fprint(os.Stdout, "to file"); os.Stdout = old; f.Close(); b, _ := os.ReadFile(%q); fmt.Println(string(b))`, path, path),
			[]string{"stdout:to file\n"}},
	}
	for _, tt := range tests {
		checkEvents(t, s, tt.code, tt.want)
	}
}
