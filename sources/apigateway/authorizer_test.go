package apigateway_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func requestAuthorizer(t *testing.T, raw []byte) *apigateway.RequestAuthorizerEvent {
	return sourcetest.Decode[apigateway.RequestAuthorizerEvent](t, raw)
}

func httpAuthorizer(t *testing.T, raw []byte) *apigateway.HTTPAuthorizerEvent {
	return sourcetest.Decode[apigateway.HTTPAuthorizerEvent](t, raw)
}

func TestTokenAuthorizerEvent(t *testing.T) {
	e := tokenEvent(t)
	assert.Equal(t, "TOKEN", e.Type)
	assert.Equal(t, "allow", e.AuthorizationToken)
	arn, err := e.ParsedMethodARN()
	require.NoError(t, err)
	assert.Equal(t, "ymy8tbxw7b", arn.APIID)
	assert.Equal(t, []string{"ParsedMethodARN"}, sourcetest.DerivedNames(e))

	// A methodArn that is not one prints as undecodable, and is an error.
	e.MethodARN = "arn:aws:execute-api:us-east-1:1:a"
	_, err = e.ParsedMethodARN()
	assert.ErrorIs(t, err, apigateway.ErrMethodARN)
	assert.Contains(t, printer.Sprint(e), `"ParsedMethodARN()": "`+printer.Undecodable+`"`)
}

func TestRequestAuthorizerEvent(t *testing.T) {
	// The reference sample is the HTTP API payload format 1.0 example of
	// the AWS documentation (version, identitySource, authorizationToken,
	// and a route key as resourceId).
	e := requestAuthorizer(t, sourcetest.Reference(t, "apiGatewayAuthorizerRequestEvent.json"))
	assert.True(t, e.FromHTTPAPI())
	arn, err := e.ParsedMethodARN()
	require.NoError(t, err)
	assert.Equal(t, apigateway.MethodARN{Partition: "aws", Region: "us-east-1", AccountID: "123456789012", APIID: "abcdef123", Stage: "test", Verb: "GET", Resource: "request"}, arn)

	v, ok := e.Header("headerauth1")
	assert.True(t, ok)
	assert.Equal(t, "headerValue1", v)
	assert.Equal(t, []string{"value1", "value2"}, e.HeaderValues("HEADER2"))
	v, ok = e.Header("header2")
	assert.True(t, ok, "from the multi-value headers")
	assert.Equal(t, "value2", v)
	v, ok = e.QueryParam("QueryString1")
	assert.True(t, ok)
	assert.Equal(t, "queryValue1", v)
	_, ok = e.QueryParam("querystring1")
	assert.False(t, ok, "query names are case-sensitive")
	v, ok = e.StageVariable("StageVar1")
	assert.True(t, ok)
	assert.Equal(t, "stageValue1", v)
	_, ok = e.PathParam("id")
	assert.False(t, ok)
	assert.Equal(t, "ANY /request", e.RequestContext.ResourceID)
	require.NotNil(t, e.RequestContext.Identity.ClientCert)
	assert.Equal(t, "www.example.com", e.RequestContext.Identity.ClientCert.SubjectDN)

	// A REST API sends no version and null maps.
	e = sourcetest.DecodeTestdata[apigateway.RequestAuthorizerEvent](t, "aws.apigateway.authorizer.request", "rest-null-maps.json")
	assert.False(t, e.FromHTTPAPI())
	assert.Nil(t, e.QueryStringParameters)
	assert.Nil(t, e.QueryParamValues("x"))
	_, ok = e.PathParam("x")
	assert.False(t, ok)
	c, ok := e.Cookie("theme")
	assert.True(t, ok)
	assert.Equal(t, "dark", c)
	assert.Equal(t, []string{"session=s3cr3t", "theme=dark"}, cookieNames(e.ParsedCookies()))
	when, err := e.RequestContext.Timestamp()
	require.NoError(t, err)
	assert.Equal(t, time.UnixMilli(1710236482113).UTC(), when)

	e = sourcetest.DecodeTestdata[apigateway.RequestAuthorizerEvent](t, "aws.apigateway.authorizer.request", "rest-govcloud-path-and-query.json")
	assert.Equal(t, []string{"name", "email"}, e.QueryParamValues("field"))
	v, _ = e.QueryParam("field")
	assert.Equal(t, "email", v)
	v, _ = e.PathParam("tenant")
	assert.Equal(t, "acme", v)
	assert.Equal(t, []string{"batch", "nightly"}, e.HeaderValues("X-Request-Source"))
	arn, err = e.ParsedMethodARN()
	require.NoError(t, err)
	assert.Equal(t, "aws-us-gov", arn.Partition)
	assert.Equal(t, "PUT /tenants/acme/users/u-17", arn.RouteKey())
}

