package lossless

import (
	"encoding"
	stdjson "encoding/json"
	"fmt"
	"reflect"
	"sync"
)

// A codec is what the decoders and the encoder know of one Go type,
// compiled once: its kind, and for structs embedding Extra the plan and the
// codec of each field.
type codec struct {
	kind   kind
	typ    reflect.Type
	plan   *plan    // kindObject
	fields []*codec // kindObject: by plan field
	extra  []int    // kindObject: index path of the embedded Extra
	elem   *codec   // kindPointer, kindSlice, kindMap
	// track: a container whose elements (or theirs) may be null scalars,
	// which the enclosing Extra remembers by path.
	track bool
	// err: why the type cannot be lossless (kindObject types only are
	// checked; see Check).
	err error
}

type kind uint8

const (
	kindPlain  kind = iota // anything else: decoded through mapstructure, not lossless
	kindObject             // a struct embedding Extra
	kindPointer
	kindSlice
	kindMap // keyed by string
	kindString
	kindBool
	kindInt
	kindUint
	kindFloat
	kindNumber // encoding/json.Number
	kindRaw    // encoding/json.RawMessage
	kindAny    // interface{}
)

func (k kind) scalar() bool { return k >= kindString && k <= kindNumber }

var (
	codecs   sync.Map   // reflect.Type → *codec
	codecsMu sync.Mutex // serialises compiling, so recursive types see one codec

	anyType             = reflect.TypeFor[any]()
	numberType          = reflect.TypeFor[stdjson.Number]()
	rawType             = reflect.TypeFor[stdjson.RawMessage]()
	holderType          = reflect.TypeFor[Holder]()
	unmarshalerType     = reflect.TypeFor[stdjson.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// codecOf returns the codec of t, compiling it (and the types it holds) on
// first use. A struct type embedding Extra that cannot be lossless is an
// error (see [Check]).
func codecOf(t reflect.Type) (*codec, error) {
	c, ok := codecs.Load(t)
	if !ok {
		codecsMu.Lock()
		building := map[reflect.Type]*codec{}
		c = compileCodec(t, building)
		done, seen := map[*codec]bool{}, map[*codec]bool{}
		for _, c := range building {
			if c.kind == kindObject {
				checkObject(c, seen)
			}
			finish(c, done)
		}
		for t, c := range building {
			codecs.Store(t, c)
		}
		codecsMu.Unlock()
	}
	cc := c.(*codec)
	for e := cc; e != nil; e = e.elem {
		if e.err != nil {
			return cc, e.err
		}
	}
	return cc, nil
}

func isHolder(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && reflect.PointerTo(t).Implements(holderType)
}

func compileCodec(t reflect.Type, building map[reflect.Type]*codec) *codec {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec)
	}
	if c, ok := building[t]; ok {
		return c // a recursive type: filled in by the outer call
	}
	c := &codec{typ: t}
	building[t] = c
	switch {
	case t == numberType:
		c.kind = kindNumber
	case t == rawType:
		c.kind = kindRaw
	case isHolder(t):
		c.kind = kindObject
		p, err := planOf(t)
		if err != nil {
			c.err = err
			return c
		}
		c.plan = p
		f, _ := t.FieldByName("Extra")
		c.extra = f.Index
		c.fields = make([]*codec, len(p.fields))
		for i, pf := range p.fields {
			c.fields[i] = compileCodec(pf.typ, building)
		}
	case t == anyType:
		c.kind = kindAny
	case reflect.PointerTo(t).Implements(unmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType):
		c.kind = kindPlain
	default:
		switch t.Kind() {
		case reflect.String:
			c.kind = kindString
		case reflect.Bool:
			c.kind = kindBool
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			c.kind = kindInt
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			c.kind = kindUint
		case reflect.Float32, reflect.Float64:
			c.kind = kindFloat
		case reflect.Pointer:
			c.kind = kindPointer
		case reflect.Slice:
			if t.Elem().Kind() != reflect.Uint8 { // []byte is base64 in encoding/json
				c.kind = kindSlice
			}
		case reflect.Map:
			if t.Key().Kind() == reflect.String && !reflect.PointerTo(t.Key()).Implements(textUnmarshalerType) {
				c.kind = kindMap
			}
		}
		if c.kind == kindPointer || c.kind == kindSlice || c.kind == kindMap {
			c.elem = compileCodec(t.Elem(), building)
		}
	}
	return c
}

