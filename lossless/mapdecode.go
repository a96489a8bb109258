package lossless

import (
	stdjson "encoding/json"
	"fmt"
	"reflect"
	"strconv"
)

// The map path walks decoded JSON values along the same compiled codecs as
// the bytes path (compile.go), so both give deeply equal values. The
// decoded value shares nothing with the input: free-form values are copied.
//
// mapstructure, which decodes into callers' own structs ([Into]), is not
// the walker: it derives every struct's fields again on each call, and
// decoding the benchmark events that way took 5.5 times as long as the
// baseline.

// DecodeMapInto decodes a map, as encoding/json produces with UseNumber,
// into v, a pointer, with the same result as [Unmarshal] of the map's
// JSON. Errors carry the JSON path of the failing value (see [PathOf]).
func DecodeMapInto(m map[string]any, v any) error {
	if m == nil {
		return FromValue(nil, v)
	}
	return FromValue(m, v)
}

// FromValue is [DecodeMapInto] for any decoded JSON value: map[string]any,
// []any, string, bool, nil, and numbers as encoding/json.Number (float64
// and int are taken too).
func FromValue(x any, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("lossless: decoding into %T, not a non-nil pointer", v)
	}
	c, err := codecOf(rv.Type().Elem())
	if err != nil {
		return err
	}
	if c.kind == kindPlain {
		return Into(x, v)
	}
	if c.kind == kindObject && x == nil {
		return fmt.Errorf("lossless: cannot decode null into %v, an object", c.typ)
	}
	var w walker
	return w.value(c, x, rv.Elem())
}

// walker is the map path's decoder; its fields are the decoder's null
// tracking state.
type walker struct {
	ex   *Extra
	fi   int
	base int
	path []step
	d    decoder // for setNull
}

func (w *walker) setNull(c *codec, v reflect.Value) error {
	w.d.ex, w.d.fi, w.d.base, w.d.path = w.ex, w.fi, w.base, w.path
	return w.d.setNull(c, v)
}

func (w *walker) value(c *codec, x any, v reflect.Value) error {
	if x == nil {
		return w.setNull(c, v)
	}
	mismatch := func() error { return fmt.Errorf("cannot decode %s into %v", goKind(x), v.Type()) }
	switch c.kind {
	case kindObject:
		m, ok := x.(map[string]any)
		if !ok {
			return fmt.Errorf("%w, an object", mismatch())
		}
		return w.object(c, m, v)
	case kindString:
		s, ok := x.(string)
		if !ok {
			return mismatch()
		}
		v.SetString(s)
	case kindBool:
		b, ok := x.(bool)
		if !ok {
			return mismatch()
		}
		v.SetBool(b)
	case kindInt, kindUint, kindFloat, kindNumber:
		lit, ok := numberText(x)
		if !ok {
			return mismatch()
		}
		return setNumber(c, v, lit)
	case kindAny:
		y, err := copyValue(x, 0)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(y))
	case kindRaw:
		y, err := copyValue(x, 0)
		if err != nil {
			return err
		}
		return setRaw(v, y)
	case kindPointer:
		if v.IsNil() {
			v.Set(reflect.New(c.typ.Elem()))
		}
		return w.value(c.elem, x, v.Elem())
	case kindSlice:
		a, ok := x.([]any)
		if !ok {
			return mismatch()
		}
		if ss, ok := v.Addr().Interface().(*[]string); ok {
			return w.strings(c, a, ss)
		}
		s := reflect.MakeSlice(c.typ, len(a), len(a))
		if c.track {
			w.path = append(w.path, step{})
		}
		for i, e := range a {
			if c.track {
				w.path[len(w.path)-1] = step{idx: i}
			}
			if err := w.value(c.elem, e, s.Index(i)); err != nil {
				return at(err, "["+strconv.Itoa(i)+"]")
			}
		}
		if c.track {
			w.path = w.path[:len(w.path)-1]
		}
		v.Set(s)
	case kindMap:
		m, ok := x.(map[string]any)
		if !ok {
			return mismatch()
		}
		switch p := v.Addr().Interface().(type) {
		case *map[string]string:
			return w.stringMap(c, m, p)
		case *map[string]any:
			y, err := copyValue(m, 0)
			if err != nil {
				return err
			}
			*p = y.(map[string]any)
			return nil
		}
		out := reflect.MakeMapWithSize(c.typ, len(m))
		kt, et := c.typ.Key(), c.typ.Elem()
		if c.track {
			w.path = append(w.path, step{})
		}
		for k, val := range m {
			if c.track {
				w.path[len(w.path)-1] = step{key: k, idx: -1}
			}
			e := reflect.New(et).Elem()
			if err := w.value(c.elem, val, e); err != nil {
				return at(err, memberSeg(k))
			}
			out.SetMapIndex(reflect.ValueOf(k).Convert(kt), e)
		}
		if c.track {
			w.path = w.path[:len(w.path)-1]
		}
		v.Set(out)
	default:
		return fmt.Errorf("lossless: cannot decode into %v", c.typ)
	}
	return nil
}

