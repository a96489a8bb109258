package evplugin_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/lambdaurl"
)

const reference = "../shared/events/powertools/"

var timeFixed = time.Date(2024, 8, 6, 10, 0, 0, 0, time.UTC)

// echo answers with what the handler saw of the request, as JSON.
type seen struct {
	Method, RequestURI, Path, RawPath, RawQuery, Proto, Host, RemoteAddr string
	Query                                                                map[string][]string
	Header                                                               http.Header
	Cookies                                                              []string
	Body                                                                 string
	ContentLength                                                        int64
	PathID                                                               string
	Event                                                                string
}

func echo(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var cookies []string
	for _, c := range r.Cookies() {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	ev, _ := evplugin.EventFromRequest(r)
	s := seen{
		Method: r.Method, RequestURI: r.RequestURI, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery,
		Proto: r.Proto, Host: r.Host, RemoteAddr: r.RemoteAddr, Query: r.URL.Query(), Header: r.Header, Cookies: cookies,
		Body: string(b), ContentLength: r.ContentLength, PathID: r.PathValue("id"), Event: fmt.Sprintf("%T", ev),
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(s)
}

// invoke runs b on payload and decodes the response, and what the
// handler saw from its JSON body.
func invoke(t *testing.T, b *evplugin.HTTPBridge, payload []byte) map[string]any {
	t.Helper()
	out, err := b.Invoke(context.Background(), payload)
	require.NoError(t, err)
	var resp map[string]any
	require.NoError(t, json.Unmarshal(out, &resp))
	return resp
}

func sawOf(t *testing.T, resp map[string]any) seen {
	t.Helper()
	var s seen
	require.NoError(t, json.Unmarshal([]byte(resp["body"].(string)), &s))
	return s
}

func TestHTTPHandlerRequest(t *testing.T) {
	b := evplugin.HTTPHandler(http.HandlerFunc(echo))
	tests := []struct {
		file  string
		event string
		want  seen
	}{
		{reference + "apiGatewayProxyEvent.json", "*apigateway.RESTEvent", seen{
			Method: "GET", RequestURI: "/my/path?parameter1=value1&parameter1=value2&parameter2=value", Path: "/my/path",
			RawQuery: "parameter1=value1&parameter1=value2&parameter2=value", Proto: "HTTP/1.1",
			Host: "id.execute-api.us-east-1.amazonaws.com", RemoteAddr: "192.168.0.1/32:0",
			Query:  map[string][]string{"parameter1": {"value1", "value2"}, "parameter2": {"value"}},
			Header: http.Header{"Header1": {"value1"}, "Header2": {"value1", "value2"}, "Origin": {"https://aws.amazon.com"}},
			Body:   "Hello from Lambda!", ContentLength: 18,
		}},
		{reference + "apiGatewayProxyV2Event.json", "*apigateway.HTTPEvent", seen{
			Method: "POST", RequestURI: "/my/path?parameter1=value1&parameter1=value2&parameter2=value", Path: "/my/path",
			RawQuery: "parameter1=value1&parameter1=value2&parameter2=value", Proto: "HTTP/1.1",
			Host: "id.execute-api.us-east-1.amazonaws.com", RemoteAddr: "192.168.0.1/32:0",
			Query: map[string][]string{"parameter1": {"value1", "value2"}, "parameter2": {"value"}},
			// Payload 2.0 joins repeated headers with commas; the cookies
			// array becomes one Cookie header.
			Header:  http.Header{"Header1": {"value1"}, "Header2": {"value1,value2"}, "Cookie": {"cookie1; cookie2"}},
			Cookies: []string{"cookie1=", "cookie2="},
			Body:    `{"message": "hello world", "username": "tom"}`, ContentLength: 45,
		}},
		{reference + "lambdaFunctionUrlEvent.json", "*lambdaurl.Event", seen{
			Method: "GET", RequestURI: "/", Path: "/", Proto: "HTTP/1.1",
			Host: "<url-id>.lambda-url.us-east-1.on.aws", RemoteAddr: "123.123.123.123:0", Query: map[string][]string{},
		}},
		// REST: the query rebuilt from multiValueQueryStringParameters,
		// escaped, repeated keys in order; multi-value headers; HEAD.
		{"testdata/events/aws.apigateway.rest/orders-repeated-query-head.json", "*apigateway.RESTEvent", seen{
			Method: "HEAD", RequestURI: "/orders/42?note=50%25+off&tag=a+b&tag=c%26d%3De", Path: "/orders/42",
			RawQuery: "note=50%25+off&tag=a+b&tag=c%26d%3De", Proto: "HTTP/1.1", Host: "orders.example.com",
			RemoteAddr: "198.51.100.23:0",
			Query:      map[string][]string{"note": {"50% off"}, "tag": {"a b", "c&d=e"}},
			Cookies:    []string{"session=rest-head-cookie-s3cr3t", "theme=light"},
		}},
		// HTTP API: the stage left out of the path, which API Gateway
		// decoded and the request has escaped again; the raw query as sent.
		{"testdata/events/aws.apigateway.http/decoded-path-redirect.json", "*apigateway.HTTPEvent", seen{
			Method: "GET", RequestURI: "/docs/a%20b/100%25?ref=home&ref=nav%26top&empty=", Path: "/docs/a b/100%",
			RawQuery: "ref=home&ref=nav%26top&empty=", Proto: "HTTP/1.1", Host: "p9o8i7u6y5.execute-api.sa-east-1.amazonaws.com",
			RemoteAddr: "192.0.2.44:0",
			Query:      map[string][]string{"ref": {"home", "nav&top"}, "empty": {""}},
			Cookies:    []string{"sid=http-redirect-cookie-s3cr3t", "lang=fr"},
		}},
		// Function URL: a base64 body decoded, an escaped path kept, IPv6.
		{"testdata/events/aws.lambda.url/public-binary-cookies.json", "*lambdaurl.Event", seen{
			Method: "POST", RequestURI: "/ingest/%E6%97%A5%E6%9C%AC?q=%E6%97%A5%E6%9C%AC&page=2&page=3", Path: "/ingest/日本",
			RawQuery: "q=%E6%97%A5%E6%9C%AC&page=2&page=3", Proto: "HTTP/1.1",
			Host: "k1j2h3g4f5d6s7a8p9o0i1u2y3t4r5e6.lambda-url.eu-west-3.on.aws", RemoteAddr: "[2001:db8:aa::5]:0",
			Query:   map[string][]string{"q": {"日本"}, "page": {"2", "3"}},
			Cookies: []string{"visitor=v-1122-url-cookie-secret", "ab=B"},
			Body:    "\x00\x01binary\xffpayload", ContentLength: 16,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			resp := invoke(t, b, read(t, tt.file))
			require.EqualValues(t, 200, resp["statusCode"])
			if tt.want.Method == http.MethodHead {
				// HEAD: headers only; run as GET to see what the handler saw.
				assert.Equal(t, "", resp["body"])
				raw := bytes.Replace(read(t, tt.file), []byte(`"HEAD"`), []byte(`"GET"`), -1)
				resp = invoke(t, b, raw)
				tt.want.Method = http.MethodGet
			}
			got := sawOf(t, resp)
			assert.Equal(t, tt.event, got.Event)
			if tt.want.Header != nil {
				for k := range got.Header {
					if _, ok := tt.want.Header[k]; !ok {
						delete(got.Header, k)
					}
				}
			} else {
				got.Header = nil
				assert.NotContains(t, got.Header, "Host", "Host moves to the request's Host")
			}
			if tt.want.Query == nil {
				tt.want.Query = map[string][]string{}
			}
			got.Event = tt.want.Event
			if !utf8Safe(tt.want.Body) {
				// JSON turned the invalid UTF-8 into U+FFFD; compare lengths only.
				assert.Equal(t, tt.want.ContentLength, got.ContentLength)
				got.Body, tt.want.Body = "", ""
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func utf8Safe(s string) bool { return utf8.ValidString(s) }

// TestHTTPHandlerRequestBody: the bytes of a base64 body reach the handler
// exactly.
func TestHTTPHandlerRequestBody(t *testing.T) {
	var got []byte
	var length int64
	b := evplugin.HTTPHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
		length = r.ContentLength
	}))
	invoke(t, b, read(t, "testdata/events/aws.lambda.url/public-binary-cookies.json"))
	assert.Equal(t, []byte("\x00\x01binary\xffpayload"), got)
	assert.EqualValues(t, len(got), length)

	invoke(t, b, read(t, "testdata/events/aws.apigateway.rest/cognito-base64-upload.json"))
	assert.True(t, bytes.HasPrefix(got, []byte("\x89PNG")), "%q", got)

	_, err := b.Invoke(context.Background(), bytes.Replace(read(t, "testdata/events/aws.lambda.url/public-binary-cookies.json"),
		[]byte(`"AAFiaW5hcnn/cGF5bG9hZA=="`), []byte(`"not base64!"`), 1))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "aws.lambda.url")
	assert.Contains(t, err.Error(), "base64")
}

// TestHTTPHandlerServeMux: a stdlib ServeMux with Go 1.22 patterns routes
// every source's requests; the handler finds the event in the request.
func TestHTTPHandlerServeMux(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		e, ok := evplugin.RequestEvent[apigateway.RESTEvent](r)
		require.True(t, ok)
		stage := e.RequestContext.Stage
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":%q,"tags":%q,"stage":%q}`, r.PathValue("id"), r.URL.Query()["tag"], stage)
	})
	mux.HandleFunc("GET /docs/{rest...}", func(w http.ResponseWriter, r *http.Request) {
		_, ok := evplugin.RequestEvent[apigateway.HTTPEvent](r)
		require.True(t, ok)
		assert.Equal(t, "a b/100%", r.PathValue("rest"))
		http.Redirect(w, r, "/v2"+r.URL.EscapedPath(), http.StatusFound)
	})
	mux.HandleFunc("POST /ingest/{name}", func(w http.ResponseWriter, r *http.Request) {
		e, ok := evplugin.RequestEvent[lambdaurl.Event](r)
		require.True(t, ok)
		_, ok = evplugin.RequestEvent[apigateway.HTTPEvent](r)
		assert.False(t, ok, "a function URL's event is a *lambdaurl.Event")
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintf(w, "stored %s for %s", r.PathValue("name"), e.RequestContext.HTTP.SourceIP)
	})
	b := evplugin.HTTPHandler(mux)

	raw := bytes.Replace(read(t, "testdata/events/aws.apigateway.rest/orders-repeated-query-head.json"), []byte(`"HEAD"`), []byte(`"GET"`), -1)
	out, err := b.Invoke(context.Background(), raw)
	require.NoError(t, err)
	assert.JSONEq(t, `{"statusCode":200,"headers":{"Content-Type":"application/json"},"multiValueHeaders":{},
		"body":"{\"id\":\"42\",\"tags\":[\"a b\" \"c&d=e\"],\"stage\":\"prod\"}","isBase64Encoded":false}`, string(out))

	// The redirect: 302, Location, the HTML body net/http writes, and no
	// HTML escaping in the JSON (as aws-lambda-go encodes).
	out, err = b.Invoke(context.Background(), read(t, "testdata/events/aws.apigateway.http/decoded-path-redirect.json"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"statusCode":302,"headers":{"Content-Type":"text/html; charset=utf-8","Location":"/v2/docs/a%20b/100%25"},
		"cookies":[],"body":"<a href=\"/v2/docs/a%20b/100%25\">Found</a>.\n\n","isBase64Encoded":false}`, string(out))
	assert.Contains(t, string(out), `"<a href=`)

	out, err = b.Invoke(context.Background(), read(t, "testdata/events/aws.lambda.url/public-binary-cookies.json"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"statusCode":202,"headers":{"Content-Type":"text/plain; charset=utf-8"},"cookies":[],
		"body":"stored 日本 for 2001:db8:aa::5","isBase64Encoded":false}`, string(out))

	// No route: the mux's 404, in the source's shape.
	out, err = b.Invoke(context.Background(), read(t, reference+"apiGatewayProxyEvent.json"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"statusCode":404,"headers":{"Content-Type":"text/plain; charset=utf-8","X-Content-Type-Options":"nosniff"},
		"multiValueHeaders":{},"body":"404 page not found\n","isBase64Encoded":false}`, string(out))
}

// TestHTTPHandlerResponse: status and headers exact, every Set-Cookie kept
// in each source's shape, bodies base64-encoded by Content-Type.
func TestHTTPHandlerResponse(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte(`{"ok":true}`))
	require.NoError(t, zw.Close())

	cookies := func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "a", Value: "1", Path: "/", Expires: timeFixed, HttpOnly: true})
		http.SetCookie(w, &http.Cookie{Name: "b", Value: "2"})
		w.Header().Add("X-Multi", "x")
		w.Header().Add("X-Multi", "y")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, "made")
	}
	const cookieA = "a=1; Path=/; Expires=Tue, 06 Aug 2024 10:00:00 GMT; HttpOnly"
	tests := []struct {
		name    string
		file    string
		handler http.HandlerFunc
		want    string
	}{
		{"rest cookies", reference + "apiGatewayProxyEvent.json", cookies, `{"statusCode":201,
			"headers":{"Cache-Control":"no-store","Content-Type":"text/plain; charset=utf-8"},
			"multiValueHeaders":{"Set-Cookie":["` + cookieA + `","b=2"],"X-Multi":["x","y"]},"body":"made","isBase64Encoded":false}`},
		{"http cookies", reference + "apiGatewayProxyV2Event.json", cookies, `{"statusCode":201,
			"headers":{"Cache-Control":"no-store","Content-Type":"text/plain; charset=utf-8","X-Multi":"x, y"},
			"cookies":["` + cookieA + `","b=2"],"body":"made","isBase64Encoded":false}`},
		{"url cookies", reference + "lambdaFunctionUrlEvent.json", cookies, `{"statusCode":201,
			"headers":{"Cache-Control":"no-store","Content-Type":"text/plain; charset=utf-8","X-Multi":"x, y"},
			"cookies":["` + cookieA + `","b=2"],"body":"made","isBase64Encoded":false}`},
		{"binary by type", reference + "lambdaFunctionUrlEvent.json", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(png)
		}, `{"statusCode":200,"headers":{"Content-Type":"image/png"},"cookies":[],
			"body":"` + base64.StdEncoding.EncodeToString(png) + `","isBase64Encoded":true}`},
		{"binary sniffed", reference + "apiGatewayProxyEvent.json", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write(png)
		}, `{"statusCode":200,"headers":{"Content-Type":"image/png"},"multiValueHeaders":{},
			"body":"` + base64.StdEncoding.EncodeToString(png) + `","isBase64Encoded":true}`},
		{"gzip json", reference + "apiGatewayProxyV2Event.json", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(gz.Bytes())
		}, `{"statusCode":200,"headers":{"Content-Encoding":"gzip","Content-Type":"application/json"},"cookies":[],
			"body":"` + base64.StdEncoding.EncodeToString(gz.Bytes()) + `","isBase64Encoded":true}`},
		{"text that is not UTF-8", reference + "apiGatewayProxyV2Event.json", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=iso-8859-1")
			_, _ = w.Write([]byte("caf\xe9"))
		}, `{"statusCode":200,"headers":{"Content-Type":"text/plain; charset=iso-8859-1"},"cookies":[],
			"body":"Y2Fm6Q==","isBase64Encoded":true}`},
		{"nothing written", reference + "apiGatewayProxyEvent.json", func(w http.ResponseWriter, r *http.Request) {},
			`{"statusCode":200,"headers":{},"multiValueHeaders":{},"body":"","isBase64Encoded":false}`},
		{"nothing written 2.0", reference + "lambdaFunctionUrlEvent.json", func(w http.ResponseWriter, r *http.Request) {},
			`{"statusCode":200,"headers":{},"cookies":[],"body":"","isBase64Encoded":false}`},
		{"headers after WriteHeader are not sent", reference + "apiGatewayProxyV2Event.json", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Before", "1")
			w.WriteHeader(http.StatusEarlyHints) // informational: not the response
			w.WriteHeader(http.StatusTeapot)
			w.WriteHeader(http.StatusOK) // superfluous
			w.Header().Set("X-After", "1")
			_, _ = io.WriteString(w, "{}")
		}, `{"statusCode":418,"headers":{"X-Before":"1","Content-Type":"text/plain; charset=utf-8"},"cookies":[],"body":"{}","isBase64Encoded":false}`},
		{"no body for 204", reference + "apiGatewayProxyV2Event.json", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNoContent)
			n, err := io.WriteString(w, "dropped")
			assert.Zero(t, n)
			assert.ErrorIs(t, err, http.ErrBodyNotAllowed)
		}, `{"statusCode":204,"headers":{},"cookies":[],"body":"","isBase64Encoded":false}`},
		{"content length kept to", reference + "apiGatewayProxyV2Event.json", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "3")
			_, err := io.WriteString(w, "abc")
			assert.NoError(t, err)
			_, err = io.WriteString(w, "d")
			assert.ErrorIs(t, err, http.ErrContentLength)
		}, `{"statusCode":200,"headers":{"Content-Length":"3","Content-Type":"text/plain; charset=utf-8"},"cookies":[],"body":"abc","isBase64Encoded":false}`},
		{"flush is harmless", reference + "apiGatewayProxyV2Event.json", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, "a")
			require.NoError(t, http.NewResponseController(w).Flush())
			_, _ = io.WriteString(w, "b")
		}, `{"statusCode":200,"headers":{"Content-Type":"text/plain; charset=utf-8"},"cookies":[],"body":"ab","isBase64Encoded":false}`},
		{"head", "testdata/events/aws.apigateway.rest/orders-repeated-query-head.json", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"id":42}`)
		}, `{"statusCode":200,"headers":{"Content-Length":"9","Content-Type":"application/json"},"multiValueHeaders":{},"body":"","isBase64Encoded":false}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := evplugin.HTTPHandler(tt.handler).Invoke(context.Background(), read(t, tt.file))
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, string(out))
		})
	}
}

