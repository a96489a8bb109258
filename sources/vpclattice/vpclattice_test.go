package vpclattice_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	_ "github.com/evplugin/evplugin/sources/apigateway" // neighbours of the rules
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	_ "github.com/evplugin/evplugin/sources/lambdaurl"
	"github.com/evplugin/evplugin/sources/vpclattice"
)

func v1(t *testing.T, name string) *vpclattice.EventV1 {
	return sourcetest.DecodeTestdata[vpclattice.EventV1](t, "aws.vpclattice.v1", name)
}

func v2(t *testing.T, name string) *vpclattice.EventV2 {
	return sourcetest.DecodeTestdata[vpclattice.EventV2](t, "aws.vpclattice.v2", name)
}

func TestEventV1(t *testing.T) {
	e := v1(t, "sigv4-post-json.json")
	assert.Equal(t, "/orders/8812/items", e.RawPath)
	assert.Equal(t, "POST", e.Method)
	v, ok := e.Header("Accept-Encoding")
	require.True(t, ok)
	assert.Equal(t, "gzip, br", v)
	assert.Equal(t, []string{"gzip", "br"}, e.HeaderValues("ACCEPT-ENCODING"))
	assert.Nil(t, e.HeaderValues("missing"))
	v, ok = e.QueryParam("dryRun")
	require.True(t, ok)
	assert.Equal(t, "false", v)
	_, ok = e.QueryParam("dryrun")
	assert.False(t, ok, "query names are case-sensitive")
	assert.Equal(t, url.Values{"dryRun": {"false"}, "token": {"lattice-v1-query-token"}}, e.Query())
	var in struct {
		SKU      string `json:"sku"`
		Quantity int    `json:"quantity"`
	}
	require.NoError(t, e.JSONBody(&in))
	assert.Equal(t, "A-100", in.SKU)
	assert.Equal(t, 3, in.Quantity)

	g := v1(t, "get-no-body-cookies.json")
	c, ok := g.Cookie("sid")
	require.True(t, ok)
	assert.Equal(t, "lattice-cookie-secret", c)
	assert.Len(t, g.ParsedCookies(), 2)
	assert.Equal(t, []string{"blue", "canary"}, g.HeaderValues("x-request-tags"))
	assert.Nil(t, g.Query())

	bin := v1(t, "binary-null-query.json")
	b, err := bin.DecodedBody()
	require.NoError(t, err)
	assert.Equal(t, "%PDF-1.4", string(b[:8]))
	assert.Nil(t, bin.QueryStringParameters)
	assert.Nil(t, bin.ParsedCookies())
}

// TestEventV1EmptyBody: the reference's json_body raises on an empty body,
// unlike every other HTTP source; here it is body.ErrEmpty, which the
// printer leaves out, as for the others.
func TestEventV1EmptyBody(t *testing.T) {
	e := v1(t, "get-no-body-cookies.json")
	var v any
	assert.ErrorIs(t, e.JSONBody(&v), body.ErrEmpty)
	b, err := e.DecodedBody()
	require.NoError(t, err)
	assert.Nil(t, b)
	assert.NotContains(t, sourcetest.Print(t, e), "JSONBody")

	e.Body = "not json"
	assert.Error(t, e.JSONBody(&v))
	assert.NotErrorIs(t, e.JSONBody(&v), body.ErrEmpty)
}

