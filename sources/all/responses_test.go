package all_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/s3"
	"github.com/evplugin/evplugin/sources/ses"
)

// TestResponsesAreNoEvents: what a function answers is no event. The
// answers of Lambda authorizers (an IAM policy, a simple response), of S3
// Batch Operations functions and of SES receipt rule functions are
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

	batch := s3.BatchEvent{InvocationSchemaVersion: s3.BatchSchema2, InvocationID: "i", Tasks: []s3.BatchTask{{TaskID: "t", S3Bucket: "b"}}}
	result, err := batch.Tasks[0].Result(s3.ResultSucceeded, "done")
	require.NoError(t, err)
	batchResponse, err := batch.Response(s3.ResultPermanentFailure, result)
	require.NoError(t, err)
	disposition, err := ses.NewDispositionResponse(ses.DispositionStopRuleSet)
	require.NoError(t, err)

	responses := map[string]any{
		"s3 batch":         batchResponse,
		"ses disposition":  disposition,
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
