package apigateway

import (
	"net/url"
	"strings"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func init() {
	// Payload format 2.0; see httpreq.PayloadV2. Lambda function URLs send
	// the same shape: sources/lambdaurl refines this rule at PriorityShape+10.
	sources.Register[HTTPEvent]("aws.apigateway.http", "Amazon API Gateway HTTP API proxy integration (payload format 2.0)", sources.PriorityShape,
		httpreq.PayloadV2())
}

// HTTPEvent is the request an HTTP API passes to a Lambda proxy
// integration using payload format 2.0.
//
// Repeated headers and query string parameters arrive joined with commas;
// Cookie headers arrive split into Cookies.
//
//evplugin:derived DecodedBody JSONBody
type HTTPEvent struct {
	lossless.Extra
	Version  string `json:"version"`
	RouteKey string `json:"routeKey"`
	RawPath  string `json:"rawPath"`
	RequestParamsV2
	RouteVariables
	RequestContext  HTTPRequestContext `json:"requestContext"`
	Body            string             `json:"body"`
	IsBase64Encoded bool               `json:"isBase64Encoded"`
}

// HTTPRequestContext describes the API, stage, route and authorizer of a
// payload format 2.0 request.
//
//evplugin:derived Timestamp
type HTTPRequestContext struct {
	lossless.Extra
	AccountID      string          `json:"accountId"`
	APIID          string          `json:"apiId"`
	Authentication *Authentication `json:"authentication"`
	Authorizer     *HTTPAuthorizer `json:"authorizer"`
	DomainName     string          `json:"domainName"`
	DomainPrefix   string          `json:"domainPrefix"`
	HTTP           HTTPDescription `json:"http"`
	RequestID      string          `json:"requestId"`
	RouteKey       string          `json:"routeKey"`
	Stage          string          `json:"stage"`
	Time           string          `json:"time"` // "12/Mar/2020:19:03:58 +0000"
	TimeEpoch      int64           `json:"timeEpoch"`
}

// Timestamp is the time API Gateway received the request: TimeEpoch
// (milliseconds) when set, otherwise Time parsed.
func (c HTTPRequestContext) Timestamp() (time.Time, error) {
	return httpreq.Time(c.Time, c.TimeEpoch)
}

// HTTPAuthorizer is what the route's authorizer passed on: one of JWT
// (JWT authorizer), IAM (IAM authorization) or Lambda (the context a
// Lambda authorizer returned, free-form).
type HTTPAuthorizer struct {
	lossless.Extra
	JWT    *JWTAuthorizer `json:"jwt"`
	IAM    *IAMAuthorizer `json:"iam"`
	Lambda map[string]any `json:"lambda"`
}

// IAM returns the signer of a request authorized with IAM (an HTTP API
// route with IAM authorization, a function URL of auth type AWS_IAM), nil
// when there is none; safe on an event without an authorizer.
func (e HTTPEvent) IAM() *IAMAuthorizer {
	if e.RequestContext.Authorizer == nil {
		return nil
	}
	return e.RequestContext.Authorizer.IAM
}

// JWTAuthorizer holds the claims and scopes of a validated JWT.
type JWTAuthorizer struct {
	lossless.Extra
	Claims map[string]any `json:"claims"`
	Scopes []string       `json:"scopes"`
}

// JWTClaims returns the claims of the JWT, nil without a JWT authorizer.
// It is safe on a nil a.
func (a *HTTPAuthorizer) JWTClaims() map[string]any {
	if a == nil || a.JWT == nil {
		return nil
	}
	return a.JWT.Claims
}

// JWTClaim returns one claim of the JWT as text (API Gateway passes most
// claims as strings; others are rendered as JSON). It is safe on a nil a.
func (a *HTTPAuthorizer) JWTClaim(name string) (string, bool) {
	v, ok := a.JWTClaims()[name]
	if !ok {
		return "", false
	}
	return claimString(v)
}

// JWTScopes returns the scopes of the JWT, nil without a JWT authorizer.
// It is safe on a nil a.
func (a *HTTPAuthorizer) JWTScopes() []string {
	if a == nil || a.JWT == nil {
		return nil
	}
	return a.JWT.Scopes
}

// LambdaContext returns the context a Lambda authorizer returned, nil
// without one. It is safe on a nil a.
func (a *HTTPAuthorizer) LambdaContext() map[string]any {
	if a == nil {
		return nil
	}
	return a.Lambda
}

// SensitivePaths names, for the printer, the credential headers (any
// casing), the cookies, the credential query string parameters
// ([printer.SensitiveQuery]: code, access_token, X-Amz-Signature, ...) and
// every value the authorizer passed on (JWT claims and scopes, a Lambda
// authorizer's context, the IAM signer), keeping their names.
func (e HTTPEvent) SensitivePaths() []string {
	paths := e.RequestParamsV2.SensitivePaths()
	if e.RequestContext.Authorizer != nil {
		paths = append(paths, "requestContext.authorizer.**")
	}
	return paths
}

// DecodedBody returns the body, base64-decoded when IsBase64Encoded is
// set; nil when there is none.
func (e HTTPEvent) DecodedBody() ([]byte, error) { return body.Optional(e.Body, e.IsBase64Encoded) }

// JSONBody decodes the body, a JSON document (base64-encoded or not),
// into v. An empty body is an error, which the printer leaves out of the
// view (no body is nothing to decode, not a failure).
func (e HTTPEvent) JSONBody(v any) error { return body.DecodeJSON(e.Body, e.IsBase64Encoded, v) }

// FormBody parses the body as an HTML form (application/x-www-form-urlencoded,
// base64-encoded or not): an error when the Content-Type header names
// another media type; an absent body is an error too.
func (e HTTPEvent) FormBody() (url.Values, error) {
	ct, ok := e.Header("Content-Type")
	return httpreq.Form(ct, ok, e.Body, e.IsBase64Encoded)
}

// Method returns the HTTP method, requestContext.http.method.
func (e HTTPEvent) Method() string { return e.RequestContext.HTTP.Method }

// Path returns RawPath without the stage: a request to a named stage
// through the execute-api endpoint has a RawPath starting with "/stage".
func (e HTTPEvent) Path() string { return stagelessPath(e.RawPath, e.RequestContext.Stage) }

// stagelessPath returns rawPath without "/stage" in front.
func stagelessPath(rawPath, stage string) string {
	if stage == "" || stage == "$default" {
		return rawPath
	}
	rest, ok := strings.CutPrefix(rawPath, "/"+stage)
	if !ok || (rest != "" && rest[0] != '/') {
		return rawPath
	}
	if rest == "" {
		return "/"
	}
	return rest
}
