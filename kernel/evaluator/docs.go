package evaluator

import (
	"sort"
	"strings"

	"github.com/gocell/gocell/kernel/symbols"
)

// This file is the session's only use of the generated docs (package
// symbols): members of a package for completion, signatures and doc
// comments for inspect and %help.

// memberDoc is one documented member of a package.
type memberDoc struct {
	name, kind, signature, doc string
}

// packageMembers lists the top-level members of the package at path, from
// the generated docs, or else from the names in the yaegi table.
func (x *packageIndex) packageMembers(path string) []memberDoc {
	if p, ok := symbols.Lookup(path); ok {
		out := make([]memberDoc, 0, len(p.Members))
		for _, m := range p.Members {
			if strings.Contains(m.Name, ".") {
				continue // methods and fields
			}
			out = append(out, memberDoc{name: m.Name, kind: m.Kind, signature: m.Signature, doc: m.Doc})
		}
		return out
	}
	names := x.members[path]
	out := make([]memberDoc, 0, len(names))
	for _, n := range names {
		out = append(out, memberDoc{name: n})
	}
	return out
}

// packageDoc returns the doc of a package, or of one of its members
// ("Println", "Dense.Mul").
func packageDoc(path, member string) (string, bool) {
	if member == "" {
		p, ok := symbols.Lookup(path)
		if !ok {
			return "", false
		}
		text := "package " + p.Name + " // import \"" + p.Path + "\"\n\n" + p.Doc
		names := make([]string, 0, len(p.Members))
		for _, m := range p.Members {
			if !strings.Contains(m.Name, ".") {
				names = append(names, m.Name)
			}
		}
		sort.Strings(names)
		if len(names) > 0 {
			text += "\n\nMembers: " + strings.Join(names, ", ")
		}
		return text, true
	}
	m, ok := symbols.LookupMember(path, member)
	if !ok {
		return "", false
	}
	text := m.Signature
	if m.Doc != "" {
		text += "\n\n" + m.Doc
	}
	return text, true
}
