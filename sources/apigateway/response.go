package apigateway

import (
	"encoding/base64"
	"net/http"

	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

// RESTResponse is what a Lambda proxy integration of a REST API (or of an
// HTTP API using payload format 1.0) returns. MultiValueHeaders, when set,
// is merged with Headers.
type RESTResponse struct {
	StatusCode        int                 `json:"statusCode"`
	Headers           map[string]string   `json:"headers"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
	Body              string              `json:"body"`
	IsBase64Encoded   bool                `json:"isBase64Encoded"`
}

// HTTPResponse is what a Lambda integration of an HTTP API using payload
// format 2.0, or a Lambda function URL, returns. Each item of Cookies
// becomes a Set-Cookie header.
type HTTPResponse struct {
	StatusCode      int               `json:"statusCode"`
	Headers         map[string]string `json:"headers"`
	Cookies         []string          `json:"cookies"`
	Body            string            `json:"body"`
	IsBase64Encoded bool              `json:"isBase64Encoded"`
}

// StreamMetadata is the JSON that starts a streamed response (a function
// URL in RESPONSE_STREAM mode, a REST API's Lambda proxy integration with
// response streaming), followed by 8 NUL bytes and then the body as the
// function writes it, under the content type
// "application/vnd.awslambda.http-integration-response". A function URL
// takes Headers and Cookies as [HTTPResponse] does; a REST API takes
// Headers and MultiValueHeaders as [RESTResponse] does.
type StreamMetadata struct {
	StatusCode        int                 `json:"statusCode"`
	Headers           map[string]string   `json:"headers,omitempty"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders,omitempty"`
	Cookies           []string            `json:"cookies,omitempty"`
}

func checkStatus(status int) error { return httpreq.CheckStatus("apigateway", status) }

func jsonBody(status int, v any) (string, error) { return httpreq.JSONText("apigateway", status, v) }

// JSONResponse returns a response with status, v encoded as JSON for body
// and Content-Type application/json.
func JSONResponse(status int, v any) (HTTPResponse, error) {
	b, err := jsonBody(status, v)
	if err != nil {
		return HTTPResponse{}, err
	}
	return HTTPResponse{StatusCode: status, Headers: map[string]string{"Content-Type": "application/json"}, Body: b}, nil
}

// BinaryResponse returns a response with status and data, base64-encoded
// as API Gateway requires, of the given content type.
func BinaryResponse(status int, contentType string, data []byte) (HTTPResponse, error) {
	if err := checkStatus(status); err != nil {
		return HTTPResponse{}, err
	}
	return HTTPResponse{
		StatusCode:      status,
		Headers:         map[string]string{"Content-Type": contentType},
		Body:            base64.StdEncoding.EncodeToString(data),
		IsBase64Encoded: true,
	}, nil
}

// SetCookie adds a cookie to the response; an invalid cookie is an error.
func (r *HTTPResponse) SetCookie(c *http.Cookie) error {
	if err := validCookie(c); err != nil {
		return err
	}
	r.Cookies = append(r.Cookies, c.String())
	return nil
}

// RESTJSONResponse returns a response with status, v encoded as JSON for
// body and Content-Type application/json.
func RESTJSONResponse(status int, v any) (RESTResponse, error) {
	r, err := JSONResponse(status, v)
	return r.rest(), err
}

// RESTBinaryResponse returns a response with status and data,
// base64-encoded, of the given content type. A REST API passes it on as
// binary only when the content type is one of the API's binary media types.
func RESTBinaryResponse(status int, contentType string, data []byte) (RESTResponse, error) {
	r, err := BinaryResponse(status, contentType, data)
	return r.rest(), err
}

// rest is r as a REST response: the same status, headers and body (r has no
// cookies yet).
func (r HTTPResponse) rest() RESTResponse {
	return RESTResponse{StatusCode: r.StatusCode, Headers: r.Headers, Body: r.Body, IsBase64Encoded: r.IsBase64Encoded}
}

// SetCookie adds a Set-Cookie header to MultiValueHeaders; an invalid
// cookie is an error.
func (r *RESTResponse) SetCookie(c *http.Cookie) error {
	if err := validCookie(c); err != nil {
		return err
	}
	if r.MultiValueHeaders == nil {
		r.MultiValueHeaders = map[string][]string{}
	}
	r.MultiValueHeaders["Set-Cookie"] = append(r.MultiValueHeaders["Set-Cookie"], c.String())
	return nil
}

func validCookie(c *http.Cookie) error { return httpreq.ValidCookie("apigateway", c) }
