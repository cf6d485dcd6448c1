// Package symbols holds the yaegi symbol tables of the compiled packages
// that gocell preloads into cells, and the docs (signatures and doc
// comments) that completion and inspect show for them and for yaegi's
// standard library.
//
// Everything here but this file and docs.go is generated and never edited by
// hand: the packages are listed in packages.txt, one import path a line, and
// `go generate ./kernel/symbols` rewrites the tables (with yaegi's
// extractor) and the docs (with go/doc, from the sources in GOROOT and the
// module cache). The package's test fails when they are out of date.
package symbols

//go:generate go run ./internal/gen

import (
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// Symbols holds the generated tables of the preloaded packages, keyed like
// yaegi's: "import/path/name". The generated init functions fill it.
var Symbols = interp.Exports{}

// Exports returns yaegi's standard library tables merged with Symbols, ready
// for interp.Interpreter.Use. The outer map is new on each call; the tables
// in it are shared and must not be modified.
func Exports() interp.Exports {
	out := make(interp.Exports, len(stdlib.Symbols)+len(Symbols))
	for k, v := range stdlib.Symbols {
		out[k] = v
	}
	for k, v := range Symbols {
		out[k] = v
	}
	return out
}
