package printer

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMaskJSONText(t *testing.T) {
	secret := func(name string) bool { return strings.Contains(strings.ToLower(name), "token") }
	for in, want := range map[string]string{
		`{"Token": "a\"b", "x": 1}`: `{"Token": "[S]", "x": 1}`,
		`{"a": [{"token": 12, "b": true}], "AccessToken": {"k": ["v", null], "n": {}}, "c": "token"}`: `{"a": [{"token": "[S]", "b": true}], "AccessToken": {"k": ["[S]", "[S]"], "n": {}}, "c": "token"}`,
		"{\n  \"Token\" :\n \"v\"\n}":                                           "{\n  \"Token\" :\n \"[S]\"\n}",
		`{"Message": "{\"token\": \"<v>\", \"x\": \"<y>\"}", "y": "{not json"}`: `{"Message": "{\"token\": \"[S]\", \"x\": \"<y>\"}", "y": "{not json"}`,
	} {
		got, ok := maskJSONText(in, secret, "[S]")
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{`{"x": "token"}`, `["token"]`, `{"token": `, `plain token`, ``} {
		got, ok := maskJSONText(in, secret, "[S]")
		assert.False(t, ok, in)
		assert.Equal(t, in, got)
	}
}

func TestMaskURLQuery(t *testing.T) {
	secret := func(name string) bool { return strings.Contains(strings.ToLower(name), "token") }
	for in, want := range map[string]string{
		"https://sns.example/?Action=Confirm&Token=abc":       "https://sns.example/?Action=Confirm&Token=[S]",
		"http://h/p?x=1&%54oken=a&access_token=b#frag&token=": "http://h/p?x=1&%54oken=[S]&access_token=[S]#frag&token=",
	} {
		got, ok := maskURLQuery(in, secret, "[S]")
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"https://h/p?x=1", "https://h/token", "token=a", "ftp://h/?token=a"} {
		got, ok := maskURLQuery(in, secret, "[S]")
		assert.False(t, ok, in)
		assert.Equal(t, in, got)
	}
}
