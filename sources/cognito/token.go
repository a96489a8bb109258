package cognito

import (
	"errors"
	"slices"

	"github.com/evplugin/evplugin/lossless"
)

// The trigger sources of the pre token generation trigger: what asks for
// the tokens.
const (
	TokenGenerationHostedAuth           = "TokenGeneration_HostedAuth"           // sign-in through managed login (the hosted UI)
	TokenGenerationAuthentication       = "TokenGeneration_Authentication"       // user authentication flows
	TokenGenerationNewPasswordChallenge = "TokenGeneration_NewPasswordChallenge" // an administrator-created user sets a password
	TokenGenerationAuthenticateDevice   = "TokenGeneration_AuthenticateDevice"   // device authentication
	TokenGenerationRefreshTokens        = "TokenGeneration_RefreshTokens"        // a refresh token is used
	TokenGenerationClientCredentials    = "TokenGeneration_ClientCredentials"    // machine-to-machine client credentials grant (version 3)
)

// PreTokenGenerationEvent is the event of the pre token generation
// trigger, version 1: the handler changes the claims of the ID token and
// the user's groups and IAM roles, in Response.ClaimsOverrideDetails
// (created by [PreTokenGenerationResponse.Override]).
type PreTokenGenerationEvent struct {
	lossless.Extra
	Trigger
	Request  PreTokenGenerationRequest  `json:"request"`
	Response PreTokenGenerationResponse `json:"response"`
}

// PreTokenGenerationRequest is what the tokens would hold.
type PreTokenGenerationRequest struct {
	lossless.Extra
	UserRequest
	// GroupConfiguration holds the user's groups and IAM roles.
	GroupConfiguration *GroupConfiguration `json:"groupConfiguration"`
}

// GroupConfiguration is a user's groups and IAM roles: what the request
// says they are (request.groupConfiguration), or what the handler makes
// them (groupOverrideDetails in a response). In a response, an empty list
// removes every group (or role) from the tokens; a nil one leaves them.
type GroupConfiguration struct {
	lossless.Extra
	GroupsToOverride   []string `json:"groupsToOverride"`   // the cognito:groups claim
	IAMRolesToOverride []string `json:"iamRolesToOverride"` // the cognito:roles claim (role ARNs)
	PreferredRole      string   `json:"preferredRole"`      // the cognito:preferred_role claim (a role ARN); often null
}

// OverrideGroups sets the groups of the tokens; with no groups, the tokens
// have none (an empty list is written, not left out).
func (g *GroupConfiguration) OverrideGroups(groups ...string) {
	g.GroupsToOverride = append([]string{}, groups...)
}

// OverrideIAMRoles sets the IAM roles of the tokens; with none, the tokens
// have none.
func (g *GroupConfiguration) OverrideIAMRoles(roleARNs ...string) {
	g.IAMRolesToOverride = append([]string{}, roleARNs...)
}

// PreTokenGenerationResponse is the answer of a version 1 trigger.
type PreTokenGenerationResponse struct {
	lossless.Extra
	// ClaimsOverrideDetails is nil unless the event came with it or the
	// handler called Override; reading it never creates it.
	ClaimsOverrideDetails *ClaimsOverrideDetails `json:"claimsOverrideDetails"`
}

// Override returns the claims override of the response, creating it (and
// so writing claimsOverrideDetails) if the response has none. Call it to
// change the tokens; read ClaimsOverrideDetails to look without changing.
func (r *PreTokenGenerationResponse) Override() *ClaimsOverrideDetails {
	if r.ClaimsOverrideDetails == nil {
		r.ClaimsOverrideDetails = &ClaimsOverrideDetails{}
	}
	return r.ClaimsOverrideDetails
}

// ClaimsOverrideDetails is the version 1 override: ID token claims, and
// the groups and roles of both tokens.
type ClaimsOverrideDetails struct {
	lossless.Extra
	Claims
	GroupOverrideDetails *GroupConfiguration `json:"groupOverrideDetails"`
}

// Groups returns the group override, creating it if there is none.
func (d *ClaimsOverrideDetails) Groups() *GroupConfiguration {
	if d.GroupOverrideDetails == nil {
		d.GroupOverrideDetails = &GroupConfiguration{}
	}
	return d.GroupOverrideDetails
}

// Claims are the claims a trigger adds to (or overrides in) a token, and
// those it removes. It is embedded, without a json name, in the override
// of each token. Claim values may be any JSON value: a string, a number, a
// boolean, an array or an object (versions 2 and 3; version 1 takes
// strings, and Cognito writes other values as their text).
type Claims struct {
	ClaimsToAddOrOverride map[string]any `json:"claimsToAddOrOverride"`
	ClaimsToSuppress      []string       `json:"claimsToSuppress"`
}

// errClaimName is the error of a claim without a name.
var errClaimName = errors.New("cognito: a claim needs a name")

// AddClaim adds the claim name with value to the token, or overrides it,
// and takes it off the claims to suppress.
func (c *Claims) AddClaim(name string, value any) error {
	if name == "" {
		return errClaimName
	}
	if c.ClaimsToAddOrOverride == nil {
		c.ClaimsToAddOrOverride = map[string]any{}
	}
	c.ClaimsToAddOrOverride[name] = value
	c.ClaimsToSuppress = slices.DeleteFunc(c.ClaimsToSuppress, func(s string) bool { return s == name })
	return nil
}

