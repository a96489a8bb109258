package vpclattice

import (
	"context"
	"net/http"

	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

// The methods evplugin.HTTPHandler serves events with (the root package's
// HTTPRequestEvent).

// Path returns the path of the request: RawPath without the query string
// it may carry.
func (e EventV1) Path() string {
	p, _ := splitQuery(e.RawPath, e.Query())
	return p
}

// RawQuery returns the query string: as sent when RawPath carries it,
// else rebuilt from QueryStringParameters, escaped, names sorted.
func (e EventV1) RawQuery() string {
	_, q := splitQuery(e.RawPath, e.Query())
	return q
}

// HTTPRequest returns the request as net/http's server gives it to a
// handler, with ctx as its context (see evplugin.HTTPHandler): the method;
// the URL path [EventV1.Path]; the raw query [EventV1.RawQuery]; the
// headers (repeated ones arrive joined with commas); Host from the Host
// header; RemoteAddr the last X-Forwarded-For entry (port 0; none when it
// is not an IP address); the body decoded.
func (e EventV1) HTTPRequest(ctx context.Context) (*http.Request, error) {
	return request(ctx, e.Method, e.RawPath, e.Query(), httpreq.Header(e.Headers, nil), e.Body, e.IsBase64Encoded)
}

// HTTPResponse returns a handler's answer as the [Response] VPC Lattice
// expects ([NewResponse]): with statusDescription; the values of a header
// joined with ", " and only the last Set-Cookie (headers hold one string
// per name); the body as text, or base64 when the Content-Type is not text.
func (e EventV1) HTTPResponse(status int, header http.Header, body []byte) (any, error) {
	return response(status, header, body)
}

// HTTPRequest returns the request as net/http's server gives it to a
// handler, with ctx as its context (see evplugin.HTTPHandler): the method;
// the URL path Path (without a query string it may carry); the raw query,
// as sent when Path carries it, else rebuilt from the query string
// parameters ([EventV2.Query]), escaped, names sorted; every header value
// (lists or plain strings); Host from the Host header; RemoteAddr the last
// X-Forwarded-For entry (port 0; none when it is not an IP address); the
// body decoded.
func (e EventV2) HTTPRequest(ctx context.Context) (*http.Request, error) {
	return request(ctx, e.Method, e.Path, e.Query(), httpreq.Header(nil, httpreq.StringsMap(e.Headers)), e.Body, e.IsBase64Encoded)
}

// HTTPResponse returns a handler's answer as the [Response] VPC Lattice
// expects, as [EventV1.HTTPResponse] does.
func (e EventV2) HTTPResponse(status int, header http.Header, body []byte) (any, error) {
	return response(status, header, body)
}

// splitQuery returns the path and raw query of a request: path without
// the query string it may carry, and that query string as sent, else one
// rebuilt from query, escaped, names sorted.
func splitQuery(path string, query map[string][]string) (string, string) {
	p, rawQuery, ok := httpreq.SplitPath(path)
	if !ok {
		rawQuery = httpreq.Query(nil, query, false)
	}
	return p, rawQuery
}

// request returns the request of either version (see splitQuery for path
// and query).
func request(ctx context.Context, method, path string, query map[string][]string, h http.Header, body string, isBase64 bool) (*http.Request, error) {
	p, rawQuery := splitQuery(path, query)
	return httpreq.Request{
		Method:          method,
		Path:            p,
		RawQuery:        rawQuery,
		Header:          h,
		SourceIP:        httpreq.ForwardedFor(h),
		Body:            body,
		IsBase64Encoded: isBase64,
	}.New(ctx)
}

func response(status int, header http.Header, body []byte) (*Response, error) {
	if err := httpreq.CheckStatus("vpclattice", status); err != nil {
		return nil, err
	}
	text, isBase64 := httpreq.ResponseBody(header, body)
	return NewResponse(status, header, text, isBase64), nil
}
