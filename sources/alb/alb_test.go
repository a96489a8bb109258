package alb_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/alb"
	_ "github.com/evplugin/evplugin/sources/apigateway" // neighbours of the rule
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func testdata(t *testing.T, name string) *alb.Event {
	return sourcetest.DecodeTestdata[alb.Event](t, "aws.alb", name)
}

func TestSingleValueEvent(t *testing.T) {
	e := testdata(t, "oidc-json-post-gov.json")
	assert.False(t, e.MultiValue())

	v, ok := e.Header("X-Amzn-OIDC-Identity")
	require.True(t, ok)
	assert.Equal(t, "5f1e3c2a-8d7b-4c6e-9a0f-123456789abc", v)
	assert.Equal(t, []string{"application/json"}, e.HeaderValues("Content-Type"))
	_, ok = e.Header("missing")
	assert.False(t, ok)

	// Still URL-encoded in the map, decoded by the helpers.
	assert.Equal(t, "J%C3%BCrgen+M%C3%BCller", e.QueryStringParameters["owner"])
	v, ok = e.QueryParam("owner")
	require.True(t, ok)
	assert.Equal(t, "Jürgen Müller", v)
	v, ok = e.QueryParam("access_token")
	require.True(t, ok, "names are decoded too")
	assert.Equal(t, "alb-query-token-0123", v)
	assert.Equal(t, []string{"https://intranet.example.gov/done?ok=1"}, e.QueryParamValues("next"))
	assert.Nil(t, e.QueryParamValues("Page"), "names are case-sensitive")
	q, err := e.Query()
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"owner": {"Jürgen Müller"}, "next": {"https://intranet.example.gov/done?ok=1"},
		"access_token": {"alb-query-token-0123"}, "page": {"2"},
	}, q)
	assert.Equal(t, "access%5Ftoken=alb-query-token-0123&next=https%3A%2F%2Fintranet.example.gov%2Fdone%3Fok%3D1&owner=J%C3%BCrgen+M%C3%BCller&page=2", e.RawQuery())
	parsed, err := url.ParseQuery(e.RawQuery())
	require.NoError(t, err)
	assert.Equal(t, q, parsed, "RawQuery parses to Query")

	c, ok := e.Cookie("theme")
	require.True(t, ok)
	assert.Equal(t, "dark", c)
	assert.Len(t, e.ParsedCookies(), 2)

	var in struct {
		Query string `json:"query"`
		Limit int    `json:"limit"`
	}
	require.NoError(t, e.JSONBody(&in))
	assert.Equal(t, "budget 2024", in.Query)
	assert.Equal(t, 25, in.Limit)

	tg, err := e.RequestContext.ELB.TargetGroup()
	require.NoError(t, err)
	assert.Equal(t, "aws-us-gov", tg.Partition)
	assert.Equal(t, "targetgroup/intranet-fn/a1b2c3d4e5f60718", tg.Resource)
}

func TestMultiValueEvent(t *testing.T) {
	e := testdata(t, "multi-value-binary-cn.json")
	assert.True(t, e.MultiValue())

	assert.Equal(t, []string{"session=alb-multi-session-1", "csrf=alb-multi-csrf-2"}, e.HeaderValues("Cookie"))
	v, ok := e.Header("x-custom")
	require.True(t, ok)
	assert.Equal(t, "two", v, "the last value, as a single-value target group passes it")
	c, ok := e.Cookie("csrf")
	require.True(t, ok)
	assert.Equal(t, "alb-multi-csrf-2", c)

	assert.Equal(t, []string{"profile", "café"}, e.QueryParamValues("tag"))
	v, ok = e.QueryParam("tag")
	require.True(t, ok)
	assert.Equal(t, "café", v)

	b, err := e.DecodedBody()
	require.NoError(t, err)
	assert.Equal(t, "\x89PNG\r\n\x1a\n", string(b[:8]))
	var x any
	assert.Error(t, e.JSONBody(&x), "a PNG is not JSON")
}

