package all_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// TestInvariants walks the type graph of every registered source: every
// struct reachable from a source's type passes lossless.Check, implements
// json.Marshaler and json.Unmarshaler, and, decoded alone with
// encoding/json from a document holding each of its members as null plus
// an unknown member, marshals back to that document.
func TestInvariants(t *testing.T) {
	srcs := registry.Default.Sources()
	require.NotEmpty(t, srcs)
	types := 0
	for _, s := range srcs {
		if s.New == nil {
			continue
		}
		t.Run(s.ID, func(t *testing.T) {
			problems, n := invariants(reflect.TypeOf(s.New()))
			types += n
			assert.Empty(t, problems)
		})
	}
	t.Logf("%d struct types checked (summed over sources)", types)
}

type brokenInner struct {
	lossless.Extra
	Name string `json:"name"`
}

type brokenNoMarker struct{ Name string }

type broken struct {
	lossless.Extra
	Inner  brokenInner    `json:"inner"`  // no Marshal/Unmarshal methods
	Plain  brokenNoMarker `json:"plain"`  // no Extra
	Floats []float64      `json:"floats"` // digits lost
}

func (b broken) MarshalJSON() ([]byte, error) { return lossless.Marshal(&b) }

func (b *broken) UnmarshalJSON(raw []byte) error { return lossless.Unmarshal(raw, b) }

// TestInvariantsCatchBrokenTypes proves the walk fails on a type that
// breaks the promise.
func TestInvariantsCatchBrokenTypes(t *testing.T) {
	problems, _ := invariants(reflect.TypeFor[*broken]())
	require.NotEmpty(t, problems)
	joined := fmt.Sprint(problems)
	assert.Contains(t, joined, "broken.Plain: the struct all_test.brokenNoMarker does not embed lossless.Extra")
	assert.Contains(t, joined, "brokenInner: no MarshalJSON")
	assert.Contains(t, joined, "brokenInner: no UnmarshalJSON")

	type fixed struct {
		lossless.Extra
		Names []string `json:"names"`
	}
	problems, _ = invariants(reflect.TypeFor[fixed]())
	assert.Equal(t, []string{"all_test.fixed: no MarshalJSON", "all_test.fixed: no UnmarshalJSON"}, problems)
}

// invariants returns what is wrong with the types reachable from t, and how
// many modelled struct types it checked: lossless.Check of t (which refuses
// nested structs without lossless.Extra, floats, ...), then for each struct
// embedding Extra the two encoding/json methods and a round trip alone.
func invariants(t reflect.Type) ([]string, int) {
	var problems []string
	if err := lossless.Check(t); err != nil {
		problems = append(problems, err.Error())
	}
	n := 0
	for _, st := range sourcetest.StructTypes(t) {
		if st == reflect.TypeFor[lossless.Extra]() || !reflect.PointerTo(st).Implements(reflect.TypeFor[lossless.Holder]()) {
			continue // an embedded part (a mixin such as eventbridge.Envelope) or Extra's own
		}
		n++
		marshals := st.Implements(reflect.TypeFor[json.Marshaler]())
		unmarshals := reflect.PointerTo(st).Implements(reflect.TypeFor[json.Unmarshaler]())
		if !marshals {
			problems = append(problems, fmt.Sprintf("%v: no MarshalJSON", st))
		}
		if !unmarshals {
			problems = append(problems, fmt.Sprintf("%v: no UnmarshalJSON", st))
		}
		if marshals && unmarshals {
			if p := aloneRoundTrip(st); p != "" {
				problems = append(problems, p)
			}
		}
	}
	sort.Strings(problems)
	return problems, n
}

// aloneRoundTrip decodes, with encoding/json, a document holding each JSON
// member of t as null and one unknown member into a new t, and checks that
// encoding/json marshals it back to that document.
func aloneRoundTrip(t reflect.Type) string {
	doc := map[string]any{"evplugin-unknown": []any{json.Number("1.50"), map[string]any{"a": nil}}}
	for _, name := range jsonNames(t) {
		doc[name] = nil
	}
	in, _ := json.Marshal(doc)
	v := reflect.New(t)
	if err := json.Unmarshal(in, v.Interface()); err != nil {
		return fmt.Sprintf("%v: encoding/json.Unmarshal alone: %v", t, err)
	}
	out, err := json.Marshal(v.Elem().Interface())
	if err != nil {
		return fmt.Sprintf("%v: encoding/json.Marshal alone: %v", t, err)
	}
	a, _ := decodeUseNumber(in)
	if b, err := decodeUseNumber(out); err != nil || !reflect.DeepEqual(a, b) {
		return fmt.Sprintf("%v: alone, %s comes back as %s", t, in, out)
	}
	return ""
}

// jsonNames lists the JSON member names of struct t, through embedded
// structs, as encoding/json sees them (shadowing aside).
func jsonNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || f.Type == reflect.TypeFor[lossless.Extra]() {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				names = append(names, jsonNames(ft)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names = append(names, name)
	}
	return names
}

func decodeUseNumber(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}
