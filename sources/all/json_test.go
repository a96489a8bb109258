package all_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
)

// TestModelledTypesImplementJSON walks the types reachable from every
// built-in source and requires each struct embedding lossless.Extra to
// implement json.Marshaler and (by pointer) json.Unmarshaler, which the
// generated zz_lossless.go files provide; so encoding/json is lossless on
// any of them alone, not only on the top-level event.
func TestModelledTypesImplementJSON(t *testing.T) {
	var (
		marshaler   = reflect.TypeFor[json.Marshaler]()
		unmarshaler = reflect.TypeFor[json.Unmarshaler]()
		extra       = reflect.TypeFor[lossless.Extra]()
		seen        = map[reflect.Type]bool{}
		modelled    = 0
	)
	var walk func(t reflect.Type, from string)
	walk = func(typ reflect.Type, from string) {
		if seen[typ] {
			return
		}
		seen[typ] = true
		switch typ.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(typ.Elem(), from)
		case reflect.Map:
			walk(typ.Key(), from)
			walk(typ.Elem(), from)
		case reflect.Struct:
			embeds := false
			for i := range typ.NumField() {
				f := typ.Field(i)
				if f.Anonymous && f.Type == extra {
					embeds = true
					continue
				}
				walk(f.Type, from)
			}
			if !embeds {
				return
			}
			modelled++
			assert.True(t, typ.Implements(marshaler), "%v (from %s) has no MarshalJSON: run go generate", typ, from)
			assert.True(t, reflect.PointerTo(typ).Implements(unmarshaler), "%v (from %s) has no UnmarshalJSON: run go generate", typ, from)
		}
	}
	for _, s := range registry.Default.Sources() {
		if s.New != nil {
			walk(reflect.TypeOf(s.New()), s.ID)
		}
	}
	assert.NotZero(t, modelled, "modelled types found")
	t.Logf("%d modelled types", modelled)
}
