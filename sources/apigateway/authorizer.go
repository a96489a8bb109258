package apigateway

import (
	"net/http"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/header"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func init() {
	// The input of a Lambda authorizer carries type, the authorizer type, and
	// the ARN of what is called; no proxy event has either (the REST and HTTP
	// API rules require both absent). TOKEN authorizers exist on REST APIs
	// only and always get a methodArn.
	sources.Register[TokenAuthorizerEvent]("aws.apigateway.authorizer.token",
		"Amazon API Gateway REST API Lambda authorizer (TOKEN)", sources.PriorityExact,
		registry.All(
			registry.PathEquals("type", "TOKEN"),
			registry.PathExists("methodArn"),
		))
	// REQUEST authorizers of REST APIs, and of HTTP APIs with authorizer
	// payload format 1.0 (which AWS made the REST shape, plus version "1.0",
	// identitySource and authorizationToken: RequestAuthorizerEvent models
	// both), get a methodArn; the $connect authorizer of a WebSocket API
	// gets one too, with requestContext.connectionId, which is
	// aws.apigateway.authorizer.websocket.
	sources.Register[RequestAuthorizerEvent]("aws.apigateway.authorizer.request",
		"Amazon API Gateway REST API Lambda authorizer (REQUEST)", sources.PriorityExact,
		registry.All(
			registry.PathEquals("type", "REQUEST"),
			registry.PathExists("methodArn"),
			registry.PathAbsent("requestContext.connectionId"),
		))
	// HTTP API authorizers with payload format 2.0 get a routeArn, never a
	// methodArn.
	sources.Register[HTTPAuthorizerEvent]("aws.apigateway.authorizer.http",
		"Amazon API Gateway HTTP API Lambda authorizer (payload format 2.0)", sources.PriorityExact,
		registry.All(
			registry.PathEquals("type", "REQUEST"),
			registry.PathEquals("version", "2.0"),
			registry.PathExists("routeArn"),
			registry.PathAbsent("methodArn"),
		))
}

// TokenAuthorizerEvent is the input of a REST API Lambda authorizer of type
// TOKEN: the caller's token, from the header the authorizer names as its
// token source, and the method called. Answer with an [AuthorizerResponse]
// (or [ErrUnauthorized] for 401).
//
//evplugin:derived ParsedMethodARN
type TokenAuthorizerEvent struct {
	lossless.Extra
	Type               string `json:"type"` // "TOKEN"
	AuthorizationToken string `json:"authorizationToken" sensitive:"true"`
	MethodARN          string `json:"methodArn"` // arn:aws:execute-api:<region>:<account>:<api>/<stage>/<VERB>/<resource>
}

// ParsedMethodARN parses MethodARN (see [ParseMethodARN]).
func (e TokenAuthorizerEvent) ParsedMethodARN() (MethodARN, error) {
	return ParseMethodARN(e.MethodARN)
}

