package evaluator

import (
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
)

// The values fmt gets in place of what a cell's String and Error methods
// would print (see plainArgs). Each prints as fmt prints the value it
// stands for: the method's text for the verbs fmt calls String for (%v,
// %s, %q, %x, %X without #), the original value for the others (%d, %#v).

// methodVerb reports whether fmt calls a String or Error method for verb.
func methodVerb(f fmt.State, verb rune) bool {
	return !f.Flag('#') && strings.ContainsRune("vsqxX", verb)
}

// shownText is a value replaced by its String or Error method's text.
type shownText struct {
	text string
	orig reflect.Value
}

func (s shownText) String() string { return s.text }

// Format prints the text as fmt prints a String method's.
func (s shownText) Format(f fmt.State, verb rune) {
	if methodVerb(f, verb) || !s.orig.IsValid() || !s.orig.CanInterface() {
		fmt.Fprintf(f, fmt.FormatString(f, verb), s.text)
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), s.orig.Interface())
}

// shownStruct is a value of a cell's struct type whose fields print
// differently than its reflect value's; vals are the fields as fmt
// should get them.
type shownStruct struct {
	orig  interface{}
	names []string
	vals  []interface{}
	amp   bool // a pointer to the struct: &{...}
}

// Format prints the fields as fmt prints a struct: {a b}, {A:a B:b}
// for %+v.
func (s shownStruct) Format(f fmt.State, verb rune) {
	if !methodVerb(f, verb) {
		fmt.Fprintf(f, fmt.FormatString(f, verb), s.orig)
		return
	}
	dir := fmt.FormatString(f, verb)
	if s.amp {
		io.WriteString(f, "&")
	}
	io.WriteString(f, "{")
	for i, v := range s.vals {
		if i > 0 {
			io.WriteString(f, " ")
		}
		if verb == 'v' && f.Flag('+') {
			io.WriteString(f, s.names[i]+":")
		}
		if v == nil {
			io.WriteString(f, "<nil>")
			continue
		}
		fmt.Fprintf(f, dir, v)
	}
	io.WriteString(f, "}")
}

// shownKey is a map key that prints differently; rank keeps the place
// Go's sorted keys give the original key.
type shownKey struct {
	rank  int
	shown interface{}
}

func (k shownKey) String() string { return fmt.Sprint(k.shown) }

// Format prints the key as its replacement prints.
func (k shownKey) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, fmt.FormatString(f, verb), k.shown)
}

// sortKeys sorts map keys in fmt's order: numbers, strings and bools by
// value, structs and arrays field by field, pointers by address.
func sortKeys(keys []reflect.Value) {
	sort.SliceStable(keys, func(i, j int) bool { return compareKeys(keys[i], keys[j]) < 0 })
}

func compareKeys(a, b reflect.Value) int {
	if a.Kind() != b.Kind() {
		return strings.Compare(a.Type().String(), b.Type().String())
	}
	cmp := func(less, more bool) int {
		if less {
			return -1
		}
		if more {
			return 1
		}
		return 0
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmp(a.Int() < b.Int(), a.Int() > b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmp(a.Uint() < b.Uint(), a.Uint() > b.Uint())
	case reflect.Float32, reflect.Float64:
		return cmp(a.Float() < b.Float(), a.Float() > b.Float())
	case reflect.String:
		return strings.Compare(a.String(), b.String())
	case reflect.Bool:
		return cmp(!a.Bool() && b.Bool(), a.Bool() && !b.Bool())
	case reflect.Pointer, reflect.Chan, reflect.UnsafePointer:
		return cmp(a.Pointer() < b.Pointer(), a.Pointer() > b.Pointer())
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if c := compareKeys(a.Field(i), b.Field(i)); c != 0 {
				return c
			}
		}
		return 0
	case reflect.Array:
		for i := 0; i < a.Len(); i++ {
			if c := compareKeys(a.Index(i), b.Index(i)); c != 0 {
				return c
			}
		}
		return 0
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return cmp(a.IsNil() && !b.IsNil(), !a.IsNil() && b.IsNil())
		}
		return compareKeys(a.Elem(), b.Elem())
	}
	return 0
}

// argVerbs returns the verb each of n arguments is printed with by format
// (0 where unknown), following explicit indexes and * widths.
func argVerbs(format string, n int) []rune {
	verbs := make([]rune, n)
	arg := 0
	set := func(r rune) {
		if arg < n {
			if verbs[arg] == 0 || r == 'T' || r == 'p' || r == 'w' {
				verbs[arg] = r
			}
		}
		arg++
	}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) {
			c := format[i]
			switch {
			case c == '[':
				end := strings.IndexByte(format[i:], ']')
				if end < 0 {
					return verbs
				}
				k := 0
				if _, err := fmt.Sscanf(format[i+1:i+end], "%d", &k); err == nil && k >= 1 {
					arg = k - 1
				}
				i += end + 1
				continue
			case c == '*':
				set('*')
				i++
				continue
			case strings.IndexByte("+-# 0.123456789", c) >= 0:
				i++
				continue
			}
			break
		}
		if i >= len(format) {
			break
		}
		if format[i] == '%' {
			continue
		}
		set(rune(format[i]))
	}
	return verbs
}
