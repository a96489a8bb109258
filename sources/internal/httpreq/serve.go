package httpreq

// What the HTTP-request-shaped events need to be served by a net/http
// handler (evplugin.HTTPHandler): building the *http.Request from the
// pieces an event carries, and shaping the handler's answer (status,
// http.Header, body bytes) into the members each source's response has.

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/evplugin/evplugin/sources/internal/body"
)

// Request is an HTTP request as an event describes it; [Request.New] makes
// the *http.Request a net/http handler serves from it.
type Request struct {
	// Method is the HTTP method; empty means GET.
	Method string
	// Path is the path of the URL, percent-encoded as sent or decoded (HTTP
	// APIs decode it): [EscapePath] makes either a valid escaped path.
	Path string
	// RawQuery is the query string without '?', escaped, as sent (see
	// [Query] for events that carry only parameter maps).
	RawQuery string
	// Proto is the protocol, "HTTP/1.1"; empty or unparsable means HTTP/1.1.
	Proto string
	// Header holds the request headers (see [Header] and [AddCookies]). A
	// Host header moves to the request's Host, as net/http's server does.
	Header http.Header
	// Host is the host when Header has none (the API's domain name).
	Host string
	// SourceIP is the client's address, without port.
	SourceIP string
	// Body is the body, base64 text when IsBase64Encoded is set.
	Body            string
	IsBase64Encoded bool
}

