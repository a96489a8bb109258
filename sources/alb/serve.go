package alb

import (
	"context"
	"net/http"

	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

// The methods evplugin.HTTPHandler serves events with (the root package's
// HTTPRequestEvent).

// HTTPRequest returns the request as net/http's server gives it to a
// handler, with ctx as its context (see evplugin.HTTPHandler): the method
// httpMethod; the URL path Path, percent-encoded as the client sent it;
// the raw query [Event.RawQuery], rebuilt from the query maps without
// escaping twice what the load balancer passes still encoded (names
// sorted); every header of MultiValueHeaders, else Headers; Host from the
// Host header; RemoteAddr the last X-Forwarded-For entry, the client's
// address the load balancer appends (port 0; none when the target group
// removes the header or the entry is not an IP address); the body decoded.
func (e Event) HTTPRequest(ctx context.Context) (*http.Request, error) {
	h := httpreq.Header(e.Headers, e.MultiValueHeaders)
	return httpreq.Request{
		Method:          e.HTTPMethod,
		Path:            e.Path,
		RawQuery:        e.RawQuery(),
		Header:          h,
		SourceIP:        httpreq.ForwardedFor(h),
		Body:            e.Body,
		IsBase64Encoded: e.IsBase64Encoded,
	}.New(ctx)
}

// HTTPResponse returns a handler's answer as the [Response] the load
// balancer expects, in the form of the request ([Event.NewResponse]): with
// statusDescription; with multi-value headers, every header value and
// every Set-Cookie kept; without them, the values of a header joined with
// ", " and only the last Set-Cookie (the single-value form carries one:
// enable lambda.multi_value_headers.enabled to send several). The body is
// text, or base64 when the Content-Type is not text.
func (e Event) HTTPResponse(status int, header http.Header, body []byte) (any, error) {
	if err := httpreq.CheckStatus("alb", status); err != nil {
		return nil, err
	}
	text, isBase64 := httpreq.ResponseBody(header, body)
	return e.NewResponse(status, header, text, isBase64), nil
}
