// Package appsync models the events AWS AppSync sends to Lambda, and the
// responses it expects back.
//
//	aws.appsync.resolver        ResolverEvent    https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-lambda-js.html#direct-lambda-resolvers-js
//	aws.appsync.resolver.batch  BatchEvent       https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-lambda-js.html#direct-lambda-resolvers-js
//	aws.appsync.authorizer      AuthorizerEvent  https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#aws-lambda-authorization
//	aws.appsync.events          ChannelEvent     https://docs.aws.amazon.com/appsync/latest/eventapi/direct-lambda-integrations.html
//
// A GraphQL API invokes a direct Lambda resolver with the resolver's
// context ([ResolverEvent]); a resolver configured for batching
// (BatchInvoke) sends a JSON array of them ([BatchEvent]) and expects one
// result per event, in request order ([BatchResponse]). Amplify's @function
// directive sends a smaller shape without info, whose fieldName and
// typeName stand at the top level; [ResolverEvent.Field] and
// [ResolverEvent.ParentType] read either. A Lambda authorizer receives an
// [AuthorizerEvent] and answers with an [AuthorizerResponse]. An Event
// API's channel namespace handler receives a [ChannelEvent] and answers a
// publish with a [PublishResponse], a subscribe with a [SubscribeResponse]
// (or null).
//
// The caller's [Identity] has one shape per authorization mode; one type
// holds the members of all of them, and [Identity.AuthType] tells which
// mode sent it from the members present, not from sub alone.
//
// [NewID], [AWSDate], [AWSTime], [AWSDateTime] and [AWSTimestamp] write
// values of AppSync's scalar types.
//
// The printer masks the authorization token, the credential headers
// (Authorization, Cookie, X-Api-Key, ... in any casing) of request.headers
// and requestHeaders, and every value of the caller's token claims
// (identity.claims, personal data such as email and phone number) and of a
// Lambda authorizer's resolverContext, keeping their names, as the API
// Gateway sources mask authorizer contexts and claims. The identity's sub,
// username, issuer and groups stay visible.
package appsync

//go:generate go run ../internal/genlossless

