package plugins_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
)

// TestLogValue: a plugin's event logs as its document, nested, with the
// paths its source declared and the default masks applied.
func TestLogValue(t *testing.T) {
	ev := decoded(t, `{"source":"com.acme.orders","detail":{"customer":{"email":"MARKER-email","name":"Ann"},`+
		`"headers":{"Authorization":"MARKER-auth"},"items":[{"sku":"a","apiKey":"MARKER-key"}]}}`,
		"detail.customer.email")
	var b bytes.Buffer
	slog.New(slog.NewJSONHandler(&b, nil)).Info("event", "event", printer.LogValue(ev))
	requireMasked(t, b.String(), []string{"MARKER-email", "MARKER-auth", "MARKER-key"}, "Ann", "com.acme.orders")

	var line struct{ Event map[string]any }
	require.NoError(t, json.Unmarshal(b.Bytes(), &line))
	var printed map[string]any
	require.NoError(t, json.Unmarshal([]byte(printer.Sprint(ev)), &printed))
	assert.Equal(t, printed, line.Event)
	assert.Equal(t, printer.Sensitive, line.Event["detail"].(map[string]any)["customer"].(map[string]any)["email"])
}
