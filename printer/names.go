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

// sensitiveQuery are the query string parameters that hold credentials
// without being named like secrets: OAuth authorization codes.
var sensitiveQuery = []string{"code"}

// SensitiveQuery reports whether the query string parameter name holds a
// credential by default, whatever its case: a name [SensitiveName] reports
// (access_token, id_token, token, X-Amz-Signature, X-Amz-Credential,
// X-Amz-Security-Token, ...) or code, an OAuth authorization code.
func SensitiveQuery(name string) bool {
	return SensitiveName(name) || slices.Contains(sensitiveQuery, strings.ToLower(name))
}

// MaskText returns s with the secrets it holds as text masked: in JSON text
// (an SQS body, an SNS message), the values of members named like secrets
// ([SensitiveName]) at any depth; in a URL, the values of credential query
// parameters ([SensitiveQuery]). Other text is returned as it is.
func MaskText(s string) string {
	if masked, ok := maskJSONText(s, SensitiveName, Sensitive); ok {
		return masked
	}
	if masked, ok := maskURLQuery(s, SensitiveQuery, Sensitive); ok {
		return masked
	}
	return s
}
