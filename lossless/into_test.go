package lossless_test

import (
	"encoding/json"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
)

type n = json.Number

func TestNumberConversions(t *testing.T) {
	x := map[string]any{"a": n("1E+3"), "b": n("100.0"), "c": n("255"), "d": n("-128"),
		"e": n("3.4028235E+38"), "f": n("1710756123"), "g": "2024-03-18T10:23:00.5Z", "h": n("1e-130")}
	var v struct {
		A int         `json:"a"`
		B int32       `json:"b"`
		C uint8       `json:"c"`
		D int8        `json:"d"`
		E float32     `json:"e"`
		F time.Time   `json:"f"`
		G time.Time   `json:"g"`
		H json.Number `json:"h"`
	}
	require.NoError(t, lossless.Into(x, &v))
	assert.Equal(t, 1000, v.A)
	assert.Equal(t, int32(100), v.B)
	assert.Equal(t, uint8(255), v.C)
	assert.Equal(t, int8(-128), v.D)
	assert.Equal(t, float32(3.4028235e38), v.E)
	assert.Equal(t, time.Unix(1710756123, 0).UTC(), v.F, "epoch seconds")
	assert.Equal(t, time.Date(2024, 3, 18, 10, 23, 0, 5e8, time.UTC), v.G)
	assert.Equal(t, json.Number("1e-130"), v.H)

	for name, bad := range map[string]map[string]any{
		"uint8 overflow":  {"c": n("256")},
		"int8 underflow":  {"d": n("-129")},
		"-0 into uint8":   {"c": n("-0")},
		"-0.0 into uint8": {"c": n("-0.0")},
		"-0E0 into uint8": {"c": n("-0E0")},
		"float32 range":   {"e": n("1E+39")},
		"huge exponent":   {"a": n("1E+999999999")},
		"time not number": {"f": true},
		"bad RFC 3339":    {"g": "18/03/2024"},
		"epoch too large": {"f": n("1e999")},
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			assert.Error(t, lossless.Into(bad, &v))
			assert.Less(t, time.Since(start), time.Second)
		})
	}

	var big1 struct {
		X big.Int `json:"x"`
	}
	assert.Error(t, lossless.Into(map[string]any{"x": n("1E+999999999")}, &big1), "no giant allocation")
	require.NoError(t, lossless.Into(map[string]any{"x": n("1.5E+3")}, &big1))
	assert.Equal(t, "1500", big1.X.String())

	var one struct {
		N int
	}
	require.NoError(t, lossless.Into(map[string]any{"N": n("7"), "n": n("8")}, &one))
	assert.Equal(t, 7, one.N, "names match exactly")

	var single int
	require.NoError(t, lossless.Into(n("12"), &single))
	assert.Equal(t, 12, single)
}

func TestRanges(t *testing.T) {
	over := map[string]any{"n": n("300"), "f": n("1e40"), "u": n("-1")}
	assert.Error(t, lossless.Into(over, &struct {
		N int8 `json:"n"`
	}{}), "300 overflows int8")
	assert.Error(t, lossless.Into(over, &struct {
		F float32 `json:"f"`
	}{}), "1e40 overflows float32")
	assert.Error(t, lossless.Into(over, &struct {
		U uint64 `json:"u"`
	}{}), "-1 is not a uint")
	var ok struct {
		N int16   `json:"n"`
		F float64 `json:"f"`
		U int     `json:"u"`
	}
	require.NoError(t, lossless.Into(over, &ok))
	assert.Equal(t, int16(300), ok.N)
	assert.Equal(t, 1e40, ok.F)
	assert.Equal(t, -1, ok.U)

	for name, target := range map[string]any{
		"fraction into int":     &struct{ F int }{},
		"fraction into big.Int": &struct{ F big.Int }{},
		"number into bool":      &struct{ I bool }{},
		"string into int":       &struct{ S int }{},
		"string into big.Rat":   &struct{ S big.Rat }{},
		"bytes into string":     &struct{ B string }{},
		"map into string":       &struct{ M string }{},
		"not a pointer":         struct{}{},
		"nil":                   nil,
	} {
		t.Run(name, func(t *testing.T) {
			x := map[string]any{"F": n("1.5"), "I": n("1"), "S": "x", "B": []byte{1}, "M": map[string]any{}}
			assert.Error(t, lossless.Into(x, target))
		})
	}
}

type level int8

type inner struct {
	Colors []string `dynamodbav:"colors"`
}

func TestKinds(t *testing.T) {
	const digits38 = "12345678901234567890123456789012345678"
	x := map[string]any{
		"id": n(digits38), "price": n("19.99"), "weight": n("-0.000125"), "level": n("1E+2"),
		"name": "Åsa", "raw": []byte{0xde, 0xad}, "gone": nil, "any": n("1.50"),
		"colors": []string{"red"}, "sizes": []json.Number{"42", "44.5"}, "nested": []any{n("3"), "x"},
		"Plain": true,
	}
	var v struct {
		ID      string     `json:"id"`
		IDBig   big.Int    `dynamodbav:"id"`
		IDFloat *big.Float `json:"-"`
		Price   json.Number
		PriceF  big.Float `dynamodbav:"price"`
		Weight  big.Rat   `json:"weight"`
		Level   level     `json:"level"`
		Name    string    `json:"name"`
		Raw     []byte    `json:"raw"`
		Gone    *string   `json:"gone"`
		Any     any       `json:"any"`
		Sizes   []float32 `json:"sizes"`
		Nested  []any     `json:"nested"`
		Plain   bool
		inner
	}
	kept := "kept"
	v.Gone = &kept
	require.NoError(t, lossless.Into(x, &v))
	assert.Equal(t, digits38, v.ID, "a number into a string is its text")
	assert.Equal(t, digits38, v.IDBig.String(), "json tag, else dynamodbav tag")
	assert.Nil(t, v.IDFloat, `json:"-" is skipped`)
	assert.Empty(t, v.Price, "no json tag: the Go name")
	assert.Equal(t, "19.99", v.PriceF.Text('f', 2))
	assert.Equal(t, uint(256), v.PriceF.Prec())
	assert.Equal(t, big.NewRat(-1, 8000), &v.Weight, "exact decimal")
	assert.Equal(t, level(100), v.Level, "named integer type")
	assert.Equal(t, "Åsa", v.Name)
	assert.Equal(t, []byte{0xde, 0xad}, v.Raw)
	assert.Equal(t, &kept, v.Gone, "nil leaves the field as it was")
	assert.Equal(t, json.Number("1.50"), v.Any)
	assert.Equal(t, []float32{42, 44.5}, v.Sizes)
	assert.Equal(t, []any{n("3"), "x"}, v.Nested)
	assert.True(t, v.Plain)
	assert.Equal(t, []string{"red"}, v.Colors, "embedded struct squashed")

	var f struct {
		ID *big.Float `json:"id"`
	}
	require.NoError(t, lossless.Into(x, &f))
	assert.Equal(t, digits38, f.ID.Text('f', 0), "256-bit float holds 38 digits")

	var m map[string]any
	require.NoError(t, lossless.Into(x, &m))
	assert.Equal(t, x, m, "a map receives the values as they are")
}