func (w *walker) object(c *codec, m map[string]any, v reflect.Value) error {
	o := extraOf(c, v)
	o.reset()
	ex, fi, base := w.ex, w.fi, w.base
	w.ex, w.base = o, len(w.path)
	err := w.members(c, m, v, o)
	w.ex, w.fi, w.base = ex, fi, base
	return err
}

func (w *walker) members(c *codec, m map[string]any, v reflect.Value, o *Extra) error {
	for k, val := range m {
		i, known := c.plan.byName[k]
		if !known {
			y, err := copyValue(val, 0)
			if err != nil {
				return at(err, memberSeg(k))
			}
			if o.Unknown == nil {
				o.Unknown = make(map[string]any, 2)
			}
			o.Unknown[k] = y
			continue
		}
		pf := &c.plan.fields[i]
		o.mark(i, val == nil)
		if val == nil {
			if f, ok := fieldRead(v, pf.index); ok {
				f.SetZero()
			}
			continue
		}
		w.fi = i
		if err := w.value(c.fields[i], val, fieldWrite(v, pf.index)); err != nil {
			return at(err, memberSeg(pf.name))
		}
	}
	return nil
}

// strings decodes an array of strings without reflection.
func (w *walker) strings(c *codec, a []any, out *[]string) error {
	s := make([]string, len(a))
	for i, x := range a {
		switch x := x.(type) {
		case string:
			s[i] = x
		case nil:
			w.path = append(w.path, step{idx: i})
			err := w.setNull(c.elem, reflect.ValueOf(&s[i]).Elem())
			w.path = w.path[:len(w.path)-1]
			if err != nil {
				return at(err, "["+strconv.Itoa(i)+"]")
			}
		default:
			return at(fmt.Errorf("cannot decode %s into string", goKind(x)), "["+strconv.Itoa(i)+"]")
		}
	}
	*out = s
	return nil
}

// stringMap decodes a map of strings without reflection.
func (w *walker) stringMap(c *codec, m map[string]any, out *map[string]string) error {
	s := make(map[string]string, len(m))
	for k, x := range m {
		switch x := x.(type) {
		case string:
			s[k] = x
		case nil:
			var z string
			w.path = append(w.path, step{key: k, idx: -1})
			err := w.setNull(c.elem, reflect.ValueOf(&z).Elem())
			w.path = w.path[:len(w.path)-1]
			if err != nil {
				return at(err, memberSeg(k))
			}
			s[k] = ""
		default:
			return at(fmt.Errorf("cannot decode %s into string", goKind(x)), memberSeg(k))
		}
	}
	*out = s
	return nil
}

// numberText returns the literal of a number as the map holds it.
func numberText(x any) (string, bool) {
	switch n := x.(type) {
	case stdjson.Number:
		return string(n), validNumber(string(n))
	case float64:
		var e encoder
		if e.float(n, 64) != nil {
			return "", false
		}
		return string(e.buf), true
	case int:
		return strconv.Itoa(n), true
	case int64:
		return strconv.FormatInt(n, 10), true
	}
	return "", false
}

// copyValue copies a free-form value, so that the decoded value shares no
// map or slice with the input, normalising numbers to json.Number.
func copyValue(x any, depth int) (any, error) {
	if depth > 10000 {
		return nil, fmt.Errorf("nesting deeper than 10000")
	}
	switch x := x.(type) {
	case nil, string, bool, stdjson.Number:
		return x, nil
	case map[string]any:
		if x == nil {
			return nil, nil
		}
		m := make(map[string]any, len(x))
		for k, v := range x {
			y, err := copyValue(v, depth+1)
			if err != nil {
				return nil, at(err, memberSeg(k))
			}
			m[k] = y
		}
		return m, nil
	case []any:
		if x == nil {
			return nil, nil
		}
		a := make([]any, len(x))
		for i, v := range x {
			y, err := copyValue(v, depth+1)
			if err != nil {
				return nil, at(err, "["+strconv.Itoa(i)+"]")
			}
			a[i] = y
		}
		return a, nil
	}
	if lit, ok := numberText(x); ok {
		return stdjson.Number(lit), nil
	}
	return nil, fmt.Errorf("cannot decode %s, which is no decoded JSON value", goKind(x))
}

func goKind(x any) string { return fmt.Sprintf("%T", x) }
