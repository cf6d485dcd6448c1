package display

import (
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/gocell/gocell/kernel/session"
)

// Publisher receives the displays the show functions produce. A
// session.Sink is one. Its methods may be called from several goroutines at
// once.
type Publisher interface {
	// Display shows or updates a rich output.
	Display(d session.Display)
	// Clear clears the cell's output; with wait, only when the next output
	// arrives.
	Clear(wait bool)
}

var (
	pubMu sync.RWMutex
	pub   Publisher // nil means the standard-output publisher
)

// SetPublisher routes every later display to p; nil restores the default,
// which writes the text/plain part of each display to standard output. The
// evaluation session calls it around each cell. It is safe for concurrent
// use.
func SetPublisher(p Publisher) {
	pubMu.Lock()
	defer pubMu.Unlock()
	pub = p
}

// current returns the publisher displays go to now.
func current() Publisher {
	pubMu.RLock()
	defer pubMu.RUnlock()
	if pub == nil {
		return stdoutPublisher{}
	}
	return pub
}

// stdoutPublisher is the publisher of a program that runs outside a
// notebook. It looks up os.Stdout at each call, so a redirection made after
// the program starts is honoured.
type stdoutPublisher struct{}

func (stdoutPublisher) Display(d session.Display) {
	text, _ := d.Data[mimeText].(string)
	writeLine(os.Stdout, text)
}

func (stdoutPublisher) Clear(bool) {}

// writeLine writes s with a final newline, adding one only when missing.
func writeLine(w io.Writer, s string) {
	if len(s) == 0 || s[len(s)-1] != '\n' {
		s += "\n"
	}
	io.WriteString(w, s)
}

// errOut is where the show functions report what they could not show: they
// return nothing, so that a call ending a cell does not show a result.
// Tests replace it.
var errOut = func() io.Writer { return os.Stderr }

// report tells the user that a display failed.
func report(err error) {
	writeLine(errOut(), err.Error())
}

// publish hands a rendered bundle to the current publisher, or reports the
// error that rendering gave.
func publish(b session.Bundle, err error) {
	publishAs(b, err, "", false)
}

// publishAs publishes b under display id (none when empty), as an update
// when update is set.
func publishAs(b session.Bundle, err error, id string, update bool) {
	if err != nil {
		report(err)
		return
	}
	current().Display(session.Display{Bundle: b, ID: id, Update: update})
}

// Clear clears the output of the running cell. With wait, the output is
// cleared only when the next output arrives, which avoids flicker when a
// cell redraws in a loop.
func Clear(wait bool) {
	current().Clear(wait)
}

// errorf builds an error prefixed with the package name.
func errorf(format string, args ...interface{}) error {
	return fmt.Errorf("display: "+format, args...)
}
