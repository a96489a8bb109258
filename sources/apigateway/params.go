package apigateway

import (
	"net/http"
	"net/url"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources/internal/header"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

// RequestParamsV1 holds the headers and query string parameters of a
// request in payload format 1.0, and looks them up. It is embedded, without
// a json name, in [RESTEvent], [RequestAuthorizerEvent], [WebSocketEvent]
// and [WebSocketAuthorizerEvent], so its members are those of the event
// (e.Headers works as before) and so are its methods (e.Header("Host")). It
// has no [lossless.Extra] of its own: the event's keeps what nobody models.
//
// Headers holds the last value of each header, MultiValueHeaders all of
// them; the same holds for the query string parameters. Header names match
// case-insensitively, query string parameter names case-sensitively (the
// reference library matches WebSocket ones case-insensitively, which HTTP
// does not).
type RequestParamsV1 struct {
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
}

// SensitivePaths names, for the printer, the credential headers (any
// casing) in Headers and MultiValueHeaders and the credential query string
// parameters ([printer.SensitiveQuery]: code, access_token, token,
// X-Amz-Signature, ...) in both query maps, keeping their names. An event
// embedding p adds its own secrets to these.
func (p RequestParamsV1) SensitivePaths() []string {
	return httpreq.SecretPathsV1(p.Headers, p.MultiValueHeaders, p.QueryStringParameters, p.MultiValueQueryStringParameters)
}

// Header returns the value of a header, its name matched
// case-insensitively: from Headers (the last value sent), else the last
// of MultiValueHeaders.
func (p RequestParamsV1) Header(name string) (string, bool) {
	return httpreq.LastHeader(p.Headers, p.MultiValueHeaders, name)
}

// HeaderValues returns every value of a header, its name matched
// case-insensitively: from MultiValueHeaders, else the one in Headers.
func (p RequestParamsV1) HeaderValues(name string) []string {
	return httpreq.AllHeaderValues(p.Headers, p.MultiValueHeaders, name)
}

// QueryParam returns the (last) value of a query string parameter; names
// HTTPHeader returns every header as an http.Header, canonical names,
// every value of the multi-value map and those only in the single-value
// one: the whole-map view middleware and validators take.
func (p RequestParamsV1) HTTPHeader() http.Header {
	return httpreq.Header(p.Headers, p.MultiValueHeaders)
}

// are case-sensitive.
func (p RequestParamsV1) QueryParam(name string) (string, bool) {
	return httpreq.LastQueryParam(p.QueryStringParameters, p.MultiValueQueryStringParameters, name)
}

// QueryParamValues returns every value of a query string parameter; names
// are case-sensitive.
func (p RequestParamsV1) QueryParamValues(name string) []string {
	return httpreq.AllQueryParamValues(p.QueryStringParameters, p.MultiValueQueryStringParameters, name)
}

// Query returns every query string parameter: for each name, its values in
// MultiValueQueryStringParameters, else its value in QueryStringParameters
// (API Gateway passes them decoded). It is the whole-map view validators
// and middleware take; nil when the request has none.
func (p RequestParamsV1) Query() url.Values {
	return httpreq.MergeQuery(p.QueryStringParameters, p.MultiValueQueryStringParameters)
}

// ParsedCookies parses the Cookie headers of the request.
func (p RequestParamsV1) ParsedCookies() []*http.Cookie {
	return httpreq.Cookies(p.HeaderValues("Cookie"))
}

// Cookie returns the value of the first cookie called name.
func (p RequestParamsV1) Cookie(name string) (string, bool) {
	return httpreq.Cookie(p.HeaderValues("Cookie"), name)
}

// RequestParamsV2 holds the raw query string, cookies, headers and query
// string parameters of a request in payload format 2.0, and looks them up.
// It is embedded, without a json name, in [HTTPEvent] and
// [HTTPAuthorizerEvent] (as [RequestParamsV1] is in the 1.0 events), so
// its members and methods are those of the event. It has no
// [lossless.Extra] of its own.
//
// Repeated headers and query string parameters arrive joined with commas;
// Cookie headers arrive split into Cookies. Header names match
// case-insensitively, query string parameter names case-sensitively.
type RequestParamsV2 struct {
	RawQueryString        string            `json:"rawQueryString"`
	Cookies               []string          `json:"cookies"`
	Headers               map[string]string `json:"headers"`
	QueryStringParameters map[string]string `json:"queryStringParameters"`
}

// SensitivePaths names, for the printer, the cookies, the credential
// headers (any casing) and the credential query string parameters
// ([printer.SensitiveQuery]: code, access_token, X-Amz-Signature, ...),
// keeping their names. An event embedding p adds its own secrets to these.
func (p RequestParamsV2) SensitivePaths() []string {
	return httpreq.SecretPathsV2(p.Headers, p.QueryStringParameters)
}

// Redacted gives the printer RawQueryString with the values of its
// credential parameters masked, names kept: "code=[SENSITIVE]&x=1".
func (p RequestParamsV2) Redacted() map[string]string {
	if q, ok := httpreq.RedactQuery(p.RawQueryString, printer.Sensitive); ok {
		return map[string]string{"rawQueryString": q}
	}
	return nil
}

// Header returns the value of a header, its name matched
// HTTPHeader returns every header as an http.Header with canonical names,
// each value as payload format 2.0 sends it (repeated headers arrive joined
// with commas; split one with HeaderValues).
func (p RequestParamsV2) HTTPHeader() http.Header { return httpreq.Header(p.Headers, nil) }

// case-insensitively; repeated headers arrive joined with commas.
func (p RequestParamsV2) Header(name string) (string, bool) { return header.Get(p.Headers, name) }

// HeaderValues returns the values of a header, its name matched
// case-insensitively, split at the commas API Gateway joined them with
// (so a single value holding a comma is split too).
func (p RequestParamsV2) HeaderValues(name string) []string {
	return httpreq.HeaderValues(p.Headers, name)
}

// QueryParam returns a query string parameter as API Gateway passes it:
// repeated parameters joined with commas. Names are case-sensitive.
func (p RequestParamsV2) QueryParam(name string) (string, bool) {
	v, ok := p.QueryStringParameters[name]
	return v, ok
}

// QueryParamValues returns every value of a query string parameter, decoded
// from RawQueryString; without a raw query string, the value in
// QueryStringParameters.
func (p RequestParamsV2) QueryParamValues(name string) []string {
	return httpreq.QueryParamValues(p.RawQueryString, p.QueryStringParameters, name)
}

// Query returns every query string parameter, decoded from RawQueryString
// in order as url.ParseQuery does (a pair that does not decode is left out,
// and the error names the first such); without a raw query string, the
// values of QueryStringParameters as they came (repeated parameters joined
// with commas). Nil when the request has none.
func (p RequestParamsV2) Query() (url.Values, error) {
	if p.RawQueryString != "" {
		return url.ParseQuery(p.RawQueryString)
	}
	return httpreq.MergeQuery(p.QueryStringParameters, nil), nil
}

// ParsedCookies parses Cookies.
func (p RequestParamsV2) ParsedCookies() []*http.Cookie { return httpreq.Cookies(p.Cookies) }

// Cookie returns the value of the first cookie called name.
func (p RequestParamsV2) Cookie(name string) (string, bool) { return httpreq.Cookie(p.Cookies, name) }

// RouteVariables holds the path parameters and stage variables of a REST
// or HTTP API request, in both payload formats, and looks them up. It is
// embedded, without a json name, in [RESTEvent], [RequestAuthorizerEvent],
// [HTTPEvent] and [HTTPAuthorizerEvent]; it has no [lossless.Extra] of its
// own. (WebSocket APIs send no path parameters: their events hold
// StageVariables themselves.)
type RouteVariables struct {
	PathParameters map[string]string `json:"pathParameters"`
	StageVariables map[string]string `json:"stageVariables"`
}

// PathParam returns the value of a path parameter ({name} in the resource
// or route).
func (v RouteVariables) PathParam(name string) (string, bool) {
	s, ok := v.PathParameters[name]
	return s, ok
}

// StageVariable returns the value of a stage variable.
func (v RouteVariables) StageVariable(name string) (string, bool) {
	s, ok := v.StageVariables[name]
	return s, ok
}
