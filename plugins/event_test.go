package plugins_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/printer"
)

// decoded returns an Event of doc with the declared sensitive paths, as
// Client.Decode makes it.
func decoded(t *testing.T, doc string, sensitive ...string) *plugins.Event {
	t.Helper()
	ev := &plugins.Event{Source: "test.echo", Plugin: "evplugin-test", Sensitive: sensitive}
	require.NoError(t, json.Unmarshal([]byte(doc), ev))
	return ev
}

// requireMasked fails if any marker prints, or if a value that is no
// secret does not.
func requireMasked(t *testing.T, out string, markers []string, shown ...string) {
	t.Helper()
	for _, m := range markers {
		assert.NotContains(t, out, m, "a secret printed")
	}
	for _, s := range shown {
		assert.Contains(t, out, s, "a value that is no secret is masked")
	}
	assert.Contains(t, out, printer.Sensitive)
}

func TestSensitivePathsIgnoreCase(t *testing.T) {
	declared := []string{"headers.X-Hub-Signature-256", "multiValueHeaders.X-Hub-Signature-256", "records[*].Body.pin"}
	tests := []struct {
		name, header string
	}{
		{"as declared", "X-Hub-Signature-256"},
		{"upper", "X-HUB-SIGNATURE-256"},
		{"lower", "x-hub-signature-256"},
		{"mixed", "x-HUB-Signature-256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"headers":{"` + tt.header + `":"MARKER-single","Content-Type":"application/json"},` +
				`"multiValueHeaders":{"` + tt.header + `":["MARKER-multi"]},` +
				`"records":[{"body":{"PIN":"MARKER-pin"},"id":"r1"}]}`
			ev := decoded(t, doc, declared...)
			paths := ev.SensitivePaths()
			assert.Contains(t, paths, "headers."+tt.header)
			assert.Contains(t, paths, "multiValueHeaders."+tt.header)
			assert.Contains(t, paths, "records[0].body.PIN")
			out := printer.Sprint(ev)
			requireMasked(t, out, []string{"MARKER-single", "MARKER-multi", "MARKER-pin"}, "application/json", "r1")
		})
	}
}

func TestSensitivePathsAsDeclaredStay(t *testing.T) {
	ev := decoded(t, `{"a":1}`, "headers.Missing", "b")
	assert.Equal(t, []string{"headers.Missing", "b"}, ev.SensitivePaths(), "declared paths are kept, found or not")
}

func TestDefaultMasks(t *testing.T) {
	doc := `{
		"id": "evt-1",
		"headers": {"AUTHORIZATION": "MARKER-01", "Cookie": "MARKER-02", "x-csrf-token": "MARKER-03", "Accept": "text/plain"},
		"multiValueHeaders": {"Set-Cookie": ["MARKER-04", "MARKER-05"], "X-Api-Key": ["MARKER-06"]},
		"detail": {
			"user": {"name": "Mona", "Password": "MARKER-07", "ssh": {"private_key": "MARKER-08"}},
			"items": [{"sku": "A-1", "accessToken": "MARKER-09"}, {"sku": "B-2", "nested": [{"ClientSecret": "MARKER-10"}]}],
			"Credentials": {"id": "MARKER-11", "key": "MARKER-12"},
			"aws_api_key": "MARKER-13", "db-passwd": "MARKER-14", "apiKeyHash": "MARKER-15", "webhookSignature": "MARKER-16"
		},
		"odd": {"a.token": "MARKER-17", "b": "shown?"},
		"count": 3
	}`
	ev := decoded(t, doc)
	out := printer.Sprint(ev)
	t.Log(out)
	var markers []string
	for i := 1; i <= 17; i++ {
		markers = append(markers, fmt.Sprintf("MARKER-%02d", i))
	}
	requireMasked(t, out, markers, "evt-1", "text/plain", "Mona", "A-1", "B-2", `"count": 3`)
}