func TestEventV2Lists(t *testing.T) {
	e := v2(t, "roles-anywhere-lists.json")
	assert.Equal(t, []string{"edge", "mesh"}, e.HeaderValues("x-trace-hop"))
	v, ok := e.Header("X-Trace-Hop")
	require.True(t, ok)
	assert.Equal(t, "edge, mesh", v)
	_, ok = e.Header("missing")
	assert.False(t, ok)
	c, ok := e.Cookie("b")
	require.True(t, ok)
	assert.Equal(t, "lattice-v2-cookie-2", c)
	assert.Len(t, e.ParsedCookies(), 2)

	assert.Equal(t, []string{"fra-1", "fra-2"}, e.QueryParamValues("warehouse"))
	v, ok = e.QueryParam("warehouse")
	require.True(t, ok)
	assert.Equal(t, "fra-2", v)
	_, ok = e.QueryParam("Warehouse")
	assert.False(t, ok)
	assert.Equal(t, url.Values{"warehouse": {"fra-1", "fra-2"}, "access_token": {"lattice-v2-query-access-token"}, "priority": {"high"}}, e.Query())

	id := e.RequestContext.Identity
	assert.Equal(t, "AWS_IAM", id.Type)
	assert.Equal(t, "o-a1b2c3d4e5", id.PrincipalOrgID)
	assert.Equal(t, "Platform PKI", id.X509IssuerOU)
	assert.Equal(t, "client.warehouse.example.com", id.X509SANDNS)
	assert.Equal(t, "warehouse-client", id.X509SANNameCN)
	assert.Equal(t, "spiffe://example.com/warehouse/client", id.X509SANURI)
	assert.Equal(t, "warehouse-client", id.X509SubjectCN)

	ts, err := e.RequestContext.Timestamp()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 6, 11, 8, 9, 10, 123456000, time.UTC), ts, "microseconds kept")
	tg, err := e.RequestContext.TargetGroup()
	require.NoError(t, err)
	assert.Equal(t, "vpc-lattice", tg.Service)
	assert.Equal(t, "targetgroup/tg-0f9e8d7c6b5a49382", tg.Resource)
}

// TestEventV2PlainStrings: the reference assumes list values and turns the
// query value "1234" into "1,2,3,4".
func TestEventV2PlainStrings(t *testing.T) {
	e := v2(t, "no-auth-string-values.json")
	v, ok := e.QueryParam("id")
	require.True(t, ok)
	assert.Equal(t, "1234", v)
	assert.Equal(t, []string{"1234"}, e.QueryParamValues("id"))
	assert.Equal(t, url.Values{"id": {"1234"}, "code": {"lattice-v2-oauth-code"}}, e.Query())
	v, ok = e.Header("User-Agent")
	require.True(t, ok)
	assert.Equal(t, "python-requests/2.31.0", v)
	assert.Equal(t, []string{"10.8.0.7"}, e.HeaderValues("x-forwarded-for"))

	assert.False(t, e.IsBase64Encoded, "absent")
	var x any
	assert.ErrorIs(t, e.JSONBody(&x), body.ErrEmpty, "no body")
	assert.Equal(t, "NONE", e.RequestContext.Identity.Type)
	assert.Empty(t, e.RequestContext.Identity.Principal)
}

func TestEventV2SnakeCaseQuery(t *testing.T) {
	e := sourcetest.Decode[vpclattice.EventV2](t, []byte(`{
	  "version": "2.0", "path": "/", "method": "GET", "headers": {},
	  "query_string_parameters": {"order-id": "1", "tags": ["a", "b"]},
	  "requestContext": {"targetGroupArn": "arn:aws:vpc-lattice:us-east-2:123456789012:targetgroup/tg-1", "timeEpoch": "bad"}
	}`))
	assert.Equal(t, []string{"1"}, e.QueryParamValues("order-id"))
	assert.Equal(t, url.Values{"order-id": {"1"}, "tags": {"a", "b"}}, e.Query())
	_, err := e.RequestContext.Timestamp()
	assert.Error(t, err)

	e.QueryStringParameters = map[string]any{"x": []any{"y"}}
	assert.Equal(t, url.Values{"x": {"y"}}, e.Query(), "the documented key wins")
}

func TestEventV2Binary(t *testing.T) {
	e := v2(t, "binary-future-keys.json")
	b, err := e.DecodedBody()
	require.NoError(t, err)
	assert.Equal(t, "RIFF", string(b[:4]))
	assert.Nil(t, e.Query(), "an empty map")
}

