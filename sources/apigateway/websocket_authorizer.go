package apigateway

import (
	"net/http"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func init() {
	// A Lambda authorizer of type REQUEST receives type and methodArn; the
	// one of a WebSocket API (on $connect, the only route it can guard)
	// also receives the WebSocket request context, with connectionId, which
	// a REST API's REQUEST authorizer (aws.apigateway.authorizer.request:
	// connectionId absent) never does.
	sources.Register[WebSocketAuthorizerEvent]("aws.apigateway.authorizer.websocket", "Amazon API Gateway WebSocket API Lambda authorizer (REQUEST, $connect)", sources.PriorityShape,
		registry.All(
			registry.PathEquals("type", "REQUEST"),
			registry.PathExists("methodArn"),
			registry.PathExists("requestContext.connectionId"),
		))
}

// WebSocketAuthorizerEvent is the request a WebSocket API passes to the
// Lambda authorizer (type REQUEST) of its $connect route: the handshake's
// headers and query string parameters, the stage variables and the
// WebSocket request context (route $connect, event type CONNECT, the new
// connection's ID). Unlike a REST API's, its MethodARN has no HTTP method:
// it ends with the route key, arn:aws:execute-api:{region}:{account-id}:{api-id}/{stage}/$connect
// ([WebSocketAuthorizerEvent.RouteKey]). There are no path parameters.
//
// Headers holds the last value of each header, MultiValueHeaders all of
// them; the same holds for the query string parameters, whose names are
// case-sensitive. Browsers cannot set headers on a WebSocket, so tokens
// often ride in the query string.
//
//evplugin:derived RouteKey
type WebSocketAuthorizerEvent struct {
	lossless.Extra
	Type                            string                  `json:"type"` // "REQUEST"
	MethodARN                       string                  `json:"methodArn"`
	Headers                         map[string]string       `json:"headers"`
	MultiValueHeaders               map[string][]string     `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string       `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string     `json:"multiValueQueryStringParameters"`
	StageVariables                  map[string]string       `json:"stageVariables"`
	RequestContext                  WebSocketRequestContext `json:"requestContext"`
}

// RouteKey returns the route key MethodARN ends with, "$connect" (the
// reference library reads it as the HTTP method).
func (e WebSocketAuthorizerEvent) RouteKey() (string, error) { return webSocketRouteKey(e.MethodARN) }

// SensitivePaths names, for the printer, the credential headers (any
// casing) in Headers and MultiValueHeaders and the credential query string
// parameters ([printer.SensitiveQuery]: token, access_token, code, ...),
// keeping their names.
func (e WebSocketAuthorizerEvent) SensitivePaths() []string {
	return webSocketSecrets(e.Headers, e.MultiValueHeaders, e.QueryStringParameters, e.MultiValueQueryStringParameters)
}

// Header returns the value of a header, its name matched
// case-insensitively: from Headers (the last value sent), else the last
// of MultiValueHeaders.
func (e WebSocketAuthorizerEvent) Header(name string) (string, bool) {
	return httpreq.HeaderV1(e.Headers, e.MultiValueHeaders, name)
}

// HeaderValues returns every value of a header, its name matched
// case-insensitively: from MultiValueHeaders, else the one in Headers.
func (e WebSocketAuthorizerEvent) HeaderValues(name string) []string {
	return httpreq.HeaderValuesV1(e.Headers, e.MultiValueHeaders, name)
}

// QueryParam returns the (last) value of a query string parameter; names
// are case-sensitive.
func (e WebSocketAuthorizerEvent) QueryParam(name string) (string, bool) {
	return httpreq.QueryParamV1(e.QueryStringParameters, e.MultiValueQueryStringParameters, name)
}

// QueryParamValues returns every value of a query string parameter; names
// are case-sensitive.
func (e WebSocketAuthorizerEvent) QueryParamValues(name string) []string {
	return httpreq.QueryParamValuesV1(e.QueryStringParameters, e.MultiValueQueryStringParameters, name)
}

// StageVariable returns the value of a stage variable.
func (e WebSocketAuthorizerEvent) StageVariable(name string) (string, bool) {
	v, ok := e.StageVariables[name]
	return v, ok
}

// ParsedCookies parses the Cookie headers of the $connect request.
func (e WebSocketAuthorizerEvent) ParsedCookies() []*http.Cookie {
	return httpreq.Cookies(e.HeaderValues("Cookie"))
}

// Cookie returns the value of the first cookie called name.
func (e WebSocketAuthorizerEvent) Cookie(name string) (string, bool) {
	return httpreq.Cookie(e.HeaderValues("Cookie"), name)
}
