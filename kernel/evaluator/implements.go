package evaluator

import (
	"fmt"
	"go/ast"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/gocell/gocell/kernel/cellparse"
)

// yaegi refuses a value of a cell's type where an interface it does not
// implement is wanted without saying why: "cannot use type *main.My as
// type dnn.Layer in assignment". Go names the first missing method, and
// that is what a learner writing a layer needs to hear. So the method
// sets the session keeps of the cells' types are compared with the
// interface's methods, and Go's reason is added.

// cannotUseRE reads yaegi's message: the value's type (a cell's), the
// interface and the context.
var cannotUseRE = regexp.MustCompile(`cannot use type (\*?)main\.(\w+) as type (\w+\.\w+|error) in ([\w ]+)$`)

// explainImplements adds to yaegi's message why the cell's type does not
// implement the interface, in Go's words.
func (s *Session) explainImplements(msg string) string {
	m := cannotUseRE.FindStringSubmatchIndex(msg)
	if m == nil {
		return msg
	}
	ptr, typ, iface := msg[m[2]:m[3]] == "*", msg[m[4]:m[5]], msg[m[6]:m[7]]
	want, ok := s.interfaceMethods(iface)
	if !ok {
		return msg
	}
	s.mu.Lock()
	sets, _ := methodSets(s.reg.decls)
	s.mu.Unlock()
	have := sets[typ]
	if ptr {
		have = sets["*"+typ]
	}
	shown := strings.TrimPrefix(iface, "main.")
	self := typ
	if ptr {
		self = "*" + typ
	}
	// yaegi lets a value stand for a pointer receiver's method set, so
	// only a missing method gets here.
	missing := ""
	for _, name := range want {
		if _, ok := have[name]; !ok {
			missing = name
			break
		}
	}
	if missing == "" {
		return msg
	}
	text := fmt.Sprintf("cannot use type %s as type %s in %s: %s does not implement %s (missing method %s)", self, shown, msg[m[8]:m[9]], self, shown, missing)
	return msg[:m[0]] + text + msg[m[1]:]
}

// interfaceMethods returns the sorted method names of an interface: a
// compiled package's (pkg.Name) or a cell's (main.Name), whose embedded
// interfaces must be known too.
func (s *Session) interfaceMethods(iface string) ([]string, bool) {
	if iface == "error" {
		return []string{"Error"}, true
	}
	pkg, name, _ := strings.Cut(iface, ".")
	if pkg != "main" {
		t, ok := s.compiledType(pkg, name)
		if !ok || t.Kind() != reflect.Interface {
			return nil, false
		}
		names := make([]string, t.NumMethod())
		for i := range names {
			names[i] = t.Method(i).Name
		}
		return names, true // reflect sorts them
	}
	s.mu.Lock()
	d, ok := s.reg.names[name]
	s.mu.Unlock()
	if !ok || d.kind != cellparse.Type {
		return nil, false
	}
	ts := typeSpec(d.src)
	if ts == nil {
		return nil, false
	}
	it, ok := ts.Type.(*ast.InterfaceType)
	if !ok {
		return nil, false
	}
	var names []string
	for _, m := range it.Methods.List {
		if len(m.Names) == 0 {
			return nil, false // an embedded interface: not followed here
		}
		for _, n := range m.Names {
			names = append(names, n.Name)
		}
	}
	sort.Strings(names)
	return names, true
}
