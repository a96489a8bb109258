// Package lambdaurl models the requests a Lambda function URL passes to its
// function, and the responses it expects back.
//
//	aws.lambda.url  Event  https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads
//
// Function URLs send events of API Gateway's payload format 2.0 shape; the
// distinctive mark, which detection relies on, is requestContext.domainName,
// <url-id>.lambda-url.<region>.on.aws. The pieces whose JSON is identical
// to API Gateway's come from package sources/apigateway.
//
// The printer masks the values of the Authorization, Proxy-Authorization,
// Cookie, X-Api-Key and X-Amz-Security-Token headers and the cookies array.
package lambdaurl

//go:generate go run ../internal/genlossless

import (
	"net/http"
	"time"

	"github.com/evplugin/evplugin/lossless"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/header"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func init() {
	// Payload format 2.0 (as aws.apigateway.http; see httpreq.PayloadV2)
	// whose domain name is a function URL endpoint,
	// <url-id>.lambda-url.<region>.on.aws; ranked above the HTTP API rule it
	// refines.
	sources.Register[Event]("aws.lambda.url", "AWS Lambda function URL", sources.PriorityShape+10,
		httpreq.PayloadV2().And(registry.PathContains("requestContext.domainName", ".lambda-url.")))
}

// Event is the request a function URL passes to its function. Repeated
// headers and query string parameters arrive joined with commas; Cookie
// headers arrive split into Cookies.
type Event struct {
	lossless.Extra
	Version               string            `json:"version"`
	RouteKey              string            `json:"routeKey"` // always "$default"
	RawPath               string            `json:"rawPath"`
	RawQueryString        string            `json:"rawQueryString"`
	Cookies               []string          `json:"cookies"`
	Headers               map[string]string `json:"headers"`
	QueryStringParameters map[string]string `json:"queryStringParameters"`
	RequestContext        RequestContext    `json:"requestContext"`
	Body                  string            `json:"body"`
	PathParameters        map[string]string `json:"pathParameters"` // always null
	IsBase64Encoded       bool              `json:"isBase64Encoded"`
	StageVariables        map[string]string `json:"stageVariables"` // always null
}

// RequestContext describes the function URL and the caller.
type RequestContext struct {
	lossless.Extra
	AccountID      string                     `json:"accountId"` // the caller's account with AWS_IAM, "anonymous" otherwise
	APIID          string                     `json:"apiId"`     // the URL ID
	Authentication *apigateway.Authentication `json:"authentication"`
	Authorizer     *Authorizer                `json:"authorizer"`
	DomainName     string                     `json:"domainName"`
	DomainPrefix   string                     `json:"domainPrefix"`
	HTTP           apigateway.HTTPDescription `json:"http"`
	RequestID      string                     `json:"requestId"`
	RouteKey       string                     `json:"routeKey"`
	Stage          string                     `json:"stage"`
	Time           string                     `json:"time"` // "12/Mar/2020:19:03:58 +0000"
	TimeEpoch      int64                      `json:"timeEpoch"`
}

// Derived lists the derived values the printer shows.
func (c RequestContext) Derived() []printer.Derived {
	return []printer.Derived{printer.Derive("Timestamp", c.Timestamp)}
}

// Timestamp is the time Lambda received the request: TimeEpoch
// (milliseconds) when set, otherwise Time parsed.
func (c RequestContext) Timestamp() (time.Time, error) {
	return httpreq.Time(c.Time, c.TimeEpoch)
}

// Authorizer holds the signer of a request to a function URL whose auth
// type is AWS_IAM.
type Authorizer struct {
	lossless.Extra
	IAM *apigateway.IAMAuthorizer `json:"iam"`
}

// IAM returns the signer of the request, nil when the URL's auth type is
// NONE.
func (e Event) IAM() *apigateway.IAMAuthorizer {
	if e.RequestContext.Authorizer == nil {
		return nil
	}
	return e.RequestContext.Authorizer.IAM
}

// Derived lists the derived values the printer shows.
func (e Event) Derived() []printer.Derived {
	return []printer.Derived{printer.Derive("DecodedBody", e.DecodedBody), printer.DeriveInto("JSONBody", e.JSONBody)}
}

// SensitivePaths names, for the printer, the credential headers (any
// casing) and the cookies.
func (e Event) SensitivePaths() []string {
	return append([]string{"cookies"}, httpreq.SecretPaths("headers", e.Headers)...)
}

// DecodedBody returns the body, base64-decoded when IsBase64Encoded is
// set (function URLs encode every body that is not text); nil when there
// is none.
func (e Event) DecodedBody() ([]byte, error) { return body.Optional(e.Body, e.IsBase64Encoded) }

// JSONBody decodes the body, a JSON document (base64-encoded or not),
// into v. An empty body is an error.
func (e Event) JSONBody(v any) error { return body.DecodeJSON(e.Body, e.IsBase64Encoded, v) }

// Header returns the value of a header, its name matched
// case-insensitively; repeated headers arrive joined with commas.
func (e Event) Header(name string) (string, bool) { return header.Get(e.Headers, name) }

// HeaderValues returns the values of a header, its name matched
// case-insensitively, split at the commas they were joined with (so a
// single value holding a comma is split too).
func (e Event) HeaderValues(name string) []string { return httpreq.HeaderValues(e.Headers, name) }

// QueryParam returns a query string parameter as the event carries it:
// repeated parameters joined with commas. Names are case-sensitive.
func (e Event) QueryParam(name string) (string, bool) {
	v, ok := e.QueryStringParameters[name]
	return v, ok
}

// QueryParamValues returns every value of a query string parameter, decoded
// from RawQueryString; without a raw query string, the value in
// QueryStringParameters.
func (e Event) QueryParamValues(name string) []string {
	return httpreq.QueryParamValues(e.RawQueryString, e.QueryStringParameters, name)
}

// ParsedCookies parses Cookies.
func (e Event) ParsedCookies() []*http.Cookie { return httpreq.Cookies(e.Cookies) }

// Cookie returns the value of the first cookie called name.
func (e Event) Cookie(name string) (string, bool) { return httpreq.Cookie(e.Cookies, name) }

// Method returns the HTTP method, requestContext.http.method.
func (e Event) Method() string { return e.RequestContext.HTTP.Method }

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
