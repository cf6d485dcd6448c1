package evaluator

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unsafe"
)

// Limits of formatValue: collections longer than maxElems show their first
// and last headElems elements; nesting deeper than maxDepth is cut.
const (
	maxElems  = 20
	headElems = 8
	maxDepth  = 6
	// maxString is the longest string shown whole, in bytes.
	maxString = 4000
)

// quoteElided quotes s, eliding the middle of a long one.
func quoteElided(s string) string {
	if len(s) <= maxString {
		return strconv.Quote(s)
	}
	head, tail := []rune(s[:maxString/2]), []rune(s[len(s)-maxString/2:])
	// Drop the runes the byte cut may have split.
	head, tail = head[:len(head)-1], tail[1:]
	return fmt.Sprintf("%s ... (%d bytes) ... %s", strconv.Quote(string(head)), len(s), strconv.Quote(string(tail)))
}

// formatValue renders a cell's value the way a Go programmer writes it:
// strings quoted, structs with their type and field names (P{A:1, B:2}),
// pointers to structs as &P{...}, nil as nil, long collections elided in
// the middle. names maps the reflect types of interpreted types, which
// reflect only as anonymous structs, to the names the cells gave them.
func formatValue(v reflect.Value, names map[reflect.Type]string) string {
	return formatValueFields(v, names, nil)
}

// formatValueFields is formatValue with the field names the cells
// declared for their struct types (see cellState.fields).
func formatValueFields(v reflect.Value, names map[reflect.Type]string, fields map[reflect.Type][]string) string {
	var b strings.Builder
	f := formatter{b: &b, names: names, fields: fields}
	f.value(v, 0)
	return b.String()
}

type formatter struct {
	b      *strings.Builder
	names  map[reflect.Type]string
	fields map[reflect.Type][]string
	// text, when set, gives an element's String or Error method's text
	// (cellState.elemText).
	text func(reflect.Value) (string, bool)
	// typed, when set, gives field i of a value of struct type t as its
	// declared type shows it (cellState.typedField).
	typed func(t reflect.Type, i int, v reflect.Value) (reflect.Value, bool)
	// ambiguous marks the types several cell types share: no name shows.
	ambiguous map[reflect.Type]bool
}

// format renders v with f's names, fields and text.
func (f formatter) format(v reflect.Value) string {
	var b strings.Builder
	f.b = &b
	f.value(v, 0)
	return b.String()
}

// fieldName is the name of field i of struct type t as the cell wrote it:
// yaegi exports an unexported field's name by prefixing X (n -> Xn).
func (f formatter) fieldName(t reflect.Type, i int) string {
	if names, ok := f.fields[t]; ok && len(names) == t.NumField() {
		return names[i]
	}
	return unexportedName(t, t.Field(i).Name)
}

// unexportedName undoes yaegi's X prefix on the field name of an
// anonymous struct type (what a cell's struct type reflects as) when a
// lower-case letter or _ follows it; an exported field named so, such as
// Xmin, is told apart only for a named type (cellState.fields).
func unexportedName(t reflect.Type, name string) string {
	if t.Name() != "" || len(name) < 2 || name[0] != 'X' {
		return name
	}
	if r := rune(name[1]); r == '_' || unicode.IsLower(r) {
		return name[1:]
	}
	return name
}

func (f formatter) typeName(t reflect.Type) string {
	if f.ambiguous[t] {
		return ""
	}
	if n, ok := f.names[t]; ok {
		return n
	}
	if t.Name() != "" {
		return t.String()
	}
	return ""
}

func (f formatter) value(v reflect.Value, depth int) {
	b := f.b
	if depth > 0 && f.text != nil {
		if s, ok := f.text(v); ok {
			b.WriteString(s)
			return
		}
	}
	v = unwrapInterp(v)
	if !v.IsValid() {
		b.WriteString("nil")
		return
	}
	if depth > maxDepth {
		b.WriteString("...")
		return
	}
	if v.CanInterface() && v.Kind() != reflect.Interface && !(v.Kind() == reflect.Pointer && v.IsNil()) {
		switch x := v.Interface().(type) {
		case matrix:
			f.matrix(x)
			return
		case fmt.Formatter:
			fmt.Fprintf(b, "%v", x)
			return
		case error:
			b.WriteString(safeString(x.Error))
			return
		case fmt.Stringer:
			b.WriteString(safeString(x.String))
			return
		}
	}
	switch v.Kind() {
	case reflect.String:
		b.WriteString(quoteElided(v.String()))
	case reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		f.value(v.Elem(), depth)
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		if v.Elem().Kind() == reflect.Struct {
			b.WriteString("&")
			f.value(v.Elem(), depth+1)
			return
		}
		fmt.Fprintf(b, "(%s)(%#x)", v.Type(), v.Pointer())
	case reflect.Struct:
		f.structValue(v, depth)
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		f.list(v, depth)
	case reflect.Array:
		f.list(v, depth)
	case reflect.Map:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		f.mapValue(v, depth)
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		fmt.Fprintf(b, "(%s)(%#x)", v.Type(), v.Pointer())
	default:
		if v.CanInterface() {
			fmt.Fprint(b, v.Interface())
		} else {
			fmt.Fprint(b, v)
		}
	}
}

