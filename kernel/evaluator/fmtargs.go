package evaluator

import (
	"fmt"
	"go/ast"
	"io"
	"reflect"
	"sort"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// fmt's print functions, as a cell calls them, see what the cell means:
//
//   - yaegi hands fmt a slice or map of a cell's interface type (a
//     []Shape) with each element in its internal wrapper, which fmt
//     printed as pointers ([{0xc000... {0x... 409}}]); the elements are
//     unwrapped first.
//   - A cell's struct type reflects as an anonymous struct, so %T and %#v
//     printed `struct { X int; Y int }` where Go prints `main.Point`; the
//     text of the struct types the cells named is replaced by main.Name.

// fmtPrintNames are the fmt functions the session replaces.
var fmtPrintNames = []string{"Print", "Printf", "Println", "Sprint", "Sprintf", "Sprintln", "Fprint", "Fprintf", "Fprintln", "Errorf"}

// fmtExports returns the replacements of fmt's print functions, printing
// to stdout, with c's types naming the cells' types. The key "fmt/./fmt"
// loads them into package fmt without yaegi's fixStdlib, which would put
// its own Print, Printf and Println back.
func fmtExports(stdout io.Writer, c *cellState) interp.Exports {
	p := fmtPrinter{c: c}
	syms := map[string]reflect.Value{
		"Print": reflect.ValueOf(func(a ...interface{}) (int, error) {
			return io.WriteString(stdout, p.named(fmt.Sprint(p.plainArgs(a)...)))
		}),
		"Printf": reflect.ValueOf(func(f string, a ...interface{}) (int, error) {
			return io.WriteString(stdout, p.namedf(f, fmt.Sprintf(f, p.plainArgs(a, argVerbs(f, len(a)))...)))
		}),
		"Println": reflect.ValueOf(func(a ...interface{}) (int, error) {
			return io.WriteString(stdout, p.named(fmt.Sprintln(p.plainArgs(a)...)))
		}),
		"Sprint": reflect.ValueOf(func(a ...interface{}) string {
			return p.named(fmt.Sprint(p.plainArgs(a)...))
		}),
		"Sprintf": reflect.ValueOf(func(f string, a ...interface{}) string {
			return p.namedf(f, fmt.Sprintf(f, p.plainArgs(a, argVerbs(f, len(a)))...))
		}),
		"Sprintln": reflect.ValueOf(func(a ...interface{}) string {
			return p.named(fmt.Sprintln(p.plainArgs(a)...))
		}),
		"Fprint": reflect.ValueOf(func(w io.Writer, a ...interface{}) (int, error) {
			return io.WriteString(w, p.named(fmt.Sprint(p.plainArgs(a)...)))
		}),
		"Fprintf": reflect.ValueOf(func(w io.Writer, f string, a ...interface{}) (int, error) {
			return io.WriteString(w, p.namedf(f, fmt.Sprintf(f, p.plainArgs(a, argVerbs(f, len(a)))...)))
		}),
		"Fprintln": reflect.ValueOf(func(w io.Writer, a ...interface{}) (int, error) {
			return io.WriteString(w, p.named(fmt.Sprintln(p.plainArgs(a)...)))
		}),
		// The error's text is fmt's: renaming it would lose what %w wraps.
		"Errorf": reflect.ValueOf(func(f string, a ...interface{}) error {
			return fmt.Errorf(f, p.plainArgs(a, argVerbs(f, len(a)))...)
		}),
	}
	mt := map[reflect.Value][]reflect.Type{}
	for _, v := range syms {
		mt[v] = printIfaces()
	}
	return interp.Exports{"fmt/./fmt": syms, ".": {"MapTypes": reflect.ValueOf(mt)}}
}

// fmtPrinter renames the cells' struct types in fmt's text.
type fmtPrinter struct{ c *cellState }

// named replaces the text of every struct type a cell named (longest
// first: a struct holding another contains its text) by main.Name.
func (p fmtPrinter) named(s string) string {
	if !strings.Contains(s, "struct {") {
		return s
	}
	p.c.mu.Lock()
	var pairs []string
	for t, n := range p.c.types {
		if t.Kind() == reflect.Struct {
			pairs = append(pairs, t.String(), "main."+n)
		}
	}
	p.c.mu.Unlock()
	idx := make([]int, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		idx = append(idx, i)
	}
	sort.Slice(idx, func(a, b int) bool {
		la, lb := len(pairs[idx[a]]), len(pairs[idx[b]])
		if la != lb {
			return la > lb
		}
		return pairs[idx[a]+1] < pairs[idx[b]+1]
	})
	ordered := make([]string, 0, len(pairs))
	for _, i := range idx {
		ordered = append(ordered, pairs[i], pairs[i+1])
	}
	return strings.NewReplacer(ordered...).Replace(s)
}

// namedf is named for the text of format f, with the unexported field
// names of the cells' struct types written as declared when f prints
// field names (%+v, %#v): yaegi's reflect types spell them Xname.
func (p fmtPrinter) namedf(f, s string) string {
	s = p.named(s)
	if !strings.Contains(f, "%+") && !strings.Contains(f, "%#") {
		return s
	}
	p.c.mu.Lock()
	var pairs []string
	for t, names := range p.c.fields {
		for i, n := range names {
			if i < t.NumField() && t.Field(i).Name != n {
				pairs = append(pairs, t.Field(i).Name+":", n+":")
			}
		}
	}
	p.c.mu.Unlock()
	if len(pairs) == 0 {
		return s
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// plainArgs returns args with yaegi's wrappers of interface elements
// unwrapped and values of a cell's type with a String or Error method
// inside them (elements, struct fields) replaced by its text, copying
// only what changes. verbs holds each argument's verb, where known: an
// argument printed with %T or %p is left as it is.
func (p fmtPrinter) plainArgs(args []interface{}, verbs ...[]rune) []interface{} {
	out := args
	var st staticTypes
	for i, a := range args {
		verb := 'v'
		if len(verbs) > 0 && i < len(verbs[0]) {
			verb = verbs[0][i]
		}
		if verb == 'T' || verb == 'p' || verb == 'w' {
			// %T names the asserted value's type, not its stand-in's.
			if o, ok := standIn(a); ok && verb == 'T' {
				if &out[0] == &args[0] {
					out = append([]interface{}(nil), args...)
				}
				out[i] = o
			}
			continue
		}
		if st.names == nil {
			st = p.c.staticTypes()
			if st.names == nil {
				st.names = map[string]bool{}
			}
		}
		v, changed := p.plainValue(st, reflect.ValueOf(a), 0, nil, true)
		if !changed {
			continue
		}
		if &out[0] == &args[0] {
			out = append([]interface{}(nil), args...)
		}
		out[i] = v.Interface()
	}
	return out
}

var anyType = reflect.TypeOf((*interface{})(nil)).Elem()

// plainValue unwraps yaegi's wrapper of an interpreted value held in an
// interface, in v or in the elements, fields and map keys in v, and
// replaces such an element by its String or Error method's text; a
// container holding one is copied with elements of type interface{}, a
// struct replaced by a shownStruct. e is v's declared type where known
// (a struct field's); methods is false below an unexported field, where
// Go calls no method.
func (p fmtPrinter) plainValue(st staticTypes, v reflect.Value, depth int, e ast.Expr, methods bool) (reflect.Value, bool) {
	if !v.IsValid() || depth > maxDepth {
		return v, false
	}
	// An argument reaches here as a cell's type only where its static
	// type was an interface (var x interface{} = &T{5}): yaegi gave the
	// others its Stringer, so the top is looked at too.
	if methods {
		if s, ok := p.c.typedText(st, v, e); ok {
			return reflect.ValueOf(shownText{s, v}), true
		}
		if s, ok := p.c.elemText(v); ok {
			return reflect.ValueOf(shownText{s, v}), true
		}
		if v.Kind() == reflect.Struct && !st.keepStructs {
			if s, ok := p.c.promotedText(st, v); ok {
				return reflect.ValueOf(shownText{s, v}), true
			}
		}
	}
	e = st.resolve(e)
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return v, false
		}
		return p.plainValue(st, v.Elem(), depth, nil, methods)
	case reflect.Struct:
		if u := unwrapInterp(v); u.IsValid() && u.Type() != v.Type() {
			plain, _ := p.plainValue(st, u, depth, nil, methods)
			return plain, true
		}
		return p.plainStruct(st, v, depth, methods)
	case reflect.Pointer:
		// fmt prints a pointer to a struct as &{...} at the top only.
		if depth == 0 && !v.IsNil() && v.Elem().Kind() == reflect.Struct {
			if x, changed := p.plainStruct(st, v.Elem(), depth, methods); changed {
				s := x.Interface().(shownStruct)
				s.amp, s.orig = true, v.Interface()
				return reflect.ValueOf(s), true
			}
		}
	case reflect.Slice, reflect.Array:
		_, elem := elemExprs(e)
		if !p.mayChange(st, v.Type().Elem(), elem) || (v.Kind() == reflect.Slice && v.IsNil()) {
			return v, false
		}
		var out reflect.Value
		for i := 0; i < v.Len(); i++ {
			x, changed := p.plainValue(st, v.Index(i), depth+1, elem, methods)
			if changed && !out.IsValid() {
				out = reflect.MakeSlice(reflect.SliceOf(anyType), v.Len(), v.Len())
				for j := 0; j < i; j++ {
					setAny(out.Index(j), v.Index(j))
				}
			}
			if out.IsValid() {
				setAny(out.Index(i), x)
			}
		}
		if out.IsValid() {
			return out, true
		}
	case reflect.Map:
		key, elem := elemExprs(e)
		if v.IsNil() || !p.mayChange(st, v.Type().Elem(), elem) && !p.mayChange(st, v.Type().Key(), key) {
			return v, false
		}
		return p.plainMap(st, v, depth, key, elem, methods)
	}
	return v, false
}

// plainStruct replaces v, a value of a cell's struct type, by a
// shownStruct when one of its fields prints differently.
func (p fmtPrinter) plainStruct(st staticTypes, v reflect.Value, depth int, methods bool) (reflect.Value, bool) {
	if st.keepStructs {
		return v, false
	}
	names, types, ok := st.structFields(v.Type())
	if !ok || !v.CanInterface() || !p.mayChange(st, v.Type(), nil) {
		return v, false
	}
	var vals []interface{}
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		x, changed := p.plainValue(st, f, depth+1, types[i], methods && ast.IsExported(names[i]))
		if changed && vals == nil {
			vals = make([]interface{}, v.NumField())
			for j := 0; j < i; j++ {
				vals[j] = anyValue(v.Field(j)).Interface()
			}
		}
		if vals != nil {
			vals[i] = anyValue(x).Interface()
		}
	}
	if vals == nil {
		return v, false
	}
	return reflect.ValueOf(shownStruct{orig: v.Interface(), names: names, vals: vals}), true
}

