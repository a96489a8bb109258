package apigateway

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func init() {
	// Only WebSocket APIs send requestContext.connectionId and
	// requestContext.eventType; a MESSAGE event carries nothing else at the
	// top level but body and isBase64Encoded. The $connect Lambda
	// authorizer receives the same request context plus type ("REQUEST")
	// and methodArn: aws.apigateway.authorizer.websocket. The REST rule
	// requires connectionId absent, so samples built from a REST event plus
	// WebSocket keys land here.
	sources.Register[WebSocketEvent]("aws.apigateway.websocket", "Amazon API Gateway WebSocket API integration ($connect, $disconnect, messages)", sources.PriorityShape,
		registry.All(
			registry.PathExists("requestContext.connectionId"),
			registry.PathExists("requestContext.eventType"),
			registry.PathAbsent("methodArn"),
			registry.PathAbsent("type"),
		))
}

// Event types of [WebSocketRequestContext].EventType.
const (
	WebSocketConnect    = "CONNECT"    // the $connect route: a client opens a connection
	WebSocketMessage    = "MESSAGE"    // a message from the client, on $default or a custom route
	WebSocketDisconnect = "DISCONNECT" // the $disconnect route: the connection closed (best effort)
)

// Predefined route keys of WebSocket APIs, in
// [WebSocketRequestContext].RouteKey; custom routes have the keys the API
// defines ("sendmessage").
const (
	RouteConnect    = "$connect"
	RouteDisconnect = "$disconnect"
	RouteDefault    = "$default"
)

// WebSocketEvent is the request a WebSocket API passes to a Lambda proxy
// integration: on $connect the handshake's headers and query string
// parameters, on $disconnect a few headers, on a message (a $default or
// custom route) only the body. The function answers with a
// [WebSocketResponse]; it sends messages to the client through the API
// Gateway Management API at [WebSocketEvent.CallbackURL].
//
// Headers holds the last value of each header, MultiValueHeaders all of
// them; the same holds for the query string parameters, whose names are
// case-sensitive.
//
//evplugin:derived DecodedBody JSONBody CallbackURL
type WebSocketEvent struct {
	lossless.Extra
	RequestParamsV1
	StageVariables  map[string]string       `json:"stageVariables"`
	RequestContext  WebSocketRequestContext `json:"requestContext"`
	Body            string                  `json:"body"`
	IsBase64Encoded bool                    `json:"isBase64Encoded"` // absent from some events: false
}

// WebSocketRequestContext describes the API, stage, route, connection and
// caller of a WebSocket request, in a WebSocket event and in the event of
// the $connect Lambda authorizer.
//
//evplugin:derived Timestamp ConnectedTime
type WebSocketRequestContext struct {
	lossless.Extra
	RouteKey             string              `json:"routeKey"`  // "$connect", "$disconnect", "$default" or a custom route
	EventType            string              `json:"eventType"` // CONNECT, MESSAGE or DISCONNECT
	MessageID            string              `json:"messageId"` // MESSAGE events only
	ConnectionID         string              `json:"connectionId"`
	ConnectedAt          int64               `json:"connectedAt"` // epoch milliseconds
	DisconnectStatusCode int64               `json:"disconnectStatusCode"`
	DisconnectReason     string              `json:"disconnectReason"`
	MessageDirection     string              `json:"messageDirection"` // "IN"
	ExtendedRequestID    string              `json:"extendedRequestId"`
	RequestID            string              `json:"requestId"`
	RequestTime          string              `json:"requestTime"`      // "11/Nov/2024:13:45:46 +0000"
	RequestTimeEpoch     int64               `json:"requestTimeEpoch"` // epoch milliseconds
	Stage                string              `json:"stage"`
	DomainName           string              `json:"domainName"`
	APIID                string              `json:"apiId"`
	AccountID            string              `json:"accountId"`
	Identity             RESTIdentity        `json:"identity"`
	Authorizer           WebSocketAuthorizer `json:"authorizer"`
}

// Timestamp is the time API Gateway received the request: RequestTimeEpoch
// (milliseconds) when set, otherwise RequestTime parsed.
func (c WebSocketRequestContext) Timestamp() (time.Time, error) {
	return httpreq.Time(c.RequestTime, c.RequestTimeEpoch)
}

// ConnectedTime is the time the client connected, from ConnectedAt.
func (c WebSocketRequestContext) ConnectedTime() (time.Time, error) {
	return httpreq.Time("", c.ConnectedAt)
}

// WebSocketAuthorizer is what the $connect route's Lambda authorizer passed
// on, for every event of the connection: its principalId, the
// integrationLatency and the members of the context it returned, as
// free-form JSON.
type WebSocketAuthorizer map[string]any

// PrincipalID returns the principalId the Lambda authorizer returned.
func (a WebSocketAuthorizer) PrincipalID() string { return principalID(a) }

