package dynamodb_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/sources/dynamodb"
)

// TestConstructorsMarshal: each constructor gives DynamoDB's JSON form,
// and the item decodes back to the same values.
func TestConstructorsMarshal(t *testing.T) {
	item := map[string]dynamodb.AttributeValue{
		"s":    dynamodb.NewString("Café"),
		"n":    dynamodb.NewNumber(digits38),
		"i":    dynamodb.NewInt64(-42),
		"b":    dynamodb.NewBinary([]byte{0, 1, 0xff}),
		"t":    dynamodb.NewBool(false),
		"null": dynamodb.NewNull(),
		"m":    dynamodb.NewMap(map[string]dynamodb.AttributeValue{"k": dynamodb.NewString("v")}),
		"em":   dynamodb.NewMap(nil),
		"l":    dynamodb.NewList(dynamodb.NewInt64(1), dynamodb.NewString("x")),
		"el":   dynamodb.NewList(),
		"ss":   dynamodb.NewStringSet("a", "b"),
		"ns":   dynamodb.NewNumberSet("1", "2.5"),
		"bs":   dynamodb.NewBinarySet([]byte("hi")),
	}
	b, err := lossless.Marshal(item)
	require.NoError(t, err)
	assert.JSONEq(t, `{"s":{"S":"Café"},"n":{"N":"`+digits38+`"},"i":{"N":"-42"},"b":{"B":"AAH/"},
		"t":{"BOOL":false},"null":{"NULL":true},"m":{"M":{"k":{"S":"v"}}},"em":{"M":{}},
		"l":{"L":[{"N":"1"},{"S":"x"}]},"el":{"L":[]},"ss":{"SS":["a","b"]},"ns":{"NS":["1","2.5"]},
		"bs":{"BS":["aGk="]}}`, string(b))

	var back map[string]dynamodb.AttributeValue
	require.NoError(t, lossless.Unmarshal(b, &back))
	for k, a := range item {
		assert.Equal(t, a.Type(), back[k].Type(), k)
		want, err := a.Value()
		require.NoError(t, err, k)
		got, err := back[k].Value()
		require.NoError(t, err, k)
		assert.Equal(t, want, got, k)
	}
}

// TestAccessorsOnRealValues reads the attributes of a real image with the
// typed accessors.
func TestAccessorsOnRealValues(t *testing.T) {
	r := decode(t, "inventory-insert-modify-remove.json").Records[0]
	assert.Equal(t, dynamodb.ViewNewAndOldImage, r.DynamoDB.StreamViewType)
	img := r.DynamoDB.NewImage

	stock, err := img["stock"].Int64()
	require.NoError(t, err)
	assert.Equal(t, int64(42), stock)
	price, err := img["price"].Float()
	require.NoError(t, err)
	assert.InDelta(t, 19.99, price, 1e-9)
	w, err := img["weightKg"].Float()
	require.NoError(t, err)
	assert.InDelta(t, -0.000125, w, 1e-12)

	// 38 digits are beyond int64 but within float64 (rounded).
	_, err = img["sk"].Int64()
	assert.ErrorContains(t, err, "is not an int64")
	f, err := img["sk"].Float()
	require.NoError(t, err)
	assert.InEpsilon(t, 1.2345678901234568e37, f, 1e-15)
	_, err = img["price"].Int64()
	assert.ErrorContains(t, err, `"19.99" is not an int64`)

	s, ok := img["title"].StringValue()
	assert.True(t, ok)
	assert.Equal(t, "Café ☕ – 東京 edition", s)
	_, ok = img["stock"].StringValue()
	assert.False(t, ok)
	_, err = img["title"].Int64()
	var ae *dynamodb.AttributeError
	require.ErrorAs(t, err, &ae)
	assert.ErrorContains(t, err, "not a number (N)")

	in, ok := img["inStock"].BoolValue()
	assert.True(t, ok)
	assert.True(t, in)
	assert.True(t, img["supplier"].IsNull())
	assert.False(t, img["inStock"].IsNull())

	png, err := img["thumbnail"].Binary()
	require.NoError(t, err)
	assert.Equal(t, []byte("\x89PNG\r\n\x1a\n"), png)
	_, err = img["title"].Binary()
	assert.ErrorContains(t, err, "not binary (B)")
}

func TestNumberAccessorErrors(t *testing.T) {
	_, err := dynamodb.NewNumber("12abc").Int64()
	assert.ErrorContains(t, err, `invalid number "12abc"`)
	_, err = dynamodb.NewNumber("1e400").Float()
	assert.ErrorContains(t, err, "out of float64's range")
	n, err := dynamodb.NewInt64(math.MinInt64).Int64()
	require.NoError(t, err)
	assert.Equal(t, int64(math.MinInt64), n)
	_, err = dynamodb.NewString("x").Float()
	assert.ErrorContains(t, err, "not a number (N)")
	ss, ok := dynamodb.NewStringSet("a", "b").StringSet()
	assert.True(t, ok)
	assert.Equal(t, []string{"a", "b"}, ss)
	_, ok = dynamodb.NewNumberSet("1").StringSet()
	assert.False(t, ok)
}
