package lossless_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
)

// The regression tests of issue 6, item by item.

type TwiceA struct{ X string }

type TwiceB struct{ X string }

type plainInner struct {
	Name string `json:"name"`
}

// Item 1: a nested struct without the marker, and every other type that
// cannot keep its promise, is refused, naming the type and field.
func TestCheckRefusesWhatCannotBeLossless(t *testing.T) {
	type noMarker struct {
		lossless.Extra
		Inner plainInner `json:"inner"`
	}
	type deep struct {
		lossless.Extra
		List []map[string]*plainInner `json:"list"`
	}
	type bytes struct {
		lossless.Extra
		B []byte `json:"b"`
	}
	type array struct {
		lossless.Extra
		A [2]string `json:"a"`
	}
	type when struct {
		lossless.Extra
		T time.Time `json:"t"`
	}
	type omit struct {
		lossless.Extra
		S string `json:"s,omitempty"`
	}
	type float struct {
		lossless.Extra
		F float64 `json:"f"`
	}
	type iface struct {
		lossless.Extra
		E error `json:"e"`
	}
	type intKeys struct {
		lossless.Extra
		M map[int]string `json:"m"`
	}
	type ch struct {
		lossless.Extra
		C chan int `json:"c"`
	}
	type twice struct {
		lossless.Extra
		TwiceA
		TwiceB
	}
	tests := []struct {
		typ  any
		want string
	}{
		{noMarker{}, "noMarker.Inner: the struct lossless_test.plainInner does not embed lossless.Extra"},
		{deep{}, "deep.List: the struct lossless_test.plainInner does not embed"},
		{bytes{}, "bytes.B: []uint8 is base64"},
		{array{}, "array.A: the kind array"},
		{when{}, "when.T: time.Time decodes itself"},
		{omit{}, `omit.S: the json tag option "omitempty"`},
		{float{}, "float.F: float64 cannot keep a number's digits"},
		{iface{}, "iface.E: the kind interface"},
		{intKeys{}, "intKeys.M: map[int]string is not keyed by plain strings"},
		{ch{}, "ch.C: the kind chan"},
		{twice{}, `two fields named "X"`},
	}
	for _, tt := range tests {
		typ := reflect.TypeOf(tt.typ)
		t.Run(typ.Name(), func(t *testing.T) {
			err := lossless.Check(typ)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.ErrorContains(t, lossless.Unmarshal([]byte(`{}`), reflect.New(typ).Interface()), tt.want, "Unmarshal refuses it too")
			_, err = lossless.Marshal(reflect.New(typ).Interface())
			assert.ErrorContains(t, err, tt.want, "and Marshal")
		})
	}
	assert.NoError(t, lossless.Check(reflect.TypeFor[*kinds]()))
	assert.NoError(t, lossless.Check(reflect.TypeFor[plainInner]()), "a plain struct claims nothing")
}

type batchItem struct {
	lossless.Extra
	Name string `json:"name"`
}

type lossyItem struct {
	lossless.Extra
	F float64 `json:"f"`
}

// An event that is a top-level JSON array (a batch) is a slice of structs
// embedding Extra: it claims losslessness too, so Check looks through the
// slice and refuses a lossy element at registration, not at the first
// event; and the slice round-trips, nulls and unknown members included.
func TestCheckTopLevelArrays(t *testing.T) {
	assert.NoError(t, lossless.Check(reflect.TypeFor[*[]batchItem]()))
	err := lossless.Check(reflect.TypeFor[*[]lossyItem]())
	require.Error(t, err, "a lossy element type is refused")
	assert.Contains(t, err.Error(), "lossyItem.F: float64 cannot keep a number's digits")
	assert.Error(t, lossless.Check(reflect.TypeFor[[]*lossyItem]()), "through pointers to elements too")
	assert.NoError(t, lossless.Check(reflect.TypeFor[[]plainInner]()), "a slice of plain structs claims nothing")
	assert.NoError(t, lossless.Check(reflect.TypeFor[[]byte]()))

	in := `[{"name":"a","x":1.50},null,{"name":""}]`
	var b []batchItem
	require.NoError(t, lossless.Unmarshal([]byte(in), &b))
	require.Len(t, b, 3)
	assert.Equal(t, json.Number("1.50"), b[0].Unknown["x"])
	out, err := lossless.Marshal(&b)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(out))
}

