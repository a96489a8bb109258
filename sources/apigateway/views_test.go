package apigateway_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// The gaps CHECKLISTS section 2 lists on the HTTP sources: a whole-map
// header view, a nil-safe IAM accessor on HTTP APIs, the REST operation
// name.
func TestWholeViews(t *testing.T) {
	rest := sourcetest.Decode[apigateway.RESTEvent](t, sourcetest.Reference(t, "apiGatewayProxyEvent.json"))
	h := rest.HTTPHeader()
	assert.Equal(t, "https://aws.amazon.com", h.Get("origin"), "canonical names, any case")
	assert.Equal(t, []string{"value1", "value2"}, h.Values("Header2"), "every value of the multi-value map")
	only := apigateway.RESTEvent{RequestParamsV1: apigateway.RequestParamsV1{Headers: map[string]string{"x-one": "1"}}}
	assert.Equal(t, http.Header{"X-One": {"1"}}, only.HTTPHeader(), "a name only in the single-value map")
	assert.Equal(t, http.Header{}, apigateway.RESTEvent{}.HTTPHeader())

	v2 := sourcetest.Decode[apigateway.HTTPEvent](t, sourcetest.Reference(t, "apiGatewayProxyV2IamEvent.json"))
	iam := v2.IAM()
	require.NotNil(t, iam)
	assert.Equal(t, "arn:aws:iam::1234567890:user/Admin", iam.UserARN)
	assert.Nil(t, apigateway.HTTPEvent{}.IAM(), "no authorizer: nil, no panic")
	for k, vs := range v2.HTTPHeader() {
		assert.Equal(t, http.CanonicalHeaderKey(k), k)
		assert.Len(t, vs, 1, "2.0 sends one joined value per name")
	}

	withName := sourcetest.Decode[apigateway.RESTEvent](t, []byte(`{"resource":"/","path":"/","httpMethod":"GET",`+
		`"requestContext":{"operationName":"ListPets","stage":"prod"}}`))
	assert.Equal(t, "ListPets", withName.RequestContext.OperationName)
	assert.Empty(t, withName.RequestContext.Unknown, "modelled, not unknown")
}