// RequestAuthorizerEvent is the input of a Lambda authorizer of type
// REQUEST of a REST API, or of an HTTP API using authorizer payload format
// 1.0: the request's headers, query string, path and stage variables and
// context, and the method called. Answer with an [AuthorizerResponse] (or
// [ErrUnauthorized] for 401).
//
// A REST API sends no Version, IdentitySource nor AuthorizationToken, and
// null maps where the request has none (queryStringParameters,
// pathParameters, stageVariables); an HTTP API sends Version "1.0" (see
// [RequestAuthorizerEvent.FromHTTPAPI]), the identity source values and,
// in AuthorizationToken, the same values again, and no multi-value maps.
//
//evplugin:derived ParsedMethodARN
type RequestAuthorizerEvent struct {
	lossless.Extra
	Version                         string              `json:"version"` // "1.0" from an HTTP API, absent from a REST API
	Type                            string              `json:"type"`    // "REQUEST"
	MethodARN                       string              `json:"methodArn"`
	IdentitySource                  string              `json:"identitySource" sensitive:"true"` // HTTP API: the identity source values, comma-joined
	AuthorizationToken              string              `json:"authorizationToken" sensitive:"true"`
	Resource                        string              `json:"resource"`
	Path                            string              `json:"path"`
	HTTPMethod                      string              `json:"httpMethod"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	PathParameters                  map[string]string   `json:"pathParameters"`
	StageVariables                  map[string]string   `json:"stageVariables"`
	RequestContext                  RESTRequestContext  `json:"requestContext"`
}

// ParsedMethodARN parses MethodARN (see [ParseMethodARN]).
func (e RequestAuthorizerEvent) ParsedMethodARN() (MethodARN, error) {
	return ParseMethodARN(e.MethodARN)
}

// FromHTTPAPI reports whether the event comes from an HTTP API (authorizer
// payload format 1.0, Version "1.0") rather than a REST API, which sends no
// version.
func (e RequestAuthorizerEvent) FromHTTPAPI() bool { return e.Version == "1.0" }

// SensitivePaths names, for the printer, the credential headers (any
// casing) in Headers and MultiValueHeaders and the credential query string
// parameters ([printer.SensitiveQuery]: code, access_token, ...) in both
// query maps, keeping their names.
func (e RequestAuthorizerEvent) SensitivePaths() []string {
	return httpreq.SecretPathsV1(e.Headers, e.MultiValueHeaders, e.QueryStringParameters, e.MultiValueQueryStringParameters)
}

// Header returns the value of a header, its name matched
// case-insensitively: from Headers (the last value sent), else the last
// of MultiValueHeaders.
func (e RequestAuthorizerEvent) Header(name string) (string, bool) {
	return httpreq.LastHeader(e.Headers, e.MultiValueHeaders, name)
}

// HeaderValues returns every value of a header, its name matched
// case-insensitively: from MultiValueHeaders, else the one in Headers.
func (e RequestAuthorizerEvent) HeaderValues(name string) []string {
	return httpreq.AllHeaderValues(e.Headers, e.MultiValueHeaders, name)
}

// QueryParam returns the (last) value of a query string parameter; names
// are case-sensitive.
func (e RequestAuthorizerEvent) QueryParam(name string) (string, bool) {
	return httpreq.LastQueryParam(e.QueryStringParameters, e.MultiValueQueryStringParameters, name)
}

// QueryParamValues returns every value of a query string parameter.
func (e RequestAuthorizerEvent) QueryParamValues(name string) []string {
	return httpreq.AllQueryParamValues(e.QueryStringParameters, e.MultiValueQueryStringParameters, name)
}

// PathParam returns the value of a path parameter ({name} in Resource).
func (e RequestAuthorizerEvent) PathParam(name string) (string, bool) {
	v, ok := e.PathParameters[name]
	return v, ok
}

// StageVariable returns the value of a stage variable.
func (e RequestAuthorizerEvent) StageVariable(name string) (string, bool) {
	v, ok := e.StageVariables[name]
	return v, ok
}

// ParsedCookies parses the Cookie headers of the request.
func (e RequestAuthorizerEvent) ParsedCookies() []*http.Cookie {
	return httpreq.Cookies(e.HeaderValues("Cookie"))
}

// Cookie returns the value of the first cookie called name.
func (e RequestAuthorizerEvent) Cookie(name string) (string, bool) {
	return httpreq.Cookie(e.HeaderValues("Cookie"), name)
}

// HTTPAuthorizerEvent is the input of an HTTP API Lambda authorizer using
// payload format 2.0: the request as an HTTP API integration would get it,
// without the body, and the route called. Answer with a
// [SimpleAuthorizerResponse] (simple responses enabled) or an
// [AuthorizerResponse].
//
// Cookies, Headers and QueryStringParameters are absent when the request
// has none; IdentitySource holds the values of the authorizer's identity
// sources (the credentials: a bearer token, an API key), absent when it has
// none.
//
//evplugin:derived ParsedRouteARN
type HTTPAuthorizerEvent struct {
	lossless.Extra
	Version               string             `json:"version"` // "2.0"
	Type                  string             `json:"type"`    // "REQUEST"
	RouteARN              string             `json:"routeArn"`
	IdentitySource        []string           `json:"identitySource"`
	RouteKey              string             `json:"routeKey"`
	RawPath               string             `json:"rawPath"`
	RawQueryString        string             `json:"rawQueryString"`
	Cookies               []string           `json:"cookies"`
	Headers               map[string]string  `json:"headers"`
	QueryStringParameters map[string]string  `json:"queryStringParameters"`
	RequestContext        HTTPRequestContext `json:"requestContext"`
	PathParameters        map[string]string  `json:"pathParameters"`
	StageVariables        map[string]string  `json:"stageVariables"`
}

// ParsedRouteARN parses RouteARN (see [ParseRouteARN]).
func (e HTTPAuthorizerEvent) ParsedRouteARN() (MethodARN, error) { return ParseRouteARN(e.RouteARN) }

// SensitivePaths names, for the printer, the identity source values, the
// cookies, the credential headers (any casing) and the credential query
// string parameters ([printer.SensitiveQuery]), keeping their names.
func (e HTTPAuthorizerEvent) SensitivePaths() []string {
	return append(httpreq.SecretPathsV2(e.Headers, e.QueryStringParameters), "identitySource.**")
}

// Redacted gives the printer RawQueryString with the values of its
// credential parameters masked, names kept: "code=[SENSITIVE]&x=1".
func (e HTTPAuthorizerEvent) Redacted() map[string]string { return redactedRawQuery(e.RawQueryString) }

// Header returns the value of a header, its name matched
// case-insensitively; repeated headers arrive joined with commas.
func (e HTTPAuthorizerEvent) Header(name string) (string, bool) { return header.Get(e.Headers, name) }

// HeaderValues returns the values of a header, its name matched
// case-insensitively, split at the commas API Gateway joined them with.
func (e HTTPAuthorizerEvent) HeaderValues(name string) []string {
	return httpreq.HeaderValues(e.Headers, name)
}

// QueryParam returns a query string parameter as API Gateway passes it:
// repeated parameters joined with commas. Names are case-sensitive.
func (e HTTPAuthorizerEvent) QueryParam(name string) (string, bool) {
	v, ok := e.QueryStringParameters[name]
	return v, ok
}

// QueryParamValues returns every value of a query string parameter, decoded
// from RawQueryString; without a raw query string, the value in
// QueryStringParameters.
func (e HTTPAuthorizerEvent) QueryParamValues(name string) []string {
	return httpreq.QueryParamValues(e.RawQueryString, e.QueryStringParameters, name)
}

// PathParam returns the value of a path parameter ({name} in the route).
func (e HTTPAuthorizerEvent) PathParam(name string) (string, bool) {
	v, ok := e.PathParameters[name]
	return v, ok
}

// StageVariable returns the value of a stage variable.
func (e HTTPAuthorizerEvent) StageVariable(name string) (string, bool) {
	v, ok := e.StageVariables[name]
	return v, ok
}

// ParsedCookies parses Cookies.
func (e HTTPAuthorizerEvent) ParsedCookies() []*http.Cookie { return httpreq.Cookies(e.Cookies) }

// Cookie returns the value of the first cookie called name.
func (e HTTPAuthorizerEvent) Cookie(name string) (string, bool) {
	return httpreq.Cookie(e.Cookies, name)
}

// Method returns the HTTP method, requestContext.http.method.
func (e HTTPAuthorizerEvent) Method() string { return e.RequestContext.HTTP.Method }

// Path returns RawPath without the stage (see [HTTPEvent.Path]).
func (e HTTPAuthorizerEvent) Path() string { return stagelessPath(e.RawPath, e.RequestContext.Stage) }