func TestEmptyMultiValueMapsSelectTheForm(t *testing.T) {
	e := testdata(t, "multi-value-empty-future-keys.json")
	assert.True(t, e.MultiValue(), "an empty multiValueQueryStringParameters still marks the form")
	b, err := e.DecodedBody()
	require.NoError(t, err)
	assert.Nil(t, b, "a null body")
	q, err := e.Query()
	require.NoError(t, err)
	assert.Empty(t, q)
	assert.Equal(t, "", e.RawQuery())

	h := testdata(t, "health-check.json")
	assert.False(t, h.MultiValue())
}

// TestQueryMergesBothMaps: the reference's resolved view (#7993) keeps only
// the multi-value map once it has any member, dropping the names only the
// single-value map has.
func TestQueryMergesBothMaps(t *testing.T) {
	e := sourcetest.Decode[alb.Event](t, []byte(`{
	  "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/t/1"}},
	  "httpMethod": "GET", "path": "/",
	  "queryStringParameters": {"single": "s%21", "both": "2"},
	  "multiValueQueryStringParameters": {"both": ["1", "2"], "multi": ["m"]},
	  "headers": {}, "body": "", "isBase64Encoded": false
	}`))
	q, err := e.Query()
	require.NoError(t, err)
	assert.Equal(t, url.Values{"single": {"s!"}, "both": {"1", "2"}, "multi": {"m"}}, q)
	v, ok := e.QueryParam("single")
	require.True(t, ok)
	assert.Equal(t, "s!", v)
}

func TestQueryBadEscape(t *testing.T) {
	e := alb.Event{QueryStringParameters: map[string]string{"good": "a%20b", "bad": "100%"}}
	q, err := e.Query()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"bad"`)
	assert.Equal(t, url.Values{"good": {"a b"}}, q)
	assert.Nil(t, e.QueryParamValues("bad"))
	v, ok := e.QueryParam("good")
	require.True(t, ok)
	assert.Equal(t, "a b", v)
}

func responseHeader() http.Header {
	h := http.Header{}
	h.Add("Content-Type", "text/html; charset=utf-8")
	h.Add("Cache-Control", "no-store")
	h.Add("Cache-Control", "private")
	h.Add("Set-Cookie", "a=1; Path=/")
	h.Add("Set-Cookie", "b=2; Path=/")
	return h
}

func TestNewResponseFollowsTheRequest(t *testing.T) {
	single := testdata(t, "oidc-json-post-gov.json")
	r := single.NewResponse(http.StatusCreated, responseHeader(), "<p>ok</p>", false)
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{
	  "statusCode": 201, "statusDescription": "201 Created",
	  "headers": {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store, private", "Set-Cookie": "b=2; Path=/"},
	  "body": "<p>ok</p>", "isBase64Encoded": false
	}`, string(b))

	multi := testdata(t, "multi-value-binary-cn.json")
	r = multi.NewResponse(http.StatusOK, responseHeader(), "AAEC", true)
	b, err = json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{
	  "statusCode": 200, "statusDescription": "200 OK",
	  "multiValueHeaders": {"Content-Type": ["text/html; charset=utf-8"], "Cache-Control": ["no-store", "private"], "Set-Cookie": ["a=1; Path=/", "b=2; Path=/"]},
	  "body": "AAEC", "isBase64Encoded": true
	}`, string(b))

	r = multi.NewResponse(http.StatusNoContent, nil, "", false)
	b, err = json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"statusCode": 204, "statusDescription": "204 No Content", "body": "", "isBase64Encoded": false}`, string(b))
}

func TestJSONAndBinaryResponses(t *testing.T) {
	single := testdata(t, "health-check.json")
	r, err := single.JSONResponse(http.StatusOK, map[string]string{"status": "healthy"})
	require.NoError(t, err)
	assert.Equal(t, &alb.Response{
		StatusCode: 200, StatusDescription: "200 OK",
		Headers: map[string]string{"Content-Type": "application/json"},
		Body:    `{"status":"healthy"}`,
	}, r)
	_, err = single.JSONResponse(42, nil)
	assert.EqualError(t, err, "alb: invalid HTTP status 42")
	_, err = single.JSONResponse(200, func() {})
	assert.ErrorContains(t, err, "alb: response body")

	multi := testdata(t, "multi-value-binary-cn.json")
	r, err = multi.BinaryResponse(http.StatusOK, "image/png", []byte{0x89, 'P', 'N', 'G'})
	require.NoError(t, err)
	assert.Equal(t, &alb.Response{
		StatusCode: 200, StatusDescription: "200 OK",
		MultiValueHeaders: map[string][]string{"Content-Type": {"image/png"}},
		Body:              "iVBORw==", IsBase64Encoded: true,
	}, r)
	_, err = multi.BinaryResponse(700, "image/png", nil)
	assert.Error(t, err)
}

