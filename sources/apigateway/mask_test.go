package apigateway_test

import (
	"testing"

	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// Authorizer contexts and claims, and query string credentials, print
// masked with their names kept; other query parameters print in clear.
func TestMaskedAuthorizerAndQuery(t *testing.T) {
	rest := decodeREST(t, []byte(`{"resource": "/", "path": "/", "httpMethod": "GET",
	  "queryStringParameters": {"code": "CANARY-1", "ID_TOKEN": "CANARY-2", "X-Amz-Credential": "CANARY-3", "page": "2"},
	  "multiValueQueryStringParameters": {"Code": ["CANARY-4"], "page": ["2"]},
	  "requestContext": {"resourcePath": "/", "httpMethod": "GET", "requestId": "r", "stage": "prod",
	    "authorizer": {"principalId": "CANARY-5", "tenant": "CANARY-6", "integrationLatency": 7,
	      "claims": {"sub": "CANARY-7", "email": "CANARY-8"}}}}`))
	sourcetest.AssertPrinted(t, rest,
		[]string{`"code": "[SENSITIVE]"`, `"Code": "[SENSITIVE]"`, `"page": "2"`, `"principalId": "[SENSITIVE]"`,
			`"integrationLatency": "[SENSITIVE]"`, `"sub": "[SENSITIVE]"`, `"email": "[SENSITIVE]"`},
		[]string{"CANARY"})

	http := decodeHTTP(t, []byte(`{"version": "2.0", "routeKey": "$default", "rawPath": "/",
	  "rawQueryString": "code=CANARY-1&x=1&access_token=CANARY-2&X-Amz-Signature=CANARY-3",
	  "queryStringParameters": {"code": "CANARY-4", "x": "1"},
	  "requestContext": {"http": {"method": "GET"}, "requestId": "r",
	    "authorizer": {"lambda": {"tenant": "CANARY-5", "n": 1}, "jwt": {"claims": {"sub": "CANARY-6"}, "scopes": ["CANARY-7"]},
	      "other": "CANARY-8"}}}`))
	sourcetest.AssertPrinted(t, http,
		[]string{`"rawQueryString": "code=[SENSITIVE]&x=1&access_token=[SENSITIVE]&X-Amz-Signature=[SENSITIVE]"`,
			`"code": "[SENSITIVE]"`, `"x": "1"`, `"tenant": "[SENSITIVE]"`, `"sub": "[SENSITIVE]"`, `"other": "[SENSITIVE]"`},
		[]string{"CANARY"})
}
