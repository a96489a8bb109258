package dynamodb_test

import (
	"encoding/json"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/dynamodb"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

const id = "aws.dynamodb.stream"

const digits38 = "12345678901234567890123456789012345678"

// TestKinesisWindowsAreNotClaimed: the Kinesis tumbling-window forms share
// the window members and the top-level eventSourceARN; they are not
// DynamoDB's.
func TestKinesisWindowsAreNotClaimed(t *testing.T) {
	for name, raw := range map[string]string{
		"kinesis window, records": `{"Records":[{"eventSource":"aws:kinesis","eventSourceARN":"arn:aws:kinesis:us-east-1:123456789012:stream/dynamodb-copy"}],
			"window":{"start":"2020-12-09T07:04:00Z","end":"2020-12-09T07:06:00Z"},"state":{},"shardId":"shardId-000000000006",
			"eventSourceARN":"arn:aws:kinesis:us-east-1:123456789012:stream/dynamodb-copy","isFinalInvokeForWindow":false,"isWindowTerminatedEarly":false}`,
		"kinesis window, final and empty": `{"Records":[],"window":{"start":"2020-12-09T07:04:00Z","end":"2020-12-09T07:06:00Z"},
			"state":{"1":282},"shardId":"shardId-000000000006","eventSourceARN":"arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream",
			"isFinalInvokeForWindow":true,"isWindowTerminatedEarly":false}`,
	} {
		_, err := registry.Default.Detect([]byte(raw))
		assert.ErrorIs(t, err, registry.ErrUnknownSource, name)
	}
}

func decode(t *testing.T, name string) *dynamodb.StreamEvent {
	return sourcetest.DecodeTestdata[dynamodb.StreamEvent](t, id, name)
}

func TestNewImageValues(t *testing.T) {
	r := decode(t, "inventory-insert-modify-remove.json").Records[0]
	img, err := r.NewImage()
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"pk":           "SKU#8841",
		"sk":           json.Number(digits38),
		"title":        "Café ☕ – 東京 edition",
		"subtitle":     "",
		"price":        json.Number("19.99"),
		"weightKg":     json.Number("-0.000125"),
		"stock":        json.Number("42"),
		"thumbnail":    []byte("\x89PNG\r\n\x1a\n"),
		"inStock":      true,
		"discontinued": false,
		"supplier":     nil,
		"dimensions": map[string]any{
			"width":  json.Number("12.5"),
			"height": json.Number("30"),
			"unit":   "cm",
			"labels": []any{"fragile", json.Number("3"), map[string]any{"side": "up"}, []any{false, nil}},
		},
		"colors":    []string{"red", "blue"},
		"sizes":     []json.Number{"42", "44.5", "-1"},
		"checksums": [][]byte{{0xde, 0xad, 0xbe, 0xef}, {0, 1, 2}},
		"history":   []any{},
		"attrs":     map[string]any{},
	}, img)

	keys, err := r.Keys()
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"pk": "SKU#8841", "sk": json.Number(digits38)}, keys)

	old, err := r.OldImage()
	require.NoError(t, err)
	assert.Nil(t, old, "an INSERT has no old image")

	types := map[string]dynamodb.AttributeType{
		"pk": dynamodb.TypeString, "sk": dynamodb.TypeNumber, "thumbnail": dynamodb.TypeBinary,
		"inStock": dynamodb.TypeBool, "supplier": dynamodb.TypeNull, "dimensions": dynamodb.TypeMap,
		"history": dynamodb.TypeList, "colors": dynamodb.TypeStringSet, "sizes": dynamodb.TypeNumberSet,
		"checksums": dynamodb.TypeBinarySet, "attrs": dynamodb.TypeMap, "subtitle": dynamodb.TypeString,
	}
	for name, want := range types {
		assert.Equal(t, want, r.DynamoDB.NewImage[name].Type(), name)
	}
}