func (f formatter) structValue(v reflect.Value, depth int) {
	b := f.b
	b.WriteString(f.typeName(v.Type()))
	b.WriteString("{")
	t := v.Type()
	for i := 0; i < v.NumField(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.fieldName(t, i))
		b.WriteString(":")
		if f.typed != nil {
			if x, ok := f.typed(t, i, v.Field(i)); ok {
				f.value(x, depth+1)
				continue
			}
		}
		f.value(v.Field(i), depth+1)
	}
	b.WriteString("}")
}

func (f formatter) list(v reflect.Value, depth int) {
	b := f.b
	b.WriteString("[")
	n := v.Len()
	for i := 0; i < n; i++ {
		if n > maxElems && i == headElems {
			fmt.Fprintf(b, " ... (%d more) ...", n-2*headElems)
			i = n - headElems - 1
			continue
		}
		if i > 0 {
			b.WriteString(" ")
		}
		f.value(v.Index(i), depth+1)
	}
	b.WriteString("]")
}

func (f formatter) mapValue(v reflect.Value, depth int) {
	b := f.b
	keys := v.MapKeys()
	text := make([]string, len(keys))
	for i, k := range keys {
		var kb strings.Builder
		formatter{b: &kb, names: f.names, fields: f.fields, text: f.text, typed: f.typed, ambiguous: f.ambiguous}.value(k, depth+1)
		text[i] = kb.String()
	}
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, c int) bool { return lessKey(keys[order[a]], keys[order[c]], text[order[a]], text[order[c]]) })
	b.WriteString("map[")
	n := len(keys)
	for j := 0; j < n; j++ {
		if n > maxElems && j == headElems {
			fmt.Fprintf(b, " ... (%d more) ...", n-2*headElems)
			j = n - headElems - 1
			continue
		}
		if j > 0 {
			b.WriteString(" ")
		}
		i := order[j]
		b.WriteString(text[i])
		b.WriteString(":")
		f.value(v.MapIndex(keys[i]), depth+1)
	}
	b.WriteString("]")
}

// lessKey orders map keys numerically when they are numbers, else by text.
func lessKey(a, b reflect.Value, at, bt string) bool {
	a, b = unwrapInterp(a), unwrapInterp(b)
	if ka, ok := shownKeyOf(a); ok {
		if kb, ok := shownKeyOf(b); ok {
			return ka.rank < kb.rank
		}
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() < b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() < b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() < b.Float()
	}
	return at < bt
}

func shownKeyOf(v reflect.Value) (shownKey, bool) {
	if !v.IsValid() || !v.CanInterface() {
		return shownKey{}, false
	}
	k, ok := v.Interface().(shownKey)
	return k, ok
}

// safeString calls a String or Error method, reporting a panic in it as
// text rather than failing the cell.
func safeString(m func() string) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("<panic in String: %v>", r)
		}
	}()
	return m()
}

// formatPanicValue renders the value a panic carried, as the evalue.
func formatPanicValue(v interface{}) string {
	if rv, ok := v.(reflect.Value); ok {
		// yaegi passes some panic values as the reflect.Value it held.
		rv = unwrapInterp(rv)
		if !rv.IsValid() || (rv.Kind() == reflect.Interface && rv.IsNil()) {
			return "panic called with nil argument"
		}
		if !rv.CanInterface() {
			return formatValue(rv, nil)
		}
		v = rv.Interface()
	}
	if v == nil {
		return "panic called with nil argument"
	}
	switch x := v.(type) {
	case error:
		return safeString(x.Error)
	case fmt.Stringer:
		return safeString(x.String)
	case string:
		return x
	}
	return formatValue(reflect.ValueOf(v), nil)
}

