package evalproc

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

// The test binary doubles as the child: with childEnv set, TestMain serves
// a fakeSession instead of running tests.
const childEnv = "EVALPROC_TEST_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "":
		os.Exit(m.Run())
	case "serve":
		if err := ServeChild(&fakeSession{vars: map[string]string{}}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	case "badhello":
		os.NewFile(4, "events").WriteString("some-other-program 7\n")
		time.Sleep(10 * time.Second)
		os.Exit(0)
	case "echo":
		// The floor for a round trip: one byte each way over the same pipes.
		in, out := os.NewFile(3, "cmds"), os.NewFile(4, "events")
		b := make([]byte, 1)
		for {
			if _, err := in.Read(b); err != nil {
				os.Exit(0)
			}
			out.Write(b)
		}
	case "silent":
		time.Sleep(10 * time.Second)
		os.Exit(0)
	case "nostart":
		fmt.Fprintln(os.Stderr, "cannot start: no evaluator here")
		os.Exit(5)
	case "gated", "gatedfail":
		// A slow start the test controls: the pid goes to pidEnv's file,
		// then nothing happens until gateEnv's file exists.
		os.WriteFile(os.Getenv(pidEnv), []byte(strconv.Itoa(os.Getpid())), 0o600)
		for {
			if _, err := os.Stat(os.Getenv(gateEnv)); err == nil {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		if os.Getenv(childEnv) == "gatedfail" {
			fmt.Fprintln(os.Stderr, "cannot start: gated failure")
			os.Exit(5)
		}
		if err := ServeChild(&fakeSession{vars: map[string]string{}}); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
}

// childCommand re-executes the test binary in the given child mode.
func childCommand(mode string) func() *exec.Cmd {
	return func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+mode)
		return cmd
	}
}

// fakeSession runs cells of one command per line, "verb" or "verb:arg":
//
//	print:T     write T to fd 1 (as compiled code does)
//	stderr:T    write T to fd 2
//	stream:T    Sink.Stream T on stdout
//	estream:T   Sink.Stream T on stderr
//	alt:N       N tiny Sink.Stream chunks on each stream in turn, "i," and "i;"
//	goalt:N     the same from N goroutines, each after the one before
//	latealt:N   alt:N from a goroutine, 20 ms after the cell ended
//	bigstream:N one Sink.Stream of N bytes on stdout
//	splitrune   "café!" on stdout in two Sink.Stream calls that cut the é
//	display:ID  display text/plain ID with display id ID
//	clear       clear the output (wait)
//	set:K=V     remember V under K; get:K makes it the result
//	pid         the result is the process id
//	sleep       wait for the interrupt, then fail with ErrNameInterrupt
//	spin        a busy loop that ignores the interrupt
//	flood       print lines as fast as it can, ignoring the interrupt
//	recurse     runaway recursion
//	mapwrites   concurrent map writes
//	alloc       an allocation of a terabyte
//	input:P     read a line with prompt P and print "got:LINE"
//	inputon:P   read a line, ignore a failure and go on; fail with
//	            ErrNameInterrupt at the end if the cell was interrupted
//	goprint:T   a goroutine prints T 50 ms after the cell
//	exit:N      os.Exit(N)
//	goexit      a goroutine calls os.Exit(7) 100 ms after the cell
//	panicgo:T   a goroutine panics with T
//	killself    SIGKILL to itself
//	big:N       print N bytes in writes of 1000
//	subproc     start "sleep 30" and print its pid
type fakeSession struct {
	mu   sync.Mutex
	vars map[string]string
}

var spinCount int

func recurse(n int) int {
	var pad [64]byte
	pad[n%64] = byte(n)
	return recurse(n+1) + int(pad[3])
}

func textResult(s string) *session.Bundle {
	return &session.Bundle{Data: map[string]any{"text/plain": s}}
}