// Product is a caller's view of the Inventory items.
type Product struct {
	PK           string      `json:"pk"`
	SK           string      `json:"sk"` // the 38 digits, as text
	SKBig        *big.Int    `json:"-"`
	Title        string      `json:"title"`
	Subtitle     *string     `json:"subtitle,omitempty"`
	Price        float64     `json:"price"`
	PriceText    json.Number `dynamodbav:"priceText"`
	Weight       big.Rat     `json:"weightKg"`
	Stock        int16       `json:"stock"`
	Thumbnail    []byte      `json:"thumbnail"`
	InStock      bool        `json:"inStock"`
	Discontinued *bool       `json:"discontinued"`
	Supplier     *string     `json:"supplier"`
	Dimensions   Dimensions  `json:"dimensions"`
	Colors       []string    `json:"colors"`
	Sizes        []float32   `json:"sizes"`
	Checksums    [][]byte    `json:"checksums"`
	History      []any       `json:"history"`
	Ignored      string      `json:"-"`
	Extra        map[string]any
	Embedded
}

type Dimensions struct {
	Width  json.Number `json:"width"`
	Height uint8       `json:"height"`
	Unit   string      `json:"unit"`
	Labels []any       `json:"labels"`
}

type Embedded struct {
	Colors2 []string `dynamodbav:"colors"`
}

func TestUnmarshalNewImage(t *testing.T) {
	r := decode(t, "inventory-insert-modify-remove.json").Records[0]
	var p Product
	require.NoError(t, r.UnmarshalNewImage(&p))
	assert.Equal(t, "SKU#8841", p.PK)
	assert.Equal(t, digits38, p.SK, "38 digits kept in a string field")
	assert.Equal(t, "Café ☕ – 東京 edition", p.Title)
	require.NotNil(t, p.Subtitle)
	assert.Equal(t, "", *p.Subtitle)
	assert.Equal(t, 19.99, p.Price)
	assert.Equal(t, big.NewRat(-1, 8000), &p.Weight, "exact decimal")
	assert.Equal(t, int16(42), p.Stock)
	assert.Equal(t, []byte("\x89PNG\r\n\x1a\n"), p.Thumbnail)
	assert.True(t, p.InStock)
	require.NotNil(t, p.Discontinued)
	assert.False(t, *p.Discontinued)
	assert.Nil(t, p.Supplier, "NULL leaves the field alone")
	assert.Equal(t, Dimensions{Width: "12.5", Height: 30, Unit: "cm",
		Labels: []any{"fragile", json.Number("3"), map[string]any{"side": "up"}, []any{false, nil}}}, p.Dimensions)
	assert.Equal(t, []string{"red", "blue"}, p.Colors)
	assert.Equal(t, []float32{42, 44.5, -1}, p.Sizes)
	assert.Equal(t, [][]byte{{0xde, 0xad, 0xbe, 0xef}, {0, 1, 2}}, p.Checksums)
	assert.Equal(t, []any{}, p.History)
	assert.Empty(t, p.Ignored)
	assert.Nil(t, p.Extra)
	assert.Equal(t, []string{"red", "blue"}, p.Colors2, "dynamodbav tag, squashed embedded struct")

	// Keys into big numbers and json.Number.
	var k struct {
		PK  string      `json:"pk"`
		SK  big.Int     `json:"sk"`
		SKN json.Number `dynamodbav:"sk"`
		SKF big.Float   `json:"-"`
	}
	require.NoError(t, r.UnmarshalKeys(&k))
	assert.Equal(t, digits38, k.SK.String())
	assert.Equal(t, json.Number(digits38), k.SKN)

	var f struct {
		SK *big.Float `json:"sk"`
	}
	require.NoError(t, r.UnmarshalKeys(&f))
	assert.Equal(t, digits38, f.SK.Text('f', 0), "256-bit float holds 38 digits")

	// A map target gets the Go values of NewImage.
	var m map[string]any
	require.NoError(t, r.UnmarshalKeys(&m))
	assert.Equal(t, json.Number(digits38), m["sk"])
}

