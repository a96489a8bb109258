package plugins_test

import (
	"encoding/json"
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
			assert.Equal(t, tt.signature, gh["signature"])
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
			assert.Contains(t, s, `"signature": "`+tt.signature+`"`)
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
