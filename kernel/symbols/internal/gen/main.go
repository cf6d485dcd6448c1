// Command gen regenerates kernel/symbols: a yaegi symbol table for every
// package listed in packages.txt, and the docs (signatures and doc comments)
// of those packages and of yaegi's standard library.
//
// It runs from `go generate ./kernel/symbols`. With -check it writes nothing
// and exits 1 when a generated file is missing, stale or left over; CI runs
// it through the package's test.
//
// The tables come from yaegi's own extractor (github.com/traefik/yaegi/extract,
// the code behind `yaegi extract`, at the version go.mod pins), called in
// process: the command-line tool only prints a failed package and carries on,
// so a misspelt line in packages.txt would silently give no table.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// verbose turns on progress lines on stderr.
var verbose = flag.Bool("v", false, "print progress")

func logf(format string, args ...any) {
	if *verbose {
		fmt.Fprintf(os.Stderr, "gen: "+format+"\n", args...)
	}
}

func main() {
	check := flag.Bool("check", false, "compare with the files on disk instead of writing them")
	dir := flag.String("dir", ".", "the kernel/symbols directory")
	flag.Parse()
	files, err := generate(*dir)
	if err == nil {
		if *check {
			err = compare(*dir, files)
		} else {
			err = write(*dir, files)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// generate produces every generated file of dir, by name.
func generate(dir string) (map[string][]byte, error) {
	paths, err := readList(filepath.Join(dir, "packages.txt"))
	if err != nil {
		return nil, err
	}
	start := time.Now()
	restore, err := useModuleGOPATH(dir)
	if err != nil {
		return nil, err
	}
	tables, err := extractAll(paths)
	restore()
	if err != nil {
		return nil, err
	}
	logf("extracted %d tables in %v", len(tables), time.Since(start).Round(time.Millisecond))
	files := map[string][]byte{}
	for _, t := range tables {
		files[t.file] = t.src
	}
	start = time.Now()
	index, members, err := buildDocs(dir, tables)
	if err != nil {
		return nil, err
	}
	logf("docs: index %d bytes, members %d bytes, in %v", len(index), len(members), time.Since(start).Round(time.Millisecond))
	files[indexFile] = index
	files[membersFile] = members
	return files, nil
}

// readList reads one import path a line; blank lines and # comments are skipped.
func readList(name string) ([]string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	var paths []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "#"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		if strings.ContainsAny(line, " \t") {
			return nil, fmt.Errorf("gen: %s:%d: one import path a line, got %q", name, n, line)
		}
		if seen[line] {
			return nil, fmt.Errorf("gen: %s:%d: %s listed twice", name, n, line)
		}
		seen[line] = true
		paths = append(paths, line)
	}
	return paths, nil
}

// isGenerated tells the files this command owns, so that a package dropped
// from the list loses its table too.
func isGenerated(dir, name string) bool {
	if name == indexFile || name == membersFile {
		return true
	}
	if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
		return false
	}
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return false
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	return strings.HasPrefix(line, extractHeader)
}

func existing(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	var names []string
	for _, e := range ents {
		if e.Type().IsRegular() && isGenerated(dir, e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

func write(dir string, files map[string][]byte) error {
	old, err := existing(dir)
	if err != nil {
		return err
	}
	for _, name := range old {
		if _, keep := files[name]; !keep {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("gen: %w", err)
			}
		}
	}
	for name, b := range files {
		p := filepath.Join(dir, name)
		if cur, err := os.ReadFile(p); err == nil && bytes.Equal(cur, b) {
			continue
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return fmt.Errorf("gen: %w", err)
		}
	}
	return nil
}

// compare reports every difference between files and dir in one error.
// The docs are compared decoded, so a change in compress/flate's output
// between Go releases does not count as a difference.
func compare(dir string, files map[string][]byte) error {
	old, err := existing(dir)
	if err != nil {
		return err
	}
	var problems []string
	for _, name := range old {
		if _, ok := files[name]; !ok {
			problems = append(problems, name+": left over (its package is no longer listed)")
		}
	}
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		cur, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case err != nil:
			problems = append(problems, name+": missing")
		case name == indexFile || name == membersFile:
			if name == indexFile {
				if msg := compareDocs(cur, files[indexFile], dir, files[membersFile]); msg != "" {
					problems = append(problems, msg)
				}
			}
		case !bytes.Equal(cur, files[name]):
			problems = append(problems, name+": out of date")
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("gen: generated files in %s are not up to date; run go generate ./kernel/symbols:\n\t%s",
			dir, strings.Join(problems, "\n\t"))
	}
	return nil
}