func TestUnmarshalErrors(t *testing.T) {
	r := decode(t, "inventory-insert-modify-remove.json").Records[0]
	tests := []struct {
		name   string
		target any
	}{
		{"38 digits into int64", &struct {
			SK int64 `json:"sk"`
		}{}},
		{"38 digits into uint64", &struct {
			SK uint64 `json:"sk"`
		}{}},
		{"fraction into int", &struct {
			Price int `json:"price"`
		}{}},
		{"negative into uint", &struct {
			W uint `json:"weightKg"`
		}{}},
		{"fraction into big.Int", &struct {
			Price big.Int `json:"price"`
		}{}},
		{"number into bool", &struct {
			Stock bool `json:"stock"`
		}{}},
		{"string into int", &struct {
			PK int `json:"pk"`
		}{}},
		{"binary into string", &struct {
			T string `json:"thumbnail"`
		}{}},
		{"number set into ints overflowing nothing but fractions", &struct {
			Sizes []int `json:"sizes"`
		}{}},
		{"map into string", &struct {
			D string `json:"dimensions"`
		}{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Error(t, r.UnmarshalNewImage(tt.target))
		})
	}
	var notPointer struct{}
	assert.Error(t, r.UnmarshalNewImage(notPointer))
	assert.Error(t, r.UnmarshalNewImage(nil))
}

func attrs(t *testing.T, js string) map[string]dynamodb.AttributeValue {
	t.Helper()
	var m map[string]dynamodb.AttributeValue
	require.NoError(t, lossless.Unmarshal([]byte(js), &m))
	return m
}

// TestUnmarshalMap: the conversion rules themselves are tested in
// lossless ([lossless.Into]); here, what UnmarshalMap adds to them.
func TestUnmarshalMap(t *testing.T) {
	var v struct {
		A int       `json:"a"`
		F time.Time `json:"f"`
	}
	require.NoError(t, dynamodb.UnmarshalMap(attrs(t, `{"a":{"N":"1E+3"},"f":{"N":"1710756123"}}`), &v))
	assert.Equal(t, 1000, v.A)
	assert.Equal(t, time.Unix(1710756123, 0).UTC(), v.F, "epoch seconds")
	assert.ErrorContains(t, dynamodb.UnmarshalMap(attrs(t, `{"a":{"N":"1.5"}}`), &v), "dynamodb: item: ")

	var one struct {
		N int
	}
	var single int
	require.NoError(t, attrs(t, `{"x":{"N":"12"}}`)["x"].Unmarshal(&single))
	assert.Equal(t, 12, single)
	assert.ErrorContains(t, attrs(t, `{"x":{"S":"12"}}`)["x"].Unmarshal(&single), "dynamodb: attribute value: ")
	assert.ErrorIs(t, dynamodb.UnmarshalMap(nil, &one), dynamodb.ErrNoImage)
}

func TestMalformedAttributes(t *testing.T) {
	tests := []struct {
		name, js, path string
	}{
		{"no type", `{"a":{}}`, "NewImage.a"},
		{"unknown type only", `{"a":{"X":"1"}}`, "NewImage.a"},
		{"two types", `{"a":{"S":"x","N":"1"}}`, "NewImage.a"},
		{"null type", `{"a":{"S":null}}`, "NewImage.a"},
		{"bad number", `{"a":{"N":"12abc"}}`, "NewImage.a"},
		{"plus sign", `{"a":{"N":"+1"}}`, "NewImage.a"},
		{"empty number", `{"a":{"N":""}}`, "NewImage.a"},
		{"dot only", `{"a":{"N":"1."}}`, "NewImage.a"},
		{"bad base64", `{"a":{"B":"not base64!"}}`, "NewImage.a"},
		{"bad number in set", `{"a":{"NS":["1","x"]}}`, "NewImage.a[1]"},
		{"bad base64 in set", `{"a":{"BS":["AAEC","%%%"]}}`, "NewImage.a[1]"},
		{"deep in map", `{"a":{"M":{"b":{"M":{"c":{"N":"NaN"}}}}}}`, "NewImage.a.b.c"},
		{"deep in list", `{"a":{"L":[{"S":"ok"},{"L":[{}]}]}}`, "NewImage.a[1][0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := dynamodb.Record{DynamoDB: dynamodb.StreamRecord{NewImage: attrs(t, tt.js)}}
			img, err := r.NewImage()
			assert.Nil(t, img)
			var ae *dynamodb.AttributeError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tt.path, ae.Path)
			assert.Contains(t, err.Error(), tt.path)

			var v map[string]any
			assert.ErrorAs(t, r.UnmarshalNewImage(&v), &ae)

			_, err = dynamodb.Values(r.DynamoDB.NewImage)
			assert.Error(t, err)

			out := printer.Sprint(r)
			assert.Contains(t, out, `"NewImage()": "[Cannot be deserialized]"`)
		})
	}
	_, err := dynamodb.AttributeValue{}.Value()
	assert.EqualError(t, err, "dynamodb: attribute value: no type")
}

