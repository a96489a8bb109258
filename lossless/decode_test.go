package lossless_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/internal/jsontest"
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/lossless/refcodec"
)

// kinds holds every kind the compiled decoder knows.
type kinds struct {
	lossless.Extra
	S   string              `json:"s"`
	B   bool                `json:"b"`
	I   int64               `json:"i"`
	I8  int8                `json:"i8"`
	U   uint32              `json:"u"`
	N   json.Number         `json:"n"`
	A   any                 `json:"a"`
	P   *kinds              `json:"p"`
	L   []kinds             `json:"l"`
	SS  []string            `json:"ss"`
	MS  map[string]string   `json:"ms"`
	MA  map[string]any      `json:"ma"`
	MK  map[string]kinds    `json:"mk"`
	Raw json.RawMessage     `json:"raw"`
	MM  map[string][]*empty `json:"mm"`
	MSS map[string][]string `json:"mss"`
}

type empty struct{ lossless.Extra }

// MarshalJSON and UnmarshalJSON are what go generate writes for source
// types.
func (k kinds) MarshalJSON() ([]byte, error) { return lossless.Marshal(&k) }

func (k *kinds) UnmarshalJSON(b []byte) error { return lossless.Unmarshal(b, k) }

// roundTrip decodes in on both paths and through the reference codec,
// requires equal values, and requires Marshal and encoding/json to give
// back JSON equal to in.
func roundTrip[T any](t *testing.T, in string) *T {
	t.Helper()
	v := new(T)
	require.NoError(t, lossless.Unmarshal([]byte(in), v))

	ref := new(T)
	require.NoError(t, refcodec.Unmarshal([]byte(in), ref))
	assert.Equal(t, ref, v, "the reference codec decodes differently")

	fromMap := new(T)
	require.NoError(t, lossless.FromValue(useNumber(t, in), fromMap))
	assert.Equal(t, v, fromMap, "the map path decodes differently")

	out, err := lossless.Marshal(v)
	require.NoError(t, err)
	jsonEqual(t, in, string(out))
	std, err := json.Marshal(v)
	require.NoError(t, err)
	jsonEqual(t, in, string(std))
	return v
}

func useNumber(t testing.TB, in string) any { t.Helper(); return jsontest.Decode(t, []byte(in)) }

// jsonEqual asserts equal JSON, numbers digit for digit, null as null.
func jsonEqual(t testing.TB, want, got string) {
	t.Helper()
	jsontest.Equal(t, []byte(want), []byte(got))
}

func TestDecodeKinds(t *testing.T) {
	in := `{"s":"h\u00e9\"llo\ud83d\ude00","b":true,"i":-9223372036854775808,"i8":-128,"u":4294967295,
	"n":-0.10e+5,"a":{"x":[1,"y",null,false,{}]},"p":{"s":"inner","p":null},"l":[{"i":1},{"ss":["a","b"]}],
	"ss":["x",null,"z"],"ms":{"k":"v"},"ma":{"k":1.0},"mk":{"k":{"b":false}},
	"raw":{"keep":[1 , 2]},"mm":{"x":[{},null]},"zz":12345678901234567890123}`
	v := roundTrip[kinds](t, in)
	assert.Equal(t, "hé\"llo😀", v.S)
	assert.Equal(t, int64(-9223372036854775808), v.I)
	assert.Equal(t, uint32(4294967295), v.U)
	assert.Equal(t, json.Number("-0.10e+5"), v.N)
	assert.Equal(t, map[string]any{"x": []any{json.Number("1"), "y", nil, false, map[string]any{}}}, v.A)
	assert.Equal(t, "inner", v.P.S)
	assert.Nil(t, v.P.P)
	assert.Equal(t, []string{"a", "b"}, v.L[1].SS)
	assert.Equal(t, []string{"x", "", "z"}, v.SS)
	assert.Equal(t, `{"keep":[1,2]}`, string(v.Raw), "compact")
	assert.Equal(t, json.Number("12345678901234567890123"), v.Unknown["zz"])
	assert.Len(t, v.MM["x"], 2)
}

