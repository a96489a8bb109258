// Package httpreq holds what the HTTP-request-shaped events (API Gateway
// REST and HTTP APIs, Lambda function URLs) share: cookie parsing, the
// header names the printer masks, request times and comma-joined lists.
package httpreq

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/header"
)

// SecretPaths returns, sorted, the paths member.<key> of the keys of h, the
// headers of an event's member, that name a credential header
// ([printer.SensitiveName]: Authorization, Cookie, Set-Cookie, X-Api-Key,
// X-Amz-Security-Token, ...), matched case-insensitively, spelled as in h:
// the paths the event masks, also with the printer's default masks off.
func SecretPaths[V any](member string, h map[string]V) []string {
	return paths(member, h, printer.SensitiveName)
}

// SecretQueryPaths returns, sorted, the paths member.<key> of the keys of
// q, the query string parameters of an event's member, that
// [printer.SensitiveQuery] names: the paths the event masks.
func SecretQueryPaths[V any](member string, q map[string]V) []string {
	return paths(member, q, printer.SensitiveQuery)
}

// paths returns, sorted, member.<key> for the keys of m that secret names.
func paths[V any](member string, m map[string]V, secret func(string) bool) []string {
	var out []string
	for k := range m {
		if secret(k) {
			out = append(out, member+"."+k)
		}
	}
	slices.Sort(out)
	return out
}

// RedactQuery returns raw, a raw query string, with the value of every
// parameter that [printer.SensitiveQuery] names (once unescaped) replaced by
// sensitive, keeping names, order and the other pairs byte for byte:
// "code=abc&x=1" gives "code=[SENSITIVE]&x=1". ok is false when there was
// nothing to replace.
func RedactQuery(raw, sensitive string) (string, bool) {
	return printer.RedactQuery(raw, printer.SensitiveQuery, sensitive)
}

// Cookies parses Cookie header values, or the "name=value" items of a
// cookies array, as net/http parses a request's Cookie headers: leniently,
// leaving out malformed pairs.
func Cookies(lines []string) []*http.Cookie {
	if len(lines) == 0 {
		return nil
	}
	r := http.Request{Header: http.Header{"Cookie": lines}}
	return r.Cookies()
}

// Cookie returns the value of the first cookie called name in lines.
func Cookie(lines []string, name string) (string, bool) {
	for _, c := range Cookies(lines) {
		if c.Name == name {
			return c.Value, true
		}
	}
	return "", false
}

// ErrNoTime reports a request without a time.
var ErrNoTime = errors.New("httpreq: no request time")

// Time returns the time of a request: epochMillis when it is set (it has
// millisecond precision), otherwise text in the common log format API
// Gateway uses ("04/Mar/2020:19:15:17 +0000", also seen without the space
// before the zone).
func Time(text string, epochMillis int64) (time.Time, error) {
	if epochMillis != 0 {
		return time.UnixMilli(epochMillis).UTC(), nil
	}
	if text == "" {
		return time.Time{}, ErrNoTime
	}
	t, err := time.Parse("02/Jan/2006:15:04:05 -0700", text)
	if err != nil {
		var err2 error
		if t, err2 = time.Parse("02/Jan/2006:15:04:05-0700", text); err2 != nil {
			return time.Time{}, err
		}
	}
	return t.UTC(), nil
}

// Split splits a comma-joined header or query value ("a,b, c") into its
// items, trimming the spaces around each. It is the inverse of the joining
// payload format 2.0 does, so it also splits a single value that holds a
// comma (a Date header, a quoted string).
func Split(v string) []string {
	parts := strings.Split(v, ",")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}

// HeaderValues returns the values of a header of a payload format 2.0
// request, its name matched case-insensitively, split at the commas the
// payload joined them with (so a single value holding a comma is split too).
func HeaderValues(headers map[string]string, name string) []string {
	v, ok := header.Get(headers, name)
	if !ok {
		return nil
	}
	return Split(v)
}

// QueryParamValues returns every value of a query string parameter of a
// payload format 2.0 request, decoded from raw, the raw query string;
// without one, the value in params.
func QueryParamValues(raw string, params map[string]string, name string) []string {
	if vs := QueryValues(raw, name); len(vs) > 0 {
		return vs
	}
	if v, ok := params[name]; ok {
		return []string{v}
	}
	return nil
}

// QueryValues returns the values of the parameter name in a raw query
// string, decoded, in order; pairs that do not decode are left out.
func QueryValues(raw, name string) []string {
	var out []string
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(pair, "=")
		k, err1 := url.QueryUnescape(k)
		v, err2 := url.QueryUnescape(v)
		if err1 == nil && err2 == nil && k == name {
			out = append(out, v)
		}
	}
	return out
}

// PayloadV2 returns the rule that identifies payload format 2.0, which HTTP
// APIs and Lambda function URLs share: version "2.0" with rawPath and
// requestContext.http.method (a VPC Lattice event of version 2.0 has
// neither). routeKey is not required: HTTP APIs always send it, but a
// function URL may leave it out (its value is the placeholder "$default").
// An HTTP API Lambda authorizer with payload format 2.0 receives the same
// keys plus type ("REQUEST") and routeArn, so those must be absent.
// [registry.Rule.And] refines it without changing it.
func PayloadV2() registry.Rule {
	return registry.All(
		registry.PathEquals("version", "2.0"),
		registry.PathExists("rawPath"),
		registry.PathExists("requestContext.http.method"),
		registry.PathAbsent("type"),
		registry.PathAbsent("routeArn"),
	)
}

// HeaderV1 returns the value of a header of an event with single- and
// multi-value header maps (payload format 1.0, WebSocket APIs), its name
// matched case-insensitively: from single (the last value sent), else the
// last of multi.
func HeaderV1(single map[string]string, multi map[string][]string, name string) (string, bool) {
	if v, ok := header.Get(single, name); ok {
		return v, true
	}
	if vs := header.Values(multi, name); len(vs) > 0 {
		return vs[len(vs)-1], true
	}
	return "", false
}

// HeaderValuesV1 returns every value of a header of an event with single-
// and multi-value header maps, its name matched case-insensitively: from
// multi, else the one in single.
func HeaderValuesV1(single map[string]string, multi map[string][]string, name string) []string {
	if vs := header.Values(multi, name); len(vs) > 0 {
		return vs
	}
	if v, ok := header.Get(single, name); ok {
		return []string{v}
	}
	return nil
}

// QueryParamV1 returns the (last) value of a query string parameter of an
// event with single- and multi-value query maps; names are case-sensitive,
// as in HTTP.
func QueryParamV1(single map[string]string, multi map[string][]string, name string) (string, bool) {
	if v, ok := single[name]; ok {
		return v, true
	}
	if vs := multi[name]; len(vs) > 0 {
		return vs[len(vs)-1], true
	}
	return "", false
}

// QueryParamValuesV1 returns every value of a query string parameter of an
// event with single- and multi-value query maps: from multi, else the one
// in single. Names are case-sensitive.
func QueryParamValuesV1(single map[string]string, multi map[string][]string, name string) []string {
	if vs, ok := multi[name]; ok {
		return vs
	}
	if v, ok := single[name]; ok {
		return []string{v}
	}
	return nil
}
