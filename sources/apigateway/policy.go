package apigateway

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// The answers of a Lambda authorizer:
//
//   - an IAM policy ([AuthorizerResponse], [WebSocketAuthorizerResponse],
//     built into an [AuthorizerOutput]) for REST and WebSocket APIs and HTTP
//     APIs of either payload format;
//   - a simple response ([SimpleAuthorizerResponse]) for HTTP APIs with
//     payload format 2.0 and simple responses enabled;
//   - the error [ErrUnauthorized], which makes API Gateway answer 401 for a
//     TOKEN or REQUEST authorizer.
//
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.payload-format-response

// ErrUnauthorized is the error a Lambda authorizer of type TOKEN or REQUEST
// returns to have API Gateway answer the caller 401 Unauthorized (and, with
// caching, cache that answer), rather than 403 for a policy that denies:
// API Gateway looks for an error whose message is exactly "Unauthorized",
// which aws-lambda-go's lambda.Start passes on as the errorMessage.
// Return it as it is; wrapped, its message changes and the caller gets 500.
var ErrUnauthorized error = unauthorized{}

type unauthorized struct{}

func (unauthorized) Error() string { return "Unauthorized" }

// HTTPVerb is an HTTP method in a policy's resource ARN.
type HTTPVerb string

// The verbs of a method ARN; VerbAll ("*") is every one.
const (
	VerbGet     HTTPVerb = "GET"
	VerbPost    HTTPVerb = "POST"
	VerbPut     HTTPVerb = "PUT"
	VerbPatch   HTTPVerb = "PATCH"
	VerbHead    HTTPVerb = "HEAD"
	VerbDelete  HTTPVerb = "DELETE"
	VerbOptions HTTPVerb = "OPTIONS"
	VerbAll     HTTPVerb = "*"
)

// normal returns v normalised: any case; "ALL" (the reference's name for "*") and
// "ANY" (API Gateway's method for every verb) become "*", which is what
// the policy must say to match every method.
func (v HTTPVerb) normal() (HTTPVerb, error) {
	u := HTTPVerb(strings.ToUpper(string(v)))
	switch u {
	case VerbGet, VerbPost, VerbPut, VerbPatch, VerbHead, VerbDelete, VerbOptions, VerbAll:
		return u, nil
	case "ALL", "ANY":
		return VerbAll, nil
	}
	return "", fmt.Errorf("apigateway: invalid HTTP verb %q: want GET, POST, PUT, PATCH, HEAD, DELETE, OPTIONS or * (ALL)", string(v))
}

// checkResource validates the resource path of a route: not empty, and
// printable ASCII without spaces, "?" or "#" (a method ARN carries the path
// alone, never a query string or fragment). "*" matches any resource.
func checkResource(resource string) error {
	if resource == "" {
		return errors.New(`apigateway: empty resource path: use "/" for the root, "*" for every resource`)
	}
	for _, c := range []byte(resource) {
		if c <= ' ' || c >= 0x7f || c == '?' || c == '#' {
			return fmt.Errorf("apigateway: invalid resource path %q: printable ASCII without spaces, ? or #", resource)
		}
	}
	return nil
}

// Condition is one condition of a policy statement, as IAM writes it:
// {"<Operator>": {"<Key>": <Values>}}, for example
// Condition{"IpAddress", "aws:SourceIp", []string{"203.0.113.0/24"}}. The
// conditions of a route must all hold.
//
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
type Condition struct {
	Operator string // StringEquals, IpAddress, DateLessThan, Bool, ...
	Key      string // aws:SourceIp, aws:CurrentTime, ...
	Values   []string
}

// conditionBlock returns conditions as a statement's Condition element;
// an operator and key given twice is an error (IAM reads a duplicate key
// as one of them).
func conditionBlock(conditions []Condition) (map[string]map[string]StringOrList, error) {
	if len(conditions) == 0 {
		return nil, nil
	}
	block := map[string]map[string]StringOrList{}
	for _, c := range conditions {
		if c.Operator == "" || c.Key == "" || len(c.Values) == 0 {
			return nil, fmt.Errorf("apigateway: condition %+v needs an operator, a key and a value", c)
		}
		keys := block[c.Operator]
		if keys == nil {
			keys = map[string]StringOrList{}
			block[c.Operator] = keys
		}
		if _, dup := keys[c.Key]; dup {
			return nil, fmt.Errorf("apigateway: condition %s on %s given twice: give its values in one Condition", c.Operator, c.Key)
		}
		keys[c.Key] = slices.Clone(c.Values)
	}
	return block, nil
}