// A type without the marker decodes through mapstructure by its json tags.
func TestPlainTypesDecodeThroughMapstructure(t *testing.T) {
	type order struct {
		ID    string   `json:"id"`
		Items []string `json:"items"`
		Total int      `json:"total"`
		When  time.Time
	}
	var o order
	require.NoError(t, lossless.Unmarshal([]byte(`{"id":"o1","items":["a"],"total":3,"When":"2024-01-02T03:04:05Z","x":1}`), &o))
	assert.Equal(t, order{ID: "o1", Items: []string{"a"}, Total: 3, When: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}, o)
	assert.ErrorContains(t, lossless.Unmarshal([]byte(`{"total":"x"}`), &o), "total")
	assert.ErrorIs(t, lossless.Unmarshal([]byte(`{"id":`), &o), lossless.ErrInvalidJSON)
}

type selfDecoding struct{ Text string }

func (s *selfDecoding) UnmarshalJSON(b []byte) error { s.Text = string(b); return nil }

// A plain type with its own UnmarshalJSON decodes itself.
func TestPlainTypeDecodingItself(t *testing.T) {
	var s selfDecoding
	require.NoError(t, lossless.Unmarshal([]byte(`{"a": 1}`), &s))
	assert.Equal(t, `{"a": 1}`, s.Text)
}

// Item 3: more than 64 fields.
type wide struct {
	lossless.Extra
	F00 string `json:"f00"`
	F01 string `json:"f01"`
	F02 string `json:"f02"`
	F03 string `json:"f03"`
	F04 string `json:"f04"`
	F05 string `json:"f05"`
	F06 string `json:"f06"`
	F07 string `json:"f07"`
	F08 string `json:"f08"`
	F09 string `json:"f09"`
	F10 string `json:"f10"`
	F11 string `json:"f11"`
	F12 string `json:"f12"`
	F13 string `json:"f13"`
	F14 string `json:"f14"`
	F15 string `json:"f15"`
	F16 string `json:"f16"`
	F17 string `json:"f17"`
	F18 string `json:"f18"`
	F19 string `json:"f19"`
	F20 string `json:"f20"`
	F21 string `json:"f21"`
	F22 string `json:"f22"`
	F23 string `json:"f23"`
	F24 string `json:"f24"`
	F25 string `json:"f25"`
	F26 string `json:"f26"`
	F27 string `json:"f27"`
	F28 string `json:"f28"`
	F29 string `json:"f29"`
	F30 string `json:"f30"`
	F31 string `json:"f31"`
	F32 string `json:"f32"`
	F33 string `json:"f33"`
	F34 string `json:"f34"`
	F35 string `json:"f35"`
	F36 string `json:"f36"`
	F37 string `json:"f37"`
	F38 string `json:"f38"`
	F39 string `json:"f39"`
	F40 string `json:"f40"`
	F41 string `json:"f41"`
	F42 string `json:"f42"`
	F43 string `json:"f43"`
	F44 string `json:"f44"`
	F45 string `json:"f45"`
	F46 string `json:"f46"`
	F47 string `json:"f47"`
	F48 string `json:"f48"`
	F49 string `json:"f49"`
	F50 string `json:"f50"`
	F51 string `json:"f51"`
	F52 string `json:"f52"`
	F53 string `json:"f53"`
	F54 string `json:"f54"`
	F55 string `json:"f55"`
	F56 string `json:"f56"`
	F57 string `json:"f57"`
	F58 string `json:"f58"`
	F59 string `json:"f59"`
	F60 string `json:"f60"`
	F61 string `json:"f61"`
	F62 string `json:"f62"`
	F63 string `json:"f63"`
	F64 string `json:"f64"`
	F65 string `json:"f65"`
	F66 string `json:"f66"`
	F67 string `json:"f67"`
	F68 string `json:"f68"`
	F69 string `json:"f69"`
}

