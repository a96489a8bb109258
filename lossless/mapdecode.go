package lossless

import (
	stdjson "encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"

	"github.com/go-json-experiment/json"
)

// The map path walks a decoded map along the same compiled codecs as the
// bytes path (compile.go), so both give deeply equal values. A value of a
// kind the codecs leave to the general codec is marshalled back to JSON and
// decoded by it, which gives the bytes path's result by construction.
//
// mapstructure, which decodes detail and images into callers' own structs
// in sources, is not the walker: it derives every struct's fields again on
// each call, and decoding the benchmark events that way took 5.5 times as
// long as the baseline.

var numberType = reflect.TypeFor[stdjson.Number]()

// DecodeMapInto decodes a map, as encoding/json produces with UseNumber,
// into v, a pointer, with the same result as [Unmarshal] of the map's
// JSON. Errors carry the JSON path of the failing value (see [PathOf]).
func DecodeMapInto(m map[string]any, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("lossless: DecodeMapInto %T, not a non-nil pointer", v)
	}
	c, err := codecOf(rv.Type().Elem())
	if err != nil {
		return err
	}
	return fromValue(c, m, rv.Elem())
}

func fromValue(c *codec, x any, v reflect.Value) error {
	if x == nil {
		if c.kind == kindPointer || c.kind == kindSlice || c.kind == kindMap || c.kind == kindAny {
			v.SetZero()
		}
		return nil // a null scalar or object leaves the value as it is
	}
	mismatch := func() error { return fmt.Errorf("cannot decode %T into %v", x, v.Type()) }
	switch c.kind {
	case kindObject:
		m, ok := x.(map[string]any)
		if !ok {
			return mismatch()
		}
		o := field(v, c.obj).Addr().Interface().(*Extra)
		o.present, o.null, o.Unknown = 0, 0, nil
		for k, val := range m {
			i, known := c.plan.byName[k]
			if !known {
				if o.Unknown == nil {
					o.Unknown = make(map[string]any, 2)
				}
				o.Unknown[k] = val
				continue
			}
			bit := uint64(1) << i
			o.present |= bit
			f := field(v, c.plan.fields[i].index)
			if val == nil {
				o.null |= bit
				f.SetZero()
				continue
			}
			if err := fromValue(c.fields[i], val, f); err != nil {
				return at(err, "."+k)
			}
		}
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
		return numberFrom(c, x, v)
	case kindAny:
		v.Set(reflect.ValueOf(x))
	case kindPointer:
		if v.IsNil() {
			v.Set(reflect.New(c.typ.Elem()))
		}
		return fromValue(c.elem, x, v.Elem())
	case kindSlice:
		a, ok := x.([]any)
		if !ok {
			return mismatch()
		}
		s := reflect.MakeSlice(c.typ, len(a), len(a))
		for i, e := range a {
			if err := fromValue(c.elem, e, s.Index(i)); err != nil {
				return at(err, "["+strconv.Itoa(i)+"]")
			}
		}
		v.Set(s)
	case kindMap:
		m, ok := x.(map[string]any)
		if !ok {
			return mismatch()
		}
		out := reflect.MakeMapWithSize(c.typ, len(m))
		kt, et := c.typ.Key(), c.typ.Elem()
		for k, val := range m {
			e := reflect.New(et).Elem()
			if err := fromValue(c.elem, val, e); err != nil {
				return at(err, memberSeg(k))
			}
			out.SetMapIndex(reflect.ValueOf(k).Convert(kt), e)
		}
		v.Set(out)
	default:
		return mapFallback(x, v)
	}
	return nil
}

// numberFrom sets a number-kinded value from a json.Number (or the float64
// and int a map built without UseNumber holds).
func numberFrom(c *codec, x any, v reflect.Value) error {
	var lit string
	switch n := x.(type) {
	case stdjson.Number:
		lit = string(n)
	case float64:
		lit = strconv.FormatFloat(n, 'g', -1, 64)
	case int:
		lit = strconv.Itoa(n)
	case int64:
		lit = strconv.FormatInt(n, 10)
	default:
		return fmt.Errorf("cannot decode %T into %v", x, v.Type())
	}
	if c.kind == kindNumber {
		if !stdjson.Valid([]byte(lit)) || lit[0] == '"' {
			return fmt.Errorf("invalid number %q", lit)
		}
		v.SetString(lit)
		return nil
	}
	bad := fmt.Errorf("cannot decode the number %s into %v", lit, v.Type())
	switch c.kind {
	case kindInt:
		n, ok := parseInt([]byte(lit))
		if !ok || v.OverflowInt(n) {
			return bad
		}
		v.SetInt(n)
	case kindUint:
		n, ok := parseInt([]byte(lit))
		if !ok || n < 0 || v.OverflowUint(uint64(n)) {
			return bad
		}
		v.SetUint(uint64(n))
	case kindFloat:
		f, err := strconv.ParseFloat(lit, v.Type().Bits())
		if err != nil || v.OverflowFloat(f) || math.IsInf(f, 0) {
			return bad
		}
		v.SetFloat(f)
	}
	return nil
}

// mapFallback decodes one value of a kind the codecs leave to the general
// codec.
func mapFallback(x any, v reflect.Value) error {
	raw, err := stdjson.Marshal(x)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v.Addr().Interface(), unmarshalOpts)
}
