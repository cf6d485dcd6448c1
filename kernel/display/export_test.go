package display

import "io"

// SetErrorOutput sends the show functions' error reports to w until the
// returned function is called.
func SetErrorOutput(w io.Writer) (restore func()) {
	old := errOut
	errOut = func() io.Writer { return w }
	return func() { errOut = old }
}
