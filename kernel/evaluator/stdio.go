package evaluator

import (
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// stdioFile is the type of os.Stdout and os.Stderr in cells of a session
// that sends output to the cell's sink: the methods programs call on them
// besides Write, so such code keeps compiling, while an *os.File can still
// be assigned to them. Text written to them keeps its order with fmt.Print
// and log across both streams (package evalproc says how far that goes in
// a child process); Fd names the process's own descriptor, and writing to
// it directly bypasses that order.
type stdioFile interface {
	io.Writer
	io.StringWriter
	Fd() uintptr
	Name() string
	Sync() error
}

// stdStream is a cell's stdout or stderr as a stdioFile.
type stdStream struct {
	w    io.Writer
	fd   uintptr
	name string
}

var _ stdioFile = (*stdStream)(nil)

func (s *stdStream) Write(p []byte) (int, error)       { return s.w.Write(p) }
func (s *stdStream) WriteString(t string) (int, error) { return io.WriteString(s.w, t) }
func (s *stdStream) Fd() uintptr                       { return s.fd }
func (s *stdStream) Name() string                      { return s.name }

// Sync has nothing to do: nothing is buffered on the way to the sink.
func (s *stdStream) Sync() error { return nil }

// Cells' print and println write to stderr, as Go's builtins do; yaegi's
// builtins write to its stdout. The prelude shadows them with funcs of the
// same name that call these compiled ones, bound to the session's stderr.
// Arguments are formatted as yaegi's builtins did (%v); println separates
// them by spaces, print does not, and each call is one write, so a line
// never interleaves with other output.
const (
	printPath = "gocell.print"
	printName = "__gocellprint"
)

// printSource is the prelude part that shadows the builtins.
const printSource = `package main

import ` + printName + ` "` + printPath + `"

func print(args ...interface{}) { ` + printName + `.Print(args...) }

func println(args ...interface{}) { ` + printName + `.Println(args...) }
`

// printExports are the compiled halves of print and println.
func printExports(stderr io.Writer) interp.Exports {
	return interp.Exports{printPath + "/" + printName: {
		"Print": reflect.ValueOf(func(args ...interface{}) {
			var b strings.Builder
			for _, a := range args {
				fmt.Fprint(&b, a)
			}
			io.WriteString(stderr, b.String())
		}),
		"Println": reflect.ValueOf(func(args ...interface{}) {
			var b strings.Builder
			for i, a := range args {
				if i > 0 {
					b.WriteByte(' ')
				}
				fmt.Fprint(&b, a)
			}
			b.WriteByte('\n')
			io.WriteString(stderr, b.String())
		}),
	}}
}
