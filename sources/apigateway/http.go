package apigateway

import (
	"net/http"
	"strings"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/header"
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
	Version               string             `json:"version"`
	RouteKey              string             `json:"routeKey"`
	RawPath               string             `json:"rawPath"`
	RawQueryString        string             `json:"rawQueryString"`
	Cookies               []string           `json:"cookies"`
	Headers               map[string]string  `json:"headers"`
	QueryStringParameters map[string]string  `json:"queryStringParameters"`
	PathParameters        map[string]string  `json:"pathParameters"`
	StageVariables        map[string]string  `json:"stageVariables"`
	RequestContext        HTTPRequestContext `json:"requestContext"`
	Body                  string             `json:"body"`
	IsBase64Encoded       bool               `json:"isBase64Encoded"`
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
	paths := httpreq.SecretPathsV2(e.Headers, e.QueryStringParameters)
	if e.RequestContext.Authorizer != nil {
		paths = append(paths, "requestContext.authorizer.**")
	}
	return paths
}

// Redacted gives the printer RawQueryString with the values of its
// credential parameters masked, names kept: "code=[SENSITIVE]&x=1".
func (e HTTPEvent) Redacted() map[string]string { return redactedRawQuery(e.RawQueryString) }

// redactedRawQuery is what Redacted returns for an event whose raw query
// string is raw.
func redactedRawQuery(raw string) map[string]string {
	if q, ok := httpreq.RedactQuery(raw, printer.Sensitive); ok {
		return map[string]string{"rawQueryString": q}
	}
	return nil
}

// DecodedBody returns the body, base64-decoded when IsBase64Encoded is
// set; nil when there is none.
func (e HTTPEvent) DecodedBody() ([]byte, error) { return body.Optional(e.Body, e.IsBase64Encoded) }

// JSONBody decodes the body, a JSON document (base64-encoded or not),
// into v. An empty body is an error, which the printer leaves out of the
// view (no body is nothing to decode, not a failure).
func (e HTTPEvent) JSONBody(v any) error { return body.DecodeJSON(e.Body, e.IsBase64Encoded, v) }

// Header returns the value of a header, its name matched
// case-insensitively; repeated headers arrive joined with commas.
func (e HTTPEvent) Header(name string) (string, bool) { return header.Get(e.Headers, name) }

// HeaderValues returns the values of a header, its name matched
// case-insensitively, split at the commas API Gateway joined them with
// (so a single value holding a comma is split too).
func (e HTTPEvent) HeaderValues(name string) []string { return httpreq.HeaderValues(e.Headers, name) }

// QueryParam returns a query string parameter as API Gateway passes it:
// repeated parameters joined with commas. Names are case-sensitive.
func (e HTTPEvent) QueryParam(name string) (string, bool) {
	v, ok := e.QueryStringParameters[name]
	return v, ok
}

// QueryParamValues returns every value of a query string parameter, decoded
// from RawQueryString; without a raw query string, the value in
// QueryStringParameters.
func (e HTTPEvent) QueryParamValues(name string) []string {
	return httpreq.QueryParamValues(e.RawQueryString, e.QueryStringParameters, name)
}

// PathParam returns the value of a path parameter ({name} in the route).
func (e HTTPEvent) PathParam(name string) (string, bool) {
	v, ok := e.PathParameters[name]
	return v, ok
}

// StageVariable returns the value of a stage variable.
func (e HTTPEvent) StageVariable(name string) (string, bool) {
	v, ok := e.StageVariables[name]
	return v, ok
}

// ParsedCookies parses Cookies.
func (e HTTPEvent) ParsedCookies() []*http.Cookie { return httpreq.Cookies(e.Cookies) }

// Cookie returns the value of the first cookie called name.
func (e HTTPEvent) Cookie(name string) (string, bool) { return httpreq.Cookie(e.Cookies, name) }

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