// StringOrList is a value of a policy element that IAM accepts as a string
// or a list of strings (Action, Resource, a condition's values). It
// marshals one item as a string, others as a list, and unmarshals both.
type StringOrList []string

// MarshalJSON writes one item as a string, others as a list.
func (s StringOrList) MarshalJSON() ([]byte, error) {
	if len(s) == 1 {
		return json.Marshal(s[0])
	}
	return json.Marshal([]string(s))
}

// UnmarshalJSON reads a string or a list of strings.
func (s *StringOrList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = StringOrList{one}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("apigateway: want a string or a list of strings: %w", err)
	}
	*s = list
	return nil
}

// AuthorizerOutput is the IAM policy answer of a Lambda authorizer, as
// API Gateway reads it: what [AuthorizerResponse.Build] returns, or a
// handler writes itself.
type AuthorizerOutput struct {
	PrincipalID    string         `json:"principalId"`
	PolicyDocument PolicyDocument `json:"policyDocument"`
	// Context is passed on to the integration as
	// requestContext.authorizer; REST and WebSocket APIs accept string,
	// number and boolean values only.
	Context map[string]any `json:"context,omitempty"`
	// UsageIdentifierKey is the API key of a usage plan, for REST APIs
	// whose API key source is AUTHORIZER.
	UsageIdentifierKey string `json:"usageIdentifierKey,omitempty"`
}

// PolicyDocument is an IAM policy.
type PolicyDocument struct {
	Version   string            `json:"Version"`
	Statement []PolicyStatement `json:"Statement"`
}

// PolicyStatement is a statement of an IAM policy.
type PolicyStatement struct {
	Action    StringOrList                       `json:"Action"`
	Effect    string                             `json:"Effect"` // Allow or Deny
	Resource  StringOrList                       `json:"Resource"`
	Condition map[string]map[string]StringOrList `json:"Condition,omitempty"`
}

// policyVersion is the IAM policy language version API Gateway reads.
const policyVersion = "2012-10-17"

// DenyAllResponse returns the policy that denies everything, for the
// principal "deny-all-user": an authorizer's answer that is 403 Forbidden
// for any route of any API (see [ErrUnauthorized] for 401).
func DenyAllResponse() AuthorizerOutput {
	return AuthorizerOutput{
		PrincipalID: "deny-all-user",
		PolicyDocument: PolicyDocument{Version: policyVersion, Statement: []PolicyStatement{
			{Action: StringOrList{"execute-api:Invoke"}, Effect: "Deny", Resource: StringOrList{"*"}},
		}},
	}
}

// SimpleAuthorizerResponse is the answer of an HTTP API Lambda authorizer
// with payload format 2.0 and simple responses enabled. Context, when not
// empty, is passed on to the integration as requestContext.authorizer.lambda;
// its values may be any JSON.
type SimpleAuthorizerResponse struct {
	IsAuthorized bool           `json:"isAuthorized"`
	Context      map[string]any `json:"context,omitempty"`
}

// route is one allowed or denied resource of a policy.
type route struct {
	arn        string
	conditions []Condition
}

// policy is what both policy builders keep: the principal, the API and
// stage, and the routes.
type policy struct {
	principalID string
	api         MethodARN
	allow, deny []route
}

func newPolicy(principalID string, api MethodARN) policy {
	if api.Partition == "" {
		api.Partition = "aws"
	}
	return policy{principalID: principalID, api: api}
}

// add adds a route whose ARN ends with tail ("GET/pets", "$connect").
func (p *policy) add(allow bool, tail string, conditions []Condition) error {
	if _, err := conditionBlock(conditions); err != nil {
		return err
	}
	a := p.api
	a.Verb, a.Resource = "", tail
	r := route{arn: a.String(), conditions: slices.Clone(conditions)}
	if allow {
		p.allow = append(p.allow, r)
	} else {
		p.deny = append(p.deny, r)
	}
	return nil
}

