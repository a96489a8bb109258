// Package alb models the requests an Application Load Balancer passes to a
// Lambda function registered as the target of a target group, and the
// responses it expects back.
//
//	aws.alb  Event  https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html
//
// A target group sends its requests in one of two forms, chosen by its
// lambda.multi_value_headers.enabled attribute: without multi-value
// headers, Headers and QueryStringParameters hold the last value of each
// name; with them, MultiValueHeaders and MultiValueQueryStringParameters
// hold every value, and the response must answer with multiValueHeaders
// too. [Event.NewResponse] (and [Event.JSONResponse],
// [Event.BinaryResponse]) build a [Response] in the form of the request.
//
// An ALB passes query string parameters as the client encoded them: names
// and values are still URL-encoded ("name=J%C3%BCrgen"). The maps keep them
// so; [Event.Query], [Event.QueryParam] and [Event.QueryParamValues] decode
// them, [Event.RawQuery] joins them back into a query string.
//
// [Event.HTTPRequest] and [Event.HTTPResponse] let evplugin.HTTPHandler
// serve the requests with a net/http handler.
//
// The printer masks the values of the credential headers (Authorization,
// Cookie, X-Api-Key, X-Amz-Security-Token, the ALB authentication headers
// x-amzn-oidc-accesstoken and x-amzn-oidc-data, ...) in both header maps,
// and the credential query parameters (code, access_token, id_token,
// token, X-Amz-Signature, ..., also URL-encoded) in both query maps.
package alb

//go:generate go run ../internal/genlossless

import (
	"net/http"
	"net/url"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func init() {
	// Every request a load balancer passes to a Lambda target, health
	// checks included, carries requestContext.elb (with the target group's
	// ARN), httpMethod and path. No other event has requestContext.elb; API
	// Gateway's payload format 1.0, the nearest shape, has a resource, which
	// an ALB request never has.
	sources.Register[Event]("aws.alb", "Elastic Load Balancing Application Load Balancer, Lambda target", sources.PriorityShape,
		registry.All(
			registry.PathExists("requestContext.elb"),
			registry.PathExists("httpMethod"),
			registry.PathExists("path"),
			registry.PathAbsent("resource"),
		))
}

// Event is the request a load balancer passes to a Lambda target. Exactly
// one of Headers and MultiValueHeaders is sent (see the package
// documentation), and likewise for the query string parameters, whose
// names and values are still URL-encoded.
//
//evplugin:derived DecodedBody JSONBody
type Event struct {
	lossless.Extra
	RequestContext                  RequestContext      `json:"requestContext"`
	HTTPMethod                      string              `json:"httpMethod"`
	Path                            string              `json:"path"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	Body                            string              `json:"body"`
	IsBase64Encoded                 bool                `json:"isBase64Encoded"`
}

// RequestContext names the target group that received the request.
type RequestContext struct {
	lossless.Extra
	ELB ELBContext `json:"elb"`
}

// ELBContext is requestContext.elb.
type ELBContext struct {
	lossless.Extra
	TargetGroupARN string `json:"targetGroupArn"`
}

// TargetGroup parses TargetGroupARN
// (arn:aws:elasticloadbalancing:region:account:targetgroup/name/id).
func (c ELBContext) TargetGroup() (arn.ARN, error) { return arn.Parse(c.TargetGroupARN) }

// SensitivePaths names, for the printer, the credential headers (any
// casing) in Headers and MultiValueHeaders, and the credential query string
// parameters ([printer.SensitiveQuery]: code, access_token, ..., matched
// also once URL-decoded) in both query maps, keeping their names.
func (e Event) SensitivePaths() []string {
	return httpreq.SecretPathsV1(e.Headers, e.MultiValueHeaders, e.QueryStringParameters, e.MultiValueQueryStringParameters)
}

// MultiValue reports whether the target group sends multi-value headers:
// the request carries MultiValueHeaders or MultiValueQueryStringParameters
// (even empty), and the response must use multiValueHeaders.
func (e Event) MultiValue() bool {
	return e.MultiValueHeaders != nil || e.MultiValueQueryStringParameters != nil
}

// DecodedBody returns the body, base64-decoded when IsBase64Encoded is
// set; nil when there is none.
func (e Event) DecodedBody() ([]byte, error) { return body.Optional(e.Body, e.IsBase64Encoded) }

// JSONBody decodes the body, a JSON document (base64-encoded or not),
// into v. An empty body is an error, which the printer leaves out of the
// view (no body is nothing to decode, not a failure).
func (e Event) JSONBody(v any) error { return body.DecodeJSON(e.Body, e.IsBase64Encoded, v) }

// FormBody parses the body as an HTML form (application/x-www-form-urlencoded,
// base64-encoded or not): an error when the Content-Type header names
// another media type; an absent body is an error too.
func (e Event) FormBody() (url.Values, error) {
	ct, ok := e.Header("Content-Type")
	return httpreq.Form(ct, ok, e.Body, e.IsBase64Encoded)
}

// Header returns the value of a header, its name matched
// case-insensitively: from Headers (the last value sent), else the last
// of MultiValueHeaders.
func (e Event) Header(name string) (string, bool) {
	return httpreq.LastHeader(e.Headers, e.MultiValueHeaders, name)
}

// HeaderValues returns every value of a header, its name matched
// case-insensitively: from MultiValueHeaders, else the one in Headers.
func (e Event) HeaderValues(name string) []string {
	return httpreq.AllHeaderValues(e.Headers, e.MultiValueHeaders, name)
}

// Query returns the query string parameters of both maps, URL-decoded: for
// each name, its values in MultiValueQueryStringParameters, else its value
// in QueryStringParameters. A parameter that does not decode is left out,
// and the error names the first such.
func (e Event) Query() (url.Values, error) {
	return httpreq.DecodeQuery(httpreq.MergeQuery(e.QueryStringParameters, e.MultiValueQueryStringParameters))
}

// QueryParam returns the last value of a query string parameter,
// URL-decoded; name is the decoded name, matched case-sensitively.
func (e Event) QueryParam(name string) (string, bool) {
	return httpreq.Last(e.QueryParamValues(name))
}

// QueryParamValues returns every value of a query string parameter,
// URL-decoded; name is the decoded name, matched case-sensitively.
func (e Event) QueryParamValues(name string) []string {
	q, _ := e.Query()
	return q[name]
}

// RawQuery returns the query string as the client encoded it, rebuilt from
// the query maps ([Event.Query]'s parameters, still encoded):
// "name=value" pairs, names in sorted order (the order the client sent is
// not passed on). Without multi-value headers only the last value of each
// name is passed, so only it is here. Nothing is escaped twice; only bytes
// that cannot appear in a query (a space, a '%' not starting an escape,
// ...) are escaped.
func (e Event) RawQuery() string {
	return httpreq.Query(e.QueryStringParameters, e.MultiValueQueryStringParameters, true)
}

// ParsedCookies parses the Cookie headers of the request.
func (e Event) ParsedCookies() []*http.Cookie { return httpreq.Cookies(e.HeaderValues("Cookie")) }

// Cookie returns the value of the first cookie called name.
func (e Event) Cookie(name string) (string, bool) {
	return httpreq.Cookie(e.HeaderValues("Cookie"), name)
}
