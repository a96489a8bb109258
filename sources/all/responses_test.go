package all_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// TestResponsesAreNoEvents: what a function answers is no event. The
// answers of Lambda authorizers (an IAM policy, a simple response) are
// claimed by no source, from bytes or from a map, even when their context
// holds the keys that make an authorizer's input.
func TestResponsesAreNoEvents(t *testing.T) {
	// Context keys that look like an authorizer's input.
	lookalike := map[string]any{"type": "REQUEST", "methodArn": "arn:aws:execute-api:us-east-1:1:a/s/GET/", "version": "2.0", "routeArn": "x"}
	api := apigateway.MethodARN{Partition: "aws", Region: "us-east-1", AccountID: "123456789012", APIID: "a1b2c3", Stage: "prod"}

	policy := apigateway.NewAuthorizerResponse("user-1", api)
	policy.Context = lookalike
	policy.UsageIdentifierKey = "k"
	require.NoError(t, policy.AllowRoute(apigateway.VerbGet, "/pets"))
	require.NoError(t, policy.DenyAllRoutes(apigateway.VerbDelete))

	ws := apigateway.NewWebSocketAuthorizerResponse("user-1", api)
	require.NoError(t, ws.AllowRoute("$connect"))

	responses := map[string]any{
		"policy":           policy,
		"websocket policy": ws,
		"deny all":         apigateway.DenyAllResponse(),
		"simple":           apigateway.SimpleAuthorizerResponse{IsAuthorized: true, Context: lookalike},
		"simple denied":    apigateway.SimpleAuthorizerResponse{},
	}
	for name, r := range responses {
		raw, err := json.Marshal(r)
		require.NoError(t, err, name)
		got, err := registry.Default.Detect(raw)
		assert.ErrorIs(t, err, registry.ErrUnknownSource, "%s detected as %q", name, got)
		m, ok := sourcetest.DecodeUseNumber(t, raw).(map[string]any)
		require.True(t, ok)
		got, err = registry.Default.DetectMap(m)
		assert.ErrorIs(t, err, registry.ErrUnknownSource, "%s: DetectMap says %q", name, got)
	}
}
