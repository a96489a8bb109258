// Package header looks up HTTP headers and query parameters the way
// HTTP does: names case-insensitively, keeping the map's own casing.
package header

import (
	"slices"
	"strings"
)

// Get returns the value of the header name in h, matched case-insensitively,
// and whether it is present. An exact match wins; among other casings the
// first in sorted key order does, so the answer never depends on map order.
func Get(h map[string]string, name string) (string, bool) { return Lookup(h, name) }

// Lookup is [Get] for a map of any value type, such as the content of a
// request body by media type.
func Lookup[V any](m map[string]V, name string) (V, bool) {
	if v, ok := m[name]; ok {
		return v, true
	}
	for _, k := range casings(m, name) {
		return m[k], true
	}
	var zero V
	return zero, false
}

// Values returns every value of the header name in a multi-value map:
// the values of every key equal to name but for case, keys in sorted order.
func Values(h map[string][]string, name string) []string {
	var out []string
	for _, v := range Matches(h, name) {
		out = append(out, v...)
	}
	return out
}

// Matches returns the values of every key of h equal to name but for case,
// keys in sorted order: for maps whose values are not plain strings or
// lists (free-form JSON, a string or a list).
func Matches[V any](h map[string]V, name string) []V {
	var out []V
	for _, k := range casings(h, name) {
		out = append(out, h[k])
	}
	return out
}

// casings returns the keys of h equal to name but for case, sorted.
func casings[V any](h map[string]V, name string) []string {
	var keys []string
	for k := range h {
		if strings.EqualFold(k, name) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}
