package server_test

import (
	"encoding/json"

	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/plugins/server"
	"github.com/evplugin/evplugin/registry"
)

// A plugin binary's main serves its sources.
func ExampleServe() {
	server.Serve(plugins.Source{
		ID:    "acme.order",
		Title: "ACME order events",
		Rule: registry.All(
			registry.PathEquals("detail-type", "OrderPlaced"),
			registry.PathEquals("source", "com.acme.orders"),
		),
		Priority:       1000,
		SensitivePaths: []string{"detail.customer.email"},
		Decode: func(raw []byte) (json.RawMessage, error) {
			return raw, nil // or a document with derived members
		},
	})
}
