package lambdaurl_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/lambdaurl"
)

func TestRuleRefinesHTTP(t *testing.T) {
	url, err := registry.Default.Lookup("aws.lambda.url")
	require.NoError(t, err)
	api, err := registry.Default.Lookup("aws.apigateway.http")
	require.NoError(t, err)
	assert.Equal(t, sources.PriorityShape+10, url.Priority)
	assert.Equal(t, sources.PriorityShape, api.Priority)
	assert.Subset(t, url.Rule.All, api.Rule.All, "every HTTP API condition holds for a function URL")

	tests := []struct{ name, event, want string }{
		{"url", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{"domainName":"abc.lambda-url.eu-west-1.on.aws","http":{"method":"GET"}}}`, "aws.lambda.url"},
		{"http api", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{"domainName":"abc.execute-api.eu-west-1.amazonaws.com","http":{"method":"GET"}}}`, "aws.apigateway.http"},
		{"http api on a custom domain", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{"domainName":"api.example.com","http":{"method":"GET"}}}`, "aws.apigateway.http"},
		// Function URLs may leave routeKey out (its value is the
		// placeholder "$default"): the domain name tells.
		{"url without routeKey", `{"version":"2.0","rawPath":"/","requestContext":{"domainName":"abc.lambda-url.eu-west-1.on.aws","http":{"method":"GET"}}}`, "aws.lambda.url"},
		// Function URLs have no authorizers: this is an HTTP API
		// authorizer's input (package apigateway is linked here).
		{"url-shaped authorizer", `{"version":"2.0","type":"REQUEST","routeArn":"x","routeKey":"$default","rawPath":"/","requestContext":{"domainName":"abc.lambda-url.eu-west-1.on.aws","http":{"method":"GET"}}}`, "aws.apigateway.authorizer.http"},
		{"url domain, 1.0 shape", `{"version":"1.0","routeKey":"$default","rawPath":"/","requestContext":{"domainName":"abc.lambda-url.eu-west-1.on.aws","http":{"method":"GET"}}}`, ""},
	}
	for _, tt := range tests {
		sourcetest.Detects(t, registry.Default, tt.name, tt.event, tt.want)
	}
}

func decode(t *testing.T, name string) *lambdaurl.Event {
	return sourcetest.DecodeTestdata[lambdaurl.Event](t, "aws.lambda.url", name)
}

func TestIAMSignedPost(t *testing.T) {
	e := decode(t, "iam-signed-post.json")
	iam := e.IAM()
	require.NotNil(t, iam)
	assert.Equal(t, "arn:aws:sts::210987654321:assumed-role/batch-worker/i-0abc123def4567890", iam.UserARN)
	assert.Equal(t, "ASIAEXAMPLEWORKER042", iam.AccessKey)
	assert.Nil(t, iam.CognitoIdentity, "null")
	assert.Equal(t, "210987654321", e.RequestContext.AccountID)
	assert.Nil(t, e.RequestContext.Authentication, "null")
	assert.Nil(t, e.PathParameters)
	assert.Nil(t, e.StageVariables)

	var job struct {
		Job    string `json:"job"`
		Shards []int  `json:"shards"`
	}
	require.NoError(t, e.JSONBody(&job))
	assert.Equal(t, "reindex", job.Job)
	assert.Equal(t, []int{1, 2, 3}, job.Shards)

	v, ok := e.Header("X-Amz-Date")
	require.True(t, ok)
	assert.Equal(t, "20240607T134510Z", v)
	v, ok = e.QueryParam("priority")
	require.True(t, ok)
	assert.Equal(t, "high", v)
	assert.Equal(t, "POST", e.Method())
	ts, err := e.RequestContext.Timestamp()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 6, 7, 13, 45, 10, 642e6, time.UTC), ts)

	assert.Equal(t, []string{"cookies", "headers.authorization", "headers.x-amz-security-token", "requestContext.authorizer.**"}, e.SensitivePaths())
	sourcetest.AssertPrinted(t, e,
		[]string{`"authorization": "[SENSITIVE]"`, `"x-amz-security-token": "[SENSITIVE]"`, `"accessKey": "[SENSITIVE]"`,
			`"Timestamp()": "2024-06-07T13:45:10.642Z"`},
		[]string{"Signature=5d4c3b2a", "workerSessionTokenSecret"})
}

func TestPublicBinaryWithCookies(t *testing.T) {
	e := decode(t, "public-binary-cookies.json")
	assert.Nil(t, e.IAM(), "auth type NONE")
	assert.Equal(t, "anonymous", e.RequestContext.AccountID)

	b, err := e.DecodedBody()
	require.NoError(t, err)
	assert.Equal(t, []byte("\x00\x01binary\xffpayload"), b)
	var x any
	assert.Error(t, e.JSONBody(&x))

	assert.Equal(t, []string{"2", "3"}, e.QueryParamValues("page"))
	assert.Equal(t, []string{"日本"}, e.QueryParamValues("q"))
	v, ok := e.QueryParam("page")
	require.True(t, ok)
	assert.Equal(t, "2,3", v)
	assert.Nil(t, e.QueryParamValues("none"))
	assert.Equal(t, "/ingest/%E6%97%A5%E6%9C%AC", e.RawPath)
	assert.Equal(t, "/ingest/日本", e.RequestContext.HTTP.Path)

	var names []string
	for _, c := range e.ParsedCookies() {
		names = append(names, c.Name+"="+c.Value)
	}
	assert.Equal(t, []string{"visitor=v-1122-url-cookie-secret", "ab=B"}, names)
	v, ok = e.Cookie("ab")
	require.True(t, ok)
	assert.Equal(t, "B", v)
	_, ok = e.Header("cookie")
	assert.False(t, ok, "cookies come in the cookies array")
	assert.Equal(t, []string{"*/*"}, e.HeaderValues("Accept"))

	assert.Equal(t, []string{"cookies"}, e.SensitivePaths())
	sourcetest.AssertPrinted(t, e,
		[]string{`"cookies": "[SENSITIVE]"`, `"DecodedBody()": "base64:AAFiaW5hcnn/cGF5bG9hZA=="`, `"q": "日本"`},
		[]string{"v-1122-url-cookie-secret", "ab=B"})
}

func TestPublicGetWithBearer(t *testing.T) {
	e := decode(t, "public-get-bearer.json")
	v, ok := e.Header("authorization")
	require.True(t, ok, "a capitalised key, any-case lookup")
	assert.Equal(t, "Bearer url-app-level-token-Zk8s", v)
	assert.Nil(t, e.HeaderValues("x-none"))
	b, err := e.DecodedBody()
	require.NoError(t, err)
	assert.Nil(t, b)
	var x any
	assert.Error(t, e.JSONBody(&x), "no body")
	assert.Nil(t, e.ParsedCookies())
	_, ok = e.Cookie("a")
	assert.False(t, ok)
	_, ok = e.QueryParam("a")
	assert.False(t, ok)

	assert.Equal(t, []string{"cookies", "headers.Authorization"}, e.SensitivePaths())
	sourcetest.AssertPrinted(t, e,
		[]string{`"Authorization": "[SENSITIVE]"`, `"x-amzn-tls-version": "TLSv1.2"`},
		[]string{"url-app-level-token-Zk8s"})
}

func TestWithoutRouteKey(t *testing.T) {
	e := decode(t, "no-route-key-post-query.json")
	assert.Empty(t, e.RouteKey)
	assert.Empty(t, e.RequestContext.RouteKey)
	assert.Equal(t, "POST", e.Method())
	assert.Equal(t, "/orders/submit", e.Path())
	assert.Equal(t, []string{"a", "b"}, e.QueryParamValues("tag"))
	var order struct {
		SKU      string `json:"sku"`
		Quantity int    `json:"quantity"`
	}
	require.NoError(t, e.JSONBody(&order))
	assert.Equal(t, 2, order.Quantity)
	assert.Nil(t, e.IAM())
	raw, err := json.Marshal(e)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "routeKey", "absent stays absent")
}

func TestReferenceSamples(t *testing.T) {
	v, err := registry.Default.Decode(sourcetest.Reference(t, "lambdaFunctionUrlIAMEvent.json"))
	require.NoError(t, err)
	e := v.(*lambdaurl.Event)
	require.NotNil(t, e.IAM())
	assert.Equal(t, "arn:aws:iam::111122223333:user/example-user", e.IAM().UserARN)
	assert.Equal(t, []string{"value1", "value2"}, e.QueryParamValues("parameter1"))
	assert.Equal(t, []string{"value1", "value2"}, e.HeaderValues("Header2"))
	sourcetest.AssertPrinted(t, e, []string{`"cookies": "[SENSITIVE]"`}, []string{"cookie1"})
}

func TestOddValues(t *testing.T) {
	event := func(body string, b64 bool) lambdaurl.Event {
		return lambdaurl.Event{HTTPEvent: apigateway.HTTPEvent{Body: body, IsBase64Encoded: b64}}
	}
	var x any
	assert.Error(t, event("!!", true).JSONBody(&x))
	assert.Error(t, event("[1,", false).JSONBody(&x))
	assert.Error(t, event("WzEsMl0", true).JSONBody(&x), "unpadded base64 of [1,2]: base64 is strict")
	require.NoError(t, event("WzEsMl0=", true).JSONBody(&x))
	assert.Equal(t, []any{json.Number("1"), json.Number("2")}, x)
	var noIAM lambdaurl.Event
	noIAM.RequestContext.Authorizer = &apigateway.HTTPAuthorizer{}
	assert.Nil(t, noIAM.IAM())
	assert.Nil(t, lambdaurl.Event{}.IAM())
	_, err := lambdaurl.Event{}.RequestContext.Timestamp()
	assert.Error(t, err)
	var at lambdaurl.Event
	at.RequestContext.Time = "05/Aug/2022:08:14:39 +0000"
	ts, err := at.RequestContext.Timestamp()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2022, 8, 5, 8, 14, 39, 0, time.UTC), ts)
}

func TestResponse(t *testing.T) {
	r, err := lambdaurl.JSONResponse(http.StatusAccepted, map[string]int{"queued": 3})
	require.NoError(t, err)
	require.NoError(t, r.SetCookie(&http.Cookie{Name: "seen", Value: "1"}))
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"statusCode":202,"headers":{"Content-Type":"application/json"},"cookies":["seen=1"],"body":"{\"queued\":3}","isBase64Encoded":false}`, string(b))
	var _ apigateway.HTTPResponse = r

	r, err = lambdaurl.BinaryResponse(200, "application/octet-stream", []byte{0, 1})
	require.NoError(t, err)
	assert.Equal(t, "AAE=", r.Body)
	assert.True(t, r.IsBase64Encoded)
	_, err = lambdaurl.JSONResponse(700, nil)
	assert.Error(t, err)
	_, err = lambdaurl.BinaryResponse(7, "a/b", nil)
	assert.Error(t, err)
}
