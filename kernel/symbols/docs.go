package symbols

import (
	_ "embed" // the generated docs
	"sort"
	"sync"

	"github.com/gocell/gocell/kernel/symbols/internal/docfmt"
)

//go:embed docs_index.json.gz
var indexData []byte

//go:embed docs_members.bin
var membersData []byte

// Member is one exported name of a package.
type Member struct {
	// Name is the member's name; a method or a field is "Type.Name".
	Name string
	// Kind is one of "func", "type", "method", "field", "var", "const".
	Kind string
	// Signature is the declaration as Go source, with parameter names:
	// "func Sum(s []float64) float64", "func (m *Dense) Mul(a, b Matrix)",
	// "type Matrix interface {...}", "const Pi = 3.14159...", "X float64"
	// for a field. Unexported struct fields are left out.
	Signature string
	// Doc is the doc comment's text, empty when there is none.
	Doc string
}

// Package is the documentation of one package that cells can import.
type Package struct {
	Path     string // import path
	Name     string // package name
	Synopsis string // the first sentence of Doc
	Doc      string // the package doc comment's text
	// Members are the exported names a cell can use (those in the yaegi
	// tables: generic functions and types, and standard library names newer
	// than yaegi's tables, are left out), their methods and fields, sorted
	// by Name. Nil in the result of Packages.
	Members []Member
}

var (
	indexOnce sync.Once
	index     []docfmt.Package
	byPath    map[string]int

	membersMu sync.Mutex
	members   = map[string][]Member{}
)

// loadIndex decodes the index on first use. Undecodable embedded docs (a
// broken generation the test would have caught) read as no docs rather than
// a crash of the kernel.
func loadIndex() {
	indexOnce.Do(func() {
		idx, err := docfmt.DecodeIndex(indexData)
		if err != nil {
			return
		}
		index = idx.Packages
		byPath = make(map[string]int, len(index))
		for i, p := range index {
			byPath[p.Path] = i
		}
	})
}

// Packages lists every documented package, sorted by path, without members.
func Packages() []Package {
	loadIndex()
	out := make([]Package, len(index))
	for i, p := range index {
		out[i] = Package{Path: p.Path, Name: p.Name, Synopsis: p.Synopsis, Doc: p.Doc}
	}
	return out
}

// Lookup returns the documentation of the package with import path path,
// members included. The first lookup of a package decodes its members.
func Lookup(path string) (*Package, bool) {
	loadIndex()
	i, ok := byPath[path]
	if !ok {
		return nil, false
	}
	p := index[i]
	ms := packageMembers(p)
	return &Package{Path: p.Path, Name: p.Name, Synopsis: p.Synopsis, Doc: p.Doc, Members: append([]Member(nil), ms...)}, true
}

// LookupMember returns member name ("Println", "Dense.Mul") of the package
// with import path path.
func LookupMember(path, name string) (Member, bool) {
	loadIndex()
	i, ok := byPath[path]
	if !ok {
		return Member{}, false
	}
	ms := packageMembers(index[i])
	j := sort.Search(len(ms), func(j int) bool { return ms[j].Name >= name })
	if j < len(ms) && ms[j].Name == name {
		return ms[j], true
	}
	return Member{}, false
}

func packageMembers(p docfmt.Package) []Member {
	membersMu.Lock()
	defer membersMu.Unlock()
	if ms, ok := members[p.Path]; ok {
		return ms
	}
	raw, err := docfmt.DecodeMembers(membersData, p)
	if err != nil {
		raw = nil
	}
	ms := make([]Member, len(raw))
	for i, m := range raw {
		ms[i] = Member{Name: m.Name, Kind: m.Kind, Signature: m.Signature, Doc: m.Doc}
	}
	members[p.Path] = ms
	return ms
}
