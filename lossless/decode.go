package lossless

import (
	stdjson "encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"

	"github.com/evplugin/evplugin/internal/jsonscan"

	"github.com/go-json-experiment/json"
)

// The bytes path: a decoder compiled per type (see codecOf) that reads the
// JSON with the detection scanner's primitives and sets fields through
// reflection. It validates everything it reads: structure, string contents
// (UTF-8, control characters, escapes), number syntax and ranges.

// Unmarshal decodes JSON into v, a non-nil pointer, losslessly: structs
// embedding [Extra] keep the members they do not model and remember null
// and present ones, numbers in free-form values keep their digits. Errors
// carry the JSON path of the failing value (see [PathOf]); invalid JSON is
// a [*SyntaxError].
func Unmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("lossless: Unmarshal into %T, not a non-nil pointer", v)
	}
	c, err := codecOf(rv.Type().Elem())
	if err != nil {
		return err
	}
	d := decoder{Scanner: jsonscan.Scanner{Data: data}, src: string(data)}
	d.WS()
	if err = d.value(c, rv.Elem()); err == nil {
		d.WS()
		if d.Pos != len(d.Data) {
			d.Fail("unexpected data after the top-level value")
			err = d.errOrNil()
		}
	}
	return err
}

// decoder decodes one document; its scanner holds the position and the
// first syntax error.
//
// src is the document as one string: strings without escapes are slices of
// it, so decoding allocates once for them all. A decoded value therefore
// keeps its whole document alive, which is what an event's handler holds
// anyway.
type decoder struct {
	jsonscan.Scanner
	src string
}

// syntax returns the scanner's syntax error, setting msg if there is none.
func (d *decoder) syntax(msg string) error {
	d.Fail(msg)
	return d.errOrNil()
}

// mismatch reports a JSON value that does not fit the Go type, after
// skipping the value.
func (d *decoder) mismatch(t reflect.Type) error {
	start := d.Pos
	d.Scanner.Value(nil)
	if d.Err != nil {
		return d.errOrNil()
	}
	return fmt.Errorf("cannot decode a JSON %s into %v", jsonKind(d.Data[start]), t)
}

