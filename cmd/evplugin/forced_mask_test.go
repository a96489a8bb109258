package main

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 7: print --source aws.sqs on an API Gateway event was exit 0 with
// the Authorization header in clear (the forced type does not model it).
// Now it is exit 3, and with --force the default masks still apply to the
// members the forced type keeps as unknown.
func TestForcedPrintMasks(t *testing.T) {
	const file = "../../testdata/events/aws.apigateway.rest/cognito-base64-upload.json"
	raw, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Contains(t, string(raw), `"apiKey": "Ak3yV4lu3RestSecretKey0123456789"`)

	r := invoke(t, "", "print", "--source", "aws.sqs", file)
	assert.Equal(t, 3, r.code)

	r = invoke(t, "", "print", "--source", "aws.sqs", "--force", file)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"Authorization": "[SENSITIVE]"`)
	assert.NotContains(t, r.stdout, "Ak3yV4lu3RestSecretKey0123456789")
	assert.NotContains(t, r.stdout, "rest-id-token-signature")
}
