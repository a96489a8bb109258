package apigateway_test

import (
	"encoding/json"
	"math/big"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func decodeREST(t *testing.T, raw []byte) *apigateway.RESTEvent {
	return sourcetest.Decode[apigateway.RESTEvent](t, raw)
}

func restTestdata(t *testing.T, name string) *apigateway.RESTEvent {
	return sourcetest.DecodeTestdata[apigateway.RESTEvent](t, "aws.apigateway.rest", name)
}

func cookieNames(cs []*http.Cookie) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name+"="+c.Value)
	}
	return out
}

func TestRESTCognitoUpload(t *testing.T) {
	e := restTestdata(t, "cognito-base64-upload.json")

	v, ok := e.Header("authorization")
	require.True(t, ok)
	assert.Equal(t, "eyJraWQiOiJyZXN0LWtpZCJ9.eyJzdWIiOiJyZXN0LXVzZXIifQ.rest-id-token-signature", v)
	v, ok = e.Header("X-API-KEY")
	require.True(t, ok)
	assert.Equal(t, "Ak3yV4lu3RestSecretKey0123456789", v)
	_, ok = e.Header("X-Missing")
	assert.False(t, ok)
	assert.Equal(t, []string{"203.0.113.77, 130.176.98.12"}, e.HeaderValues("x-forwarded-for"))
	assert.Nil(t, e.HeaderValues("X-Missing"))

	v, ok = e.QueryParam("tag")
	require.True(t, ok)
	assert.Equal(t, "grün", v, "the last value")
	assert.Equal(t, []string{"summer", "grün"}, e.QueryParamValues("tag"))
	_, ok = e.QueryParam("Tag")
	assert.False(t, ok, "query names are case-sensitive")
	assert.Nil(t, e.QueryParamValues("Tag"))

	v, ok = e.PathParam("storeId")
	require.True(t, ok)
	assert.Equal(t, "berlin-01", v)
	v, ok = e.StageVariable("bucket")
	require.True(t, ok)
	assert.Equal(t, "uploads-eu-central-1", v)
	_, ok = e.PathParam("nope")
	assert.False(t, ok)

	b, err := e.DecodedBody()
	require.NoError(t, err)
	assert.Equal(t, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"), b)
	var x any
	assert.Error(t, e.JSONBody(&x), "a PNG is not JSON")

	assert.Equal(t, []string{"theme=dark", "sessionid=rest-cookie-s3cr3t"}, cookieNames(e.ParsedCookies()))
	v, ok = e.Cookie("sessionid")
	require.True(t, ok)
	assert.Equal(t, "rest-cookie-s3cr3t", v)
	_, ok = e.Cookie("nope")
	assert.False(t, ok)

	a := e.RequestContext.Authorizer
	v, ok = a.Claim("cognito:username")
	require.True(t, ok)
	assert.Equal(t, "jürgen.k", v)
	assert.Equal(t, "id", a.Claims()["token_use"])
	_, ok = a.Claim("scope")
	assert.False(t, ok)
	assert.Nil(t, a.Scopes())
	assert.Empty(t, a.PrincipalID())
	_, ok = a.IntegrationLatency()
	assert.False(t, ok)

	ts, err := e.RequestContext.Timestamp()
	require.NoError(t, err)
	assert.Equal(t, time.UnixMilli(1705484467321).UTC(), ts)
	assert.Equal(t, "k9fj2h3d1s", e.RequestContext.Identity.APIKeyID)
	assert.Equal(t, "Ak3yV4lu3RestSecretKey0123456789", e.RequestContext.Identity.APIKey)
	assert.Nil(t, e.RequestContext.Identity.ClientCert)
	assert.Equal(t, "q8w7e6", e.RequestContext.Unknown["deploymentId"], "unmodelled keys are kept")

	assert.Equal(t, []string{"headers.Authorization", "headers.Cookie", "headers.x-api-key",
		"multiValueHeaders.Authorization", "multiValueHeaders.Cookie", "multiValueHeaders.x-api-key", "requestContext.authorizer.**"}, e.SensitivePaths())
	sourcetest.AssertPrinted(t, e,
		[]string{`"Authorization": "[SENSITIVE]"`, `"apiKey": "[SENSITIVE]"`, `"Accept": "application/json"`,
			`"Timestamp()": "2024-01-17T09:41:07.321Z"`, `"JSONBody()": "[Cannot be deserialized]"`, `"DecodedBody()": "base64:`},
		[]string{"rest-id-token-signature", "rest-cookie-s3cr3t", "theme=dark", "Ak3yV4lu3RestSecretKey0123456789"})
}

func TestRESTFromHTTPAPIPayload10(t *testing.T) {
	e := restTestdata(t, "httpapi-payload-v1-jwt.json")
	assert.Equal(t, "1.0", e.Version)
	v, ok := e.Header("Authorization")
	require.True(t, ok, "lower-case key, any-case lookup")
	assert.Equal(t, "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJodHRwLXYxIn0.httpapi-v1-jwt-signature", v)
	v, ok = e.Cookie("locale")
	require.True(t, ok)
	assert.Equal(t, "pt-BR", v)

	a := e.RequestContext.Authorizer
	v, ok = a.Claim("sub")
	require.True(t, ok)
	assert.Equal(t, "auth0|65a0b1c2d3e4f5a6b7c8d9e0", v)
	assert.Equal(t, []string{"orders:delete", "orders:read"}, a.Scopes())

	_, ok = e.QueryParam("x")
	assert.False(t, ok, "null query string parameters")
	assert.Nil(t, e.QueryParamValues("x"))
	v, ok = e.PathParam("orderId")
	require.True(t, ok)
	assert.Equal(t, "ord_8812", v)
	_, ok = e.StageVariable("x")
	assert.False(t, ok)

	b, err := e.DecodedBody()
	require.NoError(t, err)
	assert.Nil(t, b, "null body")
	var x any
	assert.Error(t, e.JSONBody(&x), "no body to decode")

	assert.Equal(t, "DELETE /orders/{orderId}", e.RequestContext.ResourceID)
	ts, err := e.RequestContext.Timestamp()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 1, 25, 10, 5, 31, 402e6, time.UTC), ts)

	sourcetest.AssertPrinted(t, e,
		[]string{`"authorization": "[SENSITIVE]"`, `"cookie": "[SENSITIVE]"`, `"User-Agent": "curl/8.5.0"`},
		[]string{"httpapi-v1-jwt-signature", "locale=pt-BR"})
}