// plainMap copies v, a map with keys or elements that print differently;
// changed keys become shownKeys, which keep Go's order of the keys.
func (p fmtPrinter) plainMap(st staticTypes, v reflect.Value, depth int, key, elem ast.Expr, methods bool) (reflect.Value, bool) {
	keys := v.MapKeys()
	sortKeys(keys)
	ks := make([]reflect.Value, len(keys))
	vs := make([]reflect.Value, len(keys))
	keyChanged, valChanged := false, false
	for i, k := range keys {
		var c1, c2 bool
		ks[i], c1 = p.plainValue(st, k, depth+1, key, methods)
		vs[i], c2 = p.plainValue(st, v.MapIndex(k), depth+1, elem, methods)
		keyChanged, valChanged = keyChanged || c1, valChanged || c2
	}
	if !keyChanged && !valChanged {
		return v, false
	}
	kt := v.Type().Key()
	if keyChanged {
		kt = reflect.TypeOf(shownKey{})
	}
	out := reflect.MakeMapWithSize(reflect.MapOf(kt, anyType), len(keys))
	for i := range keys {
		k := keys[i]
		if keyChanged {
			k = reflect.ValueOf(shownKey{rank: i, shown: anyValue(ks[i]).Interface()})
		}
		out.SetMapIndex(k, anyValue(vs[i]))
	}
	return out, true
}

