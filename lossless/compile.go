package lossless

import (
	stdjson "encoding/json"
	"reflect"
	"strings"
	"sync"
)

// A codec is what the decoders know of one Go type, compiled once: its
// kind, and for structs embedding Extra the plan and the codec of each
// field. Kinds the decoders do not compile (arrays, []byte, time.Time,
// types with their own UnmarshalJSON or UnmarshalText, maps with other
// than string keys) are kindFallback and go to the general codecs.
type codec struct {
	kind   kind
	typ    reflect.Type
	plan   *plan    // kindObject
	fields []*codec // kindObject: by plan field
	obj    []int    // kindObject: index path of the embedded Object
	elem   *codec   // kindPointer, kindSlice, kindMap
}

type kind uint8

const (
	kindFallback kind = iota
	kindObject        // a struct embedding Extra
	kindPointer
	kindSlice
	kindMap // keyed by string
	kindString
	kindBool
	kindInt
	kindUint
	kindFloat
	kindNumber // encoding/json.Number
	kindAny    // interface{}
)

var (
	codecs   sync.Map   // reflect.Type → *codec
	codecsMu sync.Mutex // serialises compiling, so recursive types see one codec
	anyType  = reflect.TypeFor[any]()

	unmarshalerType     = reflect.TypeFor[stdjson.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[interface{ UnmarshalText([]byte) error }]()
)

// codecOf returns the codec of t, compiling it (and the types it holds) on
// first use.
func codecOf(t reflect.Type) (*codec, error) {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec), nil
	}
	codecsMu.Lock()
	defer codecsMu.Unlock()
	building := map[reflect.Type]*codec{}
	c, err := compileCodec(t, building)
	if err != nil {
		return nil, err
	}
	for t, c := range building {
		codecs.Store(t, c)
	}
	return c, nil
}

func compileCodec(t reflect.Type, building map[reflect.Type]*codec) (*codec, error) {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec), nil
	}
	if c, ok := building[t]; ok {
		return c, nil // a recursive type: filled in by the outer call
	}
	c := &codec{typ: t}
	building[t] = c
	var err error
	pt := reflect.PointerTo(t)
	switch {
	case t == numberType:
		c.kind = kindNumber
	case pt.Implements(holderType) && t.Kind() == reflect.Struct:
		c.kind = kindObject
		if c.plan, err = planOf(t); err != nil {
			return nil, err
		}
		c.obj = objectIndex(t)
		c.fields = make([]*codec, len(c.plan.fields))
		for i, f := range c.plan.fields {
			if c.fields[i], err = compileCodec(t.FieldByIndex(f.index).Type, building); err != nil {
				return nil, err
			}
		}
	case t == anyType:
		c.kind = kindAny
	case pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType):
		c.kind = kindFallback
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
			if t.Elem().Kind() != reflect.Uint8 { // []byte is base64: the fallback knows
				c.kind = kindSlice
			}
		case reflect.Map:
			if t.Key().Kind() == reflect.String && !reflect.PointerTo(t.Key()).Implements(textUnmarshalerType) {
				c.kind = kindMap
			}
		}
		if c.kind == kindPointer || c.kind == kindSlice || c.kind == kindMap {
			if c.elem, err = compileCodec(t.Elem(), building); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

// objectIndex is the index path of the Object a struct embeds, shallowest
// first.
func objectIndex(t reflect.Type) []int {
	if f, ok := t.FieldByName("Extra"); ok && f.Type == objectType {
		return f.Index
	}
	return nil
}

// field returns the field of struct v at an index path.
func field(v reflect.Value, index []int) reflect.Value {
	if len(index) == 1 {
		return v.Field(index[0])
	}
	return v.FieldByIndex(index)
}

// pathError is an error found at a JSON path; each level it passes on its
// way out adds its segment.
type pathError struct {
	rev []string // segments, innermost first: ".body", "[0]", ".Records"
	err error
}

func (e *pathError) Error() string { return e.path() + ": " + e.err.Error() }

func (e *pathError) Unwrap() error { return e.err }

func (e *pathError) path() string {
	var b strings.Builder
	for i := len(e.rev) - 1; i >= 0; i-- {
		b.WriteString(e.rev[i])
	}
	return strings.TrimPrefix(b.String(), ".")
}

// at adds a path segment to err.
func at(err error, seg string) error {
	if pe, ok := err.(*pathError); ok {
		pe.rev = append(pe.rev, seg)
		return pe
	}
	return &pathError{rev: []string{seg}, err: err}
}

// memberSeg is the path segment of an object member.
func memberSeg(name string) string {
	if name == "" || strings.ContainsAny(name, ".[]\"") {
		return "[" + quoteJSON(name) + "]"
	}
	return "." + name
}

func quoteJSON(s string) string {
	b, _ := stdjson.Marshal(s)
	return string(b)
}