func TestRESTLambdaAuthorizerAndClientCertificate(t *testing.T) {
	e := restTestdata(t, "lambda-authorizer-mtls.json")

	a := e.RequestContext.Authorizer
	assert.Equal(t, "tenant-3391|user-17", a.PrincipalID())
	d, ok := a.IntegrationLatency()
	require.True(t, ok)
	assert.Equal(t, 87*time.Millisecond, d)
	assert.Equal(t, "t-3391", a["tenantId"])
	assert.Nil(t, a.Claims())

	v, ok := e.Header("Cookie")
	require.True(t, ok)
	assert.Equal(t, "cart=c-2", v, "headers holds the last value")
	assert.Equal(t, []string{"visitor=v-81; cart=c-1", "cart=c-2"}, e.HeaderValues("COOKIE"))
	assert.Equal(t, []string{"visitor=v-81", "cart=c-1", "cart=c-2"}, cookieNames(e.ParsedCookies()))
	v, ok = e.Cookie("cart")
	require.True(t, ok)
	assert.Equal(t, "c-1", v, "the first cookie of that name")
	v, ok = e.Header("x-trace.id")
	require.True(t, ok)
	assert.Equal(t, "abc.def", v)

	v, ok = e.QueryParam("dryRun")
	require.True(t, ok)
	assert.Empty(t, v)

	var body struct {
		Customer string      `json:"customer"`
		Amount   json.Number `json:"amount"`
		Lines    []any       `json:"lines"`
	}
	require.NoError(t, e.JSONBody(&body))
	assert.Equal(t, "Grüße GmbH 👋", body.Customer)
	assert.Equal(t, json.Number("12345678901234567890.50"), body.Amount, "digits kept")
	require.Len(t, body.Lines, 1)
	assert.Equal(t, map[string]any{"sku": "A-1", "qty": json.Number("2")}, body.Lines[0])

	cc := e.RequestContext.Identity.ClientCert
	require.NotNil(t, cc)
	cert, err := cc.Certificate()
	require.NoError(t, err)
	assert.Equal(t, "scanner-17.devices.example.net", cert.Subject.CommonName)
	assert.Equal(t, big.NewInt(0x5A3C19E0B7), cert.SerialNumber)
	nb, err := cc.Validity.NotBeforeTime()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 11, 22, 21, 52, 21, 0, time.UTC), nb)
	assert.Equal(t, cert.NotBefore, nb)
	na, err := cc.Validity.NotAfterTime()
	require.NoError(t, err)
	assert.Equal(t, cert.NotAfter, na)

	assert.Equal(t, []string{"headers.authorization", "headers.cookie",
		"multiValueHeaders.authorization", "multiValueHeaders.cookie", "requestContext.authorizer.**"}, e.SensitivePaths())
	sourcetest.AssertPrinted(t, e,
		[]string{`"authorization": "[SENSITIVE]"`, `"cookie": "[SENSITIVE]"`, `"X-Trace.Id": "abc.def"`,
			`"NotBeforeTime()": "2026-11-22T21:52:21Z"`, `"amount": 12345678901234567890.50`},
		[]string{"rest-lambda-authz-token-5eCr3t", "visitor=v-81", "cart=c-"})
}