func (f *fakeSession) Execute(ctx context.Context, req session.ExecuteRequest, out session.Sink, in session.Stdin) (rep session.ExecuteReply) {
	for _, line := range strings.Split(req.Code, "\n") {
		verb, arg, _ := strings.Cut(line, ":")
		switch verb {
		case "", "nop":
		case "print":
			os.Stdout.WriteString(arg)
		case "stderr":
			os.Stderr.WriteString(arg)
		case "stream":
			out.Stream("stdout", arg)
		case "estream":
			out.Stream("stderr", arg)
		case "alt":
			n, _ := strconv.Atoi(arg)
			for i := range n {
				out.Stream("stdout", strconv.Itoa(i)+",")
				out.Stream("stderr", strconv.Itoa(i)+";")
			}
		case "latealt":
			// After the cell has ended, alt from a goroutine: stream frames
			// while no cell runs.
			n, _ := strconv.Atoi(arg)
			go func() {
				time.Sleep(20 * time.Millisecond)
				for i := range n {
					out.Stream("stdout", strconv.Itoa(i)+",")
					out.Stream("stderr", strconv.Itoa(i)+";")
				}
			}()
		case "goalt":
			n, _ := strconv.Atoi(arg)
			prev := make(chan struct{})
			close(prev)
			for i := range n {
				next := make(chan struct{})
				go func(wait <-chan struct{}) {
					<-wait
					out.Stream("stdout", strconv.Itoa(i)+",")
					out.Stream("stderr", strconv.Itoa(i)+";")
					close(next)
				}(prev)
				prev = next
			}
			<-prev
		case "bigstream":
			n, _ := strconv.Atoi(arg)
			out.Stream("stdout", strings.Repeat("x", n))
		case "splitrune":
			out.Stream("stdout", "caf\xc3")
			out.Stream("stdout", "\xa9!")
		case "display":
			out.Display(session.Display{Bundle: *textResult(arg), ID: arg})
		case "clear":
			out.Clear(true)
		case "set":
			k, v, _ := strings.Cut(arg, "=")
			f.mu.Lock()
			f.vars[k] = v
			f.mu.Unlock()
		case "get":
			f.mu.Lock()
			rep.Result = textResult(f.vars[arg])
			f.mu.Unlock()
		case "pid":
			rep.Result = textResult(strconv.Itoa(os.Getpid()))
		case "sleep":
			<-ctx.Done()
			return session.ExecuteReply{Error: &session.Error{Name: session.ErrNameInterrupt, Value: "interrupted"}}
		case "spin":
			for {
				spinCount++
			}
		case "flood":
			line := strings.Repeat("y", 79) + "\n"
			for {
				os.Stdout.WriteString(line)
			}
		case "recurse":
			recurse(0)
		case "mapwrites":
			m := map[int]int{}
			for g := 0; g < 4; g++ {
				go func() {
					for i := 0; ; i++ {
						m[i%64] = i
					}
				}()
			}
			time.Sleep(time.Minute)
		case "alloc":
			b := make([]byte, 1<<40)
			b[len(b)-1] = 1
			rep.Result = textResult(strconv.Itoa(int(b[0])))
		case "input":
			got, err := in.ReadLine(ctx, arg, false)
			if err != nil {
				return session.ExecuteReply{Error: &session.Error{Name: "StdinError", Value: fmt.Sprintf("%v (ErrNoStdin: %t)", err, err == session.ErrNoStdin)}}
			}
			os.Stdout.WriteString("got:" + got)
		case "inputon":
			in.ReadLine(ctx, arg, false)
			if ctx.Err() != nil {
				return session.ExecuteReply{Error: &session.Error{Name: session.ErrNameInterrupt, Value: "interrupted"}}
			}
		case "goprint":
			go func() {
				time.Sleep(50 * time.Millisecond)
				os.Stdout.WriteString(arg)
			}()
		case "goexit":
			go func() {
				time.Sleep(100 * time.Millisecond)
				os.Exit(7)
			}()
		case "exit":
			n, _ := strconv.Atoi(arg)
			os.Exit(n)
		case "panicgo":
			go panic(arg)
			time.Sleep(time.Minute)
		case "killself":
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			time.Sleep(time.Minute)
		case "big":
			n, _ := strconv.Atoi(arg)
			chunk := strings.Repeat("x", 1000)
			for ; n > 0; n -= 1000 {
				os.Stdout.WriteString(chunk[:min(n, 1000)])
			}
		case "subproc":
			cmd := exec.Command("sleep", "30")
			if err := cmd.Start(); err != nil {
				return session.ExecuteReply{Error: &session.Error{Name: "Error", Value: err.Error()}}
			}
			fmt.Fprint(os.Stdout, cmd.Process.Pid)
		default:
			return session.ExecuteReply{Error: &session.Error{Name: "SyntaxError", Value: "unknown verb " + verb}}
		}
	}
	return rep
}

