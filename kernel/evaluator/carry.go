package evaluator

import (
	"reflect"
	"unsafe"
)

// carrier copies values of a replaced interpreter into the new one. A value
// of a type a cell redefined is rebuilt field by field, by name, so a
// struct given one more field keeps the values of the others. Pointers are
// followed once each, keeping aliasing and cycles intact.
type carrier struct {
	seen map[pointerKey]reflect.Value
}

type pointerKey struct {
	p unsafe.Pointer
	t reflect.Type
}

func newCarrier() *carrier { return &carrier{seen: map[pointerKey]reflect.Value{}} }

// carry sets dst from src; it reports false, leaving dst unspecified, when
// src cannot be expressed in dst's type.
func (c *carrier) carry(dst, src reflect.Value) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return c.value(dst, src, 0)
}

func (c *carrier) value(dst, src reflect.Value, depth int) bool {
	src = unwrapInterp(open(src))
	if !src.IsValid() {
		return true
	}
	dst = open(dst)
	if src.Type().AssignableTo(dst.Type()) {
		dst.Set(src)
		return true
	}
	if depth > 32 {
		return false
	}
	switch dst.Kind() {
	case reflect.Pointer:
		if src.Kind() != reflect.Pointer {
			return false
		}
		if src.IsNil() {
			return true
		}
		key := pointerKey{src.UnsafePointer(), dst.Type()}
		if p, ok := c.seen[key]; ok {
			dst.Set(p)
			return true
		}
		p := reflect.New(dst.Type().Elem())
		c.seen[key] = p
		if !c.value(p.Elem(), src.Elem(), depth+1) {
			return false
		}
		dst.Set(p)
		return true
	case reflect.Struct:
		if src.Kind() != reflect.Struct {
			return false
		}
		for i := 0; i < dst.NumField(); i++ {
			sf := src.FieldByName(dst.Type().Field(i).Name)
			if sf.IsValid() && !c.value(dst.Field(i), sf, depth+1) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if src.Kind() != reflect.Slice {
			return false
		}
		if src.IsNil() {
			return true
		}
		n := reflect.MakeSlice(dst.Type(), src.Len(), src.Len())
		for i := 0; i < src.Len(); i++ {
			if !c.value(n.Index(i), src.Index(i), depth+1) {
				return false
			}
		}
		dst.Set(n)
		return true
	case reflect.Array:
		if src.Kind() != reflect.Array || src.Len() != dst.Len() {
			return false
		}
		for i := 0; i < src.Len(); i++ {
			if !c.value(dst.Index(i), src.Index(i), depth+1) {
				return false
			}
		}
		return true
	case reflect.Map:
		if src.Kind() != reflect.Map {
			return false
		}
		if src.IsNil() {
			return true
		}
		n := reflect.MakeMapWithSize(dst.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			k := reflect.New(dst.Type().Key()).Elem()
			v := reflect.New(dst.Type().Elem()).Elem()
			if !c.value(k, addressable(it.Key()), depth+1) || !c.value(v, addressable(it.Value()), depth+1) {
				return false
			}
			n.SetMapIndex(k, v)
		}
		dst.Set(n)
		return true
	}
	return false
}

// open makes an addressable value usable for reading and writing even when
// it was reached through an unexported field (interpreted structs have
// them).
func open(v reflect.Value) reflect.Value {
	if v.IsValid() && v.CanAddr() && !v.CanSet() {
		return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	return v
}

// addressable copies v into a new variable, so open can reach its fields.
func addressable(v reflect.Value) reflect.Value {
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	return c
}
