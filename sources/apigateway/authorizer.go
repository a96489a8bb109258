package apigateway

import (
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
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
	Version            string `json:"version"` // "1.0" from an HTTP API, absent from a REST API
	Type               string `json:"type"`    // "REQUEST"
	MethodARN          string `json:"methodArn"`
	IdentitySource     string `json:"identitySource" sensitive:"true"` // HTTP API: the identity source values, comma-joined
	AuthorizationToken string `json:"authorizationToken" sensitive:"true"`
	Resource           string `json:"resource"`
	Path               string `json:"path"`
	HTTPMethod         string `json:"httpMethod"`
	RequestParamsV1
	RouteVariables
	RequestContext RESTRequestContext `json:"requestContext"`
}

// ParsedMethodARN parses MethodARN (see [ParseMethodARN]).
func (e RequestAuthorizerEvent) ParsedMethodARN() (MethodARN, error) {
	return ParseMethodARN(e.MethodARN)
}

// FromHTTPAPI reports whether the event comes from an HTTP API (authorizer
// payload format 1.0, Version "1.0") rather than a REST API, which sends no
// version.
func (e RequestAuthorizerEvent) FromHTTPAPI() bool { return e.Version == "1.0" }

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
	Version        string   `json:"version"` // "2.0"
	Type           string   `json:"type"`    // "REQUEST"
	RouteARN       string   `json:"routeArn"`
	IdentitySource []string `json:"identitySource"`
	RouteKey       string   `json:"routeKey"`
	RawPath        string   `json:"rawPath"`
	RequestParamsV2
	RequestContext HTTPRequestContext `json:"requestContext"`
	RouteVariables
}

// ParsedRouteARN parses RouteARN (see [ParseRouteARN]).
func (e HTTPAuthorizerEvent) ParsedRouteARN() (MethodARN, error) { return ParseRouteARN(e.RouteARN) }

// SensitivePaths names, for the printer, the identity source values, the
// cookies, the credential headers (any casing) and the credential query
// string parameters ([printer.SensitiveQuery]), keeping their names.
func (e HTTPAuthorizerEvent) SensitivePaths() []string {
	return append(e.RequestParamsV2.SensitivePaths(), "identitySource.**")
}

// Method returns the HTTP method, requestContext.http.method.
func (e HTTPAuthorizerEvent) Method() string { return e.RequestContext.HTTP.Method }

// Path returns RawPath without the stage (see [HTTPEvent.Path]).
func (e HTTPAuthorizerEvent) Path() string { return stagelessPath(e.RawPath, e.RequestContext.Stage) }
