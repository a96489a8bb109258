package apigateway

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/evplugin/evplugin/sources/arn"
)

// MethodARN is a parsed execute-api ARN: the methodArn a Lambda authorizer
// of a REST or WebSocket API receives, or the routeArn of an HTTP API
// authorizer (payload format 2.0), which has the same form:
//
//	arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<VERB>/<resource...>
//	arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<routeKey>
//
// The first form names a method (REST APIs, HTTP API routes such as
// "GET /pets"); the second, which has no verb, a route key: a WebSocket
// route ($connect) or an HTTP API's $default route. It is also the API and
// stage a policy of [NewAuthorizerResponse] is for.
type MethodARN struct {
	Partition string // aws, aws-cn, aws-us-gov, ...
	Region    string
	AccountID string
	APIID     string
	Stage     string // "*" in a console test invocation
	// Verb is the HTTP method (GET, POST, ..., "*"), "" in an ARN without
	// one.
	Verb string
	// Resource is the path after the verb without its leading "/"
	// ("pets/123", "" for the root), or in an ARN without a verb the route
	// key ("$connect").
	Resource string
}

// ErrMethodARN is returned (wrapped) for text that is not an execute-api
// method or route ARN.
var ErrMethodARN = errors.New("apigateway: not an execute-api method ARN")

// arnVerbs are the segments a method ARN carries as its verb: the methods
// API Gateway routes (ANY for an HTTP API route that takes every method)
// and "*".
var arnVerbs = []string{"GET", "POST", "PUT", "PATCH", "HEAD", "DELETE", "OPTIONS", "ANY", "*"}

// ParseMethodARN parses a methodArn: the partition, region, account, API,
// stage, verb and resource, or, when the segment after the stage is no
// HTTP method (a WebSocket API's "…/prod/$connect"), the route key in
// Resource and no Verb. Resources keep every segment: "…/GET/pets/1/toys"
// has Resource "pets/1/toys".
func ParseMethodARN(s string) (MethodARN, error) {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "execute-api" {
		return MethodARN{}, fmt.Errorf("%w: %q", ErrMethodARN, s)
	}
	apiID, rest, _ := strings.Cut(a.Resource, "/")
	stage, rest, ok := strings.Cut(rest, "/")
	if apiID == "" || stage == "" || !ok || rest == "" {
		return MethodARN{}, fmt.Errorf("%w: %q has no <apiId>/<stage>/<route>", ErrMethodARN, s)
	}
	m := MethodARN{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID, APIID: apiID, Stage: stage, Resource: rest}
	if verb, resource, _ := strings.Cut(rest, "/"); slices.Contains(arnVerbs, verb) {
		m.Verb, m.Resource = verb, resource
	}
	return m, nil
}

// ParseRouteARN parses the routeArn of an HTTP API authorizer event, which
// has the form of a method ARN (see [ParseMethodARN]): "…/$default/GET/pets"
// for the route "GET /pets", "…/$default/$default" for the $default route.
func ParseRouteARN(s string) (MethodARN, error) { return ParseMethodARN(s) }

// String reassembles the ARN.
func (m MethodARN) String() string {
	route := m.Resource
	if m.Verb != "" {
		route = m.Verb + "/" + m.Resource
	}
	return arn.ARN{Partition: m.Partition, Service: "execute-api", Region: m.Region, AccountID: m.AccountID,
		Resource: m.APIID + "/" + m.Stage + "/" + route}.String()
}

// RouteKey returns the route the ARN names: the route key of an ARN
// without a verb ("$connect", "$default"), otherwise the verb and the
// resource path as HTTP APIs write route keys ("GET /pets/1").
func (m MethodARN) RouteKey() string {
	if m.Verb == "" {
		return m.Resource
	}
	return m.Verb + " /" + m.Resource
}