// build writes the policy: the Allow statements, then the Deny ones; for
// each effect, one statement for the routes without conditions, then one
// per route with conditions. Context values must be strings, numbers or
// booleans unless anyContext.
func (p policy) build(context map[string]any, anyContext bool, usageIdentifierKey string) (AuthorizerOutput, error) {
	if len(p.allow) == 0 && len(p.deny) == 0 {
		return AuthorizerOutput{}, errors.New("apigateway: the policy has no routes: allow or deny some")
	}
	if p.api.Region == "" || p.api.AccountID == "" || p.api.APIID == "" || p.api.Stage == "" {
		return AuthorizerOutput{}, fmt.Errorf("apigateway: the policy's API needs a region, account, API ID and stage (\"*\" for any): %+v", p.api)
	}
	if !anyContext {
		if err := checkContext(context); err != nil {
			return AuthorizerOutput{}, err
		}
	}
	out := AuthorizerOutput{
		PrincipalID: p.principalID,
		PolicyDocument: PolicyDocument{Version: policyVersion,
			Statement: append(statements("Allow", p.allow), statements("Deny", p.deny)...)},
		UsageIdentifierKey: usageIdentifierKey,
	}
	if len(context) > 0 {
		out.Context = context
	}
	return out, nil
}

func statements(effect string, routes []route) []PolicyStatement {
	var merged StringOrList
	var conditional []PolicyStatement
	for _, r := range routes {
		if len(r.conditions) == 0 {
			merged = append(merged, r.arn)
			continue
		}
		block, _ := conditionBlock(r.conditions) // checked by add
		conditional = append(conditional, PolicyStatement{
			Action: StringOrList{"execute-api:Invoke"}, Effect: effect, Resource: StringOrList{r.arn}, Condition: block,
		})
	}
	if merged == nil {
		return conditional
	}
	return append([]PolicyStatement{{Action: StringOrList{"execute-api:Invoke"}, Effect: effect, Resource: merged}}, conditional...)
}

// checkContext reports a context value that is not a string, number or
// boolean, which API Gateway (REST and WebSocket APIs) rejects, failing
// the request with 500.
func checkContext(ctx map[string]any) error {
	for k, v := range ctx {
		if v != nil {
			switch reflect.TypeOf(v).Kind() {
			case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
				reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
				continue
			}
		}
		return fmt.Errorf("apigateway: context value %q is %T: API Gateway accepts strings, numbers and booleans only", k, v)
	}
	return nil
}

// AuthorizerResponse builds the IAM policy answer of a Lambda authorizer
// for the routes of one API and stage: of a REST API (TOKEN and REQUEST
// authorizers) or of an HTTP API (payload format 1.0 or 2.0). Add routes
// with AllowRoute, DenyRoute, AllowAllRoutes and DenyAllRoutes, then
// return Build's [AuthorizerOutput], or the response itself, which
// marshals to it (and fails to marshal when Build fails).
//
// Context, AnyContext and UsageIdentifierKey are set on the response:
//
//	resp := apigateway.NewAuthorizerResponse("user-1", arn)
//	resp.Context = map[string]any{"tenant": "acme", "tier": 2}
type AuthorizerResponse struct {
	// Context is passed on to the integration (requestContext.authorizer);
	// REST APIs accept string, number and boolean values only, which Build
	// checks unless AnyContext is set.
	Context map[string]any
	// AnyContext lets Context hold any JSON value, arrays and objects too,
	// which an HTTP API passes on and a REST API rejects.
	AnyContext bool
	// UsageIdentifierKey is the API key of a usage plan, for a REST API
	// whose API key source is AUTHORIZER.
	UsageIdentifierKey string

	policy policy
}

// NewAuthorizerResponse returns a policy with no routes yet for
// principalID, on the API and stage of api: the partition, region,
// account, API ID and stage of the ARN the event carries
// ([TokenAuthorizerEvent.ParsedMethodARN], ...), whose Verb and Resource it
// ignores. An empty Partition is "aws".
func NewAuthorizerResponse(principalID string, api MethodARN) *AuthorizerResponse {
	return &AuthorizerResponse{policy: newPolicy(principalID, api)}
}

// AuthorizerResponseFor parses methodARN (a methodArn or routeArn) and
// returns [NewAuthorizerResponse] for its API and stage, in its partition.
func AuthorizerResponseFor(principalID, methodARN string) (*AuthorizerResponse, error) {
	a, err := ParseMethodARN(methodARN)
	if err != nil {
		return nil, err
	}
	return NewAuthorizerResponse(principalID, a), nil
}