// interpValueType is the type yaegi wraps an interpreted value with methods
// in when it is stored in an interface; the value itself is its field
// "value".
const (
	interpPkg       = "github.com/traefik/yaegi/interp"
	interpValueType = "valueInterface"
)

// unwrapInterp returns the value inside yaegi's interface wrapper, which
// reaches compiled code when an interpreted value whose type has methods
// is passed as interface{}.
func unwrapInterp(v reflect.Value) reflect.Value {
	for i := 0; i < 4 && v.IsValid(); i++ {
		if v.Kind() == reflect.Interface && !v.IsNil() {
			v = v.Elem()
		}
		t := v.Type()
		if v.Kind() != reflect.Struct || t.PkgPath() != interpPkg || t.Name() != interpValueType {
			return v
		}
		f, ok := t.FieldByName("value")
		if !ok || f.Type != reflect.TypeOf(reflect.Value{}) {
			return v
		}
		c := reflect.New(t).Elem()
		c.Set(v)
		v = *(*reflect.Value)(unsafe.Pointer(c.Field(f.Index[0]).UnsafeAddr()))
	}
	return v
}

// matrix is what a gonum matrix (or any like it) offers; such values show
// as rows of numbers rather than as their internal fields.
type matrix interface {
	Dims() (r, c int)
	At(i, j int) float64
}

// Limits of the matrix display: larger matrices show their corners.
const (
	maxMatrixRows = 12
	maxMatrixCols = 10
)

func (f formatter) matrix(m matrix) {
	r, c := m.Dims()
	rows := shownIndices(r, maxMatrixRows)
	cols := shownIndices(c, maxMatrixCols)
	cells := make([][]string, len(rows))
	width := make([]int, len(cols))
	for i, ri := range rows {
		for j, cj := range cols {
			s := "..."
			if ri >= 0 && cj >= 0 {
				s = strconv.FormatFloat(m.At(ri, cj), 'g', 6, 64)
			} else if ri < 0 {
				s = "⋮"
			}
			cells[i] = append(cells[i], s)
			width[j] = max(width[j], len([]rune(s)))
		}
	}
	fmt.Fprintf(f.b, "%dx%d\n", r, c)
	for i, row := range cells {
		left, right := "⎢", "⎥"
		switch {
		case len(cells) == 1:
			left, right = "[", "]"
		case i == 0:
			left, right = "⎡", "⎤"
		case i == len(cells)-1:
			left, right = "⎣", "⎦"
		}
		f.b.WriteString(left)
		for j, s := range row {
			if j > 0 {
				f.b.WriteString("  ")
			}
			f.b.WriteString(strings.Repeat(" ", width[j]-len([]rune(s))))
			f.b.WriteString(s)
		}
		f.b.WriteString(right)
		if i < len(cells)-1 {
			f.b.WriteString("\n")
		}
	}
}

// shownIndices lists the indices shown of n, with -1 standing for the
// elided middle when n exceeds limit.
func shownIndices(n, limit int) []int {
	var out []int
	if n <= limit {
		for i := 0; i < n; i++ {
			out = append(out, i)
		}
		return out
	}
	for i := 0; i < limit/2; i++ {
		out = append(out, i)
	}
	out = append(out, -1)
	for i := n - limit/2; i < n; i++ {
		out = append(out, i)
	}
	return out
}

// staticType returns the type yaegi's wrapper records for an interpreted
// value whose type has methods ("main.C", "*main.T"), "" for any other
// value. The show code needs it: yaegi's v.(C) also matches a plain int
// when C's underlying type is int.
func staticType(v interface{}) (name string) {
	defer func() {
		if recover() != nil {
			name = ""
		}
	}()
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct || rv.Type().PkgPath() != interpPkg || rv.Type().Name() != interpValueType {
		return ""
	}
	node := rv.FieldByName("node")
	if node.Kind() != reflect.Pointer || node.IsNil() {
		return ""
	}
	typ := node.Elem().FieldByName("typ")
	if typ.Kind() != reflect.Pointer || typ.IsNil() {
		return ""
	}
	str := typ.Elem().FieldByName("str")
	if str.Kind() != reflect.String {
		return ""
	}
	return str.String()
}

// structPtr reports whether v is a non-nil pointer to a struct: the one
// kind of pointer whose reflect type tells a cell's type apart from
// another type with the same underlying type.
func structPtr(v interface{}) bool {
	rv := unwrapInterp(reflect.ValueOf(v))
	return rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Struct
}
