package httpreq

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// StatusDescription returns the status line text an ALB or VPC Lattice
// response carries in statusDescription: "200 OK", "404 Not Found"; the
// bare code when net/http knows no text for it ("299").
func StatusDescription(status int) string {
	if text := http.StatusText(status); text != "" {
		return strconv.Itoa(status) + " " + text
	}
	return strconv.Itoa(status)
}

// CheckStatus returns an error, starting with pkg, for a status code
// outside 100-599.
func CheckStatus(pkg string, status int) error {
	if status < 100 || status > 599 {
		return fmt.Errorf("%s: invalid HTTP status %d", pkg, status)
	}
	return nil
}

// JSONText checks status and encodes v as the JSON text of a response
// body; errors start with pkg.
func JSONText(pkg string, status int, v any) (string, error) {
	if err := CheckStatus(pkg, status); err != nil {
		return "", err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("%s: response body: %w", pkg, err)
	}
	return string(b), nil
}

// SingleValueHeaders returns the response headers of h as a map of one
// value per name, for a response whose headers member holds strings (ALB
// without multi-value headers, VPC Lattice): the values of a name joined
// with ", " (how HTTP combines repeated fields), but for Set-Cookie, whose
// values cannot be combined: the last one. Names announcing a trailer
// ("Trailer:" prefix, net/http's convention) are left out. It is nil when
// there are none.
func SingleValueHeaders(h http.Header) map[string]string {
	out := JoinedHeaders(h)
	if c := SetCookies(h); len(c) > 0 {
		out["Set-Cookie"] = c[len(c)-1]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// ValidCookie returns an error, starting with pkg, for a nil or invalid
// cookie to set on a response.
func ValidCookie(pkg string, c *http.Cookie) error {
	if c == nil {
		return fmt.Errorf("%s: nil cookie", pkg)
	}
	if err := c.Valid(); err != nil {
		return fmt.Errorf("%s: cookie: %w", pkg, err)
	}
	return nil
}