func TestRemoveAndTTL(t *testing.T) {
	e := decode(t, "inventory-insert-modify-remove.json")
	mod, rm := e.Records[1], e.Records[2]

	var before, after struct {
		Stock int     `json:"stock"`
		Price float64 `json:"price"`
	}
	require.NoError(t, mod.UnmarshalOldImage(&before))
	require.NoError(t, mod.UnmarshalNewImage(&after))
	assert.Equal(t, 42, before.Stock)
	assert.Equal(t, 41, after.Stock)
	assert.Equal(t, 17.5, after.Price)

	assert.Equal(t, dynamodb.EventRemove, rm.EventName)
	img, err := rm.NewImage()
	require.NoError(t, err)
	assert.Nil(t, img, "a REMOVE has no new image")
	var v map[string]any
	assert.ErrorIs(t, rm.UnmarshalNewImage(&v), dynamodb.ErrNoImage)
	old, err := rm.OldImage()
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"pk": "SKU#0007", "sk": json.Number("1"), "title": "Retired mug"}, old)
	var k struct {
		PK string `json:"pk"`
		SK int    `json:"sk"`
	}
	require.NoError(t, rm.UnmarshalKeys(&k))
	assert.Equal(t, "SKU#0007", k.PK)
	assert.Equal(t, 1, k.SK)
	assert.False(t, rm.IsTTLDelete(), "deleted by a user")

	ttl := decode(t, "ttl-delete.json").Records[0]
	assert.True(t, ttl.IsTTLDelete())
	require.NotNil(t, ttl.UserIdentity)
	assert.Equal(t, "Service", ttl.UserIdentity.Type)
	assert.Equal(t, "dynamodb.amazonaws.com", ttl.UserIdentity.PrincipalID)
	assert.Equal(t, "KEYS_ONLY", ttl.DynamoDB.StreamViewType)
	assert.Equal(t, "MILLISECOND", ttl.DynamoDB.Unknown["ApproximateCreationDateTimePrecision"], "unknown keys kept")
	keys, err := ttl.Keys()
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"sessionId": "sess-6f1d2c"}, keys)
	assert.ErrorIs(t, ttl.UnmarshalOldImage(&v), dynamodb.ErrNoImage)
	name, err := ttl.TableName()
	require.NoError(t, err)
	assert.Equal(t, "Sessions", name)
	created, err := ttl.DynamoDB.CreationTime()
	require.NoError(t, err)
	assert.Equal(t, time.Unix(1710800000, 0).UTC(), created)
}

