package apigateway_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func decodeHTTP(t *testing.T, raw []byte) *apigateway.HTTPEvent {
	return sourcetest.Decode[apigateway.HTTPEvent](t, raw)
}

func httpTestdata(t *testing.T, name string) *apigateway.HTTPEvent {
	return sourcetest.DecodeTestdata[apigateway.HTTPEvent](t, "aws.apigateway.http", name)
}

func TestHTTPJWTAndCookies(t *testing.T) {
	e := httpTestdata(t, "jwt-cookies-named-stage.json")

	a := e.RequestContext.Authorizer
	v, ok := a.JWTClaim("username")
	require.True(t, ok)
	assert.Equal(t, "hana.s", v)
	v, ok = a.JWTClaim("cognito:groups")
	require.True(t, ok)
	assert.Equal(t, "[admins support]", v)
	_, ok = a.JWTClaim("email")
	assert.False(t, ok)
	assert.Len(t, a.JWTClaims(), 12)
	assert.Equal(t, []string{"carts/write", "carts/read"}, a.JWTScopes())
	assert.Nil(t, a.LambdaContext())
	assert.Nil(t, a.IAM)

	assert.Equal(t, []string{"sid=9f8e7d6c5b4a-http-cookie-secret", "lang=de-DE", "cart_hint=%7B%22n%22%3A2%7D"}, cookieNames(e.ParsedCookies()))
	v, ok = e.Cookie("lang")
	require.True(t, ok)
	assert.Equal(t, "de-DE", v)
	_, ok = e.Cookie("Lang")
	assert.False(t, ok, "cookie names are case-sensitive")

	v, ok = e.Header("Accept-Language")
	require.True(t, ok)
	assert.Equal(t, "de-DE,de;q=0.9,en;q=0.8", v)
	assert.Equal(t, []string{"de-DE", "de;q=0.9", "en;q=0.8"}, e.HeaderValues("ACCEPT-LANGUAGE"))
	assert.Nil(t, e.HeaderValues("x-missing"))

	v, ok = e.QueryParam("sku")
	require.True(t, ok)
	assert.Equal(t, "A,1,Bü", v, "joined by API Gateway")
	assert.Equal(t, []string{"A,1", "Bü"}, e.QueryParamValues("sku"), "split from rawQueryString, not at commas")
	assert.Equal(t, []string{"1"}, e.QueryParamValues("dryRun"))
	assert.Nil(t, e.QueryParamValues("nope"))
	v, ok = e.PathParam("cartId")
	require.True(t, ok)
	assert.Equal(t, "c-77", v)
	v, ok = e.StageVariable("inventoryTable")
	require.True(t, ok)
	assert.Equal(t, "inventory-prod", v)

	assert.Equal(t, "POST", e.Method())
	assert.Equal(t, "/v2/carts/c-77/items", e.Path(), "rawPath without the stage")

	var body struct {
		SKU   string      `json:"sku"`
		Qty   int         `json:"qty"`
		Price json.Number `json:"price"`
	}
	require.NoError(t, e.JSONBody(&body))
	assert.Equal(t, "B-9", body.SKU)
	assert.Equal(t, 2, body.Qty)
	assert.Equal(t, json.Number("1999.990"), body.Price, "digits kept")

	ts, err := e.RequestContext.Timestamp()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 3, 11, 7, 15, 42, 517e6, time.UTC), ts)

	assert.Equal(t, []string{"cookies", "headers.authorization", "requestContext.authorizer.**"}, e.SensitivePaths())
	sourcetest.AssertPrinted(t, e,
		[]string{`"cookies": "[SENSITIVE]"`, `"authorization": "[SENSITIVE]"`, `"accept-language": "de-DE,de;q=0.9,en;q=0.8"`,
			`"Timestamp()": "2024-03-11T07:15:42.517Z"`, `"price": 1999.990`},
		[]string{"9f8e7d6c5b4a-http-cookie-secret", "http-jwt-signature", "lang=de-DE", "cart_hint"})
}

func TestHTTPIAMClientCertificateBinary(t *testing.T) {
	e := httpTestdata(t, "iam-mtls-binary.json")

	iam := e.RequestContext.Authorizer.IAM
	require.NotNil(t, iam)
	assert.Equal(t, "arn:aws:sts::246824682468:assumed-role/DeviceFirmwareUpload/CognitoIdentityCredentials", iam.UserARN)
	assert.Equal(t, "o-7h8j9k0l1m", iam.PrincipalOrgID)
	require.NotNil(t, iam.CognitoIdentity)
	assert.Equal(t, "eu-west-1:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", iam.CognitoIdentity.IdentityPoolID)
	assert.Len(t, iam.CognitoIdentity.AMR, 3)
	_, ok := e.RequestContext.Authorizer.JWTClaim("sub")
	assert.False(t, ok)
	assert.Nil(t, e.RequestContext.Authorizer.JWTScopes())

	require.NotNil(t, e.RequestContext.Authentication)
	cert, err := e.RequestContext.Authentication.ClientCert.Certificate()
	require.NoError(t, err)
	assert.Equal(t, []string{"Example Logistics GmbH"}, cert.Subject.Organization)

	b, err := e.DecodedBody()
	require.NoError(t, err)
	assert.Equal(t, []byte("FWIMG\x00\x02\x07\xff\xfescanner-17 v2.7.1"), b)
	var x any
	assert.Error(t, e.JSONBody(&x))

	assert.Equal(t, "/firmware/eu/scanner-17", e.Path(), "$default stage")
	v, ok := e.PathParam("device")
	require.True(t, ok)
	assert.Equal(t, "eu/scanner-17", v)
	assert.Nil(t, e.ParsedCookies(), "no cookies key")
	_, ok = e.Cookie("a")
	assert.False(t, ok)
	assert.Nil(t, e.QueryParamValues("a"), "empty rawQueryString")

	assert.Equal(t, []string{"cookies", "headers.authorization", "headers.x-amz-security-token", "requestContext.authorizer.**"}, e.SensitivePaths())
	sourcetest.AssertPrinted(t, e,
		[]string{`"x-amz-security-token": "[SENSITIVE]"`, `"x-amz-date": "20240402T162005Z"`, `"NotAfterTime()": "2027-11-22T21:52:21Z"`},
		[]string{"Signature=0f9e8d7c", "IQoJb3JpZ2luX2VjEXAMPLEdeviceSessionTokenSecret"})
}

