package evaluator

import (
	"fmt"
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
	p := fmtPrinter{c}
	syms := map[string]reflect.Value{
		"Print": reflect.ValueOf(func(a ...interface{}) (int, error) {
			return io.WriteString(stdout, p.named(fmt.Sprint(p.plainArgs(a)...)))
		}),
		"Printf": reflect.ValueOf(func(f string, a ...interface{}) (int, error) {
			return io.WriteString(stdout, p.namedf(f, fmt.Sprintf(f, p.plainArgs(a)...)))
		}),
		"Println": reflect.ValueOf(func(a ...interface{}) (int, error) {
			return io.WriteString(stdout, p.named(fmt.Sprintln(p.plainArgs(a)...)))
		}),
		"Sprint": reflect.ValueOf(func(a ...interface{}) string {
			return p.named(fmt.Sprint(p.plainArgs(a)...))
		}),
		"Sprintf": reflect.ValueOf(func(f string, a ...interface{}) string {
			return p.namedf(f, fmt.Sprintf(f, p.plainArgs(a)...))
		}),
		"Sprintln": reflect.ValueOf(func(a ...interface{}) string {
			return p.named(fmt.Sprintln(p.plainArgs(a)...))
		}),
		"Fprint": reflect.ValueOf(func(w io.Writer, a ...interface{}) (int, error) {
			return io.WriteString(w, p.named(fmt.Sprint(p.plainArgs(a)...)))
		}),
		"Fprintf": reflect.ValueOf(func(w io.Writer, f string, a ...interface{}) (int, error) {
			return io.WriteString(w, p.namedf(f, fmt.Sprintf(f, p.plainArgs(a)...)))
		}),
		"Fprintln": reflect.ValueOf(func(w io.Writer, a ...interface{}) (int, error) {
			return io.WriteString(w, p.named(fmt.Sprintln(p.plainArgs(a)...)))
		}),
		// The error's text is fmt's: renaming it would lose what %w wraps.
		"Errorf": reflect.ValueOf(func(f string, a ...interface{}) error {
			return fmt.Errorf(f, p.plainArgs(a)...)
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
// unwrapped and elements of a cell's type with a String or Error method
// replaced by its text, copying only what changes.
func (p fmtPrinter) plainArgs(args []interface{}) []interface{} {
	out := args
	for i, a := range args {
		v, changed := p.plainValue(reflect.ValueOf(a), 0)
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
// interface, in v or in the elements of the slices, arrays and maps in v,
// and replaces such an element by its String or Error method's text; a
// container holding one is copied with elements of type interface{}.
// Structs are left alone: their fields' types cannot change.
func (p fmtPrinter) plainValue(v reflect.Value, depth int) (reflect.Value, bool) {
	if !v.IsValid() || depth > maxDepth {
		return v, false
	}
	if depth > 0 {
		if s, ok := p.c.elemText(v); ok {
			return reflect.ValueOf(shownText(s)), true
		}
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return v, false
		}
		e, changed := p.plainValue(v.Elem(), depth)
		return e, changed
	case reflect.Struct:
		if u := unwrapInterp(v); u.IsValid() && u.Type() != v.Type() {
			plain, _ := p.plainValue(u, depth)
			return plain, true
		}
	case reflect.Slice, reflect.Array:
		if !p.mayChange(v.Type().Elem()) || (v.Kind() == reflect.Slice && v.IsNil()) {
			return v, false
		}
		var out reflect.Value
		for i := 0; i < v.Len(); i++ {
			e, changed := p.plainValue(v.Index(i), depth+1)
			if changed && !out.IsValid() {
				out = reflect.MakeSlice(reflect.SliceOf(anyType), v.Len(), v.Len())
				for j := 0; j < i; j++ {
					setAny(out.Index(j), v.Index(j))
				}
			}
			if out.IsValid() {
				setAny(out.Index(i), e)
			}
		}
		if out.IsValid() {
			return out, true
		}
	case reflect.Map:
		if !p.mayChange(v.Type().Elem()) || v.IsNil() {
			return v, false
		}
		var out reflect.Value
		keys := v.MapKeys()
		for i, k := range keys {
			e, changed := p.plainValue(v.MapIndex(k), depth+1)
			if changed && !out.IsValid() {
				out = reflect.MakeMapWithSize(reflect.MapOf(v.Type().Key(), anyType), v.Len())
				for _, k0 := range keys[:i] {
					out.SetMapIndex(k0, anyValue(v.MapIndex(k0)))
				}
			}
			if out.IsValid() {
				out.SetMapIndex(k, anyValue(e))
			}
		}
		if out.IsValid() {
			return out, true
		}
	}
	return v, false
}

// mayChange reports whether elements of type t may be changed: those
// that may hold a wrapped interpreted value (interfaces, yaegi's wrapper
// itself, the element type of a slice of a cell's interface type), a
// cell's struct type with a String or Error method, and containers of
// them.
func (p fmtPrinter) mayChange(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Struct, reflect.Pointer:
		return t.PkgPath() == interpPkg && t.Name() == interpValueType || p.c.mayShowText(t)
	case reflect.Slice, reflect.Array, reflect.Map:
		return p.mayChange(t.Elem())
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
