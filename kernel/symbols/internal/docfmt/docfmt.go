// Package docfmt is the on-disk format of the generated package docs that
// kernel/symbols embeds: the generator writes it, the symbols package reads
// it. Keeping both sides here means they cannot drift apart.
//
// The docs are two files. The index (gzip'd JSON) holds every package's path,
// name, synopsis and doc comment plus where its members are in the members
// file. The members file is a concatenation of one gzip'd JSON array per
// package, so looking up one package inflates only that package.
package docfmt

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
)

// Index and member file names, relative to the kernel/symbols directory.
const (
	IndexFile   = "docs_index.json.gz"
	MembersFile = "docs_members.bin"
)

// Member is one exported name of a package: a func, type, var or const, or a
// method ("T.M") or field ("T.F") of an exported type.
type Member struct {
	Name      string `json:"n"`
	Kind      string `json:"k"`
	Signature string `json:"s"`
	Doc       string `json:"d,omitempty"`
}

// Package is one package's entry in the index.
type Package struct {
	Path     string `json:"p"`
	Name     string `json:"n"`
	Synopsis string `json:"s,omitempty"`
	Doc      string `json:"d,omitempty"`
	// Off and Len locate the package's gzip'd member array in the members file.
	Off int `json:"o"`
	Len int `json:"l"`
}

// Index is the decoded index file.
type Index struct {
	// GoVersion is the Go release whose standard library sources the docs
	// were read from; a check on another release may legitimately differ.
	GoVersion string    `json:"go"`
	Packages  []Package `json:"pkgs"`
}

// Encode lays out pkgs and their members (members[i] belongs to pkgs[i]) as
// the index and members files. It fills in Off and Len.
func Encode(goVersion string, pkgs []Package, members [][]Member) (index, blob []byte, err error) {
	if len(pkgs) != len(members) {
		return nil, nil, fmt.Errorf("docfmt: %d packages but %d member lists", len(pkgs), len(members))
	}
	var all bytes.Buffer
	out := Index{GoVersion: goVersion, Packages: make([]Package, len(pkgs))}
	for i, p := range pkgs {
		z, err := gz(members[i])
		if err != nil {
			return nil, nil, err
		}
		p.Off, p.Len = all.Len(), len(z)
		all.Write(z)
		out.Packages[i] = p
	}
	idx, err := gz(out)
	if err != nil {
		return nil, nil, err
	}
	return idx, all.Bytes(), nil
}

// DecodeIndex reads an index file.
func DecodeIndex(index []byte) (Index, error) {
	var idx Index
	if err := gunzip(index, &idx); err != nil {
		return Index{}, fmt.Errorf("docfmt: index: %w", err)
	}
	return idx, nil
}

// DecodeMembers reads package p's members out of the members file.
func DecodeMembers(blob []byte, p Package) ([]Member, error) {
	if p.Off < 0 || p.Len < 0 || p.Off+p.Len > len(blob) {
		return nil, fmt.Errorf("docfmt: members of %s out of range [%d:+%d] of %d bytes", p.Path, p.Off, p.Len, len(blob))
	}
	var ms []Member
	if err := gunzip(blob[p.Off:p.Off+p.Len], &ms); err != nil {
		return nil, fmt.Errorf("docfmt: members of %s: %w", p.Path, err)
	}
	return ms, nil
}

// gz is deterministic: the gzip header carries no name and no time, so the
// same docs always give the same bytes.
func gz(v any) ([]byte, error) {
	js, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("docfmt: %w", err)
	}
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("docfmt: %w", err)
	}
	if _, err := w.Write(js); err != nil {
		return nil, fmt.Errorf("docfmt: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("docfmt: %w", err)
	}
	return buf.Bytes(), nil
}

func gunzip(b []byte, v any) error {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return err
	}
	js, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return json.Unmarshal(js, v)
}