func TestHTTPLambdaAuthorizerContext(t *testing.T) {
	e := httpTestdata(t, "lambda-authorizer-context.json")
	lc := e.RequestContext.Authorizer.LambdaContext()
	assert.Equal(t, map[string]any{
		"beta": true, "plan": "gold", "quota": json.Number("5000"), "ratio": json.Number("0.75"),
		"roles": []any{"reader", "auditor"}, "tenantId": "t-3391",
	}, lc)
	assert.Nil(t, e.RequestContext.Authorizer.JWTClaims())

	assert.Equal(t, []string{"a&b=c"}, e.QueryParamValues("note"))
	assert.Equal(t, []string{"date", "total"}, e.QueryParamValues("columns"))
	v, ok := e.QueryParam("columns")
	require.True(t, ok)
	assert.Equal(t, "date,total", v)

	b, err := e.DecodedBody()
	require.NoError(t, err)
	assert.Nil(t, b, "no body")
	var x any
	assert.Error(t, e.JSONBody(&x))
	_, ok = e.StageVariable("x")
	assert.False(t, ok, "stageVariables: null")

	sourcetest.AssertPrinted(t, e,
		[]string{`"x-api-key": "[SENSITIVE]"`, `"x-correlation-id": "req-ab12cd34"`, `"quota": "[SENSITIVE]"`},
		[]string{"rep0rts-api-key-s3cret-value"})
}

func TestHTTPReferenceSamples(t *testing.T) {
	e := decodeHTTP(t, sourcetest.Reference(t, "apiGatewayProxyV2LambdaAuthorizerEvent.json"))
	assert.Equal(t, map[string]any{"tenantId": "123-456-789-012"}, e.RequestContext.Authorizer.LambdaContext())
	v, ok := e.RequestContext.Authorizer.JWTClaim("claim1")
	require.True(t, ok)
	assert.Equal(t, "value1", v)
	assert.Equal(t, "12/Mar/2020:19:03:58+0000", e.RequestContext.Time)
	assert.Equal(t, []string{"value1", "value2"}, e.QueryParamValues("parameter1"))

	e = decodeHTTP(t, sourcetest.Reference(t, "apiGatewayProxyV2Event.json"))
	assert.Equal(t, []string{"cookie1", "cookie2"}, e.Cookies)
	assert.Equal(t, []string{"cookie1=", "cookie2="}, cookieNames(e.ParsedCookies()), "as net/http reads a name without a value")
	sourcetest.AssertPrinted(t, e, []string{`"cookies": "[SENSITIVE]"`}, []string{"cookie1"})
	_, err := e.RequestContext.Authentication.ClientCert.Certificate()
	assert.Error(t, err)
}

func TestHTTPOddValues(t *testing.T) {
	var nilA *apigateway.HTTPAuthorizer
	assert.Nil(t, nilA.JWTClaims())
	assert.Nil(t, nilA.JWTScopes())
	assert.Nil(t, nilA.LambdaContext())
	_, ok := nilA.JWTClaim("sub")
	assert.False(t, ok)

	var x any
	assert.Error(t, apigateway.HTTPEvent{Body: "%%%", IsBase64Encoded: true}.JSONBody(&x), "bad base64")
	assert.Error(t, apigateway.HTTPEvent{Body: `{"a":1} {"b":2}`}.JSONBody(&x), "two documents")

	e := apigateway.HTTPEvent{RequestParamsV2: apigateway.RequestParamsV2{RawQueryString: "a=%zz&a=2&%zz=3", QueryStringParameters: map[string]string{"b": "1,2"}}}
	assert.Equal(t, []string{"2"}, e.QueryParamValues("a"), "undecodable pairs left out")
	assert.Equal(t, []string{"1,2"}, e.QueryParamValues("b"), "no raw value: the joined one")

	for _, tt := range []struct{ stage, raw, want string }{
		{"prod", "/prod/a", "/a"},
		{"prod", "/prod", "/"},
		{"prod", "/production/a", "/production/a"},
		{"prod", "/a", "/a"},
		{"$default", "/$default/a", "/$default/a"},
		{"", "/a", "/a"},
	} {
		e := apigateway.HTTPEvent{RawPath: tt.raw, RequestContext: apigateway.HTTPRequestContext{Stage: tt.stage}}
		assert.Equal(t, tt.want, e.Path(), "%s %s", tt.stage, tt.raw)
	}

	ts, err := apigateway.HTTPRequestContext{Time: "12/Mar/2020:19:03:58+0000"}.Timestamp()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2020, 3, 12, 19, 3, 58, 0, time.UTC), ts)
	_, err = apigateway.HTTPRequestContext{Time: "yesterday"}.Timestamp()
	assert.Error(t, err)
}
