package lossless

import (
	stdjson "encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"

	"github.com/evplugin/evplugin/internal/jsonscan"
)

// The bytes path: a decoder compiled per type (see codecOf) that reads the
// JSON with the detection scanner's primitives and sets fields through
// reflection. It validates everything it reads: structure, string contents
// (UTF-8, control characters, escapes, lone surrogates), number syntax and
// ranges, duplicate member names at every level.

// Unmarshal decodes JSON into v, a non-nil pointer.
//
// Into a struct embedding [Extra] (checked with [Check]) it decodes
// losslessly: the struct keeps the members it does not model and remembers
// null and present ones, numbers in free-form values keep their digits, and
// [Marshal] gives back JSON equal to the input. JSON null is no object: it
// is an error at the top level. Into any other type it decodes the JSON
// into free-form values first, then through mapstructure by json tags (see
// [Into]), which is not lossless; a type with its own UnmarshalJSON decodes
// itself.
//
// Errors carry the JSON path of the failing value (see [PathOf]); invalid
// JSON is a *SyntaxError, input over [MaxInput] bytes an error too.
func Unmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("lossless: Unmarshal into %T, not a non-nil pointer", v)
	}
	if err := jsonscan.CheckSize(len(data)); err != nil {
		return err
	}
	c, err := codecOf(rv.Type().Elem())
	if err != nil {
		return err
	}
	d := decoder{Scanner: jsonscan.Scanner{Data: data}, src: string(data), large: len(data) > wholeCopyMax}
	d.WS()
	if c.kind == kindPlain {
		if u, ok := v.(stdjson.Unmarshaler); ok {
			return u.UnmarshalJSON(data) // a plain type that decodes itself
		}
		x, err := d.anyValue()
		if err == nil {
			err = d.end()
		}
		if err != nil {
			return err
		}
		return Into(x, v)
	}
	if c.kind == kindObject && d.peek() == 'n' {
		return fmt.Errorf("lossless: cannot decode null into %v, an object", c.typ)
	}
	if err = d.value(c, rv.Elem()); err != nil {
		return err
	}
	return d.end()
}

// end checks that nothing but whitespace follows the top-level value.
func (d *decoder) end() error {
	d.WS()
	if d.Pos != len(d.Data) {
		return d.syntax("unexpected data after the top-level value")
	}
	return nil
}

// decoder decodes one document; its scanner holds the position and the
// first syntax error.
//
// src is the document as one string: strings without escapes are slices of
// it, so decoding allocates once for them all. In a document up to
// wholeCopyMax bytes the decoded value keeps them so, and with them the
// whole copy; in a larger one (large) they are copied into arena, so that
// the value keeps only what it holds (see decode_string.go).
//
// ex, fi, base and path say where a null the Go types cannot hold is: in
// field fi of the object whose Extra is ex, at the steps path[base:] inside
// the field's value.
type decoder struct {
	jsonscan.Scanner
	src   string
	large bool
	arena arena
	ex    *Extra
	fi    int
	base  int
	path  []step
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

// setNull gives v, an element of an array or a map that arrived as null,
// the value that marshals as null, remembering in the enclosing Extra what
// the Go type cannot hold.
func (d *decoder) setNull(c *codec, v reflect.Value) error {
	switch {
	case c.kind == kindObject:
		v.SetZero()
		extraOf(c, v).grow().wasNull = true
	case c.kind == kindRaw:
		v.SetBytes([]byte("null"))
	case c.kind.scalar():
		v.SetZero()
		if d.ex == nil {
			return fmt.Errorf("a null %v cannot be kept outside a struct embedding lossless.Extra", c.typ)
		}
		d.ex.addInner(d.fi, pathKey(d.path[d.base:]))
	default:
		v.SetZero()
	}
	return nil
}

// setRaw sets a json.RawMessage to the compact JSON of a free-form value,
// members sorted: both decode paths give the same bytes.
func setRaw(v reflect.Value, x any) error {
	var e encoder
	if err := e.anyValue(x); err != nil {
		return err
	}
	v.SetBytes(e.buf)
	return nil
}

// extraOf returns the Extra of the object v of codec c.
var (
	stringsType   = reflect.TypeFor[[]string]()
	stringMapType = reflect.TypeFor[map[string]string]()
	anyMapType    = reflect.TypeFor[map[string]any]()
)

func extraOf(c *codec, v reflect.Value) *Extra {
	return fieldWrite(v, c.extra).Addr().Interface().(*Extra)
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
			return d.scalarMismatch(c, v)
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
			return d.scalarMismatch(c, v)
		}
		return d.errOrNil()
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
	case kindRaw:
		x, err := d.anyValue()
		if err != nil {
			return err
		}
		return setRaw(v, x)
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
	return fmt.Errorf("lossless: cannot decode into %v", c.typ) // Check refuses such types
}

// scalarMismatch handles a value of the wrong kind for a scalar: null is
// the element null of a container, anything else is an error.
func (d *decoder) scalarMismatch(c *codec, v reflect.Value) error {
	if d.null() {
		return d.setNull(c, v)
	}
	if d.Err != nil {
		return d.errOrNil()
	}
	return d.mismatch(v.Type())
}