// tracks reports whether nulls at c (or inside it) are nulls a Go value of
// c's type cannot hold, which the enclosing Extra must remember.
func tracks(c *codec, seen map[*codec]bool) bool {
	if seen[c] {
		return false
	}
	seen[c] = true
	switch {
	case c.kind.scalar():
		return true
	case c.kind == kindSlice || c.kind == kindMap || c.kind == kindPointer:
		return tracks(c.elem, seen)
	}
	return false
}

// finish sets the track flags once every codec of a graph is compiled.
func finish(c *codec, done map[*codec]bool) {
	if c == nil || done[c] {
		return
	}
	done[c] = true
	if c.kind == kindSlice || c.kind == kindMap {
		c.track = tracks(c.elem, map[*codec]bool{})
	}
	finish(c.elem, done)
	for _, f := range c.fields {
		finish(f, done)
	}
}

// Check reports whether values of type t (or of the type t points to) can
// be decoded and marshalled losslessly by this package. A struct type
// embedding [Extra] claims it, and so does a slice of such structs (an
// event that is a top-level JSON array, such as a batch of AppSync
// resolver events): then every type it holds must be one of
// string, bool and integer kinds (not floats: their digits are not kept), encoding/json.Number,
// encoding/json.RawMessage (kept as compact JSON), any, pointers, slices (not []byte) and maps
// keyed by strings of those, and structs embedding Extra themselves; json
// tags carry no options; the error names the first type and field that
// break the claim. A type that does not embed Extra claims nothing: it is
// decoded through mapstructure by its json tags, and Check returns nil.
//
// registry.Register calls Check, so a source type that cannot keep its
// promise is refused at init, never at the first event.
func Check(t reflect.Type) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	e := t
	for e.Kind() == reflect.Pointer || e.Kind() == reflect.Slice {
		e = e.Elem()
	}
	if !isHolder(e) {
		return nil
	}
	_, err := codecOf(t)
	return err
}

// checkObject walks the codecs reachable from an object codec, reporting
// the first that cannot be lossless, and records it in c.err; each codec is
// checked once.
func checkObject(c *codec, seen map[*codec]bool) error {
	if seen[c] {
		return c.err
	}
	seen[c] = true
	if c.err == nil {
		c.err = checkMembers(c, seen)
	}
	return c.err
}

func checkMembers(c *codec, seen map[*codec]bool) error {
	if len(c.extra) > 1 {
		// The Extra must not hide behind an embedded pointer.
		v := c.typ
		for _, i := range c.extra[:len(c.extra)-1] {
			sf := v.Field(i)
			if sf.Type.Kind() == reflect.Pointer {
				return fmt.Errorf("lossless: %v reaches its Extra through the embedded pointer %s; embed lossless.Extra directly", c.typ, sf.Name)
			}
			v = sf.Type
		}
	}
	for i, pf := range c.plan.fields {
		// Where, for an error: named only then, as init pays for all else.
		where := func() string { return fmt.Sprintf("%v.%s", c.typ, c.typ.FieldByIndex(pf.index).Name) }
		if pf.opts != "" {
			return fmt.Errorf("lossless: %s: the json tag option %q is not for lossless types (the codec decides what is written)", where(), pf.opts)
		}
		if err := checkField(c.fields[i], where, seen); err != nil {
			return err
		}
	}
	return nil
}

func checkField(c *codec, where func() string, seen map[*codec]bool) error {
	switch c.kind {
	case kindObject:
		return checkObject(c, seen)
	case kindPointer, kindSlice, kindMap:
		return checkField(c.elem, where, seen)
	case kindAny:
		if c.typ.NumMethod() > 0 {
			break
		}
		return nil
	case kindFloat:
		return fmt.Errorf("lossless: %s: %v cannot keep a number's digits (1.5e3 would come back as 1500); use encoding/json.Number", where(), c.typ)
	case kindPlain:
	default:
		return nil
	}
	t := c.typ
	switch {
	case reflect.PointerTo(t).Implements(unmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType):
		return fmt.Errorf("lossless: %s: %v decodes itself (UnmarshalJSON or UnmarshalText), which lossless cannot vouch for", where(), t)
	case t.Kind() == reflect.Struct:
		return fmt.Errorf("lossless: %s: the struct %v does not embed lossless.Extra, so it would lose unknown members and nulls", where(), t)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return fmt.Errorf("lossless: %s: %v is base64 in encoding/json and not kept byte for byte; use a string", where(), t)
	case t.Kind() == reflect.Map:
		return fmt.Errorf("lossless: %s: %v is not keyed by plain strings", where(), t)
	}
	return fmt.Errorf("lossless: %s: the kind %v (%v) cannot be kept losslessly", where(), t.Kind(), t)
}
