package httpreq_test

import (
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func TestEscapePath(t *testing.T) {
	for in, want := range map[string]string{
		"/orders/42":                  "/orders/42",
		"/a%20b/100%25":               "/a%20b/100%25", // escaped as sent: byte for byte
		"/a b/100%":                   "/a%20b/100%25", // decoded by an HTTP API
		"/a%2Fb":                      "/a%2Fb",
		"/what?/#frag":                "/what%3F/%23frag",
		"/日本":                         "/%E6%97%A5%E6%9C%AC",
		"/50%zz":                      "/50%25zz",
		"/end%4":                      "/end%254",
		"/end%":                       "/end%25",
		"/sub-delims!$&'()*+,;=:@~._": "/sub-delims!$&'()*+,;=:@~._",
		"":                            "/",
		"relative":                    "/relative",
		"/ctl\x00\x7f":                "/ctl%00%7F",
	} {
		assert.Equal(t, want, httpreq.EscapePath(in), in)
	}
}

func TestRequestNew(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "v")
	req, err := httpreq.Request{
		Method: "PUT", Path: "/a b/x%2Fy", RawQuery: "q=1&q=2", Proto: "HTTP/2.0",
		Header: http.Header{"Host": {"api.example.com"}, "X-One": {"1"}}, Host: "ignored.example.com",
		SourceIP: "2001:db8::1", Body: "aGVsbG8=", IsBase64Encoded: true,
	}.New(ctx)
	require.NoError(t, err)
	assert.Equal(t, "PUT", req.Method)
	assert.Equal(t, "/a b/x/y", req.URL.Path)
	assert.Equal(t, "/a%20b/x%2Fy", req.URL.EscapedPath(), "the escaped form wins over the default escaping")
	assert.Equal(t, "/a%20b/x%2Fy?q=1&q=2", req.RequestURI)
	assert.Equal(t, "/a%20b/x%2Fy?q=1&q=2", req.URL.RequestURI())
	assert.Equal(t, "HTTP/2.0", req.Proto)
	assert.Equal(t, 2, req.ProtoMajor)
	assert.Equal(t, "api.example.com", req.Host)
	assert.Equal(t, http.Header{"X-One": {"1"}}, req.Header, "Host moves out of the header, as in net/http")
	assert.Equal(t, "[2001:db8::1]:0", req.RemoteAddr)
	assert.Equal(t, "v", req.Context().Value(key{}))
	assert.EqualValues(t, 5, req.ContentLength)
	b, err := io.ReadAll(req.Body)
	require.NoError(t, err)
	assert.Equal(t, "hello", string(b))

	req, err = httpreq.Request{Path: "/", Host: "h.example.com", Proto: "nonsense"}.New(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "GET", req.Method, "no method is GET")
	assert.Equal(t, "HTTP/1.1", req.Proto)
	assert.Equal(t, "h.example.com", req.Host)
	assert.Equal(t, "", req.RemoteAddr)
	assert.Equal(t, http.NoBody, req.Body)
	assert.Zero(t, req.ContentLength)
	assert.NotNil(t, req.Header)
	assert.Equal(t, "/", req.RequestURI)

	_, err = httpreq.Request{Path: "/", Body: "not base64", IsBase64Encoded: true}.New(context.Background())
	assert.ErrorContains(t, err, "base64")
	_, err = httpreq.Request{Method: "BAD METHOD", Path: "/"}.New(context.Background())
	assert.Error(t, err)
}

func TestHeader(t *testing.T) {
	single := map[string]string{"accept": "b", "x-only-single": "s", "COOKIE": "c=1"}
	multi := map[string][]string{"Accept": {"a", "b"}, "x-amz-date": {"d"}}
	assert.Equal(t, http.Header{
		"Accept":        {"a", "b"}, // multi wins over single, names compared case-insensitively
		"X-Only-Single": {"s"},
		"Cookie":        {"c=1"},
		"X-Amz-Date":    {"d"},
	}, httpreq.Header(single, multi))
	assert.Equal(t, http.Header{}, httpreq.Header(nil, nil))

	h := http.Header{}
	httpreq.AddCookies(h, nil)
	assert.Empty(t, h)
	httpreq.AddCookies(h, []string{"a=1", "b=2"})
	assert.Equal(t, http.Header{"Cookie": {"a=1; b=2"}}, h)
}

func TestQuery(t *testing.T) {
	multi := map[string][]string{"tag": {"a b", "c&d=e"}, "z": {"1"}}
	single := map[string]string{"tag": "c&d=e", "only": "50%", "z": "1"}
	assert.Equal(t, "only=50%25&tag=a+b&tag=c%26d%3De&z=1", httpreq.Query(single, multi, false))
	assert.Equal(t, "a=%F0%9F%98%80", httpreq.Query(map[string]string{"a": "😀"}, nil, false))
	// ALB passes parameters as sent, still escaped.
	assert.Equal(t, "q=a%20b&q=%26", httpreq.Query(nil, map[string][]string{"q": {"a%20b", "%26"}}, true))
	// Escaped: names and values are kept, only invalid bytes escaped; the
	// maps merge as [httpreq.MergeQuery] does.
	assert.Equal(t, "a%20b=1&b=2&both=m1&both=m2&next=%2Fx%3Fy%3D1&raw=a%20b%23%26%3D%25+%C3%A9/?",
		httpreq.Query(map[string]string{"b": "2", "both": "s", "next": "%2Fx%3Fy%3D1", "raw": "a b#&=%+é/?"},
			map[string][]string{"both": {"m1", "m2"}, "a%20b": {"1"}}, true))
	assert.Equal(t, "", httpreq.Query(nil, nil, false))
}