func (w wide) MarshalJSON() ([]byte, error) { return lossless.Marshal(&w) }

func TestManyFields(t *testing.T) {
	require.NoError(t, lossless.Check(reflect.TypeFor[wide]()))
	in := `{"f00":"a","f63":"","f64":null,"f69":"z","f65":"","x":1}`
	v := roundTrip[wide](t, in)
	assert.Equal(t, "z", v.F69)
	var dup wide
	assert.ErrorContains(t, lossless.Unmarshal([]byte(`{"f66":"a","f66":"b"}`), &dup), "duplicate")
}

type Inner struct {
	A string `json:"a"`
	B string `json:"b"`
}

type withPtr struct {
	lossless.Extra
	*Inner
	C string `json:"c"`
}

func (w withPtr) MarshalJSON() ([]byte, error) { return lossless.Marshal(&w) }

// Item 4: embedded pointer structs are flattened as encoding/json does.
func TestEmbeddedPointers(t *testing.T) {
	v := roundTrip[withPtr](t, `{"a":"x","b":null,"c":"y"}`)
	require.NotNil(t, v.Inner)
	assert.Equal(t, "x", v.A)
	none := roundTrip[withPtr](t, `{"c":"y"}`)
	assert.Nil(t, none.Inner, "not allocated when none of its members came")
	out, err := lossless.Marshal(&withPtr{C: "c"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"c":"c"}`, string(out))
	// Flattened as encoding/json flattens them (a hand-built value omits
	// its zero fields).
	out, err = lossless.Marshal(&withPtr{Inner: &Inner{A: "1"}, C: "2"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":"1","c":"2"}`, string(out))
}

type response struct {
	lossless.Extra
	AutoConfirm bool              `json:"autoConfirmUser"`
	Message     string            `json:"message"`
	Attrs       map[string]string `json:"attrs"`
}

func (r response) MarshalJSON() ([]byte, error) { return lossless.Marshal(&r) }

// Item 5: a handler sets a member to an explicit value, to null, or removes
// it.
func TestExplicitStates(t *testing.T) {
	var r response
	require.NoError(t, lossless.Unmarshal([]byte(`{"autoConfirmUser":null,"message":"hi","attrs":null}`), &r))
	out, _ := json.Marshal(r)
	assert.JSONEq(t, `{"autoConfirmUser":null,"message":"hi","attrs":null}`, string(out), "as received")

	require.NoError(t, lossless.Set(&r, &r.AutoConfirm, false))
	require.NoError(t, lossless.SetNull(&r, &r.Message))
	require.NoError(t, lossless.Remove(&r, &r.Attrs))
	out, _ = json.Marshal(r)
	assert.JSONEq(t, `{"autoConfirmUser":false,"message":null}`, string(out))

	var built response
	require.NoError(t, lossless.Set(&built, &built.Message, ""))
	out, _ = json.Marshal(built)
	assert.JSONEq(t, `{"message":""}`, string(out), "hand built: only what was set")

	var other response
	assert.ErrorContains(t, lossless.Set(&r, &other.Message, "x"), "not to a JSON field")
	assert.Equal(t, "", other.Message, "untouched on error")
	assert.Error(t, lossless.Set(&r, nil, "x"))
}

// Item 6: hand-built and decoded values compare equal with Equal.
func TestEqualIgnoresTheMemory(t *testing.T) {
	var decoded kinds
	require.NoError(t, lossless.Unmarshal([]byte(`{"s":"x","b":false,"p":null,"ss":["a"],"zz":1}`), &decoded))
	built := kinds{S: "x", SS: []string{"a"}}
	built.Unknown = map[string]any{"zz": json.Number("1")}
	assert.False(t, reflect.DeepEqual(built, decoded), "reflect.DeepEqual sees the memory")
	assert.True(t, lossless.Equal(built, decoded))
	assert.True(t, lossless.Equal(&built, &decoded))
	built.S = "y"
	assert.False(t, lossless.Equal(built, decoded))
	built.S = "x"
	built.Unknown["zz"] = json.Number("2")
	assert.False(t, lossless.Equal(built, decoded), "unknown members count")
	assert.False(t, lossless.Equal(built, &decoded), "types count")
}

