package vpclattice

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/evplugin/evplugin/internal/epoch"
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/header"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func init() {
	// Event structure version 2: version "2.0" with the target group in
	// requestContext (VPC Lattice always invokes a function as the target of
	// a target group). API Gateway's payload format 2.0 and function URL
	// events share version "2.0" but carry rawPath and requestContext.http,
	// which a VPC Lattice event never has; version 1 has raw_path.
	sources.Register[EventV2]("aws.vpclattice.v2", "Amazon VPC Lattice, Lambda target (event structure version 2)", sources.PriorityShape,
		registry.All(
			registry.PathEquals("version", "2.0"),
			registry.PathExists("requestContext.targetGroupArn"),
			registry.PathAbsent("rawPath"),
			registry.PathAbsent("requestContext.http"),
			registry.PathAbsent("raw_path"),
		))
}

// EventV2 is the request VPC Lattice passes to a Lambda target of a target
// group with event structure version 2.
//
// Headers and QueryStringParameters map each name to a list of strings
// (["a", "b"]), or, in some payloads, to one string ("a"): they are kept as
// free-form JSON, so that both forms decode and marshal back unchanged, and
// the helpers read either (a string is one value, never a list of its
// characters). Some payloads carry the query string parameters under the
// version 1 key query_string_parameters: the helpers read
// SnakeCaseQueryStringParameters when QueryStringParameters is absent.
//
//evplugin:derived DecodedBody JSONBody
type EventV2 struct {
	lossless.Extra
	Version               string         `json:"version"`
	Path                  string         `json:"path"`
	Method                string         `json:"method"`
	Headers               map[string]any `json:"headers"`
	QueryStringParameters map[string]any `json:"queryStringParameters"`
	// SnakeCaseQueryStringParameters is not documented for version 2.
	SnakeCaseQueryStringParameters map[string]any `json:"query_string_parameters"`
	Body                           string         `json:"body"`
	IsBase64Encoded                bool           `json:"isBase64Encoded"`
	RequestContext                 RequestContext `json:"requestContext"`
}

// RequestContext describes where the request came from and went to.
//
//evplugin:derived Timestamp
type RequestContext struct {
	lossless.Extra
	ServiceNetworkARN string   `json:"serviceNetworkArn"`
	ServiceARN        string   `json:"serviceArn"`
	TargetGroupARN    string   `json:"targetGroupArn"`
	Identity          Identity `json:"identity"`
	Region            string   `json:"region"`
	TimeEpoch         string   `json:"timeEpoch"` // microseconds, as text
}

// Timestamp is the time of the request, from TimeEpoch (microseconds).
func (c RequestContext) Timestamp() (time.Time, error) { return epoch.Micros(c.TimeEpoch) }

// TargetGroup parses TargetGroupARN
// (arn:aws:vpc-lattice:region:account:targetgroup/id).
func (c RequestContext) TargetGroup() (arn.ARN, error) { return arn.Parse(c.TargetGroupARN) }

// Identity is the caller: its VPC, and, when the service or service network
// uses AWS_IAM authentication, the authenticated principal; the X.509
// members are set for IAM Roles Anywhere credentials.
type Identity struct {
	lossless.Extra
	SourceVPCARN   string `json:"sourceVpcArn"`
	Type           string `json:"type"` // AWS_IAM or NONE
	Principal      string `json:"principal"`
	PrincipalOrgID string `json:"principalOrgID"`
	SessionName    string `json:"sessionName"`
	X509IssuerOU   string `json:"x509IssuerOu"`
	X509SANDNS     string `json:"x509SanDns"`
	X509SANNameCN  string `json:"x509SanNameCn"`
	X509SANURI     string `json:"x509SanUri"`
	X509SubjectCN  string `json:"x509SubjectCn"`
}

// SensitivePaths names, for the printer, the credential headers (any
// casing) and query string parameters ([printer.SensitiveQuery]), keeping
// their names.
func (e EventV2) SensitivePaths() []string {
	paths := append(httpreq.SecretPaths("headers", e.Headers), httpreq.SecretQueryPaths("queryStringParameters", e.QueryStringParameters)...)
	return append(paths, httpreq.SecretQueryPaths("query_string_parameters", e.SnakeCaseQueryStringParameters)...)
}

// DecodedBody returns the body, base64-decoded when IsBase64Encoded is
// set; nil when there is none.
func (e EventV2) DecodedBody() ([]byte, error) { return body.Optional(e.Body, e.IsBase64Encoded) }

// JSONBody decodes the body, a JSON document (base64-encoded or not),
// into v. An empty body is an error, which the printer leaves out of the
// view (no body is nothing to decode, not a failure).
func (e EventV2) JSONBody(v any) error { return body.DecodeJSON(e.Body, e.IsBase64Encoded, v) }

// FormBody parses the body as an HTML form (application/x-www-form-urlencoded,
// base64-encoded or not): an error when the Content-Type header names
// another media type; an absent body is an error too.
func (e EventV2) FormBody() (url.Values, error) {
	ct, ok := e.Header("Content-Type")
	return httpreq.Form(ct, ok, e.Body, e.IsBase64Encoded)
}

// Header returns the value of a header, its name matched
// case-insensitively: its values joined with ", ", as HTTP combines
// repeated fields.
func (e EventV2) Header(name string) (string, bool) {
	vs := e.HeaderValues(name)
	if vs == nil {
		return "", false
	}
	return strings.Join(vs, ", "), true
}

// HeaderValues returns every value of a header, its name matched
// case-insensitively.
func (e EventV2) HeaderValues(name string) []string {
	var out []string
	for _, v := range header.Matches(e.Headers, name) {
		out = append(out, httpreq.Strings(v)...)
	}
	return out
}

// QueryParam returns the last value of a query string parameter; names are
// case-sensitive.
func (e EventV2) QueryParam(name string) (string, bool) {
	return httpreq.Last(e.QueryParamValues(name))
}

// QueryParamValues returns every value of a query string parameter; a
// plain string is one value ("1234", not 1,2,3,4).
func (e EventV2) QueryParamValues(name string) []string {
	return httpreq.Strings(e.query()[name])
}

// Query returns the query string parameters as url.Values.
func (e EventV2) Query() url.Values { return httpreq.StringsMap(e.query()) }

func (e EventV2) query() map[string]any {
	if e.QueryStringParameters == nil {
		return e.SnakeCaseQueryStringParameters
	}
	return e.QueryStringParameters
}

// ParsedCookies parses the Cookie headers of the request.
func (e EventV2) ParsedCookies() []*http.Cookie { return httpreq.Cookies(e.HeaderValues("Cookie")) }

// Cookie returns the value of the first cookie called name.
func (e EventV2) Cookie(name string) (string, bool) {
	return httpreq.Cookie(e.HeaderValues("Cookie"), name)
}
