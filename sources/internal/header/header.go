// Package header looks up HTTP headers and query parameters the way
// HTTP does: names case-insensitively, keeping the map's own casing.
package header

import "strings"

// Get returns the value of the header name in h, matched case-insensitively,
// and whether it is present. An exact match is tried first.
func Get(h map[string]string, name string) (string, bool) {
	if v, ok := h[name]; ok {
		return v, true
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

// Values returns every value of the header name in a multi-value map,
// matched case-insensitively; names differing only in case are merged in
// the order of their sorted keys.
func Values(h map[string][]string, name string) []string {
	if v, ok := h[name]; ok {
		return v
	}
	var out []string
	for k, v := range h {
		if strings.EqualFold(k, name) {
			out = append(out, v...)
		}
	}
	return out
}
