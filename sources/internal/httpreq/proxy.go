package httpreq

import (
	"fmt"
	"net/url"
	"slices"

	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/header"
)

// LastHeader returns the value of a header of a request that carries a
// single-value header map, a multi-value one or both (payload format 1.0,
// ALB), its name matched case-insensitively: from single (the last value
// sent), else the last of multi.
func LastHeader(single map[string]string, multi map[string][]string, name string) (string, bool) {
	if v, ok := header.Get(single, name); ok {
		return v, true
	}
	return Last(header.Values(multi, name))
}

// AllHeaderValues returns every value of a header of such a request, its
// name matched case-insensitively: from multi, else the one in single.
func AllHeaderValues(single map[string]string, multi map[string][]string, name string) []string {
	if vs := header.Values(multi, name); len(vs) > 0 {
		return vs
	}
	if v, ok := header.Get(single, name); ok {
		return []string{v}
	}
	return nil
}

// LastQueryParam returns the value of a query string parameter of a
// request that carries a single-value map, a multi-value one or both:
// from single (the last value sent), else the last of multi. Names are
// case-sensitive.
func LastQueryParam(single map[string]string, multi map[string][]string, name string) (string, bool) {
	if v, ok := single[name]; ok {
		return v, true
	}
	return Last(multi[name])
}

// AllQueryParamValues returns every value of a query string parameter of
// such a request: from multi, else the one in single.
func AllQueryParamValues(single map[string]string, multi map[string][]string, name string) []string {
	if vs, ok := multi[name]; ok {
		return vs
	}
	if v, ok := single[name]; ok {
		return []string{v}
	}
	return nil
}

// Last returns the last of vs, the values of a header or parameter, and
// whether there is one.
func Last(vs []string) (string, bool) {
	if len(vs) == 0 {
		return "", false
	}
	return vs[len(vs)-1], true
}

// MergeQuery returns the query string parameters of both maps of a request
// in one map: for each name, its values in multi when multi has it, else
// its value in single. (The reference's resolved view took multi alone
// whenever it was not empty, dropping the names only single had.)
func MergeQuery(single map[string]string, multi map[string][]string) map[string][]string {
	if len(single) == 0 && len(multi) == 0 {
		return nil
	}
	out := make(map[string][]string, len(single)+len(multi))
	for k, v := range single {
		out[k] = []string{v}
	}
	for k, vs := range multi {
		out[k] = slices.Clone(vs)
	}
	return out
}

// DecodeQuery unescapes the names and values of q, query string parameters
// still URL-encoded as the client sent them (an ALB passes them so), as
// url.ParseQuery does ("+" is a space). Names that unescape alike merge,
// in sorted order of their encoded forms. A pair that does not unescape is
// left out, and the error names the first such.
func DecodeQuery(q map[string][]string) (url.Values, error) {
	if len(q) == 0 {
		return nil, nil
	}
	out := make(url.Values, len(q))
	var errs []error
	for _, k := range sortedKeys(q) {
		name, err := url.QueryUnescape(k)
		if err != nil {
			errs = append(errs, fmt.Errorf("query parameter %q: %w", k, err))
			continue
		}
		for _, v := range q[k] {
			value, err := url.QueryUnescape(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("query parameter %q: %w", k, err))
				continue
			}
			out[name] = append(out[name], value)
		}
	}
	if len(errs) > 0 {
		return out, errs[0]
	}
	return out, nil
}

// Strings returns a header or query value that arrives as a list of strings
// or as one string (VPC Lattice payload format 2.0 sends either) as a list:
// a string as one item, a list's items in order. Numbers and booleans give
// their JSON text, null nothing; nested lists and objects are left out.
func Strings(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case []string:
		return x
	case []any:
		var out []string
		for _, item := range x {
			if s, ok := body.Scalar(item); ok {
				out = append(out, s)
			}
		}
		return out
	}
	if s, ok := body.Scalar(v); ok {
		return []string{s}
	}
	return nil
}

// StringsMap returns the members of m, header or query values as lists of
// strings or plain strings ([Strings]), as lists; names with no value are
// left out. It is nil for an empty m.
func StringsMap(m map[string]any) map[string][]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string][]string, len(m))
	for k, v := range m {
		if vs := Strings(v); vs != nil {
			out[k] = vs
		}
	}
	return out
}
