package symbols

import (
	"testing"

	"github.com/gocell/gocell/kernel/symbols/internal/docfmt"
	"github.com/traefik/yaegi/interp"
)

// The first Packages, Lookup or LookupMember call pays for the index.
func BenchmarkDecodeIndex(b *testing.B) {
	for b.Loop() {
		if _, err := docfmt.DecodeIndex(indexData); err != nil {
			b.Fatal(err)
		}
	}
}

// The first lookup in a package pays for its members; mat is the largest
// preloaded package.
func BenchmarkDecodeMembersMat(b *testing.B) {
	idx, err := docfmt.DecodeIndex(indexData)
	if err != nil {
		b.Fatal(err)
	}
	var mat docfmt.Package
	for _, p := range idx.Packages {
		if p.Path == "gonum.org/v1/gonum/mat" {
			mat = p
		}
	}
	for b.Loop() {
		if _, err := docfmt.DecodeMembers(membersData, mat); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookupMemberWarm(b *testing.B) {
	for b.Loop() {
		if _, ok := LookupMember("gonum.org/v1/gonum/mat", "Dense.Mul"); !ok {
			b.Fatal("not found")
		}
	}
}

// What an evaluator pays to get a fresh interpreter with every table.
func BenchmarkNewInterpreterWithExports(b *testing.B) {
	for b.Loop() {
		i := interp.New(interp.Options{})
		if err := i.Use(Exports()); err != nil {
			b.Fatal(err)
		}
	}
}