func TestRecordHelpers(t *testing.T) {
	e := decode(t, "inventory-insert-modify-remove.json")
	r := e.Records[0]
	assert.Equal(t, json.Number("1.710756123E9"), r.DynamoDB.ApproximateCreationDateTime, "float form kept as sent")
	assert.Equal(t, int64(412), r.DynamoDB.SizeBytes)
	created, err := r.DynamoDB.CreationTime()
	require.NoError(t, err)
	assert.Equal(t, time.Unix(1710756123, 0).UTC(), created)
	created, err = e.Records[1].DynamoDB.CreationTime()
	require.NoError(t, err)
	assert.Equal(t, time.Unix(1710756161, 0).UTC(), created)
	name, err := r.TableName()
	require.NoError(t, err)
	assert.Equal(t, "Inventory", name)

	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"ApproximateCreationDateTime":1.710756123E9`)
	assert.Contains(t, string(b), `"N":"`+digits38+`"`)

	// The reference sample: no creation time on its second record, and a
	// placeholder ARN.
	var ref dynamodb.StreamEvent
	require.NoError(t, json.Unmarshal(sourcetest.Reference(t, "dynamoStreamEvent.json"), &ref))
	_, err = ref.Records[1].DynamoDB.CreationTime()
	assert.Error(t, err)
	_, err = ref.Records[0].TableName()
	assert.Error(t, err)
	for _, a := range []string{"arn:aws:kinesis:us-east-1:1:stream/x", "arn:aws:dynamodb:us-east-1:1:global-table/x", "arn:aws:dynamodb:us-east-1:1:table/"} {
		_, err = dynamodb.Record{EventSourceARN: a}.TableName()
		assert.Error(t, err, a)
	}
	_, err = dynamodb.StreamRecord{ApproximateCreationDateTime: "soon"}.CreationTime()
	assert.Error(t, err)

	out := printer.Sprint(ref)
	assert.Contains(t, out, `"NewImage()": {`)
	assert.Contains(t, out, `"Message": "This item has changed"`)
	assert.Contains(t, out, `"TableName()": "[Cannot be deserialized]"`)
}

func TestTumblingWindow(t *testing.T) {
	e := decode(t, "tumbling-window.json")
	assert.True(t, e.IsTimeWindow())
	require.Len(t, e.Records, 1)
	assert.Equal(t, "shardId-00000001710757200000-3f2a9c1b", e.ShardID)
	assert.Equal(t, map[string]any{"clicks": json.Number("41"), "lastUser": "user#16"}, e.State)
	assert.False(t, e.IsFinalInvokeForWindow)
	start, err := e.Window.StartTime()
	require.NoError(t, err)
	end, err := e.Window.EndTime()
	require.NoError(t, err)
	assert.Equal(t, time.Minute, end.Sub(start))
	assert.Equal(t, time.Date(2024, 3, 18, 10, 23, 0, 0, time.UTC), start)
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"isFinalInvokeForWindow":false`, "false written back")

	final := decode(t, "tumbling-window-final-empty.json")
	assert.True(t, final.IsTimeWindow())
	assert.True(t, final.IsFinalInvokeForWindow)
	assert.NotNil(t, final.Records)
	assert.Empty(t, final.Records)
	assert.Contains(t, final.State, "errors")
	b, err = json.Marshal(final)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"Records":[]`)

	plain := decode(t, "ttl-delete.json")
	assert.False(t, plain.IsTimeWindow())
	_, err = dynamodb.Window{Start: "yesterday"}.StartTime()
	assert.Error(t, err)
}

func TestResponses(t *testing.T) {
	e := decode(t, "inventory-insert-modify-remove.json")
	var r dynamodb.BatchResponse
	r.Fail(e.Records[1])
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"batchItemFailures":[{"itemIdentifier":"4421584600000000017450439155"}]}`, string(b))

	var w dynamodb.TimeWindowResponse
	b, err = json.Marshal(w)
	require.NoError(t, err)
	assert.JSONEq(t, `{"state":{},"batchItemFailures":[]}`, string(b), "state is required")
	w.State = map[string]any{"clicks": 46}
	w.Fail(e.Records[0])
	b, err = json.Marshal(w)
	require.NoError(t, err)
	assert.JSONEq(t, `{"state":{"clicks":46},"batchItemFailures":[{"itemIdentifier":"4421584500000000017450439091"}]}`, string(b))
}

func TestNoPanicOnZeroValues(t *testing.T) {
	var r dynamodb.Record
	for _, f := range []func() (map[string]any, error){r.Keys, r.NewImage, r.OldImage} {
		m, err := f()
		assert.NoError(t, err)
		assert.Nil(t, m)
	}
	_, err := r.TableName()
	assert.Error(t, err)
	_, err = r.DynamoDB.CreationTime()
	assert.Error(t, err)
	var v any
	assert.True(t, errors.Is(r.UnmarshalKeys(&v), dynamodb.ErrNoImage))
	// The images are empty, so they print nothing; the table name is an
	// error, so it prints the marker.
	assert.Equal(t, `{
  "Records": [
    {
      "TableName()": "[Cannot be deserialized]"
    }
  ]
}
`, printer.Sprint(dynamodb.StreamEvent{Records: []dynamodb.Record{r}}))
}

func TestAttributeValueAloneWithEncodingJSON(t *testing.T) {
	var a dynamodb.AttributeValue
	require.NoError(t, json.Unmarshal([]byte(`{"M":{"pk":{"S":"x"},"n":{"N":"1.50"}}}`), &a))
	b, err := json.Marshal(map[string]dynamodb.AttributeValue{"a": a})
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":{"M":{"pk":{"S":"x"},"n":{"N":"1.50"}}}}`, string(b))
}