func TestResponses(t *testing.T) {
	h := http.Header{}
	h.Add("Content-Type", "text/plain")
	h.Add("Vary", "Accept")
	h.Add("Vary", "Origin")
	h.Add("Set-Cookie", "a=1")
	h.Add("Set-Cookie", "b=2")
	r := vpclattice.NewResponse(http.StatusAccepted, h, "queued", false)
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{
	  "statusCode": 202, "statusDescription": "202 Accepted",
	  "headers": {"Content-Type": "text/plain", "Vary": "Accept, Origin", "Set-Cookie": "b=2"},
	  "body": "queued", "isBase64Encoded": false
	}`, string(b))

	r, err = vpclattice.JSONResponse(http.StatusOK, map[string]int{"n": 1})
	require.NoError(t, err)
	assert.Equal(t, &vpclattice.Response{StatusCode: 200, StatusDescription: "200 OK", Headers: map[string]string{"Content-Type": "application/json"}, Body: `{"n":1}`}, r)
	_, err = vpclattice.JSONResponse(1000, nil)
	assert.EqualError(t, err, "vpclattice: invalid HTTP status 1000")

	r, err = vpclattice.BinaryResponse(http.StatusOK, "application/octet-stream", []byte{0, 1, 2})
	require.NoError(t, err)
	assert.Equal(t, &vpclattice.Response{StatusCode: 200, StatusDescription: "200 OK", Headers: map[string]string{"Content-Type": "application/octet-stream"}, Body: "AAEC", IsBase64Encoded: true}, r)
	_, err = vpclattice.BinaryResponse(0, "x", nil)
	assert.Error(t, err)

	b, err = json.Marshal(vpclattice.NewResponse(http.StatusNoContent, nil, "", false))
	require.NoError(t, err)
	assert.JSONEq(t, `{"statusCode": 204, "statusDescription": "204 No Content", "body": "", "isBase64Encoded": false}`, string(b))
}

func TestRules(t *testing.T) {
	const tg = `"targetGroupArn":"arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/tg-1"`
	tests := []struct{ name, event, want string }{
		{"v1", `{"raw_path":"/","method":"GET","headers":{},"body":"","is_base64_encoded":false}`, "aws.vpclattice.v1"},
		{"v1 minimal", `{"raw_path":"/","method":"GET"}`, "aws.vpclattice.v1"},
		{"v2", `{"version":"2.0","path":"/","method":"GET","requestContext":{` + tg + `}}`, "aws.vpclattice.v2"},
		{"v2 without isBase64Encoded and body", `{"version":"2.0","path":"/","method":"GET","headers":{},"requestContext":{` + tg + `,"identity":{"type":"NONE"}}}`, "aws.vpclattice.v2"},
		{"v2 with raw_path", `{"version":"2.0","raw_path":"/","method":"GET","requestContext":{` + tg + `}}`, "aws.vpclattice.v1"},
		{"http api", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"},"domainName":"a.execute-api.us-east-1.amazonaws.com"}}`, "aws.apigateway.http"},
		{"function url", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"},"domainName":"a.lambda-url.us-east-1.on.aws"}}`, "aws.lambda.url"},
		{"http api shape with a target group", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{` + tg + `,"http":{"method":"GET"}}}`, "aws.apigateway.http"},
		{"http api shape without routeKey", `{"version":"2.0","rawPath":"/","requestContext":{` + tg + `,"http":{"method":"GET"}}}`, "aws.apigateway.http"},
		{"v2 without target group", `{"version":"2.0","path":"/","method":"GET","requestContext":{}}`, ""},
		{"version 1.0", `{"version":"1.0","path":"/","method":"GET","requestContext":{` + tg + `}}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := registry.Default.Detect([]byte(tt.event))
			if tt.want == "" {
				assert.ErrorIs(t, err, registry.ErrUnknownSource, "got %q", id)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, id)
		})
	}
}

