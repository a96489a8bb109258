package lossless_test

import (
	"encoding/json"
	"strings"
	"testing"

	gojson "github.com/go-json-experiment/json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
)

// kinds holds every kind the compiled decoder knows, and some it leaves to
// the fallback codec.
type kinds struct {
	lossless.Extra
	S     string                 `json:"s"`
	B     bool                   `json:"b"`
	I     int64                  `json:"i"`
	I8    int8                   `json:"i8"`
	U     uint32                 `json:"u"`
	F     float64                `json:"f"`
	N     json.Number            `json:"n"`
	A     any                    `json:"a"`
	P     *kinds                 `json:"p"`
	L     []kinds                `json:"l"`
	SS    []string               `json:"ss"`
	MS    map[string]string      `json:"ms"`
	MA    map[string]any         `json:"ma"`
	MK    map[string]kinds       `json:"mk"`
	Bytes []byte                 `json:"bytes"` // fallback: base64
	Arr   [2]int                 `json:"arr"`   // fallback
	Raw   json.RawMessage        `json:"raw"`   // fallback: its own UnmarshalJSON
	MM    map[string][]*struct{} `json:"mm"`
}

func TestDecodeKinds(t *testing.T) {
	in := `{"s":"h\u00e9\"llo\ud83d\ude00","b":true,"i":-9223372036854775808,"i8":-128,"u":4294967295,"f":1.5e3,
	"n":-0.10e+5,"a":{"x":[1,"y",null,false,{}]},"p":{"s":"inner","p":null},"l":[{"i":1},{"ss":["a","b"]}],
	"ss":["x",null,"z"],"ms":{"k":"v"},"ma":{"k":1.0},"mk":{"k":{"b":false}},"bytes":"aGk=","arr":[1,2],
	"raw":{"keep":[1 , 2]},"mm":{"x":[{},null]},"zz":12345678901234567890123}`
	var v kinds
	require.NoError(t, lossless.Unmarshal([]byte(in), &v))
	assert.Equal(t, "hé\"llo😀", v.S)
	assert.Equal(t, int64(-9223372036854775808), v.I)
	assert.Equal(t, uint32(4294967295), v.U)
	assert.Equal(t, 1500.0, v.F)
	assert.Equal(t, json.Number("-0.10e+5"), v.N)
	assert.Equal(t, map[string]any{"x": []any{json.Number("1"), "y", nil, false, map[string]any{}}}, v.A)
	assert.Equal(t, "inner", v.P.S)
	assert.Nil(t, v.P.P)
	assert.Equal(t, []string{"a", "b"}, v.L[1].SS)
	assert.Equal(t, []string{"x", "", "z"}, v.SS)
	assert.Equal(t, []byte("hi"), v.Bytes)
	assert.Equal(t, [2]int{1, 2}, v.Arr)
	assert.Equal(t, json.Number("12345678901234567890123"), v.Unknown["zz"])
	assert.Len(t, v.MM["x"], 2)

	// The compiled decoder and the general codec agree.
	var ref kinds
	require.NoError(t, gojson.Unmarshal([]byte(in), &ref, lossless.GeneralUnmarshalOptions()))
	assert.Equal(t, ref, v)

	// And the map path.
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(in))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&m))
	var fromMap kinds
	require.NoError(t, lossless.DecodeMapInto(m, &fromMap))
	assert.Equal(t, v.S, fromMap.S)
	assert.Equal(t, v.MK, fromMap.MK)
	assert.Equal(t, v.A, fromMap.A)
	assert.Equal(t, v.Arr, fromMap.Arr)
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
		{`{"arr":[1,2,3]}`, "arr", ""},
		{`{"s":"a","s":"b"}`, "s", "duplicate member name"},
		{`{"zz":1,"zz":2}`, "zz", "duplicate member name"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var v kinds
			err := lossless.Unmarshal([]byte(tt.in), &v)
			require.Error(t, err)
			assert.Equal(t, tt.path, lossless.PathOf(err), err.Error())
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestDecodeSyntaxErrors(t *testing.T) {
	for _, in := range []string{
		``, `{`, `{"s":"abc`, `{"s":"a` + "\x01" + `"}`, "{\"s\":\"\xff\"}", `{"s":"\x"}`, `{"s":"\u12"}`,
		`{"a":[1,]}`, `{"a":01}`, `{"a":-}`, `{"a":tru}`, `{"a":1} x`, `{"a" 1}`, `{"a":1,}`, `[`,
		`{"a":{"b":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}}`,
	} {
		var v kinds
		err := lossless.Unmarshal([]byte(in), &v)
		assert.ErrorIs(t, err, registry.ErrInvalidJSON, "%.40q", in)
	}
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
	}
	for _, tt := range tests {
		var v kinds
		err := lossless.DecodeMapInto(tt.in, &v)
		require.Error(t, err, tt.path)
		assert.Equal(t, tt.path, lossless.PathOf(err), err.Error())
	}
}

// FuzzUnmarshal feeds arbitrary bytes to the compiled decoder: it never
// panics, rejects what encoding/json rejects as invalid, and agrees with
// the general codec on what it accepts.
func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{`{"s":"x","l":[{"i":1}],"a":{"k":[1,null]}}`, `{"ma":{"a":1e5}}`, `{"p":{"p":{}}}`, `{"s":"\u00e9"}`, `{"n":1`, `{"a":`} {
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
		refErr := gojson.Unmarshal(data, &ref, lossless.GeneralUnmarshalOptions())
		if err == nil && refErr == nil {
			assert.Equal(t, ref, v)
		}
	})
}