func (d *decoder) enter() error {
	if d.Depth++; d.Depth > jsonscan.MaxDepth {
		return d.syntax("nesting deeper than 10000")
	}
	return nil
}

// each walks the items of the container at d.pos, which ends with end ('}'
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
			if name, err = d.key(); err != nil {
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

func (d *decoder) object(c *codec, v reflect.Value) error {
	switch d.peek() {
	case '{':
	case 'n':
		d.Literal("null")
		if d.Err != nil {
			return d.errOrNil()
		}
		return d.setNull(c, v)
	default:
		err := d.mismatch(v.Type())
		if d.Err == nil {
			err = fmt.Errorf("%w, an object", err)
		}
		return err
	}
	o := extraOf(c, v)
	o.reset()
	ex, fi, base := d.ex, d.fi, d.base
	d.ex, d.base = o, len(d.path)
	next := 0 // members mostly come in the order of the fields
	err := d.each('}', func(_ int, name string) error {
		i, known := next, next < len(c.plan.fields) && c.plan.fields[next].name == name
		if !known {
			i, known = c.plan.byName[name]
		}
		if !known {
			x, err := d.anyValue()
			if err != nil {
				return at(err, memberSeg(name))
			}
			if o.Unknown == nil {
				o.Unknown = make(map[string]any, 2)
			}
			if !putNew(o.Unknown, d.own(name), x) {
				return at(errDuplicate, memberSeg(name))
			}
			return nil
		}
		next = i + 1
		pf := &c.plan.fields[i]
		if d.null() {
			if !o.mark(i, true) {
				return at(errDuplicate, memberSeg(name))
			}
			if f, ok := fieldRead(v, pf.index); ok {
				f.SetZero()
			}
			return nil
		}
		if !o.mark(i, false) {
			return at(errDuplicate, memberSeg(name))
		}
		var f reflect.Value
		if pf.viaPtr {
			f = fieldWrite(v, pf.index)
		} else {
			f = fieldRead1(v, pf.index)
		}
		d.fi = i
		if err := d.value(c.fields[i], f); err != nil {
			return at(err, memberSeg(pf.name))
		}
		return nil
	})
	d.ex, d.fi, d.base = ex, fi, base
	return err
}

// fieldRead1 is fieldRead for an index through no pointer.
func fieldRead1(v reflect.Value, index []int) reflect.Value {
	if len(index) == 1 {
		return v.Field(index[0])
	}
	return v.FieldByIndex(index)
}

// push adds a step to the path, for a container that tracks nulls; pop
// removes it.
func (d *decoder) push(c *codec) {
	if c.track {
		d.path = append(d.path, step{idx: -1})
	}
}

func (d *decoder) pop(c *codec) {
	if c.track {
		d.path = d.path[:len(d.path)-1]
	}
}

func (d *decoder) slice(c *codec, v reflect.Value) error {
	if d.peek() != '[' {
		return d.nilOrMismatch(v)
	}
	// Only a []string goes through Addr: for other types reflect looks
	// their pointer type up in a sync.Map on every call.
	if c.typ == stringsType {
		return d.strings(c, v.Addr().Interface().(*[]string))
	}
	if v.IsNil() {
		v.Set(reflect.MakeSlice(c.typ, 0, 0))
	}
	v.SetLen(0)
	d.push(c)
	err := d.each(']', func(i int, _ string) error {
		if v.Len() == v.Cap() {
			v.Grow(1)
		}
		v.SetLen(i + 1)
		e := v.Index(i)
		e.SetZero()
		if c.track {
			d.path[len(d.path)-1].idx = i
		}
		if err := d.value(c.elem, e); err != nil {
			return at(err, "["+strconv.Itoa(i)+"]")
		}
		return nil
	})
	d.pop(c)
	return err
}

// nilOrMismatch handles what is not the container a slice or map expects:
// null is nil, anything else an error.
func (d *decoder) nilOrMismatch(v reflect.Value) error {
	if d.peek() == 'n' {
		d.Literal("null")
		v.SetZero()
		return d.errOrNil()
	}
	return d.mismatch(v.Type())
}

// strings decodes an array of strings without reflection.
func (d *decoder) strings(c *codec, out *[]string) error {
	s := (*out)[:0]
	if s == nil {
		s = []string{}
	}
	err := d.each(']', func(i int, _ string) error {
		if d.peek() != '"' {
			if d.null() {
				s = append(s, "")
				d.path = append(d.path, step{idx: i})
				err := d.setNull(c.elem, reflect.ValueOf(&s[i]).Elem())
				d.path = d.path[:len(d.path)-1]
				return at(err, "["+strconv.Itoa(i)+"]")
			}
			return at(d.mismatch(c.elem.typ), "["+strconv.Itoa(i)+"]")
		}
		x, err := d.str2()
		s = append(s, x)
		return err
	})
	*out = s
	return err
}

func (d *decoder) mapInto(c *codec, v reflect.Value) error {
	if d.peek() != '{' {
		return d.nilOrMismatch(v)
	}
	// Only the two map types with their own loops go through Addr: for
	// other types reflect looks their pointer type up in a sync.Map on
	// every call.
	var p any
	if c.typ == stringMapType || c.typ == anyMapType {
		p = v.Addr().Interface()
	}
	switch m := p.(type) {
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
				d.path = append(d.path, step{key: name, idx: -1})
				err := d.setNull(c.elem, reflect.ValueOf(&s).Elem())
				d.path = d.path[:len(d.path)-1]
				if err != nil {
					return at(err, memberSeg(name))
				}
			default:
				return at(d.mismatch(c.elem.typ), memberSeg(name))
			}
			if !putNew(*m, d.own(name), s) {
				return at(errDuplicate, memberSeg(name))
			}
			return nil
		})
	case *map[string]any:
		*m = map[string]any{}
		return d.each('}', func(_ int, name string) error {
			x, err := d.anyValue()
			if err != nil {
				return at(err, memberSeg(name))
			}
			if !putNew(*m, d.own(name), x) {
				return at(errDuplicate, memberSeg(name))
			}
			return nil
		})
	}
	v.Set(reflect.MakeMap(c.typ))
	kt, et := c.typ.Key(), c.typ.Elem()
	d.push(c)
	err := d.each('}', func(_ int, name string) error {
		k := reflect.ValueOf(d.own(name)).Convert(kt)
		if v.MapIndex(k).IsValid() {
			return at(errDuplicate, memberSeg(name))
		}
		if c.track {
			d.path[len(d.path)-1].key = name
		}
		e := reflect.New(et).Elem()
		if err := d.value(c.elem, e); err != nil {
			return at(err, memberSeg(name))
		}
		v.SetMapIndex(k, e)
		return nil
	})
	d.pop(c)
	return err
}

