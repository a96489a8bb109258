package main

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/examples/internal/invoke"
)

// request is an HTTP API (payload format 2.0) request to the stage "prod",
// through a JWT authorizer.
func request(method, path, body string) []byte {
	return []byte(fmt.Sprintf(`{
  "version": "2.0",
  "routeKey": "$default",
  "rawPath": "/prod%[2]s",
  "rawQueryString": "",
  "cookies": ["session=abc123"],
  "headers": {
    "accept": "application/json",
    "authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.sig",
    "content-type": "application/json",
    "host": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
    "x-forwarded-for": "198.51.100.7",
    "x-forwarded-proto": "https"
  },
  "requestContext": {
    "accountId": "123456789012",
    "apiId": "a1b2c3d4e5",
    "authorizer": {"jwt": {"claims": {"sub": "0f1e2d3c", "username": "ann"}, "scopes": ["orders/write"]}},
    "domainName": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
    "domainPrefix": "a1b2c3d4e5",
    "http": {"method": %[1]q, "path": "/prod%[2]s", "protocol": "HTTP/1.1", "sourceIp": "198.51.100.7", "userAgent": "curl/8.5.0"},
    "requestId": "Jx1bTgqHoAMEVxw=",
    "routeKey": "$default",
    "stage": "prod",
    "time": "10/Jun/2024:12:00:00 +0000",
    "timeEpoch": 1718020800000
  },
  "body": %[3]q,
  "isBase64Encoded": false
}`, method, path, body))
}

type response struct {
	StatusCode int               `json:"statusCode"`
	Headers    map[string]string `json:"headers"`
	Cookies    []string          `json:"cookies"`
	Body       string            `json:"body"`
}

func TestOrders(t *testing.T) {
	h := evplugin.HTTPHandler(newMux(&store{orders: map[string]Order{}}))
	id, err := evplugin.Detect(request("GET", "/orders/o-1", ""))
	require.NoError(t, err)
	require.Equal(t, "aws.apigateway.http", id)

	r := invoke.JSON[response](t, h, request("GET", "/orders/o-1", ""))
	assert.Equal(t, 404, r.StatusCode)

	r = invoke.JSON[response](t, h, request("POST", "/orders", `{"id":"o-1","item":"tea"}`))
	assert.Equal(t, 201, r.StatusCode)
	assert.Equal(t, "/orders/o-1", r.Headers["Location"])
	assert.Equal(t, []string{"last_order=o-1; Path=/"}, r.Cookies)
	assert.JSONEq(t, `{"id":"o-1","item":"tea","owner":"ann"}`, r.Body, "the owner comes from the JWT claims")

	r = invoke.JSON[response](t, h, request("GET", "/orders/o-1", ""))
	assert.Equal(t, 200, r.StatusCode)
	assert.Equal(t, "application/json", r.Headers["Content-Type"])
	assert.JSONEq(t, `{"id":"o-1","item":"tea","owner":"ann"}`, r.Body)

	r = invoke.JSON[response](t, h, request("POST", "/orders", `{}`))
	assert.Equal(t, 400, r.StatusCode)
}

// TestNotHTTP: an event that is no HTTP request (here of a source the
// example does not import) is an error, and the mux is not called.
func TestNotHTTP(t *testing.T) {
	_, err := invoke.Invoke(t, evplugin.HTTPHandler(newMux(&store{})), []byte(`{"Records":[{"eventSource":"aws:sqs","messageId":"m","body":"x"}]}`))
	require.Error(t, err)
}