// IntegrationLatency returns how long the Lambda authorizer took, and
// whether the event says.
func (a WebSocketAuthorizer) IntegrationLatency() (time.Duration, bool) {
	return integrationLatency(a)
}

// Value returns a member of the context the Lambda authorizer returned as
// text (strings as they are, numbers with their digits, booleans as
// true/false).
func (a WebSocketAuthorizer) Value(name string) (string, bool) {
	v, ok := a[name]
	if !ok {
		return "", false
	}
	return claimString(v)
}

// SensitivePaths names, for the printer, the credential headers (any
// casing) in Headers and MultiValueHeaders, the credential query string
// parameters ([printer.SensitiveQuery]: token, access_token, code, ...; on
// $connect credentials ride in the query, as browsers cannot set headers on
// a WebSocket) and every value the authorizer passed on, keeping their
// names.
func (e WebSocketEvent) SensitivePaths() []string {
	paths := e.RequestParamsV1.SensitivePaths()
	if e.RequestContext.Authorizer != nil {
		paths = append(paths, "requestContext.authorizer.**")
	}
	return paths
}

// DecodedBody returns the body, base64-decoded when IsBase64Encoded is
// set (a binary frame); nil when there is none.
func (e WebSocketEvent) DecodedBody() ([]byte, error) {
	return body.Optional(e.Body, e.IsBase64Encoded)
}

// JSONBody decodes the body, a JSON document (base64-encoded or not),
// into v. An empty body is an error, which the printer leaves out of the
// view (no body is nothing to decode, not a failure).
func (e WebSocketEvent) JSONBody(v any) error { return body.DecodeJSON(e.Body, e.IsBase64Encoded, v) }

// StageVariable returns the value of a stage variable.
func (e WebSocketEvent) StageVariable(name string) (string, bool) {
	v, ok := e.StageVariables[name]
	return v, ok
}

// ErrNoConnection reports an event without the connection ID, domain name
// or stage a callback URL is built from.
var ErrNoConnection = errors.New("apigateway: no connectionId, domainName or stage for a callback URL")

// ManagementEndpoint returns the endpoint of the API Gateway Management API
// for the connection's API and stage, https://{domainName}/{stage}: the
// endpoint an SDK client of the Management API (PostToConnection,
// GetConnection, DeleteConnection) is configured with.
//
// On the API's own endpoint ({api-id}.execute-api.{region}.amazonaws.com)
// that is the documented form. When clients connect through a custom
// domain name, DomainName is that name and the path after it is the API
// mapping's path, which need not be the stage name: use the execute-api
// endpoint instead, or a URL built from the mapping.
func (c WebSocketRequestContext) ManagementEndpoint() (string, error) {
	if c.DomainName == "" || c.Stage == "" {
		return "", ErrNoConnection
	}
	return "https://" + c.DomainName + "/" + url.PathEscape(c.Stage), nil
}

// CallbackURL returns the URL of the connection in the API Gateway
// Management API, https://{domainName}/{stage}/@connections/{connectionId},
// with the connection ID URL-encoded ("R0oXAdfD0kwCH6w=" becomes
// "R0oXAdfD0kwCH6w%3D"): POST sends a message to the client, GET describes
// the connection, DELETE closes it. The requests must be signed (SigV4,
// service execute-api). See [WebSocketRequestContext.ManagementEndpoint]
// for custom domain names.
func (e WebSocketEvent) CallbackURL() (string, error) {
	base, err := e.RequestContext.ManagementEndpoint()
	if err != nil || e.RequestContext.ConnectionID == "" {
		return "", ErrNoConnection
	}
	return base + "/@connections/" + escapeAll(e.RequestContext.ConnectionID), nil
}

// escapeAll percent-encodes every byte of s but the unreserved characters
// of RFC 3986 (letters, digits, "-", ".", "_", "~").
func escapeAll(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// WebSocketResponse is what a Lambda proxy integration of a WebSocket API
// returns. On $connect, a status outside 2xx refuses the connection; on
// other routes the response reaches the client only when the route has a
// route response (two-way communication), as a message holding Body.
// Headers, Body and IsBase64Encoded are optional and left out when unset.
type WebSocketResponse struct {
	StatusCode      int               `json:"statusCode"`
	Headers         map[string]string `json:"headers,omitempty"`
	Body            string            `json:"body,omitempty"`
	IsBase64Encoded bool              `json:"isBase64Encoded,omitempty"`
}

// WebSocketJSONResponse returns a response with status and v encoded as
// JSON for body, the message a route with a route response sends back.
func WebSocketJSONResponse(status int, v any) (WebSocketResponse, error) {
	b, err := jsonBody(status, v)
	if err != nil {
		return WebSocketResponse{}, err
	}
	return WebSocketResponse{StatusCode: status, Body: b}, nil
}