// TestHTTPHandlerPanic: as net/http's server, the bridge recovers and
// logs; the client gets a 500. http.ErrAbortHandler aborts the response.
func TestHTTPHandlerPanic(t *testing.T) {
	var logged bytes.Buffer
	b := evplugin.HTTPHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Partial", "1")
		_, _ = io.WriteString(w, "half")
		panic("boom")
	}))
	b.ErrorLog = log.New(&logged, "", 0)
	out, err := b.Invoke(context.Background(), read(t, reference+"apiGatewayProxyV2Event.json"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"statusCode":500,"headers":{"Content-Type":"text/plain; charset=utf-8","X-Content-Type-Options":"nosniff"},
		"cookies":[],"body":"Internal Server Error\n","isBase64Encoded":false}`, string(out))
	assert.Contains(t, logged.String(), "evplugin: panic serving POST /my/path: boom")
	assert.Contains(t, logged.String(), "http_test.go", "the stack is logged")

	logged.Reset()
	b.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) })
	_, err = b.Invoke(context.Background(), read(t, reference+"apiGatewayProxyV2Event.json"))
	require.ErrorIs(t, err, http.ErrAbortHandler)
	assert.Empty(t, logged.String())

	b.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(1000) })
	out, err = b.Invoke(context.Background(), read(t, reference+"apiGatewayProxyV2Event.json"))
	require.NoError(t, err)
	assert.Contains(t, string(out), `"statusCode":500`, "an invalid status panics, as in net/http")
	assert.Contains(t, logged.String(), "invalid WriteHeader code 1000")
}

func TestHTTPHandlerNotHTTP(t *testing.T) {
	b := evplugin.HTTPHandler(http.HandlerFunc(echo))
	_, err := b.Invoke(context.Background(), read(t, "testdata/events/aws.sqs/fifo-json-body.json"))
	require.ErrorIs(t, err, evplugin.ErrNotHTTP)
	assert.Contains(t, err.Error(), "aws.sqs")
	assert.Contains(t, err.Error(), "*sqs.Event")

	_, err = b.Invoke(context.Background(), []byte(`{"nothing":"known"}`))
	assert.ErrorIs(t, err, registry.ErrUnknownSource)
	_, err = b.Invoke(context.Background(), []byte(`{`))
	assert.ErrorIs(t, err, registry.ErrInvalidJSON)

	// A registry without the HTTP sources: nothing is detected.
	b.Registry = registry.New()
	_, err = b.Invoke(context.Background(), read(t, reference+"apiGatewayProxyEvent.json"))
	assert.ErrorIs(t, err, registry.ErrUnknownSource)
}

// TestEventFromRequest: a request that did not come through the bridge
// has no event.
func TestEventFromRequest(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	v, ok := evplugin.EventFromRequest(r)
	assert.False(t, ok)
	assert.Nil(t, v)
	e, ok := evplugin.RequestEvent[apigateway.RESTEvent](r)
	assert.False(t, ok)
	assert.Nil(t, e)

	var got any
	b := evplugin.HTTPHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got, _ = evplugin.EventFromRequest(r) }))
	invoke(t, b, read(t, reference+"apiGatewayProxyEvent.json"))
	require.IsType(t, &apigateway.RESTEvent{}, got)
	assert.Equal(t, "/my/path", got.(*apigateway.RESTEvent).Resource)
}

// readStream reads a streamed response: the JSON prelude, the 8 NUL
// bytes, then the body.
func readPrelude(t *testing.T, r *bufio.Reader) map[string]any {
	t.Helper()
	var prelude []byte
	for !bytes.HasSuffix(prelude, make([]byte, 8)) {
		c, err := r.ReadByte()
		require.NoError(t, err, "prelude so far %q", prelude)
		prelude = append(prelude, c)
	}
	var m map[string]any
	require.NoError(t, json.Unmarshal(bytes.TrimRight(prelude, "\x00"), &m), "%q", prelude)
	return m
}

// TestHTTPStreamHandler: the prelude and each write leave while the
// handler runs.
func TestHTTPStreamHandler(t *testing.T) {
	next := make(chan struct{})
	done := make(chan struct{})
	h := evplugin.HTTPStreamHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		w.Header().Set("Content-Type", "text/event-stream")
		http.SetCookie(w, &http.Cookie{Name: "seen", Value: "1"})
		http.SetCookie(w, &http.Cookie{Name: "more", Value: "2"})
		w.Header().Add("X-Multi", "x")
		w.Header().Add("X-Multi", "y")
		_, _ = io.WriteString(w, "data: 1\n\n")
		<-next // the test has read the first event: it was streamed
		_, _ = io.WriteString(w, "data: 2\n\n")
	}))
	s, err := h(context.Background(), read(t, "testdata/events/aws.lambda.url/stream-get-no-query.json"))
	require.NoError(t, err)
	assert.Equal(t, "application/vnd.awslambda.http-integration-response", s.ContentType())
	_, err = json.Marshal(s)
	assert.Error(t, err, "aws-lambda-go passes a value that is not JSON on as a reader")

	r := bufio.NewReader(s)
	assert.Equal(t, map[string]any{"statusCode": 200.0,
		"headers": map[string]any{"Content-Type": "text/event-stream", "X-Multi": "x, y"},
		"cookies": []any{"seen=1", "more=2"}}, readPrelude(t, r))
	first := make([]byte, len("data: 1\n\n"))
	_, err = io.ReadFull(r, first)
	require.NoError(t, err)
	assert.Equal(t, "data: 1\n\n", string(first))
	select {
	case <-done:
		t.Fatal("the handler ended before its second write")
	default:
	}
	close(next)
	rest, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Equal(t, "data: 2\n\n", string(rest))
	<-done
	require.NoError(t, s.Close())
}

func TestHTTPStreamHandlerCases(t *testing.T) {
	stream := func(t *testing.T, file string, h http.HandlerFunc) (map[string]any, string, error) {
		t.Helper()
		s, err := evplugin.HTTPStreamHandler(h)(context.Background(), read(t, file))
		require.NoError(t, err)
		defer s.Close()
		r := bufio.NewReader(s)
		prelude := readPrelude(t, r)
		body, err := io.ReadAll(r)
		return prelude, string(body), err
	}
	t.Run("REST takes headers and multiValueHeaders", func(t *testing.T) {
		raw := bytes.Replace(read(t, "testdata/events/aws.apigateway.rest/orders-repeated-query-head.json"), []byte(`"HEAD"`), []byte(`"GET"`), -1)
		s, err := evplugin.HTTPStreamHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.SetCookie(w, &http.Cookie{Name: "a", Value: "1"})
			http.SetCookie(w, &http.Cookie{Name: "b", Value: "2"})
			w.WriteHeader(http.StatusPartialContent)
			_, _ = w.Write([]byte("<p>hi</p>"))
		}))(context.Background(), raw)
		require.NoError(t, err)
		r := bufio.NewReader(s)
		assert.Equal(t, map[string]any{"statusCode": 206.0, "headers": map[string]any{"Content-Type": "text/html; charset=utf-8"},
			"multiValueHeaders": map[string]any{"Set-Cookie": []any{"a=1", "b=2"}}}, readPrelude(t, r))
		body, err := io.ReadAll(r)
		require.NoError(t, err)
		assert.Equal(t, "<p>hi</p>", string(body))
	})
	t.Run("nothing written", func(t *testing.T) {
		prelude, body, err := stream(t, "testdata/events/aws.lambda.url/stream-get-no-query.json", func(w http.ResponseWriter, r *http.Request) {})
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"statusCode": 200.0}, prelude)
		assert.Empty(t, body)
	})
	t.Run("flush sends the prelude", func(t *testing.T) {
		flushed := make(chan struct{})
		s, err := evplugin.HTTPStreamHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusAccepted)
			require.NoError(t, http.NewResponseController(w).Flush())
			<-flushed
		}))(context.Background(), read(t, "testdata/events/aws.lambda.url/stream-get-no-query.json"))
		require.NoError(t, err)
		r := bufio.NewReader(s)
		assert.Equal(t, map[string]any{"statusCode": 202.0}, readPrelude(t, r), "read while the handler waits")
		close(flushed)
		rest, err := io.ReadAll(r)
		require.NoError(t, err)
		assert.Empty(t, rest)
	})
	t.Run("panic before writing", func(t *testing.T) {
		b := evplugin.HTTPHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("early") }))
		var logged bytes.Buffer
		b.ErrorLog = log.New(&logged, "", 0)
		s, err := b.Stream(context.Background(), read(t, "testdata/events/aws.lambda.url/stream-get-no-query.json"))
		require.NoError(t, err)
		r := bufio.NewReader(s)
		assert.EqualValues(t, 500, readPrelude(t, r)["statusCode"])
		body, err := io.ReadAll(r)
		require.NoError(t, err)
		assert.Equal(t, "Internal Server Error\n", string(body))
		assert.Contains(t, logged.String(), "early")
	})
	t.Run("panic after writing", func(t *testing.T) {
		b := evplugin.HTTPHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, "part")
			panic("late")
		}))
		b.ErrorLog = log.New(io.Discard, "", 0)
		s, err := b.Stream(context.Background(), read(t, "testdata/events/aws.lambda.url/stream-get-no-query.json"))
		require.NoError(t, err)
		r := bufio.NewReader(s)
		assert.EqualValues(t, 200, readPrelude(t, r)["statusCode"])
		body, err := io.ReadAll(r)
		assert.Equal(t, "part", string(body))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "late")
	})
	t.Run("close stops the handler", func(t *testing.T) {
		errs := make(chan error, 1)
		canceled := make(chan error, 1)
		s, err := evplugin.HTTPStreamHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, "first")
			<-r.Context().Done()
			canceled <- r.Context().Err()
			_, err := io.WriteString(w, "second")
			errs <- err
		}))(context.Background(), read(t, "testdata/events/aws.lambda.url/stream-get-no-query.json"))
		require.NoError(t, err)
		r := bufio.NewReader(s)
		readPrelude(t, r)
		require.NoError(t, s.Close())
		assert.ErrorIs(t, <-canceled, context.Canceled)
		assert.ErrorIs(t, <-errs, io.ErrClosedPipe)
	})
	t.Run("HTTP APIs do not stream", func(t *testing.T) {
		_, err := evplugin.HTTPStreamHandler(http.HandlerFunc(echo))(context.Background(), read(t, reference+"apiGatewayProxyV2Event.json"))
		require.ErrorIs(t, err, evplugin.ErrNoStream)
		assert.Contains(t, err.Error(), "aws.apigateway.http")
		_, err = evplugin.HTTPStreamHandler(http.HandlerFunc(echo))(context.Background(), read(t, "testdata/events/aws.sqs/fifo-json-body.json"))
		require.ErrorIs(t, err, evplugin.ErrNotHTTP)
		assert.False(t, errors.Is(err, evplugin.ErrNoStream))
	})
}

// TestHTTPHandlerEveryPayload: every reference sample and own payload of
// the HTTP sources serves, and the handler sees the method and body the
// event carries.
func TestHTTPHandlerEveryPayload(t *testing.T) {
	files := map[string][]string{}
	for id, patterns := range map[string][]string{
		"aws.apigateway.rest": {reference + "apiGatewayProxyEvent*.json", reference + "apiGatewayProxyOtherEvent.json", reference + "apigatewaye*.json", "testdata/events/aws.apigateway.rest/*.json"},
		"aws.apigateway.http": {reference + "apiGatewayProxyV2*.json", "testdata/events/aws.apigateway.http/*.json"},
		"aws.lambda.url":      {reference + "lambdaFunctionUrl*.json", "testdata/events/aws.lambda.url/*.json"},
	} {
		for _, p := range patterns {
			m, err := filepath.Glob(p)
			require.NoError(t, err)
			require.NotEmpty(t, m, p)
			files[id] = append(files[id], m...)
		}
	}
	n := 0
	for id, names := range files {
		for _, name := range names {
			t.Run(filepath.Base(name), func(t *testing.T) {
				raw := read(t, name)
				got, err := evplugin.Detect(raw)
				require.NoError(t, err)
				require.Equal(t, id, got)
				v, err := evplugin.Decode(raw)
				require.NoError(t, err)
				var method string
				var body []byte
				switch e := v.(type) {
				case *apigateway.RESTEvent:
					method = e.HTTPMethod
					body, err = e.DecodedBody()
				case *apigateway.HTTPEvent:
					method = e.Method()
					body, err = e.DecodedBody()
				case *lambdaurl.Event:
					method = e.Method()
					body, err = e.DecodedBody()
				}
				if err != nil {
					// isBase64Encoded with a body that is not base64 (three
					// reference samples): an error naming the source, and
					// the handler is not called.
					_, err := evplugin.HTTPHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						t.Error("the handler is called")
					})).Invoke(context.Background(), raw)
					require.Error(t, err)
					assert.Contains(t, err.Error(), id)
					assert.Contains(t, err.Error(), "base64")
					n++
					return
				}

				var seenMethod string
				var seenBody []byte
				b := evplugin.HTTPHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					seenMethod = r.Method
					seenBody, _ = io.ReadAll(r.Body)
					assert.EqualValues(t, len(seenBody), r.ContentLength)
					ev, ok := evplugin.EventFromRequest(r)
					assert.True(t, ok)
					assert.IsType(t, v, ev)
					_, _ = io.WriteString(w, "ok")
				}))
				resp := invoke(t, b, raw)
				assert.EqualValues(t, 200, resp["statusCode"])
				if method == http.MethodHead {
					assert.Equal(t, "", resp["body"])
				} else {
					assert.Equal(t, "ok", resp["body"])
				}
				assert.Equal(t, method, seenMethod)
				assert.Equal(t, string(body), string(seenBody))
				n++
			})
		}
	}
	assert.GreaterOrEqual(t, n, 34)
}
