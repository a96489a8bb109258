package plugins_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/printer"
)

func TestGitHubWebhookRefinesAPIGateway(t *testing.T) {
	reg := builtins(t)
	rest := event(t, "github.webhook/rest-push.json")
	id, err := reg.Detect(rest)
	require.NoError(t, err)
	require.Equal(t, "aws.apigateway.rest", id, "without the plugin")

	names := []string{"rest-push.json", "http-api-pull-request.json", "function-url-form-ping.json"}
	for _, name := range names[1:] {
		id, err := reg.Detect(event(t, "github.webhook/"+name))
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(id, "aws."), "%s: %s without the plugin", name, id)
	}

	c := open(t, ghPlugin, plugins.WithEnv("EVPLUGIN_GITHUB_SECRET="+testSecret))
	require.NoError(t, c.Register(reg))
	for _, name := range names {
		id, err := reg.Detect(event(t, "github.webhook/"+name))
		require.NoError(t, err)
		assert.Equal(t, "github.webhook", id, name)
	}
	// An API Gateway request that is no webhook stays with the built-in.
	other := strings.Replace(string(rest), `"X-GitHub-Event"`, `"X-Other-Event"`, 2)
	id, err = reg.Detect([]byte(other))
	require.NoError(t, err)
	assert.Equal(t, "aws.apigateway.rest", id)

	require.NoError(t, c.Close())
	id, err = reg.Detect(rest)
	require.NoError(t, err)
	assert.Equal(t, "aws.apigateway.rest", id, "after Close")
}

func TestGitHubWebhookDecode(t *testing.T) {
	tests := []struct {
		file, secret, event, action, signature string
	}{
		{"rest-push.json", testSecret, "push", "", "valid"},
		{"http-api-pull-request.json", testSecret, "pull_request", "opened", "valid"},
		{"function-url-form-ping.json", testSecret, "ping", "", "valid"},
		{"http-api-pull-request.json", "another secret", "pull_request", "opened", "invalid"},
		{"rest-push.json", "", "push", "", "unverified"},
	}
	clients := map[string]*plugins.Client{}
	for _, tt := range tests {
		if clients[tt.secret] == nil {
			clients[tt.secret] = open(t, ghPlugin, plugins.WithEnv("EVPLUGIN_GITHUB_SECRET="+tt.secret))
		}
		c := clients[tt.secret]
		t.Run(tt.file+"/"+tt.signature, func(t *testing.T) {
			raw := event(t, "github.webhook/"+tt.file)
			ev, err := c.Decode("github.webhook", raw)
			require.NoError(t, err)
			gh := ev.Document["github"].(map[string]any)
			assert.Equal(t, tt.event, gh["event"])
			assert.Equal(t, tt.signature, gh["verification"])
			if tt.action != "" {
				assert.Equal(t, tt.action, gh["action"])
			}
			assert.Equal(t, "octo-org/payments-api", gh["repository"].(map[string]any)["full_name"])
			assert.Equal(t, "monalisa", gh["sender"].(map[string]any)["login"])
			assert.NotEmpty(t, gh["delivery"])
			assert.NotEmpty(t, gh["hook_id"])
			assert.IsType(t, map[string]any{}, gh["payload"])

			// The document is the event plus "github", losslessly.
			var in, out map[string]any
			require.NoError(t, json.Unmarshal(raw, &in))
			require.NoError(t, json.Unmarshal(ev.JSON, &out))
			delete(out, "github")
			assert.Equal(t, in, out)

			// Printed: the signatures masked, the rest shown.
			s := printer.Sprint(ev)
			assert.NotContains(t, s, "sha256=")
			assert.NotContains(t, s, "sha1=")
			assert.Contains(t, strings.ToLower(s), `-signature-256": "[sensitive]"`)
			assert.Contains(t, s, `"verification": "`+tt.signature+`"`)
			assert.Contains(t, s, `"full_name": "octo-org/payments-api"`)
			assert.Contains(t, s, `"requestContext": {`)
		})
	}
}

func TestGitHubWebhookSamples(t *testing.T) {
	reg := builtins(t)
	c := open(t, ghPlugin)
	require.NoError(t, c.Register(reg))
	d := c.Sources()[0]
	assert.Equal(t, `requestContext exists && (headers.X-GitHub-Event exists || headers.x-github-event exists)`, d.Rule.String())
	assert.Equal(t, 1000, d.Priority)
	require.NotEmpty(t, d.Samples)
	for _, s := range d.Samples {
		id, err := reg.Detect(s)
		require.NoError(t, err)
		assert.Equal(t, "github.webhook", id)
		_, err = reg.Decode(s)
		require.NoError(t, err)
	}
}

// TestGitHubWebhookMasksCredentials plants a marker in each credential
// header the example plugin declares, in several casings, single and
// multi-value, and prints the decoded event.
func TestGitHubWebhookMasksCredentials(t *testing.T) {
	headers := []string{
		"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key",
		"X-Amz-Security-Token", "X-Auth-Token", "X-CSRF-Token", "X-Hub-Signature-256", "X-Hub-Signature",
	}
	c := open(t, ghPlugin, plugins.WithEnv("EVPLUGIN_GITHUB_SECRET="+testSecret))
	declared := c.Sources()[0].SensitivePaths
	for _, h := range headers {
		for _, m := range []string{"headers.", "multiValueHeaders."} {
			assert.True(t, slices.ContainsFunc(declared, func(p string) bool { return strings.EqualFold(p, m+h) }),
				"the plugin declares %s%s", m, h)
		}
	}

	for _, file := range []string{"rest-push.json", "http-api-pull-request.json", "function-url-form-ping.json"} {
		t.Run(file, func(t *testing.T) {
			var doc map[string]any
			require.NoError(t, json.Unmarshal(event(t, "github.webhook/"+file), &doc))
			single, _ := doc["headers"].(map[string]any)
			multi, _ := doc["multiValueHeaders"].(map[string]any)
			if multi == nil {
				multi = map[string]any{}
				doc["multiValueHeaders"] = multi
			}
			var markers []string
			for i, h := range headers {
				for j, name := range []string{h, strings.ToUpper(h), strings.ToLower(h)} {
					s := fmt.Sprintf("MARKER-%d-%d-single", i, j)
					m := fmt.Sprintf("MARKER-%d-%d-multi", i, j)
					single[name], multi[name] = s, []any{m, m + "-2"}
					markers = append(markers, s, m)
				}
			}
			raw, err := json.Marshal(doc)
			require.NoError(t, err)
			ev, err := c.Decode("github.webhook", raw)
			require.NoError(t, err)
			out := printer.Sprint(ev)
			for _, m := range markers {
				assert.NotContains(t, out, m)
			}
			assert.Contains(t, out, `"verification": "invalid"`, "the rest prints (the planted signature is wrong)")
		})
	}
}