func TestReferenceSamples(t *testing.T) {
	lists := sourcetest.Decode[vpclattice.EventV2](t, sourcetest.Reference(t, "vpcLatticeV2EventWithHeaders.json"))
	assert.Equal(t, []string{"value1", "value2"}, lists.HeaderValues("header2"))
	assert.Equal(t, []string{"value1", "value2"}, lists.QueryParamValues("parameter1"))
	ts, err := lists.RequestContext.Timestamp()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2023, 10, 3, 11, 12, 23, 569073000, time.UTC), ts)
	var msg struct {
		Message string `json:"message"`
	}
	require.NoError(t, lists.JSONBody(&msg))
	assert.Equal(t, "Hello from Lambda!", msg.Message)

	strs := sourcetest.Decode[vpclattice.EventV2](t, sourcetest.Reference(t, "vpcLatticeV2Event.json"))
	v, ok := strs.Header("host")
	require.True(t, ok)
	assert.Equal(t, "test-lambda-service-3908sdf9u3u.dkfjd93.vpc-lattice-svcs.us-east-2.on.aws", v)
	assert.Equal(t, []string{"1"}, strs.QueryParamValues("order-id"))

	snake := sourcetest.Decode[vpclattice.EventV2](t, sourcetest.Reference(t, "vpcLatticeEventV2PathTrailingSlash.json"))
	assert.Equal(t, []string{"1"}, snake.QueryParamValues("order-id"))

	old := sourcetest.Decode[vpclattice.EventV1](t, sourcetest.Reference(t, "vpcLatticeEvent.json"))
	assert.Equal(t, []string{"value1", "value2"}, old.HeaderValues("Header2"))
	b, err := old.DecodedBody()
	require.NoError(t, err)
	assert.JSONEq(t, `{"test": "event"}`, string(b))
}

// TestEventV1RawPathQuery: raw_path may carry the query string; Path leaves
// it out, RawQuery keeps it as sent, and the printer masks its credentials.
func TestEventV1RawPathQuery(t *testing.T) {
	e := v1(t, "raw-path-query-string.json")
	assert.Equal(t, "/search/caf%C3%A9", e.Path())
	assert.Equal(t, "q=caf%C3%A9+au+lait&tag=a&tag=b%26c&access_token=lattice-v1-raw-path-token&empty=", e.RawQuery())
	assert.Equal(t, map[string]string{
		"raw_path": "/search/caf%C3%A9?q=caf%C3%A9+au+lait&tag=a&tag=b%26c&access_token=[SENSITIVE]&empty=",
	}, e.Redacted())

	// Without one: the path as is, the query rebuilt from the map.
	e = v1(t, "sigv4-post-json.json")
	assert.Equal(t, "/orders/8812/items", e.Path())
	assert.Equal(t, "dryRun=false&token=lattice-v1-query-token", e.RawQuery())
	assert.Nil(t, e.Redacted())
	e.RawPath = "/p?x=1"
	assert.Nil(t, e.Redacted(), "no credential in the query")
}

func TestFormBody(t *testing.T) {
	e1 := v1(t, "sigv4-post-json.json")
	_, err := e1.FormBody()
	assert.ErrorContains(t, err, "is not application/x-www-form-urlencoded", "a JSON body is not a form")
	e1.Headers = map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	e1.Body, e1.IsBase64Encoded = "a=1&a=2", false
	f, err := e1.FormBody()
	require.NoError(t, err)
	assert.Equal(t, url.Values{"a": {"1", "2"}}, f)

	e2 := sourcetest.Decode[vpclattice.EventV2](t, []byte(`{"version":"2.0","path":"/f","method":"POST",
		"headers":{"content-type":["application/x-www-form-urlencoded"]},
		"requestContext":{"serviceNetworkArn":"arn:aws:vpc-lattice:us-east-2:123456789012:servicenetwork/sn-0bf3f2882e9cc805a",
		"serviceArn":"arn:aws:vpc-lattice:us-east-2:123456789012:service/svc-0a40eebed65f8d69c",
		"targetGroupArn":"arn:aws:vpc-lattice:us-east-2:123456789012:targetgroup/tg-6d0ecf831eec9f09",
		"region":"us-east-2","timeEpoch":"1690497599177430"},
		"body":"x=%E2%9C%93","isBase64Encoded":false}`))
	f, err = e2.FormBody()
	require.NoError(t, err)
	assert.Equal(t, url.Values{"x": {"✓"}}, f)
}