// SuppressClaim removes the claim name from the token, and takes it off
// the claims to add.
func (c *Claims) SuppressClaim(name string) error {
	if name == "" {
		return errClaimName
	}
	delete(c.ClaimsToAddOrOverride, name)
	if !slices.Contains(c.ClaimsToSuppress, name) {
		c.ClaimsToSuppress = append(c.ClaimsToSuppress, name)
	}
	return nil
}

// Claim returns the value the override gives the claim name, and whether
// it gives one.
func (c Claims) Claim(name string) (any, bool) {
	v, ok := c.ClaimsToAddOrOverride[name]
	return v, ok
}

// PreTokenGenerationV2Event is the event of the pre token generation
// trigger, versions 2 and 3 (Version "2" or "3"; version 3 also runs for
// machine-to-machine client credentials grants, which have no user): the
// handler changes the claims of the ID and access tokens, the access
// token's scopes, and the groups and roles, in
// Response.ClaimsAndScopeOverrideDetails.
type PreTokenGenerationV2Event struct {
	lossless.Extra
	Trigger
	Request  PreTokenGenerationV2Request  `json:"request"`
	Response PreTokenGenerationV2Response `json:"response"`
}

// IsClientCredentials reports whether the tokens are for a
// machine-to-machine client credentials grant, with no user.
func (e PreTokenGenerationV2Event) IsClientCredentials() bool {
	return e.TriggerSource == TokenGenerationClientCredentials
}

// PreTokenGenerationV2Request is what the tokens would hold.
type PreTokenGenerationV2Request struct {
	lossless.Extra
	UserRequest
	// GroupConfiguration holds the user's groups and IAM roles.
	GroupConfiguration *GroupConfiguration `json:"groupConfiguration"`
	// Scopes are the scopes the access token would have.
	Scopes []string `json:"scopes"`
}

// HasScope reports whether the access token would have the scope.
func (r PreTokenGenerationV2Request) HasScope(scope string) bool {
	return slices.Contains(r.Scopes, scope)
}

// PreTokenGenerationV2Response is the answer of a version 2 or 3
// trigger.
type PreTokenGenerationV2Response struct {
	lossless.Extra
	// ClaimsAndScopeOverrideDetails is nil unless the event came with it
	// or the handler called one of the methods that create it; reading it
	// never creates it.
	ClaimsAndScopeOverrideDetails *ClaimsAndScopeOverrideDetails `json:"claimsAndScopeOverrideDetails"`
}

func (r *PreTokenGenerationV2Response) details() *ClaimsAndScopeOverrideDetails {
	if r.ClaimsAndScopeOverrideDetails == nil {
		r.ClaimsAndScopeOverrideDetails = &ClaimsAndScopeOverrideDetails{}
	}
	return r.ClaimsAndScopeOverrideDetails
}

// IDToken returns the ID token override, creating it (and the details
// holding it) if there is none.
func (r *PreTokenGenerationV2Response) IDToken() *IDTokenGeneration {
	d := r.details()
	if d.IDTokenGeneration == nil {
		d.IDTokenGeneration = &IDTokenGeneration{}
	}
	return d.IDTokenGeneration
}

// AccessToken returns the access token override, creating it (and the
// details holding it) if there is none.
func (r *PreTokenGenerationV2Response) AccessToken() *AccessTokenGeneration {
	d := r.details()
	if d.AccessTokenGeneration == nil {
		d.AccessTokenGeneration = &AccessTokenGeneration{}
	}
	return d.AccessTokenGeneration
}

// Groups returns the group override, creating it (and the details
// holding it) if there is none.
func (r *PreTokenGenerationV2Response) Groups() *GroupConfiguration {
	d := r.details()
	if d.GroupOverrideDetails == nil {
		d.GroupOverrideDetails = &GroupConfiguration{}
	}
	return d.GroupOverrideDetails
}

// ClaimsAndScopeOverrideDetails is the version 2 and 3 override.
type ClaimsAndScopeOverrideDetails struct {
	lossless.Extra
	IDTokenGeneration     *IDTokenGeneration     `json:"idTokenGeneration"`
	AccessTokenGeneration *AccessTokenGeneration `json:"accessTokenGeneration"`
	GroupOverrideDetails  *GroupConfiguration    `json:"groupOverrideDetails"`
}

// IDTokenGeneration is the override of the ID token's claims.
type IDTokenGeneration struct {
	lossless.Extra
	Claims
}

// AccessTokenGeneration is the override of the access token's claims and
// scopes.
type AccessTokenGeneration struct {
	lossless.Extra
	Claims
	ScopesToAdd      []string `json:"scopesToAdd"`
	ScopesToSuppress []string `json:"scopesToSuppress"`
}

// AddScopes adds scopes to the access token, taking them off the scopes
// to suppress.
func (a *AccessTokenGeneration) AddScopes(scopes ...string) {
	a.ScopesToAdd, a.ScopesToSuppress = moveAll(scopes, a.ScopesToAdd, a.ScopesToSuppress)
}

// SuppressScopes removes scopes from the access token, taking them off the
// scopes to add.
func (a *AccessTokenGeneration) SuppressScopes(scopes ...string) {
	a.ScopesToSuppress, a.ScopesToAdd = moveAll(scopes, a.ScopesToSuppress, a.ScopesToAdd)
}

// moveAll adds each of names to to (once) and removes it from from.
func moveAll(names, to, from []string) ([]string, []string) {
	for _, n := range names {
		if !slices.Contains(to, n) {
			to = append(to, n)
		}
		from = slices.DeleteFunc(from, func(s string) bool { return s == n })
	}
	return to, from
}
