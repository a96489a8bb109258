package eventbridge_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/eventbridge"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

const id = "aws.eventbridge"

func TestRule(t *testing.T) {
	for name, raw := range map[string]string{
		"no detail":      `{"source":"com.example","detail-type":"X"}`,
		"no detail-type": `{"source":"aws.cloudwatch","detail":{}}`,
		"no source":      `{"detail-type":"X","detail":{}}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := registry.Default.Detect([]byte(raw))
			assert.ErrorIs(t, err, registry.ErrUnknownSource)
		})
	}
	got, err := registry.Default.Detect([]byte(`{"source":"com.example","detail-type":"X","detail":null}`))
	require.NoError(t, err)
	assert.Equal(t, id, got, "detail null is still an EventBridge event")
}

func decode(t *testing.T, name string) *eventbridge.Event {
	return sourcetest.DecodeTestdata[eventbridge.Event](t, id, name)
}

type order struct {
	OrderID   uint64      `json:"orderId"`
	Total     json.Number `json:"total"`
	Currency  string      `json:"currency"`
	Discount  float64     `json:"discount"`
	Quantity  int8        `json:"quantity"`
	PlacedAt  time.Time   `json:"placedAt"`
	PlacedPtr *time.Time  `json:"placedAt2"`
	Customer  struct {
		ID   string  `json:"id"`
		Name string  `json:"name"`
		VIP  bool    `json:"vip"`
		Note *string `json:"note"`
	} `json:"customer"`
	Lines []struct {
		SKU       string   `json:"sku"`
		Qty       *uint16  `json:"qty"`
		UnitPrice float32  `json:"unitPrice"`
		WeightKg  float64  `json:"weightKg"`
		Extra     any      `json:"extra"`
		Missing   []string `json:"missing"`
	} `json:"lines"`
	Tags     []string       `json:"tags"`
	Metadata map[string]any `json:"metadata"`
}

func TestDetailAs(t *testing.T) {
	e := decode(t, "custom-bus-order.json")
	assert.Equal(t, "Order Placed", e.DetailType)
	assert.Equal(t, "com.example.orders", e.Source)
	assert.Equal(t, []string{}, e.Resources)
	assert.False(t, e.IsReplay())
	assert.Equal(t, json.Number("12345678901234567890"), e.Detail["orderId"], "digits kept")
	assert.Equal(t, json.Number("1.50"), e.Detail["total"], "digits kept")

	var o order
	require.NoError(t, e.DetailAs(&o))
	assert.Equal(t, uint64(12345678901234567890), o.OrderID)
	assert.Equal(t, json.Number("1.50"), o.Total)
	assert.Equal(t, "EUR", o.Currency)
	assert.Equal(t, int8(3), o.Quantity)
	assert.True(t, o.PlacedAt.Equal(time.Date(2024, 11, 29, 22, 59, 57, 125e6, time.UTC)), "%v", o.PlacedAt)
	assert.Nil(t, o.PlacedPtr)
	assert.Equal(t, "cust-0042", o.Customer.ID)
	assert.Equal(t, "Åsa Lindström", o.Customer.Name)
	assert.True(t, o.Customer.VIP)
	assert.Nil(t, o.Customer.Note)
	require.Len(t, o.Lines, 2)
	assert.Equal(t, "KB-☕-01", o.Lines[0].SKU)
	require.NotNil(t, o.Lines[0].Qty)
	assert.Equal(t, uint16(2), *o.Lines[0].Qty)
	assert.Equal(t, float32(0.75), o.Lines[0].UnitPrice)
	assert.Equal(t, 0.001, o.Lines[0].WeightKg)
	assert.Equal(t, 0.35, o.Lines[1].WeightKg)
	assert.Equal(t, []string{}, o.Tags)
	assert.Equal(t, map[string]any{"schemaVersion": "2", "trace": ""}, o.Metadata)

	var m map[string]any
	require.NoError(t, e.DetailAs(&m))
	assert.Equal(t, e.Detail, m, "a map receives the detail as it is")

	var f struct {
		OrderID float64 `json:"orderId"`
		Total   float64 `json:"total"`
	}
	require.NoError(t, e.DetailAs(&f))
	assert.Equal(t, 1.5, f.Total)
	assert.Equal(t, 1.2345678901234567e19, f.OrderID)
}

func TestDetailAsRefusesLoss(t *testing.T) {
	e := decode(t, "custom-bus-order.json")
	for name, target := range map[string]any{
		"huge into int64": &struct {
			V int64 `json:"orderId"`
		}{},
		"decimal into int": &struct {
			V int `json:"total"`
		}{},
		"negative into uint": &struct {
			V uint `json:"discount"`
		}{},
		"string into int": &struct {
			V int `json:"currency"`
		}{},
		"not RFC 3339": &struct {
			V time.Time `json:"currency"`
		}{},
		"object into string": &struct {
			V string `json:"customer"`
		}{},
		"array into struct": &struct {
			V struct{} `json:"lines"`
		}{},
		"fraction into int16": &struct {
			V []struct {
				W int16 `json:"weightKg"`
			} `json:"lines"`
		}{},
		"not a pointer": struct{}{},
		"nil":           nil,
	} {
		t.Run(name, func(t *testing.T) {
			assert.ErrorContains(t, e.DetailAs(target), "eventbridge: detail: ")
		})
	}
	// The range rules themselves are tested in lossless ([lossless.Into]).

	var text struct {
		Quantity string `json:"quantity"`
		Total    string `json:"total"`
		OrderID  string `json:"orderId"`
	}
	require.NoError(t, e.DetailAs(&text), "a number goes into a string as its text")
	assert.Equal(t, "3", text.Quantity)
	assert.Equal(t, "1.50", text.Total)
	assert.Equal(t, "12345678901234567890", text.OrderID)

	var none struct{}
	assert.EqualError(t, eventbridge.Event{}.DetailAs(&none), "eventbridge: the event has no detail")
	e2, err := registry.Default.Decode([]byte(`{"source":"com.example","detail-type":"X","detail":null}`))
	require.NoError(t, err)
	assert.Error(t, e2.(*eventbridge.Event).DetailAs(&none), "null detail")
}

func TestEmptyDetailAndTime(t *testing.T) {
	e := decode(t, "scheduled-empty-detail.json")
	assert.Equal(t, "Scheduled Event", e.DetailType)
	assert.Equal(t, map[string]any{}, e.Detail)
	var v struct {
		X int `json:"x"`
	}
	require.NoError(t, e.DetailAs(&v), "an empty detail decodes into nothing")
	assert.Zero(t, v.X)
	tm, err := e.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 3, 10, 2, 0, 0, 0, time.UTC), tm)
	assert.Equal(t, []string{"arn:aws:events:ap-southeast-2:444455556666:rule/nightly-report"}, e.Resources)

	for _, bad := range []string{"", "yesterday", "2024-03-10 02:00:00"} {
		_, err := eventbridge.Envelope{Timestamp: bad}.Time()
		assert.Error(t, err, "%q", bad)
	}
}

func TestReplay(t *testing.T) {
	e := decode(t, "replayed.json")
	assert.True(t, e.IsReplay())
	assert.Equal(t, "inventory-recovery-2023-06-02", e.ReplayName)
	var stock struct {
		Previous  int     `json:"previous"`
		Current   int     `json:"current"`
		Threshold float64 `json:"threshold"`
	}
	require.NoError(t, e.DetailAs(&stock))
	assert.Equal(t, 120, stock.Previous)
	assert.Equal(t, 95, stock.Current)
	assert.Equal(t, 100.0, stock.Threshold)

	ref, err := registry.Default.Decode(sourcetest.Reference(t, "eventBridgeEvent.json"))
	require.NoError(t, err)
	assert.True(t, ref.(*eventbridge.Event).IsReplay())
	assert.False(t, decode(t, "scheduled-empty-detail.json").IsReplay())
}

func TestPrinted(t *testing.T) {
	e := decode(t, "custom-bus-order.json")
	sourcetest.AssertPrinted(t, e, []string{
		`"detail-type": "Order Placed"`,
		`"orderId": 12345678901234567890`,
		`"total": 1.50`,
		`"Time()": "2024-11-29T23:59:58Z"`,
	}, nil)
	bad := *e
	bad.Timestamp = "not a time"
	assert.Contains(t, printer.Sprint(&bad), `"Time()": "`+printer.Undecodable+`"`)
}

// ec2StateChange is how a source typing one kind of event reuses the
// envelope: lossless.Extra first, Envelope embedded, a typed Detail.
type ec2StateChange struct {
	lossless.Extra
	eventbridge.Envelope
	Detail ec2Detail `json:"detail"`
}

type ec2Detail struct {
	lossless.Extra
	InstanceID string `json:"instance_id"`
}

func TestEnvelopeEmbeds(t *testing.T) {
	raw := sourcetest.Reference(t, "eventBridgeEvent.json")
	var e ec2StateChange
	require.NoError(t, lossless.Unmarshal(raw, &e))
	assert.Equal(t, "aws.ec2", e.Source)
	assert.Equal(t, "i-1234567890abcdef0", e.Detail.InstanceID)
	assert.Equal(t, map[string]any{"state": "terminated"}, e.Detail.Unknown)
	assert.True(t, e.IsReplay())
	tm, err := e.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2017, 12, 22, 18, 43, 48, 0, time.UTC), tm)
	out, err := lossless.Marshal(&e)
	require.NoError(t, err)
	sourcetest.JSONEqual(t, raw, out)

	var fromMap ec2StateChange
	require.NoError(t, lossless.DecodeMapInto(sourcetest.DecodeUseNumber(t, raw).(map[string]any), &fromMap))
	assert.Equal(t, e, fromMap)
}