// Item 8: the map path shares nothing with the caller's map.
func TestDecodeMapCopies(t *testing.T) {
	in := map[string]any{"a": map[string]any{"k": []any{"x"}}, "ma": map[string]any{"n": map[string]any{}}, "zz": []any{"y"}}
	var v kinds
	require.NoError(t, lossless.DecodeMapInto(in, &v))
	in["a"].(map[string]any)["k"].([]any)[0] = "changed"
	in["ma"].(map[string]any)["n"].(map[string]any)["new"] = 1
	in["zz"].([]any)[0] = "changed"
	assert.Equal(t, map[string]any{"k": []any{"x"}}, v.A)
	assert.Equal(t, map[string]any{}, v.MA["n"])
	assert.Equal(t, []any{"y"}, v.Unknown["zz"])
}

// Item 9: nulls inside maps and slices survive; null is no event.
func TestNullsInsideContainers(t *testing.T) {
	for _, in := range []string{
		`{"ms":{"Host":null,"Accept":"x"}}`,
		`{"ss":[null,"a",null]}`,
		`{"l":[null,{"s":"x"},null]}`,
		`{"mk":{"a":null}}`,
		`{"mss":{"a":[null,"b"],"b":null,"c":[]}}`,
		`{"p":{"ms":{"x":null}},"ms":{"x":null}}`,
		`{"mm":{"x":[null,{}]}}`,
	} {
		t.Run(in, func(t *testing.T) {
			roundTrip[kinds](t, in)
		})
	}
	var v kinds
	require.NoError(t, lossless.Unmarshal([]byte(`{"ms":{"Host":null}}`), &v))
	v.MS["Host"] = "set"
	out, err := lossless.Marshal(&v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"ms":{"Host":"set"}}`, string(out), "a value set replaces the null")

	assert.ErrorContains(t, lossless.Unmarshal([]byte(`null`), &v), "cannot decode null")
	assert.ErrorContains(t, lossless.DecodeMapInto(nil, &v), "cannot decode null")
	var m map[string]string
	assert.ErrorContains(t, lossless.Unmarshal([]byte(`{"a":null}`), &m), "cannot be kept")
}

// Item 2: one nested value alone round-trips through encoding/json.
func TestNestedValueAlone(t *testing.T) {
	var v kinds
	require.NoError(t, lossless.Unmarshal([]byte(`{"l":[{"s":"","b":null,"new":1}]}`), &v))
	out, err := json.Marshal(v.L[0])
	require.NoError(t, err)
	assert.JSONEq(t, `{"s":"","b":null,"new":1}`, string(out))
	var again kinds
	require.NoError(t, json.Unmarshal(out, &again))
	assert.Equal(t, v.L[0], again)
}

// Item 13: input over the limit is an error, not a panic.
func TestInputOverTheLimit(t *testing.T) {
	if strings.HasSuffix(reflect.TypeFor[int]().String(), "32") {
		t.Skip("32-bit")
	}
	buf := []byte(`{}`)
	huge := unsafeHuge(t, buf, lossless.MaxInput+1)
	var v kinds
	err := lossless.Unmarshal(huge, &v)
	assert.ErrorIs(t, err, lossless.ErrTooLarge)
	assert.Contains(t, err.Error(), "2147483647 bytes")
}

func TestMember(t *testing.T) {
	var r response
	require.NoError(t, lossless.Unmarshal([]byte(`{"autoConfirmUser":false,"message":null,"x":null,"y":0}`), &r))
	for name, want := range map[string][2]bool{
		"autoConfirmUser": {true, false}, "message": {true, true}, "attrs": {false, false},
		"x": {true, true}, "y": {true, false}, "z": {false, false},
	} {
		present, isNull := lossless.Member(&r, name)
		assert.Equal(t, want, [2]bool{present, isNull}, name)
	}
}