// Complete proposes the code itself; Inspect finds what the code names;
// IsComplete says incomplete for a trailing backslash. The code "fail"
// fails each of them.
func (f *fakeSession) Complete(ctx context.Context, code string, cursor int) (session.Completion, error) {
	if code == "fail" {
		return session.Completion{}, fmt.Errorf("fake: cannot complete %q", code)
	}
	return session.Completion{Matches: []string{code + "_done"}, CursorStart: 0, CursorEnd: cursor}, nil
}

func (f *fakeSession) Inspect(ctx context.Context, code string, cursor int, detail int) (session.Inspection, error) {
	if code == "fail" {
		return session.Inspection{}, fmt.Errorf("fake: cannot inspect %q", code)
	}
	return session.Inspection{Found: true, Data: textResult(fmt.Sprintf("%s@%d/%d", code, cursor, detail))}, nil
}

func (f *fakeSession) IsComplete(ctx context.Context, code string) (session.Completeness, error) {
	if code == "fail" {
		return session.Completeness{}, fmt.Errorf("fake: cannot judge %q", code)
	}
	if strings.HasSuffix(code, "\\") {
		return session.Completeness{Status: session.Incomplete, Indent: "  "}, nil
	}
	return session.Completeness{Status: session.Complete}, nil
}

func (f *fakeSession) Close() error { return nil }

// recSink records outputs; consecutive text of one stream is merged, since
// how text is cut into Stream calls is not part of the contract.
type recSink struct {
	mu     sync.Mutex
	events []string
}

func (r *recSink) add(e string, merge bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if merge && len(r.events) > 0 {
		last := r.events[len(r.events)-1]
		name := e[:strings.IndexByte(e, ':')+1]
		if strings.HasPrefix(last, name) {
			r.events[len(r.events)-1] = last + e[len(name):]
			return
		}
	}
	r.events = append(r.events, e)
}

func (r *recSink) Stream(name, text string)  { r.add(name+":"+text, true) }
func (r *recSink) Display(d session.Display) { r.add("display:"+d.ID, false) }
func (r *recSink) Clear(wait bool)           { r.add(fmt.Sprintf("clear:%t", wait), false) }

// only returns the events whose kind is in kinds ("stdout", "display"...).
func (r *recSink) only(kinds ...string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var got []string
	for _, e := range r.events {
		for _, k := range kinds {
			if strings.HasPrefix(e, k+":") {
				got = append(got, e)
			}
		}
	}
	return got
}

// text returns all of one stream.
func (r *recSink) text(name string) string {
	var b strings.Builder
	for _, e := range r.only(name) {
		b.WriteString(strings.TrimPrefix(e, name+":"))
	}
	return b.String()
}

// fakeStdin answers every read with line (or err) and records the prompts.
type fakeStdin struct {
	line    string
	err     error
	mu      sync.Mutex
	prompts []string
}

func (s *fakeStdin) ReadLine(ctx context.Context, prompt string, password bool) (string, error) {
	s.mu.Lock()
	s.prompts = append(s.prompts, prompt)
	s.mu.Unlock()
	return s.line, s.err
}
