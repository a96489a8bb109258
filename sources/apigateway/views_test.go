package apigateway_test

import (
	"net/http"
	"net/url"
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

// TestQueryViews: the whole-map query views of both payload formats, on
// the reference samples (which send parameter1 twice).
func TestQueryViews(t *testing.T) {
	rest := sourcetest.Decode[apigateway.RESTEvent](t, sourcetest.Reference(t, "apiGatewayProxyEvent.json"))
	assert.Equal(t, url.Values{"parameter1": {"value1", "value2"}, "parameter2": {"value"}}, rest.Query())
	only := apigateway.RESTEvent{RequestParamsV1: apigateway.RequestParamsV1{
		QueryStringParameters:           map[string]string{"a": "1", "b": "2"},
		MultiValueQueryStringParameters: map[string][]string{"a": {"0", "1"}},
	}}
	assert.Equal(t, url.Values{"a": {"0", "1"}, "b": {"2"}}, only.Query(), "a name only in the single-value map is kept")
	assert.Nil(t, apigateway.RESTEvent{}.Query())

	v2 := sourcetest.Decode[apigateway.HTTPEvent](t, sourcetest.Reference(t, "apiGatewayProxyV2Event.json"))
	q, err := v2.Query()
	require.NoError(t, err)
	assert.Equal(t, url.Values{"parameter1": {"value1", "value2"}, "parameter2": {"value"}}, q, "split from rawQueryString, not the joined map")

	enc := apigateway.HTTPEvent{RequestParamsV2: apigateway.RequestParamsV2{RawQueryString: "q=a+b%26c&bad=%zz&x="}}
	q, err = enc.Query()
	assert.ErrorContains(t, err, `invalid URL escape "%zz"`)
	assert.Equal(t, url.Values{"q": {"a b&c"}, "x": {""}}, q, "decoded; the bad pair left out")

	joined := apigateway.HTTPEvent{RequestParamsV2: apigateway.RequestParamsV2{QueryStringParameters: map[string]string{"a": "1,2"}}}
	q, err = joined.Query()
	require.NoError(t, err)
	assert.Equal(t, url.Values{"a": {"1,2"}}, q, "no raw query string: as the map holds it")
}

// TestFormBody parses form bodies, plain and base64, and refuses other
// media types.
func TestFormBody(t *testing.T) {
	rest := decodeREST(t, []byte(`{"resource":"/login","path":"/login","httpMethod":"POST",
		"headers":{"content-type":"application/x-www-form-urlencoded; charset=utf-8"},
		"multiValueHeaders":{"content-type":["application/x-www-form-urlencoded; charset=utf-8"]},
		"requestContext":{"resourcePath":"/login","httpMethod":"POST","stage":"prod","requestId":"r","apiId":"a"},
		"body":"user=ana+maria&tag=a&tag=b%26c","isBase64Encoded":false}`))
	f, err := rest.FormBody()
	require.NoError(t, err)
	assert.Equal(t, url.Values{"user": {"ana maria"}, "tag": {"a", "b&c"}}, f)

	v2 := decodeHTTP(t, []byte(`{"version":"2.0","routeKey":"POST /f","rawPath":"/f","rawQueryString":"",
		"headers":{"Content-Type":"application/x-www-form-urlencoded"},
		"requestContext":{"http":{"method":"POST","path":"/f"},"stage":"$default"},
		"body":"YT0xJmI9Mg==","isBase64Encoded":true}`))
	f, err = v2.FormBody()
	require.NoError(t, err)
	assert.Equal(t, url.Values{"a": {"1"}, "b": {"2"}}, f)

	v2.Headers["Content-Type"] = "application/json"
	_, err = v2.FormBody()
	assert.ErrorContains(t, err, `Content-Type "application/json" is not application/x-www-form-urlencoded`)

	delete(v2.Headers, "Content-Type")
	v2.Body = ""
	_, err = v2.FormBody()
	assert.EqualError(t, err, "body: absent")
}
