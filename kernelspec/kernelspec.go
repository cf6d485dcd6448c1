// Package kernelspec holds the files of gocell's Jupyter kernelspec, embedded
// so that the gocell binary can install them wherever it runs:
// kernel.json, the template, and logo-32x32.png and logo-64x64.png, drawn by
// ./logo (go generate ./kernelspec).
//
// In the template, argv[0] is the placeholder Binary; `gocell install`
// (package kernel/kernelspec) replaces it with the absolute path of the
// installed binary and sets kernel_protocol_version to the version the
// kernel speaks. Jupyter itself replaces "{connection_file}".
package kernelspec

import _ "embed" // the template and logos

//go:generate go run ./logo

// Binary is the placeholder for the kernel binary's path in the template's argv.
const Binary = "@GOCELL_BINARY@"

// Template is kernel.json as committed, with Binary in argv[0].
//
//go:embed kernel.json
var Template []byte

// Logos maps each logo's file name to its PNG bytes.
var Logos = map[string][]byte{
	"logo-32x32.png": logo32,
	"logo-64x64.png": logo64,
}

//go:embed logo-32x32.png
var logo32 []byte

//go:embed logo-64x64.png
var logo64 []byte