func TestRESTConsoleTestInvoke(t *testing.T) {
	e := restTestdata(t, "console-test-invoke-iam.json")
	_, ok := e.Header("Authorization")
	assert.False(t, ok, "null headers")
	assert.Nil(t, e.HeaderValues("Authorization"))
	assert.Nil(t, e.ParsedCookies())
	assert.Empty(t, e.SensitivePaths())
	id := e.RequestContext.Identity
	assert.Equal(t, "arn:aws:iam::999988887777:user/ops-kim", id.UserARN)
	assert.Equal(t, "ASIAEXAMPLEOPSKIM001", id.AccessKey)
	assert.Empty(t, id.CognitoIdentityID)
	assert.Nil(t, e.RequestContext.Authorizer)
	sourcetest.AssertPrinted(t, e,
		// apiKeyId holds "apikey": masked by default, with the key.
		[]string{`"apiKey": "[SENSITIVE]"`, `"apiKeyId": "[SENSITIVE]"`, `"userArn": "arn:aws:iam::999988887777:user/ops-kim"`},
		[]string{`"test-invoke-api-key"`})
}

func TestRESTReferenceSamples(t *testing.T) {
	e := decodeREST(t, sourcetest.Reference(t, "apiGatewayProxyEventPrincipalId.json"))
	a := e.RequestContext.Authorizer
	assert.Equal(t, "fake", a.PrincipalID())
	d, ok := a.IntegrationLatency()
	require.True(t, ok)
	assert.Equal(t, 451*time.Millisecond, d)
	assert.Equal(t, "fake_username", a["user_id"])
	_, err := e.RequestContext.Timestamp()
	assert.Error(t, err, "neither requestTime nor requestTimeEpoch")

	e = decodeREST(t, sourcetest.Reference(t, "apiGatewayProxyEvent.json"))
	cc := e.RequestContext.Identity.ClientCert
	require.NotNil(t, cc)
	_, err = cc.Certificate()
	assert.Error(t, err, "CERT_CONTENT is no PEM")
	na, err := cc.Validity.NotAfterTime()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2021, 8, 5, 9, 36, 4, 0, time.UTC), na, "a space-padded day")
	claims := e.RequestContext.Authorizer
	assert.Nil(t, claims.Claims(), "claims: null")
	assert.Nil(t, claims.Scopes(), "scopes: null")
	assert.Equal(t, []string{"value1", "value2"}, e.QueryParamValues("parameter1"))
	v, _ := e.QueryParam("parameter1")
	assert.Equal(t, "value1", v)
	assert.Equal(t, []string{"value1", "value2"}, e.HeaderValues("header2"))
	v, _ = e.Header("header2")
	assert.Equal(t, "value2", v)

	// isBase64Encoded is true but the body is plain text.
	e = decodeREST(t, sourcetest.Reference(t, "apiGatewayProxyEvent_noVersionAuth.json"))
	_, err = e.DecodedBody()
	assert.Error(t, err)
	var x any
	assert.Error(t, e.JSONBody(&x))
	out := printer.Sprint(e)
	assert.Contains(t, out, `"DecodedBody()": "[Cannot be deserialized]"`)
}

