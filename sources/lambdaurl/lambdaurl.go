// Package lambdaurl models the requests a Lambda function URL passes to its
// function, and the responses it expects back.
//
//	aws.lambda.url  Event  https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads
//
// Function URLs send events of API Gateway's payload format 2.0 shape; the
// distinctive mark, which detection relies on, is requestContext.domainName,
// <url-id>.lambda-url.<region>.on.aws. [Event] is an
// [apigateway.HTTPEvent], and responses are API Gateway's too.
//
// The printer masks the values of the Authorization, Proxy-Authorization,
// Cookie, X-Api-Key and X-Amz-Security-Token headers, the cookies array,
// the credential query parameters (in queryStringParameters and inside
// rawQueryString) and every value under requestContext.authorizer, as
// [apigateway.HTTPEvent] does.
//
// [Event] serves net/http handlers through evplugin.HTTPHandler (the
// HTTPRequest and HTTPResponse methods of apigateway.HTTPEvent), and
// streams their responses through evplugin.HTTPStreamHandler
// ([Event.HTTPStreamPrelude]) when the URL's invoke mode is
// RESPONSE_STREAM.
package lambdaurl

import (
	"net/http"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func init() {
	// Payload format 2.0 (as aws.apigateway.http; see httpreq.PayloadV2,
	// which does not require routeKey: a function URL may leave it out)
	// whose domain name is a function URL endpoint,
	// <url-id>.lambda-url.<region>.on.aws; ranked above the HTTP API rule it
	// refines.
	sources.Register[Event]("aws.lambda.url", "AWS Lambda function URL", sources.PriorityShape+10,
		httpreq.PayloadV2().And(registry.PathContains("requestContext.domainName", ".lambda-url.")))
}

// Event is the request a function URL passes to its function: API
// Gateway's payload format 2.0, so it is an [apigateway.HTTPEvent], with
// its fields and helpers (Header, QueryParamValues, DecodedBody, JSONBody,
// Cookie, Method, ...). A function URL sends routeKey "$default" (a
// placeholder, which may also be left out) and null pathParameters and
// stageVariables; its requestContext carries
// no stage variables nor JWT or Lambda authorizer, and the authorizer only
// for auth type AWS_IAM ([Event.IAM]). Repeated headers and query string
// parameters arrive joined with commas; Cookie headers arrive split into
// Cookies.
type Event struct {
	apigateway.HTTPEvent
}

// Response is what a function returns to its function URL.
type Response = apigateway.HTTPResponse

// JSONResponse returns a response with status, v encoded as JSON for body
// and Content-Type application/json.
func JSONResponse(status int, v any) (Response, error) { return apigateway.JSONResponse(status, v) }

// BinaryResponse returns a response with status and data, base64-encoded,
// of the given content type.
func BinaryResponse(status int, contentType string, data []byte) (Response, error) {
	return apigateway.BinaryResponse(status, contentType, data)
}

// HTTPStreamPrelude returns the [apigateway.StreamMetadata] that starts a
// streamed response (a function URL whose invoke mode is RESPONSE_STREAM;
// see evplugin.HTTPStreamHandler): the status, the headers joined as
// [apigateway.HTTPEvent.HTTPResponse] joins them, and the Set-Cookie
// headers in Cookies.
func (e Event) HTTPStreamPrelude(status int, header http.Header) (any, error) {
	v, err := e.HTTPResponse(status, header, nil)
	if err != nil {
		return nil, err
	}
	r := v.(apigateway.HTTPResponse)
	return apigateway.StreamMetadata{StatusCode: r.StatusCode, Headers: r.Headers, Cookies: r.Cookies}, nil
}
