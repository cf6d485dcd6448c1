package evaluator

import (
	"io"
	"log"
	"regexp"
	"sync"
)

// yaegi's compiler logs a line to the process's standard logger before it
// panics on some types ("nil reflect type"). The panic becomes the cell's
// error, or a retry in a func makes the cell work (defineInFunc); but the
// line, written to the evaluator's stderr, reached the frontend as a
// stray "2026/11/27 21:42:50 nil reflect type". The standard logger is
// given a filter that drops those lines and passes everything else.

// yaegiPanicLineRE matches a line yaegi v0.16.1 logs with log.Panic,
// after the standard logger's date and time.
var yaegiPanicLineRE = regexp.MustCompile(`^(?:\d{4}/\d\d/\d\d \d\d:\d\d:\d\d(?:\.\d+)? )?(?:nil type|nil reflect type|.*compositeGenerator not implemented for type kind: \w+)\n$`)

type yaegiLogFilter struct{ w io.Writer }

// Write drops one of yaegi's lines; log writes each entry in one call.
func (f yaegiLogFilter) Write(p []byte) (int, error) {
	if yaegiPanicLineRE.Match(p) {
		return len(p), nil
	}
	return f.w.Write(p)
}

var filterYaegiLog sync.Once

// quietYaegiLog installs the filter on the standard logger, once.
func quietYaegiLog() {
	filterYaegiLog.Do(func() { log.SetOutput(yaegiLogFilter{log.Writer()}) })
}
