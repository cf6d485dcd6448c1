package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/build"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
)

// useModuleGOPATH makes go/build, and so yaegi's extractor, find module
// packages without running `go list` once per import: it builds a GOPATH of
// symlinks to the directories of the modules in the build list (the versions
// go.mod selects) and switches go/build to GOPATH lookup. That takes the
// extraction about three times faster. restore undoes it.
//
// go/build only runs the go command when its Context has no file system
// hooks; setting IsDir (to what it does anyway) is how it is told not to.
func useModuleGOPATH(dir string) (restore func(), err error) {
	cmd := exec.Command("go", "list", "-m", "-json", "all")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("gen: go list -m: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	type module struct{ Path, Dir string }
	var mods []module
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var m module
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("gen: go list -m output: %w", err)
		}
		if m.Dir != "" { // modules of the graph that no build needs are not downloaded
			mods = append(mods, m)
		}
	}
	// Shorter paths first, so a module nested in another's path is seen
	// after its parent and left out (the link would land inside the parent).
	sort.Slice(mods, func(i, j int) bool { return mods[i].Path < mods[j].Path })
	root, err := os.MkdirTemp("", "gocell-gen-gopath-")
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	for _, m := range mods {
		link := filepath.Join(root, "src", filepath.FromSlash(m.Path))
		if _, err := os.Lstat(filepath.Dir(link)); err == nil && insideLink(root, filepath.Dir(link)) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			os.RemoveAll(root)
			return nil, fmt.Errorf("gen: %w", err)
		}
		if err := os.Symlink(m.Dir, link); err != nil {
			os.RemoveAll(root)
			return nil, fmt.Errorf("gen: %w", err)
		}
	}
	saved := build.Default
	build.Default.GOPATH = root
	build.Default.IsDir = func(p string) bool {
		fi, err := os.Stat(p)
		return err == nil && fi.IsDir()
	}
	return func() {
		build.Default = saved
		os.RemoveAll(root)
	}, nil
}

// insideLink tells whether dir, under root, passes through a symlink.
func insideLink(root, dir string) bool {
	for d := dir; len(d) > len(root); d = filepath.Dir(d) {
		if fi, err := os.Lstat(d); err == nil && fi.Mode()&os.ModeSymlink != 0 {
			return true
		}
	}
	return false
}
