package lossless

import (
	stdjson "encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/evplugin/evplugin/internal/jsonscan"
)

// The encoder: the inverse of the decoders, along the same compiled codecs.
// Objects write their fields in declaration order, then their unknown
// members sorted by name; map keys are sorted, so the output is
// deterministic.

// Marshal encodes v, the inverse of [Unmarshal]: a value decoded by
// Unmarshal or [DecodeMapInto] marshals to JSON equal to its input, changes
// included. A field of a struct embedding [Extra] is written when it is not
// zero, or when it arrived (as null if it was null, or as set with [Set],
// [SetNull] and [Remove]). Values of other types are encoded by
// encoding/json.
func Marshal(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return []byte("null"), nil
	}
	c, err := codecOf(rv.Type())
	if err != nil {
		return nil, err
	}
	e := encoder{buf: make([]byte, 0, 512)}
	if err := e.value(c, rv); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// encoder writes one document. nulls and path are those of the field being
// written: the paths of the nulls inside its value its object remembers,
// and the steps into its value so far (kept only while nulls is not empty).
type encoder struct {
	buf   []byte
	nulls []string
	path  []step
	depth int
}

func (e *encoder) value(c *codec, v reflect.Value) error {
	switch c.kind {
	case kindObject:
		return e.object(c, v)
	case kindString:
		e.buf = appendString(e.buf, v.String())
	case kindBool:
		e.buf = strconv.AppendBool(e.buf, v.Bool())
	case kindInt:
		e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
	case kindUint:
		e.buf = strconv.AppendUint(e.buf, v.Uint(), 10)
	case kindFloat:
		return e.float(v.Float(), v.Type().Bits())
	case kindNumber:
		return e.number(v.String())
	case kindRaw:
		raw := v.Bytes()
		if len(raw) == 0 {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		if !stdjson.Valid(raw) {
			return fmt.Errorf("invalid raw JSON value %.40q", raw)
		}
		e.buf = append(e.buf, raw...)
	case kindAny:
		if v.IsNil() {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		return e.anyValue(v.Elem().Interface())
	case kindPointer:
		if v.IsNil() {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		return e.value(c.elem, v.Elem())
	case kindSlice:
		return e.slice(c, v)
	case kindMap:
		return e.mapValue(c, v)
	default:
		b, err := stdjson.Marshal(v.Interface())
		if err != nil {
			return err
		}
		e.buf = append(e.buf, b...)
	}
	return nil
}

func (e *encoder) enter() error {
	if e.depth++; e.depth > 10000 {
		return fmt.Errorf("lossless: nesting deeper than 10000 (a cycle?)")
	}
	return nil
}

func (e *encoder) object(c *codec, v reflect.Value) error {
	if err := e.enter(); err != nil {
		return err
	}
	defer func() { e.depth-- }()
	var o *Extra
	if xv, ok := fieldRead(v, c.extra); ok {
		if xv.CanAddr() {
			o = xv.Addr().Interface().(*Extra)
		} else {
			x := xv.Interface().(Extra)
			o = &x
		}
	} else {
		o = &Extra{}
	}
	if o.wasNull() && o.seen == 0 && o.Unknown == nil && allZero(c, v) {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	nulls, path := e.nulls, e.path
	e.buf = append(e.buf, '{')
	first := true
	for i := range c.plan.fields {
		pf := &c.plan.fields[i]
		f, ok := fieldRead(v, pf.index)
		zero := !ok || f.IsZero()
		seen, isNull := o.state(i)
		if zero && !seen {
			continue
		}
		if !first {
			e.buf = append(e.buf, ',')
		}
		first = false
		e.buf = appendString(e.buf, pf.name)
		e.buf = append(e.buf, ':')
		if zero && (isNull || !ok) {
			e.buf = append(e.buf, "null"...)
			continue
		}
		e.nulls, e.path = o.innerOf(i), e.path[:0]
		err := e.value(c.fields[i], f)
		if err != nil {
			e.nulls, e.path = nulls, path
			return at(err, memberSeg(pf.name))
		}
	}
	e.nulls, e.path = nulls, path
	if len(o.Unknown) > 0 {
		keys := make([]string, 0, len(o.Unknown))
		for k := range o.Unknown {
			if _, shadowed := c.plan.byName[k]; !shadowed {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !first {
				e.buf = append(e.buf, ',')
			}
			first = false
			e.buf = appendString(e.buf, k)
			e.buf = append(e.buf, ':')
			if err := e.anyValue(o.Unknown[k]); err != nil {
				return at(err, memberSeg(k))
			}
		}
	}
	e.buf = append(e.buf, '}')
	return nil
}

// allZero reports whether every field of the object v is zero.
func allZero(c *codec, v reflect.Value) bool {
	for _, pf := range c.plan.fields {
		if f, ok := fieldRead(v, pf.index); ok && !f.IsZero() {
			return false
		}
	}
	return true
}

// element writes one element of a container: a zero scalar the object
// remembers as null is written as null.
func (e *encoder) element(c *codec, v reflect.Value) error {
	if len(e.nulls) > 0 && c.kind.scalar() && v.IsZero() && slices.Contains(e.nulls, pathKey(e.path)) {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	return e.value(c, v)
}

func (e *encoder) slice(c *codec, v reflect.Value) error {
	if v.IsNil() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	return e.container(c.track, v.Len(), nil, func(i int) error { return e.element(c.elem, v.Index(i)) })
}

func (e *encoder) mapValue(c *codec, v reflect.Value) error {
	if v.IsNil() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	keys := make([]string, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		keys = append(keys, it.Key().String())
	}
	slices.Sort(keys)
	kt := c.typ.Key()
	return e.container(c.track, len(keys), keys, func(i int) error {
		return e.element(c.elem, v.MapIndex(reflect.ValueOf(keys[i]).Convert(kt)))
	})
}

// container writes an array of n items or, when keys is not nil, an object
// of the members keys names; item writes the value of item i. track says
// whether the path into the container is kept, for remembered nulls.
func (e *encoder) container(track bool, n int, keys []string, item func(i int) error) error {
	if err := e.enter(); err != nil {
		return err
	}
	track = track && len(e.nulls) > 0
	if track {
		e.path = append(e.path, step{idx: -1})
	}
	open, end := byte('['), byte(']')
	if keys != nil {
		open, end = '{', '}'
	}
	e.buf = append(e.buf, open)
	for i := range n {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		if keys != nil {
			e.buf = appendString(e.buf, keys[i])
			e.buf = append(e.buf, ':')
		}
		if track {
			if keys != nil {
				e.path[len(e.path)-1].key = keys[i]
			} else {
				e.path[len(e.path)-1].idx = i
			}
		}
		if err := item(i); err != nil {
			if keys != nil {
				return at(err, memberSeg(keys[i]))
			}
			return at(err, "["+strconv.Itoa(i)+"]")
		}
	}
	e.buf = append(e.buf, end)
	if track {
		e.path = e.path[:len(e.path)-1]
	}
	e.depth--
	return nil
}

// anyValue writes a free-form value: what the decoders produce, and the Go
// values a handler may put there (encoding/json writes those).
func (e *encoder) anyValue(x any) error {
	switch x := x.(type) {
	case nil:
		e.buf = append(e.buf, "null"...)
	case string:
		e.buf = appendString(e.buf, x)
	case bool:
		e.buf = strconv.AppendBool(e.buf, x)
	case stdjson.Number:
		return e.number(string(x))
	case float64:
		return e.float(x, 64)
	case int:
		e.buf = strconv.AppendInt(e.buf, int64(x), 10)
	case map[string]any:
		if x == nil {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return e.container(false, len(keys), keys, func(i int) error { return e.anyValue(x[keys[i]]) })
	case []any:
		if x == nil {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		return e.container(false, len(x), nil, func(i int) error { return e.anyValue(x[i]) })
	default:
		rv := reflect.ValueOf(x)
		if c, err := codecOf(rv.Type()); err == nil && c.kind != kindPlain {
			return e.value(c, rv)
		}
		b, err := stdjson.Marshal(x)
		if err != nil {
			return err
		}
		e.buf = append(e.buf, b...)
	}
	return nil
}

// number writes a json.Number, checking its syntax; "" is 0, the zero
// value.
func (e *encoder) number(n string) error {
	if n == "" {
		e.buf = append(e.buf, '0')
		return nil
	}
	if !validNumber(n) {
		return fmt.Errorf("invalid number literal %.40q", n)
	}
	e.buf = append(e.buf, n...)
	return nil
}

func validNumber(n string) bool {
	end, ok := jsonscan.ScanNumber([]byte(n), 0)
	return ok && end == len(n)
}

// float writes f as encoding/json does: like ES6, with exponents only for
// very small or large magnitudes.
func (e *encoder) float(f float64, bits int) error {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return fmt.Errorf("unsupported float value %v", f)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	e.buf = strconv.AppendFloat(e.buf, f, format, -1, bits)
	if format == 'e' {
		// e-09 to e-9
		if n := len(e.buf); n >= 4 && e.buf[n-4] == 'e' && e.buf[n-3] == '-' && e.buf[n-2] == '0' {
			e.buf[n-2] = e.buf[n-1]
			e.buf = e.buf[:n-1]
		}
	}
	return nil
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string, escaping what JSON requires;
// invalid UTF-8 is written as U+FFFD, as encoding/json does.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
