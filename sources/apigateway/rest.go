package apigateway

import (
	"net/url"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func init() {
	// Payload format 1.0 is the only shape with a top-level resource (the
	// resource path template) beside httpMethod, path and requestContext;
	// ALB, WebSocket, VPC Lattice and Bedrock agent events have no resource.
	// A Lambda authorizer of type REQUEST (REST API, or HTTP API with
	// authorizer payload 1.0) receives the same keys plus type and methodArn,
	// which no proxy event carries. A WebSocket event never carries resource
	// either, but samples built from a REST event plus WebSocket keys
	// (aws-lambda-go's, Rust's) do: requestContext.connectionId, which only
	// WebSocket APIs send, leaves them to aws.apigateway.websocket.
	sources.Register[RESTEvent]("aws.apigateway.rest", "Amazon API Gateway REST API proxy integration (payload format 1.0)", sources.PriorityShape,
		registry.All(
			registry.PathExists("resource"),
			registry.PathExists("path"),
			registry.PathExists("httpMethod"),
			registry.PathExists("requestContext"),
			registry.PathAbsent("methodArn"),
			registry.PathAbsent("type"),
			registry.PathAbsent("requestContext.connectionId"),
		))
}

// RESTEvent is the request a REST API (or an HTTP API integration using
// payload format 1.0, Version "1.0") passes to a Lambda proxy integration.
//
// Headers holds the last value of each header, MultiValueHeaders all of
// them; the same holds for the query string parameters.
//
//evplugin:derived DecodedBody JSONBody
type RESTEvent struct {
	lossless.Extra
	Version    string `json:"version"` // "1.0" from HTTP APIs, absent from REST APIs
	Resource   string `json:"resource"`
	Path       string `json:"path"`
	HTTPMethod string `json:"httpMethod"`
	RequestParamsV1
	RouteVariables
	RequestContext  RESTRequestContext `json:"requestContext"`
	Body            string             `json:"body"`
	IsBase64Encoded bool               `json:"isBase64Encoded"`
}

// RESTRequestContext describes the API, stage, caller and authorizer of a
// payload format 1.0 request.
//
//evplugin:derived Timestamp
type RESTRequestContext struct {
	lossless.Extra
	AccountID         string         `json:"accountId"`
	APIID             string         `json:"apiId"`
	Authorizer        RESTAuthorizer `json:"authorizer"`
	DomainName        string         `json:"domainName"`
	DomainPrefix      string         `json:"domainPrefix"`
	ExtendedRequestID string         `json:"extendedRequestId"`
	HTTPMethod        string         `json:"httpMethod"`
	Identity          RESTIdentity   `json:"identity"`
	OperationName     string         `json:"operationName"` // the method's operation name, when one is set
	Path              string         `json:"path"`          // includes the stage, or the base path of a custom domain
	Protocol          string         `json:"protocol"`
	RequestID         string         `json:"requestId"`
	RequestTime       string         `json:"requestTime"` // "04/Mar/2020:19:15:17 +0000"
	RequestTimeEpoch  int64          `json:"requestTimeEpoch"`
	ResourceID        string         `json:"resourceId"`
	ResourcePath      string         `json:"resourcePath"`
	Stage             string         `json:"stage"`
}

// Timestamp is the time API Gateway received the request: RequestTimeEpoch
// (milliseconds) when set, otherwise RequestTime parsed.
func (c RESTRequestContext) Timestamp() (time.Time, error) {
	return httpreq.Time(c.RequestTime, c.RequestTimeEpoch)
}

// RESTAuthorizer is what an authorizer passed on: the claims (and, with an
// access token, the scopes) of a Cognito user pool authorizer or an HTTP
// API JWT authorizer, or the principalId, integrationLatency and context
// of a Lambda authorizer, as free-form JSON.
type RESTAuthorizer map[string]any

// Claims returns the token claims of a Cognito user pool or JWT authorizer,
// nil when there are none.
func (a RESTAuthorizer) Claims() map[string]any {
	m, _ := a["claims"].(map[string]any)
	return m
}

// Claim returns one token claim as text (Cognito user pool authorizers
// pass every claim as a string already).
func (a RESTAuthorizer) Claim(name string) (string, bool) {
	v, ok := a.Claims()[name]
	if !ok {
		return "", false
	}
	return claimString(v)
}

// Scopes returns the OAuth scopes of the access token, nil when there are
// none.
func (a RESTAuthorizer) Scopes() []string {
	list, _ := a["scopes"].([]any)
	var out []string
	for _, s := range list {
		if s, ok := s.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// PrincipalID returns the principalId a Lambda authorizer returned.
func (a RESTAuthorizer) PrincipalID() string { return principalID(a) }

// IntegrationLatency returns how long the Lambda authorizer took, and
// whether the event says.
func (a RESTAuthorizer) IntegrationLatency() (time.Duration, bool) { return integrationLatency(a) }

// RESTIdentity describes the caller. Most members are null unless IAM or
// Cognito identity pool credentials signed the request.
type RESTIdentity struct {
	lossless.Extra
	AccessKey                     string             `json:"accessKey"`
	AccountID                     string             `json:"accountId"`
	APIKey                        string             `json:"apiKey" sensitive:"true"`
	APIKeyID                      string             `json:"apiKeyId"`
	Caller                        string             `json:"caller"`
	ClientCert                    *ClientCertificate `json:"clientCert"`
	CognitoAuthenticationProvider string             `json:"cognitoAuthenticationProvider"`
	CognitoAuthenticationType     string             `json:"cognitoAuthenticationType"`
	CognitoIdentityID             string             `json:"cognitoIdentityId"`
	CognitoIdentityPoolID         string             `json:"cognitoIdentityPoolId"`
	PrincipalOrgID                string             `json:"principalOrgId"`
	SourceIP                      string             `json:"sourceIp"`
	User                          string             `json:"user"`
	UserAgent                     string             `json:"userAgent"`
	UserARN                       string             `json:"userArn"`
}

// SensitivePaths names, for the printer, the credential headers (any
// casing) in Headers and MultiValueHeaders, the credential query string
// parameters ([printer.SensitiveQuery]: code, access_token, X-Amz-Signature,
// ...) and every value the authorizer passed on (claims, a Lambda
// authorizer's principalId and context), keeping their names.
func (e RESTEvent) SensitivePaths() []string {
	paths := e.RequestParamsV1.SensitivePaths()
	if e.RequestContext.Authorizer != nil {
		paths = append(paths, "requestContext.authorizer.**")
	}
	return paths
}

// DecodedBody returns the body, base64-decoded when IsBase64Encoded is
// set; nil when there is none.
func (e RESTEvent) DecodedBody() ([]byte, error) { return body.Optional(e.Body, e.IsBase64Encoded) }

// JSONBody decodes the body, a JSON document (base64-encoded or not),
// into v. An empty body is an error, which the printer leaves out of the
// view (no body is nothing to decode, not a failure).
func (e RESTEvent) JSONBody(v any) error { return body.DecodeJSON(e.Body, e.IsBase64Encoded, v) }

// FormBody parses the body as an HTML form (application/x-www-form-urlencoded,
// base64-encoded or not): an error when the Content-Type header names
// another media type; an absent body is an error too.
func (e RESTEvent) FormBody() (url.Values, error) {
	ct, ok := e.Header("Content-Type")
	return httpreq.Form(ct, ok, e.Body, e.IsBase64Encoded)
}