// New returns r as the request net/http's server would give a handler, with
// ctx as its context: Method, URL (Path and RawPath from [EscapePath],
// RawQuery byte for byte), RequestURI, Proto, Header, Host, RemoteAddr
// ("SourceIP:0": the client's port is unknown, and net/http's form
// "host:port" is what net.SplitHostPort expects), Body (http.NoBody when
// empty) and ContentLength. A body that is not valid base64, or an invalid
// method, is an error.
func (r Request) New(ctx context.Context) (*http.Request, error) {
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	b, err := body.Decode(r.Body, r.IsBase64Encoded)
	if err != nil {
		return nil, fmt.Errorf("httpreq: request body: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, method, "", nil)
	if err != nil {
		return nil, fmt.Errorf("httpreq: %w", err)
	}
	escaped := EscapePath(r.Path)
	req.URL = &url.URL{Path: unescapePath(escaped), RawQuery: r.RawQuery}
	if req.URL.EscapedPath() != escaped {
		req.URL.RawPath = escaped
	}
	req.RequestURI = escaped
	if r.RawQuery != "" {
		req.RequestURI += "?" + r.RawQuery
	}
	req.Proto, req.ProtoMajor, req.ProtoMinor = "HTTP/1.1", 1, 1
	if major, minor, ok := http.ParseHTTPVersion(r.Proto); ok {
		req.Proto, req.ProtoMajor, req.ProtoMinor = r.Proto, major, minor
	}
	req.Header = r.Header
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Host = r.Host
	if hosts := req.Header["Host"]; len(hosts) > 0 {
		req.Host = hosts[0]
	}
	delete(req.Header, "Host")
	if r.SourceIP != "" {
		req.RemoteAddr = net.JoinHostPort(r.SourceIP, "0")
	}
	req.ContentLength = int64(len(b))
	if len(b) > 0 {
		req.Body = io.NopCloser(bytes.NewReader(b))
	} else {
		req.Body = http.NoBody
	}
	return req, nil
}

// EscapePath returns p, a URL path either percent-encoded as sent (REST
// APIs, function URLs, ALB) or decoded (HTTP APIs decode rawPath), as a
// valid escaped path: it escapes only the bytes that never appear literally
// in an escaped path (space, '?', '#', a '%' not starting an escape,
// non-ASCII and control bytes), so an escaped path stays byte for byte and a
// decoded one cannot change the URL's structure. A path not starting with
// '/' gets one.
func EscapePath(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return escapeInvalid(p, pathByte)
}

// escapeInvalid returns s, text percent-encoded as sent, with every byte
// for which valid is false percent-encoded, but for the '%' of a valid
// escape, which is kept.
func escapeInvalid(s string, valid func(byte) bool) string {
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case valid(c), c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// pathByte reports whether c may appear literally in an escaped path
// segment (RFC 3986 pchar, and '/').
func pathByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0
}

// queryByte reports whether c may appear literally in an escaped query
// name or value (RFC 3986 query characters but the separators '&' and '=').
func queryByte(c byte) bool { return c != '&' && c != '=' && (pathByte(c) || c == '?') }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// unescapePath decodes an escaped path from EscapePath, whose escapes are
// all valid.
func unescapePath(escaped string) string {
	p, err := url.PathUnescape(escaped)
	if err != nil {
		return escaped
	}
	return p
}

// Header returns the headers of a request as an http.Header with canonical
// names: every value of multi (payload format 1.0's multiValueHeaders, an
// ALB's with multi-value headers on), then the value in single of each
// name multi lacks (names compared case-insensitively). Names differing only
// in case merge, in sorted order of the original names.
func Header(single map[string]string, multi map[string][]string) http.Header {
	h := make(http.Header, max(len(single), len(multi)))
	for _, k := range sortedKeys(multi) {
		ck := http.CanonicalHeaderKey(k)
		h[ck] = append(h[ck], multi[k]...)
	}
	for _, k := range sortedKeys(single) {
		if !hasFold(multi, k) {
			ck := http.CanonicalHeaderKey(k)
			h[ck] = append(h[ck], single[k])
		}
	}
	return h
}

// hasFold reports whether m has a key equal to name but for case.
func hasFold[V any](m map[string]V, name string) bool {
	for k := range m {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// AddCookies adds the items of a payload format 2.0 cookies array
// ("name=value") to h as one Cookie header, joined with "; " as a browser
// sends them. Nothing is added for no cookies.
func AddCookies(h http.Header, cookies []string) {
	if len(cookies) > 0 {
		h["Cookie"] = append(h["Cookie"], strings.Join(cookies, "; "))
	}
}

// Query returns a raw query string from the parameter maps of an event
// without one (payload format 1.0, ALB, VPC Lattice): the parameters of
// [MergeQuery], names sorted (the maps keep no order), the values of a name
// in order. Names and values are escaped with url.QueryEscape, unless
// escaped says the event passes them as sent, still percent-encoded (ALB):
// then they are kept, but for the bytes that cannot appear literally in a
// query name or value (space, '#', '&', '=', a '%' not starting an escape,
// non-ASCII and control bytes), which are escaped, so that nothing is
// escaped twice and the query keeps its pairs.
func Query(single map[string]string, multi map[string][]string, escaped bool) string {
	esc := url.QueryEscape
	if escaped {
		esc = func(s string) string { return escapeInvalid(s, queryByte) }
	}
	q := MergeQuery(single, multi)
	var b strings.Builder
	for _, k := range sortedKeys(q) {
		for _, v := range q[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(esc(k))
			b.WriteByte('=')
			b.WriteString(esc(v))
		}
	}
	return b.String()
}

// ForwardedFor returns the client's address from the X-Forwarded-For
// headers of h: the last entry, which a load balancer appends (an
// Application Load Balancer does so in its default "append" mode; entries
// before it come from the client and are not to be trusted). It is "" when
// there is none, or when the last entry is not an IP address.
func ForwardedFor(h http.Header) string {
	vs := h.Values("X-Forwarded-For")
	if len(vs) == 0 {
		return ""
	}
	parts := Split(vs[len(vs)-1])
	addr, err := netip.ParseAddr(parts[len(parts)-1])
	if err != nil {
		return ""
	}
	return addr.String()
}

// SplitPath splits a path that may carry its query string (VPC Lattice's
// raw_path) at the first '?': the path, the raw query, and whether there was
// a '?'.
func SplitPath(p string) (path, rawQuery string, ok bool) { return strings.Cut(p, "?") }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// IsText reports whether a response of the given Content-Type is text that
// Lambda integrations can carry as a JSON string: text/*, JSON, XML (and
// any type with a +json or +xml suffix: application/problem+json,
// image/svg+xml), JavaScript, YAML, NDJSON and form data
// (application/x-www-form-urlencoded). Anything else, and no type at all,
// is binary.
func IsText(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, _, _ = strings.Cut(contentType, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	switch {
	case strings.HasPrefix(mt, "text/"), strings.HasSuffix(mt, "+json"), strings.HasSuffix(mt, "+xml"):
		return true
	}
	switch mt {
	case "application/json", "application/xml", "application/javascript", "application/ecmascript",
		"application/x-javascript", "application/x-www-form-urlencoded", "application/yaml",
		"application/x-yaml", "application/x-ndjson":
		return true
	}
	return false
}

// ResponseBody returns a response body as Lambda integrations take it:
// the text itself when the Content-Type of h is text ([IsText]), the body
// is valid UTF-8 and no Content-Encoding (gzip, br) applies; otherwise
// base64, with isBase64 set. An empty body is "", not base64.
//
// A REST API passes a base64 body on decoded only when the response's
// Content-Type (or the request's Accept) is one of the API's binary media
// types; HTTP APIs, function URLs and ALB always decode it.
func ResponseBody(h http.Header, b []byte) (text string, isBase64 bool) {
	if len(b) == 0 {
		return "", false
	}
	ce := strings.TrimSpace(h.Get("Content-Encoding"))
	if (ce == "" || strings.EqualFold(ce, "identity")) && IsText(h.Get("Content-Type")) && utf8.Valid(b) {
		return string(b), false
	}
	return base64.StdEncoding.EncodeToString(b), true
}

// isSetCookie reports whether a response header name is Set-Cookie.
func isSetCookie(name string) bool { return strings.EqualFold(name, "Set-Cookie") }

// responseNames returns the names of h that are response headers, sorted:
// those with at least one value and not announcing a trailer ("Trailer:"
// prefix, net/http's convention).
func responseNames(h http.Header) []string {
	var names []string
	for k, vs := range h {
		if len(vs) > 0 && !strings.HasPrefix(k, http.TrailerPrefix) {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return names
}

// JoinedHeaders returns the response headers of h as payload format 2.0 and
// function URLs take them, one string per name, the values of a repeated
// header joined with ", ", names as in h; Set-Cookie is left out (see
// [SetCookies]). The map is never nil.
func JoinedHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for _, k := range responseNames(h) {
		if !isSetCookie(k) {
			out[k] = strings.Join(h[k], ", ")
		}
	}
	return out
}

// SetCookies returns the values of the Set-Cookie headers of h, in order,
// for the cookies array of a payload format 2.0 or function URL response
// (a Set-Cookie value holds commas, so it cannot be joined with others).
// The slice is never nil.
func SetCookies(h http.Header) []string {
	out := []string{}
	for _, k := range responseNames(h) {
		if isSetCookie(k) {
			out = append(out, h[k]...)
		}
	}
	return out
}

// SplitHeaders returns the response headers of h as payload format 1.0
// takes them: single holds the names with one value, multi those with
// several (every Set-Cookie kept), so that no name is in both (API Gateway
// merges the two maps). Neither map is nil.
func SplitHeaders(h http.Header) (single map[string]string, multi map[string][]string) {
	single, multi = make(map[string]string, len(h)), map[string][]string{}
	for _, k := range responseNames(h) {
		if vs := h[k]; len(vs) == 1 {
			single[k] = vs[0]
		} else {
			multi[k] = slices.Clone(vs)
		}
	}
	return single, multi
}

// MultiValueHeaders returns every response header of h with all its values
// (an ALB with multi-value headers on takes them so). The map is never nil.
func MultiValueHeaders(h http.Header) map[string][]string {
	out := make(map[string][]string, len(h))
	for _, k := range responseNames(h) {
		out[k] = slices.Clone(h[k])
	}
	return out
}