// mayChange reports whether elements of type t, declared as e, may be
// changed: those that may hold a wrapped interpreted value (interfaces,
// yaegi's wrapper itself, the element type of a slice of a cell's
// interface type), of a cell's type with a String or Error method, a
// cell's struct type, and containers of them.
func (p fmtPrinter) mayChange(st staticTypes, t reflect.Type, e ast.Expr) bool {
	return p.mayChangeDepth(st, t, e, 0)
}

func (p fmtPrinter) mayChangeDepth(st staticTypes, t reflect.Type, e ast.Expr, depth int) bool {
	if depth > maxDepth {
		return false
	}
	if st.mentions(e) {
		return true
	}
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Struct:
		if t.PkgPath() == interpPkg && t.Name() == interpValueType || p.c.mayShowText(t) {
			return true
		}
		// A struct whose fields print as their reflect types say (a
		// Point of ints) is left alone, however many there are.
		_, types, ok := st.structFields(t)
		if !ok || st.keepStructs {
			return false
		}
		for i := 0; i < t.NumField(); i++ {
			if p.mayChangeDepth(st, t.Field(i).Type, types[i], depth+1) {
				return true
			}
		}
		return false
	case reflect.Pointer:
		return p.c.mayShowText(t)
	case reflect.Slice, reflect.Array, reflect.Map:
		return p.mayChangeDepth(st, t.Elem(), nil, depth+1) || t.Kind() == reflect.Map && p.mayChangeDepth(st, t.Key(), nil, depth+1)
	}
	return false
}

// anyValue is v as a value of type interface{} (nil for an invalid or
// nil-interface v).
func anyValue(v reflect.Value) reflect.Value {
	out := reflect.New(anyType).Elem()
	setAny(out, v)
	return out
}

func setAny(dst, v reflect.Value) {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.IsValid() && v.CanInterface() {
		dst.Set(reflect.ValueOf(v.Interface()))
	}
}
