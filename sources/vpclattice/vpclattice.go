// Package vpclattice models the requests Amazon VPC Lattice passes to a
// Lambda function registered as the target of a target group, and the
// responses it expects back.
//
//	aws.vpclattice.v1  EventV1  https://docs.aws.amazon.com/vpc-lattice/latest/ug/lambda-functions.html#receive-event-from-service
//	aws.vpclattice.v2  EventV2  https://docs.aws.amazon.com/vpc-lattice/latest/ug/lambda-functions.html#receive-event-from-service
//
// The target group's event structure version decides the shape. Version 1
// has snake_case keys (raw_path, query_string_parameters,
// is_base64_encoded), repeated headers joined with commas and the last value
// of a repeated query parameter. Version 2 adds version "2.0" and a
// requestContext (service network, service, target group, caller identity,
// time in microseconds), and sends header and query values as lists of
// strings; [EventV2] also reads plain strings there, as some payloads carry
// them. Both answer with a [Response], built by [NewResponse],
// [JSONResponse] or [BinaryResponse].
//
// Query string parameters are kept as VPC Lattice passes them; the helpers
// do not URL-decode them.
//
// The HTTPRequest and HTTPResponse methods of both event types let
// evplugin.HTTPHandler serve the requests with a net/http handler.
// Version 1's raw_path may carry the query string: [EventV1.Path] and
// [EventV1.RawQuery] split it.
//
// The printer masks the values of the credential headers (Authorization,
// Cookie, X-Api-Key, X-Amz-Security-Token, ...) and of the credential query
// parameters (code, access_token, id_token, token, X-Amz-Signature, ...),
// names kept.
package vpclattice

//go:generate go run ../internal/genlossless

import (
	"encoding/base64"
	"net/http"

	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

// Response is what a Lambda target returns to VPC Lattice, for both event
// structure versions. StatusDescription is the status line text, "200 OK";
// Headers hold one value per name.
type Response struct {
	StatusCode        int               `json:"statusCode"`
	StatusDescription string            `json:"statusDescription,omitempty"`
	Headers           map[string]string `json:"headers,omitempty"`
	Body              string            `json:"body"`
	IsBase64Encoded   bool              `json:"isBase64Encoded"`
}

// NewResponse returns a response with status, its description, the headers
// h and body (base64 text when isBase64 is set). The values of a header
// are joined with ", ", but for Set-Cookie, which keeps its last value
// (the headers member holds one string per name).
func NewResponse(status int, h http.Header, body string, isBase64 bool) *Response {
	return &Response{
		StatusCode:        status,
		StatusDescription: httpreq.StatusDescription(status),
		Headers:           httpreq.SingleValueHeaders(h),
		Body:              body,
		IsBase64Encoded:   isBase64,
	}
}

// JSONResponse returns a response with status, v encoded as JSON for body
// and Content-Type application/json.
func JSONResponse(status int, v any) (*Response, error) {
	b, err := httpreq.JSONText("vpclattice", status, v)
	if err != nil {
		return nil, err
	}
	return NewResponse(status, http.Header{"Content-Type": {"application/json"}}, b, false), nil
}

// BinaryResponse returns a response with status and data, base64-encoded,
// of the given content type.
func BinaryResponse(status int, contentType string, data []byte) (*Response, error) {
	if err := httpreq.CheckStatus("vpclattice", status); err != nil {
		return nil, err
	}
	return NewResponse(status, http.Header{"Content-Type": {contentType}}, base64.StdEncoding.EncodeToString(data), true), nil
}
