package evaluator

import (
	"fmt"
	"go/scanner"
	"go/token"
	"regexp"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
)

// A value of an instance of a cell's generic type (Stack[int]) reflects,
// as every cell type does, as an anonymous struct, and nameTypes cannot
// name a generic type before it is instantiated. So each instance a cell
// writes out, in an item or in the declaration defineInFunc makes for a
// generic call's value, is named when the item runs: Out shows
// Stack[int]{items:[1]} and %T main.Stack[int], as Go does, instead of
// {items:[1]} and struct { Xitems []int }.

// isGenericType reports whether src, a type declaration, has type
// parameters (type A [3]int has none).
func isGenericType(src string) bool {
	ts := typeSpec(src)
	return ts != nil && ts.TypeParams != nil
}

// spaceAfterCommaRE finds the spaces Go's type names leave out between
// type arguments (Pair[string,int]).
var spaceAfterCommaRE = regexp.MustCompile(`,\s+`)

// nameInstances names the instances of the cells' generic types that src
// writes out, once each until the types change (see nameTypes).
func (s *Session) nameInstances(src string) {
	if !strings.Contains(src, "[") {
		return
	}
	for _, inst := range instancesIn(src, s.genericType) {
		name := spaceAfterCommaRE.ReplaceAllString(inst, ",")
		if s.instances[name] {
			continue
		}
		if s.instances == nil {
			s.instances = map[string]bool{}
		}
		// Tried once: an instance with a type parameter for an argument
		// (Stack[T] in a generic func) does not compile here.
		s.instances[name] = true
		// new(G[A, B]) and (*G[A, B])(nil) fail in yaegi where a
		// variable of the instance does not.
		_, _ = safeEval(s.interp(), fmt.Sprintf(";%s.TypeName(%q, func() interface{} { var v %s; return &v }())", rtName, name, inst))
	}
}

// genericType reports whether name is a generic type a cell declared.
func (s *Session) genericType(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.reg.names[name]
	return ok && d.kind == cellparse.Type && d.generic
}

// instancesIn returns the text of each instance G[...] in src of a name
// generic reports.
func instancesIn(src string, generic func(name string) bool) []string {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var sc scanner.Scanner
	sc.Init(file, []byte(src), nil, 0)
	type tok struct {
		off int
		tok token.Token
		lit string
	}
	var toks []tok
	for {
		pos, t, lit := sc.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{file.Offset(pos), t, lit})
	}
	var out []string
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].tok != token.IDENT || toks[i+1].tok != token.LBRACK || !generic(toks[i].lit) {
			continue
		}
		if i > 0 && toks[i-1].tok == token.PERIOD {
			continue // a field or method of that name
		}
		depth := 0
		for j := i + 1; j < len(toks); j++ {
			switch toks[j].tok {
			case token.LBRACK, token.LPAREN, token.LBRACE:
				depth++
			case token.RBRACK, token.RPAREN, token.RBRACE:
				depth--
			}
			if depth == 0 {
				out = append(out, src[toks[i].off:toks[j].off+1])
				break
			}
		}
	}
	return out
}