func TestHTTPAuthorizerEvent(t *testing.T) {
	e := httpAuthorizer(t, sourcetest.Reference(t, "apiGatewayAuthorizerV2Event.json"))
	assert.Equal(t, []string{"user1", "123"}, e.IdentitySource)
	assert.Equal(t, []string{"value1", "value2"}, e.QueryParamValues("parameter1"))
	v, ok := e.QueryParam("parameter1")
	assert.True(t, ok)
	assert.Equal(t, "value1,value2", v)
	v, ok = e.Header("authorization")
	assert.True(t, ok)
	assert.Equal(t, "value", v)
	assert.Equal(t, "POST", e.Method())
	assert.Equal(t, "/merchants", e.Path())
	v, _ = e.PathParam("parameter1")
	assert.Equal(t, "value1", v)
	v, _ = e.StageVariable("stageVariable2")
	assert.Equal(t, "value2", v)
	require.NotNil(t, e.RequestContext.Authentication)
	arn, err := e.ParsedRouteARN()
	require.NoError(t, err)
	assert.Equal(t, "GET /request", arn.RouteKey())

	e = sourcetest.DecodeTestdata[apigateway.HTTPAuthorizerEvent](t, "aws.apigateway.authorizer.http", "jwt-bearer-cookies-query.json")
	c, ok := e.Cookie("locale")
	assert.True(t, ok)
	assert.Equal(t, "en-GB", c)
	assert.Len(t, e.ParsedCookies(), 2)
	assert.Equal(t, []string{"2024", "2023"}, e.QueryParamValues("year"))
	assert.Equal(t, []string{"application/json"}, e.HeaderValues("Accept"))

	// Without identity sources, cookies or a query string: all absent.
	e = sourcetest.DecodeTestdata[apigateway.HTTPAuthorizerEvent](t, "aws.apigateway.authorizer.http", "default-route-no-identity-source.json")
	assert.Nil(t, e.IdentitySource)
	assert.Nil(t, e.Cookies)
	assert.Nil(t, e.ParsedCookies())
	assert.Nil(t, e.QueryStringParameters)
	assert.Nil(t, e.QueryParamValues("x"))
	arn, err = e.ParsedRouteARN()
	require.NoError(t, err)
	assert.Equal(t, "", arn.Verb)
	assert.Equal(t, "$default", arn.RouteKey())

	// A named stage: Path drops it.
	e = sourcetest.DecodeTestdata[apigateway.HTTPAuthorizerEvent](t, "aws.apigateway.authorizer.http", "china-named-stage-mtls-api-key.json")
	assert.Equal(t, "/beta/tenants/t-1/jobs", e.RawPath)
	assert.Equal(t, "/tenants/t-1/jobs", e.Path())
	arn, err = e.ParsedRouteARN()
	require.NoError(t, err)
	r := apigateway.NewAuthorizerResponse("t-1", arn)
	r.AnyContext = true
	r.Context = map[string]any{"tenant": map[string]any{"id": "t-1"}}
	require.NoError(t, r.AllowRoute(apigateway.VerbPost, "/tenants/t-1/*"))
	out, err := r.Build()
	require.NoError(t, err)
	assert.Equal(t, apigateway.StringOrList{"arn:aws-cn:execute-api:cn-north-1:210987654321:cnhttpapi9/beta/POST/tenants/t-1/*"}, out.PolicyDocument.Statement[0].Resource)
}

// Every credential the authorizer inputs carry prints masked, names kept.
func TestAuthorizerMasks(t *testing.T) {
	token := sourcetest.Decode[apigateway.TokenAuthorizerEvent](t, []byte(`{"type":"TOKEN","authorizationToken":"CANARY-1",
	  "methodArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/"}`))
	sourcetest.AssertPrinted(t, token, []string{`"authorizationToken": "[SENSITIVE]"`}, []string{"CANARY"})

	request := requestAuthorizer(t, []byte(`{"version":"1.0","type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/",
	  "identitySource":"CANARY-1,CANARY-2","authorizationToken":"CANARY-3",
	  "headers":{"authorization":"CANARY-4","X-Api-Key":"CANARY-5","Accept":"*/*"},
	  "multiValueHeaders":{"Cookie":["CANARY-6"],"AUTHORIZATION":["CANARY-7","CANARY-8"]},
	  "queryStringParameters":{"token":"CANARY-9","page":"2"},
	  "multiValueQueryStringParameters":{"access_token":["CANARY-10"],"page":["2"]},
	  "requestContext":{"identity":{"apiKey":"CANARY-11","sourceIp":"192.0.2.1"}}}`))
	sourcetest.AssertPrinted(t, request,
		[]string{`"identitySource": "[SENSITIVE]"`, `"X-Api-Key": "[SENSITIVE]"`, `"Accept": "*/*"`, `"page": "2"`,
			`"AUTHORIZATION": "[SENSITIVE]"`, `"apiKey": "[SENSITIVE]"`, `"sourceIp": "192.0.2.1"`},
		[]string{"CANARY"})
	// The masks hold with the printer's default name masks off too.
	assert.NotContains(t, sourcetest.Print(t, request, printer.WithoutDefaultMasks()), "CANARY")

	http := httpAuthorizer(t, []byte(`{"version":"2.0","type":"REQUEST","routeArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/x",
	  "identitySource":["CANARY-1","CANARY-2"],"routeKey":"GET /x","rawPath":"/x",
	  "rawQueryString":"a=1&code=CANARY-3&id_token=CANARY-4","cookies":["s=CANARY-5"],
	  "headers":{"authorization":"CANARY-6","x-amz-security-token":"CANARY-7","accept":"*/*"},
	  "queryStringParameters":{"code":"CANARY-3","a":"1"},
	  "requestContext":{"http":{"method":"GET","path":"/x"}}}`))
	sourcetest.AssertPrinted(t, http,
		[]string{`"rawQueryString": "a=1&code=[SENSITIVE]&id_token=[SENSITIVE]"`, `"a": "1"`, `"accept": "*/*"`,
			"\"identitySource\": [\n    \"[SENSITIVE]\",\n    \"[SENSITIVE]\"\n  ]"},
		[]string{"CANARY"})
	assert.NotContains(t, sourcetest.Print(t, http, printer.WithoutDefaultMasks()), "CANARY")
}