func (r *AuthorizerResponse) route(allow bool, verb HTTPVerb, resource string, conditions []Condition) error {
	v, err := verb.normal()
	if err != nil {
		return err
	}
	if err := checkResource(resource); err != nil {
		return err
	}
	return r.policy.add(allow, string(v)+"/"+strings.TrimPrefix(resource, "/"), conditions)
}

// AllowRoute allows verb (any case; "*" or "ALL" for every verb) on
// resource, a path ("/pets/123", "/pets/*"; "/" is the root, "*" every
// path), when every one of conditions holds.
func (r *AuthorizerResponse) AllowRoute(verb HTTPVerb, resource string, conditions ...Condition) error {
	return r.route(true, verb, resource, conditions)
}

// DenyRoute denies verb on resource, as [AuthorizerResponse.AllowRoute]
// allows it. A Deny wins over any Allow.
func (r *AuthorizerResponse) DenyRoute(verb HTTPVerb, resource string, conditions ...Condition) error {
	return r.route(false, verb, resource, conditions)
}

// AllowAllRoutes allows verb ([VerbAll] for every verb) on every resource.
func (r *AuthorizerResponse) AllowAllRoutes(verb HTTPVerb) error {
	return r.route(true, verb, "*", nil)
}

// DenyAllRoutes denies verb ([VerbAll] for every verb) on every resource.
func (r *AuthorizerResponse) DenyAllRoutes(verb HTTPVerb) error {
	return r.route(false, verb, "*", nil)
}

// Build returns the policy document; a policy without routes, or (unless
// AnyContext is set) with a context value that is no string, number or
// boolean, is an error.
func (r AuthorizerResponse) Build() (AuthorizerOutput, error) {
	return r.policy.build(r.Context, r.AnyContext, r.UsageIdentifierKey)
}

// MarshalJSON marshals what Build returns.
func (r AuthorizerResponse) MarshalJSON() ([]byte, error) { return marshalBuilt(r.Build()) }

func marshalBuilt(out AuthorizerOutput, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	return json.Marshal(out)
}

// WebSocketAuthorizerResponse builds the IAM policy answer of the Lambda
// authorizer of a WebSocket API's $connect route: as [AuthorizerResponse],
// but its resource ARNs name routes, without a verb:
// arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<route>.
type WebSocketAuthorizerResponse struct {
	// Context is passed on to the integration of every route of the
	// connection (requestContext.authorizer); string, number and boolean
	// values only, which Build checks.
	Context map[string]any
	// UsageIdentifierKey is the API key of a usage plan.
	UsageIdentifierKey string

	policy policy
}

// NewWebSocketAuthorizerResponse returns a policy with no routes yet for
// principalID, on the API and stage of api (the parsed methodArn of the
// $connect request). An empty Partition is "aws".
func NewWebSocketAuthorizerResponse(principalID string, api MethodARN) *WebSocketAuthorizerResponse {
	return &WebSocketAuthorizerResponse{policy: newPolicy(principalID, api)}
}

func (r *WebSocketAuthorizerResponse) route(allow bool, route string, conditions []Condition) error {
	if err := checkResource(route); err != nil {
		return err
	}
	return r.policy.add(allow, strings.TrimPrefix(route, "/"), conditions)
}

// AllowRoute allows route ("$connect", "sendmessage"; a leading "/" is
// dropped; "*" is every route) when every one of conditions holds.
func (r *WebSocketAuthorizerResponse) AllowRoute(route string, conditions ...Condition) error {
	return r.route(true, route, conditions)
}

// DenyRoute denies route, as [WebSocketAuthorizerResponse.AllowRoute]
// allows it.
func (r *WebSocketAuthorizerResponse) DenyRoute(route string, conditions ...Condition) error {
	return r.route(false, route, conditions)
}

// AllowAllRoutes allows every route.
func (r *WebSocketAuthorizerResponse) AllowAllRoutes() error { return r.route(true, "*", nil) }

// DenyAllRoutes denies every route.
func (r *WebSocketAuthorizerResponse) DenyAllRoutes() error { return r.route(false, "*", nil) }

// Build returns the policy document, as [AuthorizerResponse.Build].
func (r WebSocketAuthorizerResponse) Build() (AuthorizerOutput, error) {
	return r.policy.build(r.Context, false, r.UsageIdentifierKey)
}

// MarshalJSON marshals what Build returns.
func (r WebSocketAuthorizerResponse) MarshalJSON() ([]byte, error) { return marshalBuilt(r.Build()) }