func TestSetCookie(t *testing.T) {
	multi := testdata(t, "multi-value-empty-future-keys.json")
	r := multi.NewResponse(http.StatusOK, nil, "", false)
	require.NoError(t, r.SetCookie(&http.Cookie{Name: "a", Value: "1"}))
	require.NoError(t, r.SetCookie(&http.Cookie{Name: "b", Value: "2", HttpOnly: true}))
	assert.Equal(t, []string{"a=1", "b=2; HttpOnly"}, r.MultiValueHeaders["Set-Cookie"], "every cookie kept")
	assert.Nil(t, r.Headers)

	single := testdata(t, "health-check.json")
	r = single.NewResponse(http.StatusOK, nil, "", false)
	require.NoError(t, r.SetCookie(&http.Cookie{Name: "a", Value: "1"}))
	assert.ErrorIs(t, r.SetCookie(&http.Cookie{Name: "b", Value: "2"}), alb.ErrOneCookie)
	assert.Equal(t, map[string]string{"Set-Cookie": "a=1"}, r.Headers)
	assert.Error(t, r.SetCookie(nil))
	assert.Error(t, r.SetCookie(&http.Cookie{Name: "bad name", Value: "x"}))
}

func TestRule(t *testing.T) {
	tests := []struct{ name, event, want string }{
		{"alb", `{"requestContext":{"elb":{"targetGroupArn":"x"}},"httpMethod":"GET","path":"/"}`, "aws.alb"},
		{"alb without headers", `{"requestContext":{"elb":{}},"httpMethod":"GET","path":"/","body":""}`, "aws.alb"},
		{"rest api", `{"resource":"/","path":"/","httpMethod":"GET","requestContext":{"stage":"prod"}}`, "aws.apigateway.rest"},
		{"resource and elb", `{"resource":"/","path":"/","httpMethod":"GET","requestContext":{"elb":{"targetGroupArn":"x"}}}`, "aws.apigateway.rest"},
		{"no method", `{"requestContext":{"elb":{"targetGroupArn":"x"}},"path":"/"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := registry.Default.Detect([]byte(tt.event))
			if tt.want == "" {
				assert.ErrorIs(t, err, registry.ErrUnknownSource)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, id)
		})
	}
}

func TestReferenceSamples(t *testing.T) {
	multi := sourcetest.Decode[alb.Event](t, sourcetest.Reference(t, "albMultiValueQueryStringEvent.json"))
	assert.True(t, multi.MultiValue())
	assert.Equal(t, []string{"value1", "value2"}, multi.QueryParamValues("parameter1"))
	assert.Equal(t, []string{"value1", "value2"}, multi.HeaderValues("Header2"))
	assert.Equal(t, "parameter1=value1&parameter1=value2&parameter2=value", multi.RawQuery())

	single := sourcetest.Decode[alb.Event](t, sourcetest.Reference(t, "albEvent.json"))
	assert.False(t, single.MultiValue())
	v, ok := single.QueryParam("query")
	require.True(t, ok)
	assert.Equal(t, "1234ABCD", v)
	var x any
	assert.Error(t, single.JSONBody(&x), `"Test" is no JSON`)
}

func TestFormBody(t *testing.T) {
	e := sourcetest.Decode[alb.Event](t, []byte(`{
	  "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/t/1"}},
	  "httpMethod": "POST", "path": "/",
	  "headers": {"content-type": "application/x-www-form-urlencoded"},
	  "body": "bmFtZT1BbmErTWFyaWEmbj0x", "isBase64Encoded": true
	}`))
	f, err := e.FormBody()
	require.NoError(t, err)
	assert.Equal(t, url.Values{"name": {"Ana Maria"}, "n": {"1"}}, f)
	e.Headers["content-type"] = "text/plain"
	_, err = e.FormBody()
	assert.ErrorContains(t, err, "is not application/x-www-form-urlencoded")
}
