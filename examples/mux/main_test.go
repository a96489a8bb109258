package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/examples/internal/invoke"
)

// One function, three triggers: each event reaches its own typed handler.
func TestRoutes(t *testing.T) {
	m := newMux()

	queue := invoke.JSON[map[string]any](t, m, invoke.Payload(t, "aws.sqs", "fifo-json-body.json"))
	assert.Contains(t, queue, "batchItemFailures", "the SQS handler's batch response")

	out, err := invoke.Invoke(t, m, invoke.Payload(t, "aws.s3", "put-encoded-keys-multi.json"))
	require.NoError(t, err)
	assert.JSONEq(t, `null`, string(out), "an error-only handler answers null")

	signUp := invoke.JSON[map[string]any](t, m, invoke.Payload(t, "aws.cognito.presignup", "sign-up-null-response.json"))
	response, ok := signUp["response"].(map[string]any)
	require.True(t, ok, "the event comes back, modified: %v", signUp)
	assert.Equal(t, true, response["autoConfirmUser"])
	assert.Contains(t, signUp, "userPoolId", "the rest as it came")
}

// An event no route claims goes to the fallback, which refuses it naming
// its source: the S3 test event (package s3 registers it, no route takes
// it), and a DynamoDB stream event, whose source this function does not
// link at all, so that no source matches it.
func TestFallback(t *testing.T) {
	_, err := invoke.Invoke(t, newMux(), invoke.Payload(t, "aws.s3.test", "test-event-empty-ids.json"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"aws.s3.test"`)

	_, err = invoke.Invoke(t, newMux(), invoke.Payload(t, "aws.dynamodb.stream", "ttl-delete.json"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `no handler for ""`, "no source matched: the fallback gets an empty ID")

	_, err = invoke.Invoke(t, newMux(), json.RawMessage(`{"hello":"world"}`))
	require.Error(t, err)
}
