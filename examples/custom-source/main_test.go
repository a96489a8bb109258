package main

import (
	"bytes"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/examples/internal/invoke"
)

var order = []byte(`{
  "source": "com.acme.orders",
  "type": "order.placed",
  "orderId": "o-1001",
  "placedAt": "2024-06-10T12:00:00Z",
  "customer": {"id": "c-42", "email": "ann@example.com"},
  "lines": [
    {"sku": "TEA-01", "quantity": 2, "cents": 450},
    {"sku": "MUG-07", "quantity": 1, "cents": 1200}
  ]
}`)

func TestOrder(t *testing.T) {
	id, err := evplugin.Detect(order)
	require.NoError(t, err)
	assert.Equal(t, "acme.order", id)

	r := invoke.JSON[Receipt](t, evplugin.Handle(handler), order)
	assert.Equal(t, Receipt{OrderID: "o-1001", TotalCents: 2100}, r)

	_, err = invoke.Invoke(t, evplugin.Handle(handler), []byte(`{"source":"com.acme.orders","orderId":"o-2"}`))
	require.ErrorContains(t, err, "o-2 has no lines")
}

// TestNotAnOrder: an event the rule does not accept never reaches the
// handler; the error names what it lacked.
func TestNotAnOrder(t *testing.T) {
	_, err := invoke.Invoke(t, evplugin.Handle(handler), []byte(`{"source":"com.acme.invoices","orderId":"o-1"}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "acme.order")
}

// TestMasked: the tagged email is masked in the printer's view and in logs.
func TestMasked(t *testing.T) {
	v, err := evplugin.Decode(order)
	require.NoError(t, err)
	require.IsType(t, &OrderEvent{}, v)
	out := evplugin.Sprint(v)
	assert.Contains(t, out, `"email": "[SENSITIVE]"`)
	assert.Contains(t, out, `"sku": "TEA-01"`)

	var b bytes.Buffer
	slog.New(slog.NewJSONHandler(&b, nil)).Info("order", "event", evplugin.LogValue(v))
	assert.Contains(t, b.String(), `"customer":{"id":"c-42","email":"[SENSITIVE]"}`)
	assert.NotContains(t, b.String(), "ann@example.com")
}