// numberInto decodes a number into an integer, float or json.Number.
func (d *decoder) numberInto(c *codec, v reflect.Value) error {
	if ch := d.peek(); ch != '-' && (ch < '0' || ch > '9') {
		return d.scalarMismatch(c, v)
	}
	start := d.Pos
	d.Number()
	if d.Err != nil {
		return d.errOrNil()
	}
	lit := d.src[start:d.Pos]
	if c.kind == kindNumber {
		lit = d.own(lit) // kept as text
	}
	return setNumber(c, v, lit)
}

// setNumber sets v, of a number kind, from a valid JSON number literal.
func setNumber(c *codec, v reflect.Value, lit string) error {
	switch c.kind {
	case kindNumber:
		v.SetString(lit)
	case kindInt:
		n, ok := parseInt(lit)
		if !ok || v.OverflowInt(n) {
			return badNumber(lit, v.Type())
		}
		v.SetInt(n)
	case kindUint:
		n, ok := parseInt(lit)
		if !ok || n < 0 || v.OverflowUint(uint64(n)) {
			return badNumber(lit, v.Type())
		}
		v.SetUint(uint64(n))
	case kindFloat:
		f, err := strconv.ParseFloat(lit, v.Type().Bits())
		if err != nil || v.OverflowFloat(f) || math.IsInf(f, 0) {
			return badNumber(lit, v.Type())
		}
		v.SetFloat(f)
	}
	return nil
}

// badNumber reports a number that does not fit its Go type, quoting at most
// 40 of its characters: hostile input may send a million digits.
func badNumber(lit string, t reflect.Type) error {
	if len(lit) > 40 {
		lit = lit[:37] + "..."
	}
	return fmt.Errorf("cannot decode the number %s into %v", lit, t)
}

// parseInt parses a JSON integer literal (no fraction, no exponent).
func parseInt(raw string) (int64, bool) {
	neg := raw != "" && raw[0] == '-'
	if neg {
		raw = raw[1:]
	}
	if len(raw) == 0 || len(raw) > 19 {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case !neg && n <= math.MaxInt64:
		return int64(n), true
	case neg && n == 0:
		return 0, false // -0 would come back as 0
	case neg && n <= 1<<63:
		return -int64(n), true
	}
	return 0, false
}

// anyValue decodes a free-form value: map[string]any, []any, string, bool,
// nil, and numbers as encoding/json.Number.
func (d *decoder) anyValue() (any, error) {
	switch d.peek() {
	case '{':
		m := map[string]any{}
		err := d.each('}', func(_ int, name string) error {
			x, err := d.anyValue()
			if err != nil {
				return at(err, memberSeg(name))
			}
			if !putNew(m, d.own(name), x) {
				return at(errDuplicate, memberSeg(name))
			}
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
	return stdjson.Number(d.own(d.src[start:d.Pos])), nil
}

// putNew sets m[k] to v and reports whether k is new: one hash lookup
// where a check and a store take two. A duplicate is an error, so the
// value it overwrites does not matter.
func putNew[V any](m map[string]V, k string, v V) bool {
	n := len(m)
	m[k] = v
	return len(m) > n
}

// errOrNil returns the syntax error, or a true nil: d.Err is a
// *SyntaxError, and a nil one in an error would not be nil.
func (d *decoder) errOrNil() error {
	if d.Err != nil {
		return d.Err
	}
	return nil
}
