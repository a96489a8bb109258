package alb

import (
	"encoding/base64"
	"errors"
	"net/http"

	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

// Response is what a Lambda target returns to the load balancer. Headers
// is for a target group without multi-value headers, MultiValueHeaders for
// one with them; the load balancer reads only the member of its form, so
// [Event.NewResponse] sets the one the request calls for.
// StatusDescription is the status line text, "200 OK".
type Response struct {
	StatusCode        int                 `json:"statusCode"`
	StatusDescription string              `json:"statusDescription,omitempty"`
	Headers           map[string]string   `json:"headers,omitempty"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders,omitempty"`
	Body              string              `json:"body"`
	IsBase64Encoded   bool                `json:"isBase64Encoded"`
}

// ErrOneCookie is the error of setting a second cookie on a response to a
// target group without multi-value headers, whose Headers hold one
// Set-Cookie header only.
var ErrOneCookie = errors.New("alb: a target group without multi-value headers takes one Set-Cookie header; enable lambda.multi_value_headers.enabled")

// NewResponse returns the response to e with status, its description, the
// headers h and body (base64 text when isBase64 is set): with
// MultiValueHeaders, every value kept, when the target group sends
// multi-value headers ([Event.MultiValue]); otherwise with Headers, the
// values of a name joined with ", " but for Set-Cookie, which keeps its
// last value (the single-value form cannot carry more).
func (e Event) NewResponse(status int, h http.Header, body string, isBase64 bool) *Response {
	r := &Response{StatusCode: status, StatusDescription: httpreq.StatusDescription(status), Body: body, IsBase64Encoded: isBase64}
	if e.MultiValue() {
		r.MultiValueHeaders = httpreq.MultiValueHeaders(h) // never nil: the form, for SetCookie
	} else {
		r.Headers = httpreq.SingleValueHeaders(h)
	}
	return r
}

// JSONResponse returns the response to e with status, v encoded as JSON
// for body and Content-Type application/json.
func (e Event) JSONResponse(status int, v any) (*Response, error) {
	b, err := httpreq.JSONText("alb", status, v)
	if err != nil {
		return nil, err
	}
	return e.NewResponse(status, http.Header{"Content-Type": {"application/json"}}, b, false), nil
}

// BinaryResponse returns the response to e with status and data,
// base64-encoded, of the given content type.
func (e Event) BinaryResponse(status int, contentType string, data []byte) (*Response, error) {
	if err := httpreq.CheckStatus("alb", status); err != nil {
		return nil, err
	}
	return e.NewResponse(status, http.Header{"Content-Type": {contentType}}, base64.StdEncoding.EncodeToString(data), true), nil
}

// SetCookie adds a Set-Cookie header: to MultiValueHeaders when the
// response has them (multi-value form), otherwise to Headers, where a
// second cookie is [ErrOneCookie]. An invalid cookie is an error.
func (r *Response) SetCookie(c *http.Cookie) error {
	if err := httpreq.ValidCookie("alb", c); err != nil {
		return err
	}
	if r.MultiValueHeaders != nil {
		r.MultiValueHeaders["Set-Cookie"] = append(r.MultiValueHeaders["Set-Cookie"], c.String())
		return nil
	}
	if r.Headers == nil {
		r.Headers = map[string]string{}
	}
	if _, ok := r.Headers["Set-Cookie"]; ok {
		return ErrOneCookie
	}
	r.Headers["Set-Cookie"] = c.String()
	return nil
}
