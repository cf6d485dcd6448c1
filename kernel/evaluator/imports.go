package evaluator

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
	"github.com/traefik/yaegi/interp"
)

// preferred resolves package names several packages share, for imports a
// cell implies by using the name. README documents the same table.
var preferred = map[string]string{
	"rand":     "math/rand",
	"template": "text/template",
	"draw":     "image/draw",
	"scanner":  "text/scanner",
	"pprof":    "runtime/pprof",
	"constant": "go/constant",
}

// packageIndex knows which packages the interpreter can import.
type packageIndex struct {
	byPath map[string]string   // import path -> package name
	byName map[string][]string // package name -> import paths
	extra  []string            // preloaded (non-standard) paths, sorted
	// members lists each package's exported names, for completion when
	// no generated docs exist.
	members map[string][]string
}

func newPackageIndex(std, extra interp.Exports) *packageIndex {
	x := &packageIndex{byPath: map[string]string{}, byName: map[string][]string{}, members: map[string][]string{}}
	add := func(t interp.Exports, isExtra bool) {
		for k := range t {
			p, name := path.Dir(k), path.Base(k)
			if p == "." || strings.HasPrefix(p, "github.com/traefik/yaegi") {
				continue
			}
			if _, dup := x.byPath[p]; dup {
				continue
			}
			x.byPath[p] = name
			for m := range t[k] {
				x.members[p] = append(x.members[p], m)
			}
			sort.Strings(x.members[p])
			x.byName[name] = append(x.byName[name], p)
			if isExtra {
				x.extra = append(x.extra, p)
			}
		}
	}
	add(std, false)
	add(extra, true)
	sort.Strings(x.extra)
	return x
}

// resolve returns the import path a bare package name stands for.
func (x *packageIndex) resolve(name string) (string, bool) {
	paths := x.byName[name]
	if len(paths) == 0 {
		return "", false
	}
	if p, ok := preferred[name]; ok {
		if _, ok := x.byPath[p]; ok {
			return p, true
		}
	}
	best := paths[0]
	for _, p := range paths[1:] {
		if p == name || (best != name && (len(p) < len(best) || (len(p) == len(best) && p < best))) {
			best = p
		}
	}
	return best, true
}

// unavailable explains that importPath cannot be imported and lists what can.
func (x *packageIndex) unavailable(importPath string) error {
	msg := fmt.Sprintf("package %q is not available in this kernel; available: the standard library", importPath)
	if len(x.extra) > 0 {
		msg += " and " + strings.Join(x.extra, ", ")
	}
	return &compileError{msg: msg}
}

// importItem evaluates an explicit import once; repeating an import is
// harmless (yaegi rejects it: #1551, #1726).
func (s *Session) importItem(c *cellRun, it *cellparse.Item) error {
	p := it.ImportPath
	if _, ok := s.pkgs.byPath[p]; !ok {
		e := s.pkgs.unavailable(p)
		return &compileError{msg: cellPos(c.n, it.Line, it.Col) + ": " + e.Error()}
	}
	name := it.ImportName
	if name == "" {
		name = s.pkgs.byPath[p]
	}
	return s.addImport(c, name, p, it.Line, it.Col)
}

// addImport imports path under name unless it already is.
func (s *Session) addImport(c *cellRun, name, p string, line, col int) error {
	s.mu.Lock()
	prev, seen := s.reg.imports[name]
	s.mu.Unlock()
	if seen && prev == p {
		return nil
	}
	if name == "_" {
		return nil
	}
	if seen && name != "." {
		// yaegi cannot bind a name to another package: rebuild with it.
		s.mu.Lock()
		s.reg.imports[name] = p
		s.mu.Unlock()
		loss, err := s.rebuild()
		if err != nil {
			s.mu.Lock()
			s.reg.imports[name] = prev
			s.mu.Unlock()
			return err
		}
		msg := fmt.Sprintf("gocell: %s now names package %q (it was %q); the interpreter was rebuilt", name, p, prev)
		if loss != "" {
			msg += ": " + loss
		}
		s.notice("%s", msg)
		return nil
	}
	if seen {
		return &compileError{msg: cellPos(c.n, line, col) + fmt.Sprintf(": a second dot-import (%q after %q) is not supported; import it by name", p, prev)}
	}
	src := fmt.Sprintf("import %s %q", name, p)
	if name == "." {
		src = fmt.Sprintf("import . %q", p)
	}
	if _, err := s.run(c.ctx, src); err != nil {
		return err
	}
	s.mu.Lock()
	s.reg.addImport(name, p)
	s.mu.Unlock()
	return nil
}

// impliedImports imports the packages a cell uses by name without
// importing them, unless the name is the user's own or imported already.
func (s *Session) impliedImports(c *cellRun, cell *cellparse.Cell) error {
	own := map[string]bool{}
	for _, it := range cell.Items {
		for _, n := range it.Names {
			own[n] = true
		}
		if it.Kind == cellparse.Import {
			name := it.ImportName
			if name == "" {
				name = s.pkgs.byPath[it.ImportPath]
			}
			own[name] = true
		}
	}
	for _, it := range cell.Items {
		for _, name := range it.Packages {
			if own[name] {
				continue
			}
			s.mu.Lock()
			_, imported := s.reg.imports[name]
			_, declared := s.reg.names[name]
			s.mu.Unlock()
			if imported || declared {
				continue
			}
			if _, ok := s.interp().Globals()[name]; ok {
				continue
			}
			p, ok := s.pkgs.resolve(name)
			if !ok {
				continue
			}
			own[name] = true
			if err := s.addImport(c, name, p, it.Line, it.Col); err != nil {
				return err
			}
		}
	}
	return nil
}
