package printer

import (
	"slices"
	"strings"
)

// The default masks, one list for everything that prints values: member
// and header names (matched case-insensitively) whose values are secrets.
var (
	// sensitiveNames are masked when a member's whole name (lower cased) is
	// one of them: credential headers.
	sensitiveNames = []string{
		"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
		"x-amz-security-token", "x-auth-token", "x-csrf-token",
		"x-amzn-oidc-accesstoken", "x-amzn-oidc-data",
	}
	// sensitiveWords are masked when a member's name (lower cased)
	// contains one of them.
	sensitiveWords = []string{
		"token", "secret", "password", "passwd", "credential", "apikey", "api_key", "private_key", "signature",
	}
)

// SensitiveName reports whether a member or header named name holds a
// secret by default, whatever its case: the credential headers
// authorization, proxy-authorization, cookie, set-cookie, x-api-key,
// x-amz-security-token, x-auth-token, x-csrf-token, x-amzn-oidc-accesstoken
// and x-amzn-oidc-data, and any name containing token, secret, password,
// passwd, credential, apikey, api_key, private_key or signature.
func SensitiveName(name string) bool {
	name = strings.ToLower(name)
	if slices.Contains(sensitiveNames, name) {
		return true
	}
	for _, w := range sensitiveWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}
