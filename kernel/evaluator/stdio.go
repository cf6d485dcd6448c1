package evaluator

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
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
// Arguments are formatted as Go's builtins format them (builtinText);
// println separates them by spaces, print does not, and each call is one
// write, so a line never interleaves with other output.
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
				b.WriteString(builtinText(a))
			}
			io.WriteString(stderr, b.String())
		}),
		"Println": reflect.ValueOf(func(args ...interface{}) {
			var b strings.Builder
			for i, a := range args {
				if i > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(builtinText(a))
			}
			b.WriteByte('\n')
			io.WriteString(stderr, b.String())
		}),
	}}
}

// builtinText formats one argument of print or println as Go's runtime
// does: by kind, ignoring String methods; pointers, maps, channels and funcs
// as their address, slices as [len/cap] and the address of their array.
// Go prints an interface argument as its (type, data) words; the shim only
// sees the dynamic value, so it prints that, and a nil interface as Go
// prints a nil one. Go rejects structs and arrays at compile time; they
// get fmt's %v.
func builtinText(a interface{}) string {
	if a == nil {
		return "(0x0,0x0)"
	}
	v := unwrapInterp(reflect.ValueOf(a))
	switch v.Kind() {
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32:
		return fmt.Sprint(float32(v.Float()))
	case reflect.Float64:
		return fmt.Sprint(v.Float())
	case reflect.Complex64:
		return fmt.Sprint(complex64(v.Complex()))
	case reflect.Complex128:
		return fmt.Sprint(v.Complex())
	case reflect.String:
		return v.String()
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return "0x" + strconv.FormatUint(uint64(v.Pointer()), 16)
	case reflect.Slice:
		return "[" + strconv.Itoa(v.Len()) + "/" + strconv.Itoa(v.Cap()) + "]0x" + strconv.FormatUint(uint64(v.Pointer()), 16)
	}
	if v.IsValid() && v.CanInterface() {
		return fmt.Sprint(v.Interface())
	}
	return fmt.Sprint(a)
}
