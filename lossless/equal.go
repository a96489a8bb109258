package lossless

import (
	"reflect"
)

// Equal reports whether a and b hold equal values as reflect.DeepEqual
// does, except that the memory of an [Extra] (which members arrived, which
// were null) is ignored: its Unknown members are compared, nil and empty
// alike. So a hand-built event equals the decoded one whose visible fields
// are the same, though they may marshal differently (absent against null).
// Use Equal where reflect.DeepEqual or testify's assert.Equal would compare
// that memory:
//
//	assert.True(t, lossless.Equal(want, got))
func Equal(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if !va.IsValid() || !vb.IsValid() {
		return va.IsValid() == vb.IsValid()
	}
	if va.Type() != vb.Type() {
		return false
	}
	return equal(va, vb, 0)
}

func equal(a, b reflect.Value, depth int) bool {
	if depth > 10000 {
		return false
	}
	depth++
	switch a.Kind() {
	case reflect.Struct:
		t := a.Type()
		if t == extraType {
			ua, ub := a.FieldByName("Unknown"), b.FieldByName("Unknown")
			if ua.Len() == 0 && ub.Len() == 0 {
				return true
			}
			return equal(ua, ub, depth)
		}
		for i := range t.NumField() {
			if !equal(a.Field(i), b.Field(i), depth) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return a.Pointer() == b.Pointer() || equal(a.Elem(), b.Elem(), depth)
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		if a.Elem().Type() != b.Elem().Type() {
			return false
		}
		return equal(a.Elem(), b.Elem(), depth)
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return false
		}
		fallthrough
	case reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !equal(a.Index(i), b.Index(i), depth) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for it := a.MapRange(); it.Next(); {
			y := b.MapIndex(it.Key())
			if !y.IsValid() || !equal(it.Value(), y, depth) {
				return false
			}
		}
		return true
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.Complex64, reflect.Complex128:
		return a.Complex() == b.Complex()
	case reflect.Func:
		return a.IsNil() && b.IsNil()
	}
	// Channels and unsafe pointers: the same one.
	return a.Pointer() == b.Pointer()
}
