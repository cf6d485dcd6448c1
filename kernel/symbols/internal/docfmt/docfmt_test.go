package docfmt

import (
	"bytes"
	"reflect"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	pkgs := []Package{{Path: "a", Name: "a", Synopsis: "Package a.", Doc: "Package a.\n"}, {Path: "b/c", Name: "c"}}
	members := [][]Member{
		{{Name: "F", Kind: "func", Signature: "func F()", Doc: "F does."}},
		{{Name: "T", Kind: "type", Signature: "type T int"}, {Name: "T.M", Kind: "method", Signature: "func (T) M()"}},
	}
	index, blob, err := Encode("go1.26", pkgs, members)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := DecodeIndex(index)
	if err != nil || idx.GoVersion != "go1.26" || len(idx.Packages) != 2 {
		t.Fatalf("index %+v, %v", idx, err)
	}
	for i, p := range idx.Packages {
		if p.Path != pkgs[i].Path || p.Doc != pkgs[i].Doc {
			t.Errorf("package %d: %+v", i, p)
		}
		ms, err := DecodeMembers(blob, p)
		if err != nil || !reflect.DeepEqual(ms, members[i]) {
			t.Errorf("members of %s: %+v, %v", p.Path, ms, err)
		}
	}
	// Same input, same bytes: the check compares decoded docs, but git
	// should not see churn either.
	index2, blob2, _ := Encode("go1.26", pkgs, members)
	if !bytes.Equal(index, index2) || !bytes.Equal(blob, blob2) {
		t.Error("encoding is not deterministic")
	}
}

func TestDecodeErrors(t *testing.T) {
	if _, err := DecodeIndex([]byte("not gzip")); err == nil {
		t.Error("DecodeIndex accepted garbage")
	}
	if _, err := DecodeMembers([]byte("short"), Package{Path: "x", Off: 2, Len: 10}); err == nil {
		t.Error("DecodeMembers accepted an out-of-range entry")
	}
	if _, err := DecodeMembers([]byte("garbage!"), Package{Path: "x", Off: 0, Len: 8}); err == nil {
		t.Error("DecodeMembers accepted garbage")
	}
	if _, _, err := Encode("go", []Package{{Path: "a"}}, nil); err == nil {
		t.Error("Encode accepted mismatched lists")
	}
}