func TestRESTOddValuesAreErrors(t *testing.T) {
	var x any
	e := apigateway.RESTEvent{Body: "{not json", IsBase64Encoded: false}
	assert.Error(t, e.JSONBody(&x))
	e = apigateway.RESTEvent{Body: "e30=", IsBase64Encoded: true}
	require.NoError(t, e.JSONBody(&x), "base64 of {}")
	assert.Equal(t, map[string]any{}, x)
	assert.Error(t, e.JSONBody(nil))

	// Headers only in multiValueHeaders: the last value.
	e = apigateway.RESTEvent{RequestParamsV1: apigateway.RequestParamsV1{MultiValueHeaders: map[string][]string{"X-A": {"1", "2"}, "X-Empty": {}}}}
	v, ok := e.Header("x-a")
	require.True(t, ok)
	assert.Equal(t, "2", v)
	_, ok = e.Header("x-empty")
	assert.False(t, ok)
	e = apigateway.RESTEvent{RequestParamsV1: apigateway.RequestParamsV1{MultiValueQueryStringParameters: map[string][]string{"q": {"1", "2"}}}}
	v, ok = e.QueryParam("q")
	require.True(t, ok)
	assert.Equal(t, "2", v)
	e = apigateway.RESTEvent{RequestParamsV1: apigateway.RequestParamsV1{QueryStringParameters: map[string]string{"q": "1"}}}
	assert.Equal(t, []string{"1"}, e.QueryParamValues("q"))

	tests := []struct {
		name string
		ctx  apigateway.RESTRequestContext
		want time.Time
		ok   bool
	}{
		{"text only", apigateway.RESTRequestContext{RequestTime: "04/Mar/2020:19:15:17 +0000"}, time.Date(2020, 3, 4, 19, 15, 17, 0, time.UTC), true},
		{"text with offset", apigateway.RESTRequestContext{RequestTime: "04/Mar/2020:21:15:17 +0200"}, time.Date(2020, 3, 4, 19, 15, 17, 0, time.UTC), true},
		{"text without space", apigateway.RESTRequestContext{RequestTime: "12/Mar/2020:19:03:58+0000"}, time.Date(2020, 3, 12, 19, 3, 58, 0, time.UTC), true},
		{"epoch wins", apigateway.RESTRequestContext{RequestTime: "garbage", RequestTimeEpoch: 1583349317135}, time.UnixMilli(1583349317135).UTC(), true},
		{"bad text", apigateway.RESTRequestContext{RequestTime: "2020-03-04T19:15:17Z"}, time.Time{}, false},
		{"nothing", apigateway.RESTRequestContext{}, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.ctx.Timestamp()
			if !tt.ok {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}

	a := apigateway.RESTAuthorizer{
		"integrationLatency": json.Number("1.5"),
		"claims":             map[string]any{"n": json.Number("42"), "b": true, "l": []any{"x"}, "z": nil},
		"scopes":             []any{"a", json.Number("1"), "b"},
		"principalId":        json.Number("7"),
	}
	_, ok = a.IntegrationLatency()
	assert.False(t, ok, "not an integer")
	for name, want := range map[string]string{"n": "42", "b": "true", "l": `["x"]`, "z": ""} {
		got, ok := a.Claim(name)
		assert.True(t, ok, name)
		assert.Equal(t, want, got, name)
	}
	assert.Equal(t, []string{"a", "b"}, a.Scopes(), "non-strings left out")
	assert.Empty(t, a.PrincipalID(), "not a string")
	var nilA apigateway.RESTAuthorizer
	assert.Nil(t, nilA.Claims())
	_, ok = nilA.Claim("sub")
	assert.False(t, ok)

	for _, pem := range []string{"", "CERT", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
		"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"} {
		_, err := apigateway.ClientCertificate{ClientCertPEM: pem}.Certificate()
		assert.Error(t, err, pem)
	}
	_, err := apigateway.CertificateValidity{NotBefore: "2019-05-28"}.NotBeforeTime()
	assert.Error(t, err)
	out := printer.Sprint(apigateway.CertificateValidity{NotBefore: "soon"})
	assert.Contains(t, out, `"NotBeforeTime()": "[Cannot be deserialized]"`)
}
