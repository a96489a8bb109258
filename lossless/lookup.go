package lossless

import (
	stdjson "encoding/json"
	"reflect"
	"strconv"

	"github.com/evplugin/evplugin/internal/jsonscan"
)

// Found is what [Lookup] found at a path.
type Found uint8

const (
	// NotFound: the path leads to no value of the JSON the value came from.
	NotFound Found = iota
	// Scalar: a string, number, boolean or null, whose text Lookup returns.
	Scalar
	// Composite: an object or an array.
	Composite
	// Unsure: the value cannot tell (a type it does not model losslessly,
	// a null it holds elsewhere); read the JSON instead.
	Unsure
)

// Lookup finds the value at path in v, a pointer Unmarshal decoded into a
// struct embedding [Extra], as it was in the JSON: absent members are not
// found, nulls are found as the scalar "null", numbers have their literal
// text and strings their contents (isStr). It is how package registry
// checks a source's rule against the event it has just decoded, without
// reading the JSON again; where the value cannot tell, it answers Unsure.
func Lookup(v any, path []jsonscan.Step) (text string, isStr bool, f Found) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return "", false, Unsure
	}
	return lookupValue(rv.Elem(), path)
}

func lookupValue(v reflect.Value, path []jsonscan.Step) (string, bool, Found) {
	for len(path) > 0 {
		step := path[0]
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				return "", false, Unsure // null or absent: its holder says
			}
			v = v.Elem()
			continue
		case reflect.Interface:
			if v.IsNil() {
				return "", false, NotFound // a free-form null has no members
			}
			return lookupAny(v.Elem().Interface(), path)
		case reflect.Struct:
			c, err := codecOf(v.Type())
			if err != nil || c.kind != kindObject {
				return "", false, Unsure
			}
			o := extraOf(c, v)
			if o.more != nil && (o.more.wasNull || len(o.more.inner) > 0) {
				return "", false, Unsure
			}
			if step.Index >= 0 {
				return "", false, NotFound
			}
			i, ok := c.plan.byName[step.Key]
			if !ok {
				x, ok := o.Unknown[step.Key]
				if !ok {
					return "", false, NotFound
				}
				return lookupAny(x, path[1:])
			}
			seen, isNull := o.state(i)
			switch {
			case !seen:
				return "", false, NotFound
			case isNull && len(path) == 1:
				return "null", false, Scalar
			case isNull:
				return "", false, NotFound
			}
			f, ok := fieldRead(v, c.plan.fields[i].index)
			if !ok {
				return "", false, Unsure
			}
			v = f
		case reflect.Slice:
			if v.Type() == rawType || v.Type().Elem().Kind() == reflect.Uint8 {
				return "", false, Unsure
			}
			if step.Index < 0 {
				return "", false, NotFound
			}
			if step.Index >= v.Len() {
				return "", false, NotFound
			}
			v = v.Index(step.Index)
		case reflect.Map:
			if step.Index >= 0 || v.Type().Key().Kind() != reflect.String {
				return "", false, NotFound
			}
			e := v.MapIndex(reflect.ValueOf(step.Key).Convert(v.Type().Key()))
			if !e.IsValid() {
				return "", false, NotFound
			}
			v = e
		default:
			return "", false, NotFound // a scalar has no members
		}
		path = path[1:]
	}
	return scalarText(v)
}

// scalarText is the text of the value v found at the end of a path.
func scalarText(v reflect.Value) (string, bool, Found) {
	switch v.Kind() {
	case reflect.String:
		if v.Type() == numberType {
			return v.String(), false, Scalar
		}
		return v.String(), true, Scalar
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), false, Scalar
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), false, Scalar
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), false, Scalar
	case reflect.Pointer:
		if v.IsNil() {
			return "", false, Unsure
		}
		return scalarText(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			return "null", false, Scalar
		}
		return lookupAny(v.Elem().Interface(), nil)
	case reflect.Struct:
		if c, err := codecOf(v.Type()); err == nil && c.kind == kindObject {
			return "", false, Composite
		}
	case reflect.Slice:
		if v.Type() != rawType && v.Type().Elem().Kind() != reflect.Uint8 {
			if v.IsNil() {
				return "", false, Unsure
			}
			return "", false, Composite
		}
	case reflect.Map:
		if v.IsNil() {
			return "", false, Unsure
		}
		return "", false, Composite
	}
	return "", false, Unsure
}

// lookupAny is Lookup in a free-form value.
func lookupAny(x any, path []jsonscan.Step) (string, bool, Found) {
	for _, step := range path {
		switch c := x.(type) {
		case map[string]any:
			e, ok := c[step.Key]
			if step.Index >= 0 || !ok {
				return "", false, NotFound
			}
			x = e
		case []any:
			if step.Index < 0 || step.Index >= len(c) {
				return "", false, NotFound
			}
			x = c[step.Index]
		default:
			return "", false, NotFound
		}
	}
	switch c := x.(type) {
	case nil:
		return "null", false, Scalar
	case string:
		return c, true, Scalar
	case bool:
		return strconv.FormatBool(c), false, Scalar
	case stdjson.Number:
		return string(c), false, Scalar
	case map[string]any, []any:
		return "", false, Composite
	}
	return "", false, Unsure
}
