package apigateway

import (
	"context"
	"net/http"

	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

// The methods evplugin.HTTPHandler serves events with (the root package's
// HTTPRequestEvent and HTTPStreamEvent).

// HTTPRequest returns the request as net/http's server gives it to a
// handler, with ctx as its context (see evplugin.HTTPHandler): the method
// httpMethod; the URL path Path (the stage is not in it); the query
// rebuilt from MultiValueQueryStringParameters (else
// QueryStringParameters), escaped, names sorted, as payload format 1.0
// carries no raw query string; the headers of MultiValueHeaders (else
// Headers); Host from the Host header, else requestContext.domainName;
// RemoteAddr requestContext.identity.sourceIp (port 0); the body decoded.
func (e RESTEvent) HTTPRequest(ctx context.Context) (*http.Request, error) {
	return httpreq.Request{
		Method:          e.HTTPMethod,
		Path:            e.Path,
		RawQuery:        httpreq.Query(e.QueryStringParameters, e.MultiValueQueryStringParameters, false),
		Proto:           e.RequestContext.Protocol,
		Header:          httpreq.Header(e.Headers, e.MultiValueHeaders),
		Host:            e.RequestContext.DomainName,
		SourceIP:        e.RequestContext.Identity.SourceIP,
		Body:            e.Body,
		IsBase64Encoded: e.IsBase64Encoded,
	}.New(ctx)
}

// HTTPResponse returns a handler's answer as the [RESTResponse] payload
// format 1.0 expects: headers with one value in Headers, repeated ones
// (every Set-Cookie) in MultiValueHeaders; the body as text, or base64 when
// the Content-Type is not text (see [RESTBinaryResponse] for what a REST
// API does with it).
func (e RESTEvent) HTTPResponse(status int, header http.Header, body []byte) (any, error) {
	if err := checkStatus(status); err != nil {
		return nil, err
	}
	r := RESTResponse{StatusCode: status}
	r.Headers, r.MultiValueHeaders = httpreq.SplitHeaders(header)
	r.Body, r.IsBase64Encoded = httpreq.ResponseBody(header, body)
	return r, nil
}

// HTTPStreamPrelude returns the [StreamMetadata] that starts a streamed
// response of a REST API's Lambda proxy integration with response
// streaming: the status, and the headers as [RESTEvent.HTTPResponse] puts
// them.
func (e RESTEvent) HTTPStreamPrelude(status int, header http.Header) (any, error) {
	if err := checkStatus(status); err != nil {
		return nil, err
	}
	m := StreamMetadata{StatusCode: status}
	m.Headers, m.MultiValueHeaders = httpreq.SplitHeaders(header)
	return m, nil
}

// HTTPRequest returns the request as net/http's server gives it to a
// handler, with ctx as its context (see evplugin.HTTPHandler): the method
// requestContext.http.method; the URL path [HTTPEvent.Path] (RawPath
// without the stage), escaped where API Gateway decoded it; the raw query
// string byte for byte; the headers (repeated ones arrive joined with
// commas) and Cookies as one Cookie header; Host from the Host header,
// else requestContext.domainName; RemoteAddr requestContext.http.sourceIp
// (port 0); the body decoded.
func (e HTTPEvent) HTTPRequest(ctx context.Context) (*http.Request, error) {
	h := httpreq.Header(e.Headers, nil)
	httpreq.AddCookies(h, e.Cookies)
	return httpreq.Request{
		Method:          e.Method(),
		Path:            e.Path(),
		RawQuery:        e.RawQueryString,
		Proto:           e.RequestContext.HTTP.Protocol,
		Header:          h,
		Host:            e.RequestContext.DomainName,
		SourceIP:        e.RequestContext.HTTP.SourceIP,
		Body:            e.Body,
		IsBase64Encoded: e.IsBase64Encoded,
	}.New(ctx)
}

// HTTPResponse returns a handler's answer as the [HTTPResponse] payload
// format 2.0 and function URLs expect: the values of a repeated header
// joined with ", ", Set-Cookie headers in Cookies, one each; the body as
// text, or base64 when the Content-Type is not text.
func (e HTTPEvent) HTTPResponse(status int, header http.Header, body []byte) (any, error) {
	if err := checkStatus(status); err != nil {
		return nil, err
	}
	r := HTTPResponse{StatusCode: status, Headers: httpreq.JoinedHeaders(header), Cookies: httpreq.SetCookies(header)}
	r.Body, r.IsBase64Encoded = httpreq.ResponseBody(header, body)
	return r, nil
}
