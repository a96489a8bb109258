package apigateway_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// TestViewOfBodies: no body shows no decoded body; a body that is present
// and not base64, or not JSON, shows that it cannot be deserialized.
func TestViewOfBodies(t *testing.T) {
	undecodable := func(name string) string { return `"` + name + `()": "` + printer.Undecodable + `"` }

	// "Hello from Lambda!" flagged as base64: neither base64 nor JSON.
	rest := decodeREST(t, sourcetest.Reference(t, "apiGatewayProxyEventAnotherPath.json"))
	require.True(t, rest.IsBase64Encoded)
	_, err := rest.DecodedBody()
	assert.Error(t, err)
	out := printer.Sprint(rest)
	assert.Contains(t, out, undecodable("DecodedBody"))
	assert.Contains(t, out, undecodable("JSONBody"))

	// The same text, not flagged: a body, and not JSON.
	rest = decodeREST(t, sourcetest.Reference(t, "apiGatewayProxyEvent.json"))
	out = printer.Sprint(rest)
	assert.Contains(t, out, `"DecodedBody()": "Hello from Lambda!"`)
	assert.Contains(t, out, undecodable("JSONBody"))

	// No body (null): nothing to show, and nothing failed.
	rest = restTestdata(t, "console-test-invoke-iam.json")
	require.Empty(t, rest.Body)
	out = printer.Sprint(rest)
	assert.NotContains(t, out, "Body()")

	// A JSON body shows decoded; emptied, it shows nothing, flagged as
	// base64 or not; unpadded base64 is not base64.
	http := decodeHTTP(t, sourcetest.Reference(t, "apiGatewayProxyV2IamEvent.json"))
	assert.Contains(t, printer.Sprint(http), "\"JSONBody()\": {\n    \"a\": 1\n  }")
	for _, b64 := range []bool{false, true} {
		http.Body, http.IsBase64Encoded = "", b64
		assert.NotContains(t, printer.Sprint(http), "Body()")
	}
	http.Body = "e30" // {} unpadded
	_, err = http.DecodedBody()
	assert.Error(t, err)
	out = printer.Sprint(http)
	assert.Contains(t, out, undecodable("DecodedBody"))
	assert.Contains(t, out, undecodable("JSONBody"))
	http.Body = "e30="
	out = printer.Sprint(http)
	assert.Contains(t, out, `"DecodedBody()": "{}"`)
	assert.Contains(t, out, `"JSONBody()": {}`)

	// Whitespace is a body, and not JSON.
	http.Body, http.IsBase64Encoded = " ", false
	assert.Contains(t, printer.Sprint(http), undecodable("JSONBody"))
	var v any
	assert.Error(t, http.JSONBody(&v))
	http.Body = ""
	assert.Error(t, http.JSONBody(&v), "an empty body is still an error to a handler")
	assert.False(t, strings.Contains(printer.Sprint(apigateway.HTTPEvent{}), "Body()"))
}
