package body

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		in      string
		b64     bool
		want    string
		wantErr bool
	}{
		{"plain", false, "plain", false},
		{"aGVsbG8=", true, "hello", false},
		{"aGVs\nbG8=\r\n", true, "hello", false},
		{"aGVsbG8", true, "", true},    // unpadded
		{"aGVsbG9=", true, "", true},   // trailing bits set
		{"TestBinary", true, "", true}, // SNS's sample "Binary" attribute: text, not base64
		{"%%%", true, "", true},
		{"", true, "", false},
	}
	for _, tt := range tests {
		got, err := Decode(tt.in, tt.b64)
		if tt.wantErr {
			assert.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, string(got), tt.in)
	}
	b, err := Optional("", true)
	assert.NoError(t, err)
	assert.Nil(t, b)
}

func TestJSON(t *testing.T) {
	var v any
	require.NoError(t, JSON([]byte(`{"n":1.50,"big":123456789012345678901234}`), &v))
	assert.Equal(t, map[string]any{"n": json.Number("1.50"), "big": json.Number("123456789012345678901234")}, v)
	for _, bad := range []string{``, ` `, `{`, `{} {}`, `nope`} {
		assert.Error(t, JSON([]byte(bad), &v), bad)
	}
	assert.ErrorIs(t, JSON(nil, &v), ErrEmpty)
	assert.ErrorIs(t, DecodeJSON("", true, &v), ErrEmpty)
	assert.NotErrorIs(t, JSON([]byte(" "), &v), ErrEmpty, "whitespace is a body, and not JSON")
	assert.True(t, ErrEmpty.(interface{ NothingToDerive() bool }).NothingToDerive())
	assert.Error(t, JSON([]byte(`{}`), nil))
	var s struct{ A int }
	assert.Error(t, DecodeJSON("eyJBIjoieCJ9", true, &s), "a string into an int")
	require.NoError(t, DecodeJSON("eyJBIjo3fQ==", true, &s))
	assert.Equal(t, 7, s.A)
}

func TestObject(t *testing.T) {
	type doc struct {
		lossless.Extra
		Kind string `json:"kind"`
	}
	valid := func(d *doc) error {
		if d.Kind != "k" {
			return errors.New("wrong kind")
		}
		return nil
	}
	d, err := Object(` {"kind":"k","more":null}`, "x: not a doc", valid)
	require.NoError(t, err)
	assert.Equal(t, "k", d.Kind)
	assert.Contains(t, d.Unknown, "more")

	for in, want := range map[string]string{
		"":             "x: not a doc: not a JSON object",
		"null":         "x: not a doc: not a JSON object",
		`[{"kind":1}]`: "x: not a doc: not a JSON object",
		`{"kind":"j"}`: "x: not a doc: wrong kind",
	} {
		_, err := Object(in, "x: not a doc", valid)
		assert.EqualError(t, err, want, in)
	}
	_, err = Object(`{"kind":1}`, "x: not a doc", valid)
	assert.ErrorContains(t, err, "x: not a doc: ")
}

func TestBase64Text(t *testing.T) {
	s, err := Base64Text("aGVsbG8=")
	require.NoError(t, err)
	assert.Equal(t, "hello", s)
	s, err = Base64Text("")
	require.NoError(t, err)
	assert.Empty(t, s)
	_, err = Base64Text("/wA=") // 0xff 0x00
	assert.EqualError(t, err, "text: not UTF-8")
	_, err = Base64Text("aGVsbG8")
	assert.Error(t, err)
}

func TestSignedBytes(t *testing.T) {
	b, err := SignedBytes([]int64{104, 105, -1, -128, 127, 0, 200})
	require.NoError(t, err)
	assert.Equal(t, []byte{'h', 'i', 0xff, 0x80, 0x7f, 0x00, 0xc8}, b)
	b, err = SignedBytes(nil)
	require.NoError(t, err)
	assert.Empty(t, b)
	for _, bad := range [][]int64{{-129}, {256}, {1, 2, 1 << 40}} {
		_, err := SignedBytes(bad)
		assert.ErrorContains(t, err, "is no byte", "%v", bad)
	}
}

func TestScalar(t *testing.T) {
	for v, want := range map[any]string{"x": "x", json.Number("1.50"): "1.50", true: "true", false: "false"} {
		got, ok := Scalar(v)
		assert.True(t, ok, "%v", v)
		assert.Equal(t, want, got)
	}
	for _, v := range []any{nil, map[string]any{}, []any{}, 1.5, 2} {
		_, ok := Scalar(v)
		assert.False(t, ok, "%v", v)
	}
}
