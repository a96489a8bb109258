package vpclattice

import (
	"net/http"
	"net/url"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/header"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func init() {
	// Event structure version 1 is the only event with the snake_case keys
	// raw_path and method; it has no version.
	sources.Register[EventV1]("aws.vpclattice.v1", "Amazon VPC Lattice, Lambda target (event structure version 1)", sources.PriorityShape,
		registry.All(
			registry.PathExists("raw_path"),
			registry.PathExists("method"),
		))
}

// EventV1 is the request VPC Lattice passes to a Lambda target of a target
// group with event structure version 1. Keys are snake_case; repeated
// headers arrive joined with commas, repeated query parameters as their
// last value.
//
//evplugin:derived DecodedBody JSONBody
type EventV1 struct {
	lossless.Extra
	RawPath               string            `json:"raw_path"`
	Method                string            `json:"method"`
	Headers               map[string]string `json:"headers"`
	QueryStringParameters map[string]string `json:"query_string_parameters"`
	Body                  string            `json:"body"`
	IsBase64Encoded       bool              `json:"is_base64_encoded"`
}

// SensitivePaths names, for the printer, the credential headers (any
// casing) and query string parameters ([printer.SensitiveQuery]), keeping
// their names.
func (e EventV1) SensitivePaths() []string {
	return append(httpreq.SecretPaths("headers", e.Headers), httpreq.SecretQueryPaths("query_string_parameters", e.QueryStringParameters)...)
}

// Redacted gives the printer RawPath with the values of the credential
// parameters of the query string it may carry masked, names kept:
// "/p?code=[SENSITIVE]&x=1".
func (e EventV1) Redacted() map[string]string {
	p, q, ok := httpreq.SplitPath(e.RawPath)
	if !ok {
		return nil
	}
	if r, ok := httpreq.RedactQuery(q, printer.Sensitive); ok {
		return map[string]string{"raw_path": p + "?" + r}
	}
	return nil
}

// DecodedBody returns the body, base64-decoded when IsBase64Encoded is
// set; nil when there is none.
func (e EventV1) DecodedBody() ([]byte, error) { return body.Optional(e.Body, e.IsBase64Encoded) }

// JSONBody decodes the body, a JSON document (base64-encoded or not),
// into v. An empty body is an error, which the printer leaves out of the
// view (no body is nothing to decode, not a failure), as for every other
// HTTP source.
func (e EventV1) JSONBody(v any) error { return body.DecodeJSON(e.Body, e.IsBase64Encoded, v) }

// FormBody parses the body as an HTML form (application/x-www-form-urlencoded,
// base64-encoded or not): an error when the Content-Type header names
// another media type; an absent body is an error too.
func (e EventV1) FormBody() (url.Values, error) {
	ct, ok := e.Header("Content-Type")
	return httpreq.Form(ct, ok, e.Body, e.IsBase64Encoded)
}

// Header returns the value of a header, its name matched
// case-insensitively; repeated headers arrive joined with commas.
func (e EventV1) Header(name string) (string, bool) { return header.Get(e.Headers, name) }

// HeaderValues returns the values of a header, its name matched
// case-insensitively, split at the commas VPC Lattice joined them with (so
// a single value holding a comma is split too).
func (e EventV1) HeaderValues(name string) []string { return httpreq.HeaderValues(e.Headers, name) }

// QueryParam returns the value of a query string parameter (the last one
// sent); names are case-sensitive.
func (e EventV1) QueryParam(name string) (string, bool) {
	v, ok := e.QueryStringParameters[name]
	return v, ok
}

// Query returns the query string parameters as url.Values.
func (e EventV1) Query() url.Values {
	return httpreq.MergeQuery(e.QueryStringParameters, nil)
}

// ParsedCookies parses the Cookie header of the request.
func (e EventV1) ParsedCookies() []*http.Cookie { return httpreq.Cookies(e.cookieLines()) }

// Cookie returns the value of the first cookie called name.
func (e EventV1) Cookie(name string) (string, bool) { return httpreq.Cookie(e.cookieLines(), name) }

func (e EventV1) cookieLines() []string {
	if v, ok := e.Header("Cookie"); ok {
		return []string{v}
	}
	return nil
}
