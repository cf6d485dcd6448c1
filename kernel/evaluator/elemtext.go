package evaluator

import (
	"fmt"
	"reflect"
	"strings"
)

// An element of a slice, array or map whose type is a cell's type with a
// String or Error method shows through that method, in a cell's last
// value and in what fmt prints, as in Go: fmt.Println(animals) printed
// [{rex} {}] for a []Animal of Dog and Cat with String methods, since
// compiled code sees neither method. A value of a cell's type is known
// by yaegi's wrapper (an element of a cell's interface type) or by the
// reflect type of a cell's struct type; a cell's type with another
// underlying type (type Weekday int) reflects as that type and cannot
// be told apart, nor can two struct types of the same fields.

// textFn is the interpreted dispatcher of the String and Error methods of
// cells' types (textSource).
const textFn = "__gocellText"

// textSource is the interpreted textFn for types: given a type's name as
// a cell writes it ("Dog", "*Dog") and a value, the method's text.
func textSource(types []shownType) string {
	var b strings.Builder
	b.WriteString("package main\n\nfunc " + textFn + "(name string, v interface{}) (string, bool) {\n")
	var cases strings.Builder
	for _, t := range types {
		if t.bundle {
			continue
		}
		for _, name := range t.cases() {
			fmt.Fprintf(&cases, "\tcase %q:\n\t\tif x, ok := v.(%s); ok {\n\t\t\treturn x.%s(), true\n\t\t}\n", name, name, t.method)
		}
	}
	if cases.Len() > 0 {
		b.WriteString("\tswitch name {\n" + cases.String() + "\t}\n")
	}
	b.WriteString("\treturn \"\", false\n}\n")
	return b.String()
}

// textNames are the names textSource dispatches on.
func textNames(types []shownType) map[string]bool {
	out := map[string]bool{}
	for _, t := range types {
		if !t.bundle {
			for _, n := range t.cases() {
				out[n] = true
			}
		}
	}
	return out
}

// textRegister is the statement that hands textFn to the session.
const textRegister = ";" + rtName + ".TextOps(" + textFn + ")"

// elemText returns the text of v's String or Error method when v is a
// value of a cell's type that has one.
func (c *cellState) elemText(v reflect.Value) (string, bool) {
	c.mu.Lock()
	op, names := c.textOp, c.textNames
	c.mu.Unlock()
	if op == nil || len(names) == 0 {
		return "", false
	}
	for v.IsValid() && v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", false
		}
		v = v.Elem()
	}
	if !v.IsValid() || !v.CanInterface() {
		return "", false
	}
	var name string
	raw := v
	if st := staticType(v.Interface()); st != "" {
		name = strings.Replace(st, "main.", "", 1)
		raw = unwrapInterp(v)
	} else {
		t, ptr := v.Type(), ""
		if t.Kind() == reflect.Pointer {
			if v.IsNil() {
				return "", false
			}
			t, ptr = t.Elem(), "*"
		}
		if t.Kind() != reflect.Struct {
			return "", false
		}
		c.mu.Lock()
		n, ambiguous := c.types[t], c.ambiguous[t]
		c.mu.Unlock()
		if ambiguous {
			return "", false
		}
		name = ptr + n
	}
	if !names[name] || !raw.IsValid() || !raw.CanInterface() {
		return "", false
	}
	return callText(op, name, raw.Interface())
}

// callText calls the interpreted method, reporting a panic in it the way
// fmt does.
func callText(op textOp, name string, v interface{}) (s string, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			s, ok = fmt.Sprintf("%%!v(PANIC=String method: %v)", r), true
			if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
				s = "<nil>" // as fmt says for a nil receiver
			}
		}
	}()
	return op(name, v)
}

// textOp is the type of the registered textFn.
type textOp func(name string, v interface{}) (string, bool)

// mayShowText reports whether an element of type t may be a value of a
// cell's type with a String or Error method that elemText finds.
func (c *cellState) mayShowText(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.types[t]
	return ok && !c.ambiguous[t] && (c.textNames[n] || c.textNames["*"+n])
}
