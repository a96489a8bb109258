package apigateway

import (
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
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
	Type      string `json:"type"` // "REQUEST"
	MethodARN string `json:"methodArn"`
	RequestParamsV1
	StageVariables map[string]string       `json:"stageVariables"`
	RequestContext WebSocketRequestContext `json:"requestContext"`
}

// RouteKey returns the route key MethodARN ends with, "$connect" (the
// reference library reads it as the HTTP method).
func (e WebSocketAuthorizerEvent) RouteKey() (string, error) {
	a, err := ParseMethodARN(e.MethodARN)
	if err != nil {
		return "", err
	}
	return a.RouteKey(), nil
}

// StageVariable returns the value of a stage variable.
func (e WebSocketAuthorizerEvent) StageVariable(name string) (string, bool) {
	v, ok := e.StageVariables[name]
	return v, ok
}
