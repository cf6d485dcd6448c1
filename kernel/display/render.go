package display

import (
	"fmt"
	"image"
	"reflect"

	"github.com/gocell/gocell/kernel/session"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// displayer is a type with the display method (see the package doc).
type displayer interface {
	MIMEBundle() map[string]interface{}
}

// Render returns the rich MIME bundle of v and its metadata, always with a
// text/plain part, for a *plot.Plot, an image.Image, a mat.Matrix, a Table
// or a value with the display method (tried first, so a type's own choice
// wins). A mat.Dense or plot.Plot value (not a pointer) shows as its
// pointer would. ok is false, and data nil, when v has nothing richer than text
// (including nil and nil pointers); the caller then formats v itself.
//
// When a rich rendering fails (a plot that cannot be drawn, a display
// method that panics or returns a bad bundle), ok is true and the bundle
// holds only a text/plain message saying why, so the failure is seen.
func Render(v interface{}) (data, metadata map[string]interface{}, ok bool) {
	b, ok := render(v)
	return b.Data, b.Metadata, ok
}

// Show shows v as richly as Render can, and as text (%v) otherwise.
func Show(v interface{}) {
	b, ok := render(v)
	if !ok {
		b = textBundle(sprint(v))
	}
	publish(b, nil)
}

func render(v interface{}) (b session.Bundle, ok bool) {
	if isNil(v) {
		return session.Bundle{}, false
	}
	defer func() {
		if r := recover(); r != nil {
			b, ok = failed(errorf("rendering %T: panic: %v", v, r)), true
		}
	}()
	var err error
	switch x := v.(type) {
	case displayer:
		b, err = userBundle(fmt.Sprintf("%T.MIMEBundle", v), x.MIMEBundle(), nil)
	case *plot.Plot:
		b, err = plotBundle(x, PlotOptions{})
	case image.Image:
		b, err = imageBundle(x)
	case mat.Matrix:
		b = matrixBundle(x, fmt.Sprintf("%T", x))
	default:
		return renderValue(v)
	}
	if err != nil {
		return failed(err), true
	}
	return b, true
}

// renderValue renders a struct value whose pointer is a matrix or a plot:
// after `var z mat.Dense; z.Mul(a, b)` a cell ending in z means the matrix,
// though mat.Dense's methods are on *mat.Dense. The value is a copy, so its
// pointer is to the copy (a matrix copy shares its elements, which is all
// rendering reads).
func renderValue(v interface{}) (session.Bundle, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct {
		return session.Bundle{}, false
	}
	p := reflect.New(rv.Type())
	p.Elem().Set(rv)
	switch x := p.Interface().(type) {
	case *plot.Plot:
		b, err := plotBundle(x, PlotOptions{})
		if err != nil {
			return failed(err), true
		}
		return b, true
	case mat.Matrix:
		return matrixBundle(x, rv.Type().String()), true
	}
	return session.Bundle{}, false
}

// failed is the bundle of a rendering that went wrong.
func failed(err error) session.Bundle { return textBundle(err.Error()) }

// isNil reports whether v is nil or a nil pointer, map, slice, channel,
// function or interface, none of which has anything to show richly.
func isNil(v interface{}) bool {
	if v == nil {
		return true
	}
	switch r := reflect.ValueOf(v); r.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func, reflect.Interface:
		return r.IsNil()
	}
	return false
}

// sprint formats v with %v, surviving a String or Error method that panics.
func sprint(v interface{}) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("<%T: String panicked: %v>", v, r)
		}
	}()
	return fmt.Sprint(v)
}