func TestIsText(t *testing.T) {
	for _, ct := range []string{"text/plain", "text/html; charset=utf-8", "TEXT/CSV", "application/json",
		"application/json; charset=utf-8", "application/problem+json", "image/svg+xml", "application/xml",
		"application/javascript", "application/x-www-form-urlencoded", "application/x-ndjson", "application/yaml",
		"text/plain;;bad"} {
		assert.True(t, httpreq.IsText(ct), ct)
	}
	for _, ct := range []string{"", "image/png", "application/octet-stream", "application/pdf", "multipart/form-data; boundary=x",
		"application/zip", "font/woff2", "application/jsonx"} {
		assert.False(t, httpreq.IsText(ct), ct)
	}
}

func TestResponseBody(t *testing.T) {
	text := http.Header{"Content-Type": {"application/json"}}
	body, b64 := httpreq.ResponseBody(text, []byte(`{"a":"<b>"}`))
	assert.Equal(t, `{"a":"<b>"}`, body)
	assert.False(t, b64)

	body, b64 = httpreq.ResponseBody(http.Header{"Content-Type": {"image/png"}}, []byte{0x89, 'P'})
	assert.Equal(t, "iVA=", body)
	assert.True(t, b64)

	body, b64 = httpreq.ResponseBody(http.Header{"Content-Type": {"text/plain"}}, []byte("caf\xe9"))
	assert.Equal(t, "Y2Fm6Q==", body, "text that is not UTF-8 would not survive JSON")
	assert.True(t, b64)

	_, b64 = httpreq.ResponseBody(http.Header{"Content-Type": {"text/plain"}, "Content-Encoding": {"gzip"}}, []byte("x"))
	assert.True(t, b64, "an encoded body is binary")
	_, b64 = httpreq.ResponseBody(http.Header{"Content-Type": {"text/plain"}, "Content-Encoding": {"identity"}}, []byte("x"))
	assert.False(t, b64)
	_, b64 = httpreq.ResponseBody(http.Header{}, []byte("x"))
	assert.True(t, b64, "no type is binary")

	body, b64 = httpreq.ResponseBody(http.Header{"Content-Type": {"image/png"}}, nil)
	assert.Equal(t, "", body)
	assert.False(t, b64, "no body is not base64")
}

func TestResponseHeaders(t *testing.T) {
	h := http.Header{
		"Content-Type":      {"text/plain"},
		"Set-Cookie":        {"a=1; Expires=Tue, 06 Aug 2024 10:00:00 GMT", "b=2"},
		"X-Multi":           {"x", "y"},
		"X-Empty":           {},
		"Trailer:X-Checked": {"t"},
	}
	assert.Equal(t, map[string]string{"Content-Type": "text/plain", "X-Multi": "x, y"}, httpreq.JoinedHeaders(h))
	assert.Equal(t, []string{"a=1; Expires=Tue, 06 Aug 2024 10:00:00 GMT", "b=2"}, httpreq.SetCookies(h))
	single, multi := httpreq.SplitHeaders(h)
	assert.Equal(t, map[string]string{"Content-Type": "text/plain"}, single)
	assert.Equal(t, map[string][]string{"Set-Cookie": {"a=1; Expires=Tue, 06 Aug 2024 10:00:00 GMT", "b=2"}, "X-Multi": {"x", "y"}}, multi)
	assert.Equal(t, map[string][]string{"Content-Type": {"text/plain"}, "Set-Cookie": {"a=1; Expires=Tue, 06 Aug 2024 10:00:00 GMT", "b=2"},
		"X-Multi": {"x", "y"}}, httpreq.MultiValueHeaders(h))

	// Never nil: the responses carry {} and [], not null.
	assert.NotNil(t, httpreq.JoinedHeaders(nil))
	assert.NotNil(t, httpreq.SetCookies(nil))
	single, multi = httpreq.SplitHeaders(nil)
	assert.NotNil(t, single)
	assert.NotNil(t, multi)
	assert.NotNil(t, httpreq.MultiValueHeaders(nil))

	// A name set outside the canonical form still counts as Set-Cookie.
	odd := http.Header{"set-cookie": {"c=3"}}
	assert.Equal(t, []string{"c=3"}, httpreq.SetCookies(odd))
	assert.Empty(t, httpreq.JoinedHeaders(odd))
}

func TestForwardedFor(t *testing.T) {
	tests := []struct {
		values []string
		want   string
	}{
		{nil, ""},
		{[]string{"203.0.113.9"}, "203.0.113.9"},
		{[]string{"198.51.100.1, 203.0.113.9"}, "203.0.113.9"},
		{[]string{"198.51.100.1", "10.0.0.1 ,  2001:db8::7 "}, "2001:db8::7"},
		{[]string{"10.0.0.1, unknown"}, ""},
		{[]string{""}, ""},
	}
	for _, tt := range tests {
		h := http.Header{}
		for _, v := range tt.values {
			h.Add("X-Forwarded-For", v)
		}
		assert.Equal(t, tt.want, httpreq.ForwardedFor(h), "%q", tt.values)
	}
}

func TestSplitPath(t *testing.T) {
	p, q, ok := httpreq.SplitPath("/a/b?x=1&y=%20?z")
	assert.Equal(t, "/a/b", p)
	assert.Equal(t, "x=1&y=%20?z", q)
	assert.True(t, ok)
	p, q, ok = httpreq.SplitPath("/a")
	assert.Equal(t, "/a", p)
	assert.Equal(t, "", q)
	assert.False(t, ok)
}