func jsonKind(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

func (d *decoder) peek() byte {
	if d.Pos < len(d.Data) {
		return d.Data[d.Pos]
	}
	return 0
}

// null consumes a null literal if one is next.
func (d *decoder) null() bool {
	if d.peek() != 'n' {
		return false
	}
	d.Literal("null")
	return d.Err == nil
}

func (d *decoder) value(c *codec, v reflect.Value) error {
	if d.Pos >= len(d.Data) {
		return d.syntax("unexpected end of input")
	}
	switch c.kind {
	case kindObject:
		return d.object(c, v)
	case kindString:
		if d.peek() != '"' {
			return d.scalarMismatch(v)
		}
		s, err := d.str2()
		if err != nil {
			return err
		}
		v.SetString(s)
		return nil
	case kindBool:
		switch d.peek() {
		case 't':
			d.Literal("true")
			v.SetBool(true)
		case 'f':
			d.Literal("false")
			v.SetBool(false)
		default:
			return d.scalarMismatch(v)
		}
		if d.Err != nil {
			return d.errOrNil()
		}
		return nil
	case kindInt, kindUint, kindFloat, kindNumber:
		return d.numberInto(c, v)
	case kindAny:
		x, err := d.anyValue()
		if err != nil {
			return err
		}
		if x == nil {
			v.SetZero()
		} else {
			v.Set(reflect.ValueOf(x))
		}
		return nil
	case kindPointer:
		if d.null() {
			v.SetZero()
			return nil
		}
		if v.IsNil() {
			v.Set(reflect.New(c.typ.Elem()))
		}
		return d.value(c.elem, v.Elem())
	case kindSlice:
		return d.slice(c, v)
	case kindMap:
		return d.mapInto(c, v)
	}
	return d.fallback(v)
}

// scalarMismatch handles a value of the wrong kind for a scalar: null
// leaves the value as it is (as encoding/json does), anything else is an
// error.
func (d *decoder) scalarMismatch(v reflect.Value) error {
	if d.null() {
		return nil
	}
	if d.Err != nil {
		return d.errOrNil()
	}
	return d.mismatch(v.Type())
}

// fallback decodes one value with the general codec.
func (d *decoder) fallback(v reflect.Value) error {
	start := d.Pos
	d.Scanner.Value(nil)
	if d.Err != nil {
		return d.errOrNil()
	}
	return json.Unmarshal(d.Data[start:d.Pos], v.Addr().Interface(), unmarshalOpts)
}

func (d *decoder) enter() error {
	if d.Depth++; d.Depth > jsonscan.MaxDepth {
		return d.syntax("nesting deeper than 10000")
	}
	return nil
}

// each walks the items of the container at d.Pos, which ends with end ('}'
// for an object, ']' for an array). For an object it reads each member's
// name and colon itself, so item is the only call per item.
func (d *decoder) each(end byte, item func(i int, name string) error) error {
	if err := d.enter(); err != nil {
		return err
	}
	d.Pos++ // '{' or '['
	d.WS()
	if d.peek() == end {
		d.Pos++
		d.Depth--
		return nil
	}
	for i := 0; ; i++ {
		d.WS()
		var name string
		if end == '}' {
			if d.peek() != '"' {
				return d.syntax("expected a member name")
			}
			var err error
			if name, err = d.str2(); err != nil {
				return err
			}
			d.WS()
			if d.peek() != ':' {
				return d.syntax("expected ':' after a member name")
			}
			d.Pos++
			d.WS()
		}
		if err := item(i, name); err != nil {
			return err
		}
		d.WS()
		switch d.peek() {
		case ',':
			d.Pos++
		case end:
			d.Pos++
			d.Depth--
			return nil
		default:
			if end == '}' {
				return d.syntax("expected ',' or '}' in an object")
			}
			return d.syntax("expected ',' or ']' in an array")
		}
	}
}

var errDuplicate = errors.New("duplicate member name")

func (d *decoder) object(c *codec, v reflect.Value) error {
	switch d.peek() {
	case '{':
	case 'n':
		d.Literal("null")
		return d.errOrNil()
	default:
		err := d.mismatch(v.Type())
		if d.Err == nil {
			err = fmt.Errorf("%w, an object", err)
		}
		return err
	}
	o := field(v, c.obj).Addr().Interface().(*Extra)
	o.present, o.null, o.Unknown = 0, 0, nil
	return d.each('}', func(_ int, name string) error {
		i, known := c.plan.byName[name]
		if !known {
			x, err := d.anyValue()
			if err != nil {
				return at(err, memberSeg(name))
			}
			if o.Unknown == nil {
				o.Unknown = make(map[string]any, 2)
			} else if _, dup := o.Unknown[name]; dup {
				return at(errDuplicate, memberSeg(name))
			}
			o.Unknown[name] = x
			return nil
		}
		bit := uint64(1) << i
		if o.present&bit != 0 {
			return at(errDuplicate, memberSeg(name))
		}
		o.present |= bit
		f := field(v, c.plan.fields[i].index)
		if d.null() {
			o.null |= bit
			f.SetZero()
			return nil
		}
		if err := d.value(c.fields[i], f); err != nil {
			return at(err, "."+c.plan.fields[i].name)
		}
		return nil
	})
}

func (d *decoder) slice(c *codec, v reflect.Value) error {
	switch d.peek() {
	case '[':
	case 'n':
		d.Literal("null")
		v.SetZero()
		return d.errOrNil()
	default:
		return d.mismatch(v.Type())
	}
	if ss, ok := v.Addr().Interface().(*[]string); ok {
		return d.strings(ss)
	}
	if v.IsNil() {
		v.Set(reflect.MakeSlice(c.typ, 0, 0))
	}
	v.SetLen(0)
	return d.each(']', func(i int, _ string) error {
		if v.Len() == v.Cap() {
			v.Grow(1)
		}
		v.SetLen(i + 1)
		e := v.Index(i)
		e.SetZero()
		if err := d.value(c.elem, e); err != nil {
			return at(err, "["+strconv.Itoa(i)+"]")
		}
		return nil
	})
}

// strings decodes an array of strings without reflection.
func (d *decoder) strings(out *[]string) error {
	s := (*out)[:0]
	if s == nil {
		s = []string{}
	}
	err := d.each(']', func(i int, _ string) error {
		if d.peek() != '"' {
			if d.null() {
				s = append(s, "")
				return nil
			}
			return at(d.mismatch(reflect.TypeFor[string]()), "["+strconv.Itoa(i)+"]")
		}
		x, err := d.str2()
		s = append(s, x)
		return err
	})
	*out = s
	return err
}

func (d *decoder) mapInto(c *codec, v reflect.Value) error {
	switch d.peek() {
	case '{':
	case 'n':
		d.Literal("null")
		v.SetZero()
		return d.errOrNil()
	default:
		return d.mismatch(v.Type())
	}
	switch m := v.Addr().Interface().(type) {
	case *map[string]string:
		*m = map[string]string{}
		return d.each('}', func(_ int, name string) error {
			var s string
			switch d.peek() {
			case '"':
				var err error
				if s, err = d.str2(); err != nil {
					return err
				}
			case 'n':
				d.Literal("null")
			default:
				return at(d.mismatch(reflect.TypeFor[string]()), memberSeg(name))
			}
			(*m)[name] = s
			return nil
		})
	case *map[string]any:
		*m = map[string]any{}
		return d.each('}', func(_ int, name string) error {
			x, err := d.anyValue()
			if err != nil {
				return at(err, memberSeg(name))
			}
			(*m)[name] = x
			return nil
		})
	}
	v.Set(reflect.MakeMap(c.typ))
	kt, et := c.typ.Key(), c.typ.Elem()
	return d.each('}', func(_ int, name string) error {
		e := reflect.New(et).Elem()
		if err := d.value(c.elem, e); err != nil {
			return at(err, memberSeg(name))
		}
		v.SetMapIndex(reflect.ValueOf(name).Convert(kt), e)
		return nil
	})
}

// numberInto decodes a number into an integer, float or json.Number.
func (d *decoder) numberInto(c *codec, v reflect.Value) error {
	if ch := d.peek(); ch != '-' && (ch < '0' || ch > '9') {
		return d.scalarMismatch(v)
	}
	start := d.Pos
	d.Number()
	if d.Err != nil {
		return d.errOrNil()
	}
	raw := d.Data[start:d.Pos]
	switch c.kind {
	case kindNumber:
		v.SetString(string(raw))
	case kindInt:
		n, ok := parseInt(raw)
		if !ok || v.OverflowInt(n) {
			return fmt.Errorf("cannot decode the number %s into %v", raw, v.Type())
		}
		v.SetInt(n)
	case kindUint:
		n, ok := parseInt(raw)
		if !ok || n < 0 || v.OverflowUint(uint64(n)) {
			return fmt.Errorf("cannot decode the number %s into %v", raw, v.Type())
		}
		v.SetUint(uint64(n))
	case kindFloat:
		f, err := strconv.ParseFloat(string(raw), v.Type().Bits())
		if err != nil || v.OverflowFloat(f) {
			return fmt.Errorf("cannot decode the number %s into %v", raw, v.Type())
		}
		v.SetFloat(f)
	}
	return nil
}

// parseInt parses a JSON integer literal (no fraction, no exponent).
func parseInt(raw []byte) (int64, bool) {
	neg := raw[0] == '-'
	if neg {
		raw = raw[1:]
	}
	if len(raw) == 0 || len(raw) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range raw {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case !neg && n <= math.MaxInt64:
		return int64(n), true
	case neg && n <= 1<<63:
		return -int64(n), true
	}
	return 0, false
}

// any decodes a free-form value: map[string]any, []any, string, bool, nil,
// and numbers as encoding/json.Number.
func (d *decoder) anyValue() (any, error) {
	switch d.peek() {
	case '{':
		m := map[string]any{}
		err := d.each('}', func(_ int, name string) error {
			if _, dup := m[name]; dup {
				return at(errDuplicate, memberSeg(name))
			}
			x, err := d.anyValue()
			if err != nil {
				return at(err, memberSeg(name))
			}
			m[name] = x
			return nil
		})
		return m, err
	case '[':
		a := []any{}
		err := d.each(']', func(i int, _ string) error {
			x, err := d.anyValue()
			if err != nil {
				return at(err, "["+strconv.Itoa(i)+"]")
			}
			a = append(a, x)
			return nil
		})
		return a, err
	case '"':
		return d.str2()
	case 't':
		d.Literal("true")
		return true, d.errOrNil()
	case 'f':
		d.Literal("false")
		return false, d.errOrNil()
	case 'n':
		d.Literal("null")
		return nil, d.errOrNil()
	}
	if c := d.peek(); c != '-' && (c < '0' || c > '9') {
		if d.Pos >= len(d.Data) {
			return nil, d.syntax("unexpected end of input")
		}
		return nil, d.syntax("invalid character " + strconv.QuoteRune(rune(c)) + " looking for a value")
	}
	start := d.Pos
	d.Number()
	if d.Err != nil {
		return nil, d.Err
	}
	return stdjson.Number(d.Data[start:d.Pos]), nil
}

// errOrNil returns the syntax error, or a true nil: d.Err is a
// *SyntaxError, and a nil one in an error would not be nil.
func (d *decoder) errOrNil() error {
	if d.Err != nil {
		return d.Err
	}
	return nil
}