import (
	"slices"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/sources/internal/header"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

// Request holds the headers of the GraphQL or Event API request, names in
// the casing the client sent, and the custom domain name it was sent to
// (null without one).
type Request struct {
	lossless.Extra
	Headers    map[string]string `json:"headers"`
	DomainName string            `json:"domainName"`
}

// Header returns the value of a request header, its name matched
// case-insensitively; r may be nil.
func (r *Request) Header(name string) (string, bool) {
	if r == nil {
		return "", false
	}
	return header.Get(r.Headers, name)
}

// domain returns DomainName, "" for a nil r.
func (r *Request) domain() string {
	if r == nil {
		return ""
	}
	return r.DomainName
}

// secretPaths returns the paths of the credential headers of r, the
// member of an event called member.
func (r *Request) secretPaths(member string) []string {
	if r == nil {
		return nil
	}
	return httpreq.SecretPaths(member+".headers", r.Headers)
}

// AuthType is an AppSync authorization mode, as AppSync names them.
type AuthType string

// The authorization modes an [Identity] can come from.
const (
	AuthAPIKey  AuthType = "API_KEY"                   // no identity: identity is null
	AuthIAM     AuthType = "AWS_IAM"                   // SigV4-signed request
	AuthCognito AuthType = "AMAZON_COGNITO_USER_POOLS" // Cognito user pool token
	AuthOIDC    AuthType = "OPENID_CONNECT"            // OpenID Connect token
	AuthLambda  AuthType = "AWS_LAMBDA"                // Lambda authorizer
	AuthUnknown AuthType = ""                          // an identity of none of the shapes above
)

// Identity describes the caller. Its shape depends on the authorization
// mode, and every member is optional:
//
//   - AWS_IAM: AccountID, CognitoIdentityPoolID, CognitoIdentityID,
//     SourceIP, Username, UserARN, CognitoIdentityAuthType,
//     CognitoIdentityAuthProvider;
//   - AMAZON_COGNITO_USER_POOLS: Sub, Issuer, Username, Claims, SourceIP,
//     DefaultAuthStrategy, Groups (null when the user is in none);
//   - OPENID_CONNECT: Sub, Issuer, Claims;
//   - AWS_LAMBDA: ResolverContext, what the authorizer returned;
//   - API_KEY: no identity at all (null).
//
// [Identity.AuthType] tells which.
type Identity struct {
	lossless.Extra
	Sub                         string         `json:"sub"`
	Issuer                      string         `json:"issuer"`
	Username                    string         `json:"username"`
	Claims                      map[string]any `json:"claims"`
	SourceIP                    []string       `json:"sourceIp"`
	DefaultAuthStrategy         string         `json:"defaultAuthStrategy"`
	Groups                      []string       `json:"groups"`
	AccountID                   string         `json:"accountId"`
	CognitoIdentityPoolID       string         `json:"cognitoIdentityPoolId"`
	CognitoIdentityID           string         `json:"cognitoIdentityId"`
	UserARN                     string         `json:"userArn"`
	CognitoIdentityAuthType     string         `json:"cognitoIdentityAuthType"`
	CognitoIdentityAuthProvider string         `json:"cognitoIdentityAuthProvider"`
	ResolverContext             map[string]any `json:"resolverContext"`
}

// AuthType tells which authorization mode the identity comes from, by the
// members present (null ones included) or, in an identity built by hand,
// set: resolverContext is a Lambda authorizer's; any member only IAM sends
// (accountId, userArn, the cognitoIdentity* members) is IAM; username,
// sourceIp, defaultAuthStrategy or groups beside them is a Cognito user
// pool; sub or issuer alone is OpenID Connect. A nil identity is an API
// key's.
func (id *Identity) AuthType() AuthType {
	switch {
	case id == nil:
		return AuthAPIKey
	case id.has("resolverContext", id.ResolverContext != nil):
		return AuthLambda
	case id.has("accountId", id.AccountID != "") || id.has("userArn", id.UserARN != "") ||
		id.has("cognitoIdentityPoolId", id.CognitoIdentityPoolID != "") ||
		id.has("cognitoIdentityId", id.CognitoIdentityID != "") ||
		id.has("cognitoIdentityAuthType", id.CognitoIdentityAuthType != "") ||
		id.has("cognitoIdentityAuthProvider", id.CognitoIdentityAuthProvider != ""):
		return AuthIAM
	case id.has("username", id.Username != "") || id.has("sourceIp", id.SourceIP != nil) ||
		id.has("defaultAuthStrategy", id.DefaultAuthStrategy != "") || id.has("groups", id.Groups != nil):
		return AuthCognito
	case id.has("sub", id.Sub != "") || id.has("issuer", id.Issuer != "") || id.has("claims", id.Claims != nil):
		return AuthOIDC
	}
	return AuthUnknown
}

// has reports whether the member name arrived, or set says it is set.
func (id *Identity) has(name string, set bool) bool {
	if set {
		return true
	}
	present, _ := lossless.Member(id, name)
	return present
}

// Claim returns one claim of the caller's token (Cognito user pools,
// OpenID Connect); id may be nil.
func (id *Identity) Claim(name string) (any, bool) {
	if id == nil {
		return nil, false
	}
	v, ok := id.Claims[name]
	return v, ok
}

// InGroup reports whether a Cognito user pool caller is in group; id may be
// nil.
func (id *Identity) InGroup(group string) bool {
	if id == nil {
		return false
	}
	return slices.Contains(id.Groups, group)
}

// identitySecrets returns the mask paths of an identity's claims and
// resolverContext, for those present.
func identitySecrets(claims, resolverContext bool) []string {
	var out []string
	if claims {
		out = append(out, "identity.claims.**")
	}
	if resolverContext {
		out = append(out, "identity.resolverContext.**")
	}
	return out
}
