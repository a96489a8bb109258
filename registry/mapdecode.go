package registry

import (
	stdjson "encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/go-viper/mapstructure/v2"
)

// The map path: github.com/go-viper/mapstructure/v2 with one configuration,
// built once. Names match exactly as the json tags spell them, embedded
// structs are squashed, and hooks make the result the bytes path's:
// each [Object] is filled from the keys of its map, and a number never
// lands in a string field.
var mapConfig = mapstructure.DecoderConfig{
	TagName:    "json",
	Squash:     true,
	MatchName:  func(key, field string) bool { return key == field },
	DecodeHook: mapstructure.ComposeDecodeHookFunc(objectHook, numberHook),
}

var numberType = reflect.TypeFor[stdjson.Number]()

// objectHook records, for a struct embedding Object, which members the map
// holds, which are null and which the struct does not model.
func objectHook(from, to reflect.Value) (any, error) {
	if to.Kind() != reflect.Struct || !to.CanAddr() || !to.Addr().Type().Implements(holderType) {
		return from.Interface(), nil
	}
	m, ok := from.Interface().(map[string]any)
	if !ok {
		return from.Interface(), nil
	}
	p, err := planOf(to.Type())
	if err != nil {
		return nil, err
	}
	p.recordKeys(to.Addr().Interface().(holder).object(), m)
	return m, nil
}

// numberHook refuses a number for a string field, as the bytes path does
// (encoding/json.Number is a string type, which mapstructure would accept).
func numberHook(from, to reflect.Type, data any) (any, error) {
	if from == numberType && to.Kind() == reflect.String && to != numberType {
		return nil, fmt.Errorf("cannot decode a number into %v", to)
	}
	return data, nil
}

// DecodeMapInto decodes a map, as encoding/json produces with UseNumber,
// into v, a pointer to a struct, with the same result as [Unmarshal] of the
// map's JSON. Errors carry the JSON path of the failing value (see
// [PathOf]).
func DecodeMapInto(m map[string]any, v any) error {
	cfg := mapConfig
	cfg.Result = v
	d, err := mapstructure.NewDecoder(&cfg)
	if err != nil {
		return err
	}
	return d.Decode(m)
}

// mapErrorPath returns the path of the first failing field of a
// mapstructure error; mapstructure names fields by their tag names, in the
// syntax rules use.
func mapErrorPath(err error) string {
	var de *mapstructure.DecodeError
	if errors.As(err, &de) {
		return de.Name()
	}
	return ""
}