func TestDecodeErrorsCarryPaths(t *testing.T) {
	tests := []struct{ in, path, msg string }{
		{`{"i":1.5}`, "i", "cannot decode the number 1.5 into int64"},
		{`{"i8":128}`, "i8", "into int8"},
		{`{"u":-1}`, "u", "into uint32"},
		{`{"i":99999999999999999999}`, "i", "into int64"},
		{`{"s":5}`, "s", "cannot decode a JSON number into string"},
		{`{"l":[{},{"p":{"b":"yes"}}]}`, "l[1].p.b", "JSON string into bool"},
		{`{"mk":{"a.b":{"s":[]}}}`, `mk["a.b"].s`, "JSON array into string"},
		{`{"ss":[1]}`, "ss[0]", "number into string"},
		{`{"p":7}`, "p", "an object"},
		{`{"s":"a","s":"b"}`, "s", "duplicate member name"},
		{`{"zz":1,"zz":2}`, "zz", "duplicate member name"},
		{`{"ms":{"Host":"a","Host":"b"}}`, "ms.Host", "duplicate member name"},
		{`{"mk":{"k":{},"k":{}}}`, "mk.k", "duplicate member name"},
		{`{"a":{"k":1,"k":2}}`, "a.k", "duplicate member name"},
		{`{"i":` + strings.Repeat("9", 100000) + `}`, "i", "into int64"},
		{`{"i":-0}`, "i", "into int64"},
	}
	for _, tt := range tests {
		t.Run(tt.in[:min(len(tt.in), 40)], func(t *testing.T) {
			var v kinds
			err := lossless.Unmarshal([]byte(tt.in), &v)
			require.Error(t, err)
			assert.Equal(t, tt.path, lossless.PathOf(err), err.Error())
			assert.Contains(t, err.Error(), tt.msg)
			assert.Less(t, len(err.Error()), 200, "errors quote at most a little of the input")
		})
	}
}

func TestDecodeSyntaxErrors(t *testing.T) {
	for _, in := range []string{
		``, `{`, `{"s":"abc`, `{"s":"a` + "\x01" + `"}`, "{\"s\":\"\xff\"}", `{"s":"\x"}`, `{"s":"\u12"}`,
		`{"a":[1,]}`, `{"a":01}`, `{"a":-}`, `{"a":tru}`, `{"a":1} x`, `{"a" 1}`, `{"a":1,}`, `[`,
		`{"a":{"b":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}}`,
		`{"s":"\ud800"}`, `{"s":"\udc00x"}`, `{"s":"\ud800\u0041"}`, `{"zz":"\ud800"}`,
	} {
		var v kinds
		err := lossless.Unmarshal([]byte(in), &v)
		assert.ErrorIs(t, err, lossless.ErrInvalidJSON, "%.40q", in)
		assert.Error(t, refcodec.Unmarshal([]byte(in), &v), "the reference codec accepts %.40q", in)
	}
}

// Item 9 of issue 6: a lone surrogate is refused with a clear error, never
// turned into U+FFFD.
func TestLoneSurrogateIsRefused(t *testing.T) {
	var v kinds
	err := lossless.Unmarshal([]byte(`{"s":"ab\ud800"}`), &v)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `lone surrogate \ud800`)
	var sx *lossless.SyntaxError
	require.True(t, errors.As(err, &sx))
	assert.Equal(t, int64(8), sx.Offset, "the backslash")
	// A pair is a character.
	roundTrip[kinds](t, `{"s":"\ud83d\ude00"}`)
}

func TestDecodeMapErrorsCarryPaths(t *testing.T) {
	tests := []struct {
		in   map[string]any
		path string
	}{
		{map[string]any{"i": json.Number("1.5")}, "i"},
		{map[string]any{"s": json.Number("5")}, "s"},
		{map[string]any{"l": []any{map[string]any{}, map[string]any{"b": "yes"}}}, "l[1].b"},
		{map[string]any{"mk": map[string]any{"a.b": map[string]any{"s": []any{}}}}, `mk["a.b"].s`},
		{map[string]any{"p": "x"}, "p"},
		{map[string]any{"a": map[string]any{"x": struct{}{}}}, "a.x"},
	}
	for _, tt := range tests {
		var v kinds
		err := lossless.DecodeMapInto(tt.in, &v)
		require.Error(t, err, tt.path)
		assert.Equal(t, tt.path, lossless.PathOf(err), err.Error())
	}
}

// FuzzUnmarshal feeds arbitrary bytes to the compiled decoder: it never
// panics, accepts exactly what the reference codec accepts, with the same
// value, and what it accepts marshals back to equal JSON.
func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{
		`{"s":"x","l":[{"i":1}],"a":{"k":[1,null]}}`, `{"ma":{"a":1e5}}`, `{"p":{"p":{}}}`, `{"s":"\u00e9"}`,
		`{"n":1`, `{"a":`, `{"ss":[null,"a"],"ms":{"h":null},"l":[null,{}],"mss":{"a":[null],"b":null}}`,
		`{"s":"\ud800"}`, `{"ms":{"a":"1","a":"2"}}`, `null`, `{"raw":[1,{"a":null}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v kinds
		err := lossless.Unmarshal(data, &v)
		if !json.Valid(data) {
			assert.Error(t, err)
			return
		}
		var ref kinds
		refErr := refcodec.Unmarshal(data, &ref)
		require.Equal(t, refErr == nil, err == nil, "compiled: %v; reference: %v", err, refErr)
		if err != nil {
			return
		}
		assert.Equal(t, ref, v)
		out, err := lossless.Marshal(&v)
		require.NoError(t, err)
		jsonEqual(t, string(data), string(out))
	})
}
