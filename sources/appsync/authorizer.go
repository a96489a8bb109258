package appsync

import (
	"fmt"
	"strings"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
	"github.com/evplugin/evplugin/sources/internal/header"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func init() {
	// The token and the GraphQL API's requestContext. API Gateway's TOKEN
	// authorizer also sends authorizationToken, but with type and methodArn
	// and no requestContext; its REQUEST, WebSocket and HTTP API
	// authorizers send type and a methodArn or routeArn. The authorizer's
	// response ({"isAuthorized": ...}) has neither key.
	sources.Register[AuthorizerEvent]("aws.appsync.authorizer", "AWS AppSync Lambda authorizer", sources.PriorityShape,
		registry.All(
			registry.PathExists("authorizationToken"),
			registry.PathExists("requestContext.apiId"),
			registry.PathAbsent("type"),
			registry.PathAbsent("methodArn"),
			registry.PathAbsent("routeArn"),
		))
}

// AuthorizerEvent is what a GraphQL API's Lambda authorizer (authorization
// mode AWS_LAMBDA) receives: the token the client sent in its
// Authorization header, the request, and its headers.
type AuthorizerEvent struct {
	lossless.Extra
	AuthorizationToken string                   `json:"authorizationToken" sensitive:"true"`
	RequestContext     AuthorizerRequestContext `json:"requestContext"`
	RequestHeaders     map[string]string        `json:"requestHeaders"` // sent since April 2024
}

// AuthorizerRequestContext describes the GraphQL request being authorized.
type AuthorizerRequestContext struct {
	lossless.Extra
	APIID         string         `json:"apiId"`
	AccountID     string         `json:"accountId"`
	RequestID     string         `json:"requestId"`
	QueryString   string         `json:"queryString"`   // the GraphQL document
	OperationName string         `json:"operationName"` // when the request names one
	Variables     map[string]any `json:"variables"`
}

// Header returns the value of a request header, its name matched
// case-insensitively.
func (e AuthorizerEvent) Header(name string) (string, bool) {
	return header.Get(e.RequestHeaders, name)
}

// SensitivePaths names, for the printer, the credential headers (any
// casing) of RequestHeaders; the token itself is tagged sensitive.
func (e AuthorizerEvent) SensitivePaths() []string {
	return httpreq.SecretPaths("requestHeaders", e.RequestHeaders)
}

// AuthorizerResponse is a Lambda authorizer's answer: whether the request
// may proceed, the context its resolvers see as identity.resolverContext,
// the fields whose values AppSync replaces with null, and how long AppSync
// caches the answer. Build it with [Allow] or [Deny] and its methods.
type AuthorizerResponse struct {
	IsAuthorized    bool           `json:"isAuthorized"`
	ResolverContext map[string]any `json:"resolverContext,omitempty"` // written when not empty
	DeniedFields    []string       `json:"deniedFields,omitempty"`    // written when not empty
	TTLOverride     *int64         `json:"ttlOverride,omitempty"`     // seconds; written when set, 0 included
}

// Allow returns a response that authorizes the request.
func Allow() *AuthorizerResponse { return &AuthorizerResponse{IsAuthorized: true} }

// Deny returns a response that refuses the request: AppSync answers
// UnauthorizedException.
func Deny() *AuthorizerResponse { return &AuthorizerResponse{} }

// WithContext sets a value resolvers read as
// identity.resolverContext[key].
func (r *AuthorizerResponse) WithContext(key string, value any) *AuthorizerResponse {
	if r.ResolverContext == nil {
		r.ResolverContext = map[string]any{}
	}
	r.ResolverContext[key] = value
	return r
}

// SetTTL sets how long AppSync caches the response, in whole seconds
// (ttlOverride), overriding the API's authorizerResultTtlInSeconds; 0
// turns caching off for this response.
func (r *AuthorizerResponse) SetTTL(d time.Duration) error {
	if d < 0 || d%time.Second != 0 {
		return fmt.Errorf("appsync: ttlOverride %v is not a whole number of seconds from 0", d)
	}
	s := int64(d / time.Second)
	r.TTLOverride = &s
	return nil
}

// DenyFields adds fields whose values AppSync forcibly replaces with null,
// each in the short form TypeName.FieldName ("Mutation.createEvent") or as
// the field's ARN
// (arn:aws:appsync:us-east-1:111122223333:apis/GraphQLApiId/types/TypeName/fields/FieldName),
// which an authorizer shared by several APIs uses to tell them apart.
func (r *AuthorizerResponse) DenyFields(fields ...string) error {
	for _, f := range fields {
		if err := checkField(f); err != nil {
			return err
		}
	}
	r.DeniedFields = append(r.DeniedFields, fields...)
	return nil
}

// checkField checks a denied field's form.
func checkField(f string) error {
	if strings.HasPrefix(f, "arn:") {
		a, err := arn.Parse(f)
		if err != nil {
			return fmt.Errorf("appsync: denied field %q: %w", f, err)
		}
		parts := strings.Split(a.Resource, "/")
		if a.Service != "appsync" || len(parts) != 6 || parts[0] != "apis" || parts[2] != "types" || parts[4] != "fields" ||
			parts[1] == "" || parts[3] == "" || parts[5] == "" {
			return fmt.Errorf("appsync: denied field %q is not an AppSync field ARN (…:apis/ID/types/Type/fields/Field)", f)
		}
		return nil
	}
	typ, field, ok := strings.Cut(f, ".")
	if !ok || typ == "" || field == "" || strings.Contains(field, ".") {
		return fmt.Errorf("appsync: denied field %q is neither TypeName.FieldName nor a field ARN", f)
	}
	return nil
}
