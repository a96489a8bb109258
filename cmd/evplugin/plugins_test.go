package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// webhookPlugin builds the example plugin once per test binary.
var webhookPlugin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "evplugin-cli-test-")
	if err != nil {
		panic(err)
	}
	webhookPlugin = filepath.Join(dir, "evplugin-github-webhook")
	build := exec.Command("go", "build", "-o", webhookPlugin, "../../plugins/examples/github-webhook")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building the example plugin: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const webhookDir = "../../testdata/events/github.webhook"

func webhookEvents(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(webhookDir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

func TestPluginDetectAndDecode(t *testing.T) {
	files := webhookEvents(t)

	// Without the plugin they are API Gateway or function URL events.
	r := invoke(t, "", append([]string{"detect"}, files...)...)
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, lines, len(files), r.stdout)
	for _, l := range lines {
		_, id, _ := strings.Cut(l, "\t")
		assert.Contains(t, []string{"aws.apigateway.rest", "aws.apigateway.http", "aws.lambda.url"}, id, l)
	}

	r = invoke(t, "", append([]string{"detect", "--plugin", webhookPlugin}, files...)...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, len(files), strings.Count(r.stdout, "\tgithub.webhook\n"), r.stdout)

	raw, err := os.ReadFile(files[0])
	require.NoError(t, err)
	r = invoke(t, string(raw), "decode", "--plugin="+webhookPlugin)
	require.Equal(t, 0, r.code, r.stderr)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc), "stdin reached the host, not the plugin")
	assert.NotEmpty(t, doc)
}

func TestPluginPrintMasks(t *testing.T) {
	for _, f := range webhookEvents(t) {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		var ev struct {
			Headers map[string]string `json:"headers"`
		}
		require.NoError(t, json.Unmarshal(raw, &ev))
		r := invoke(t, "", "print", "--plugin", webhookPlugin, f)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "[SENSITIVE]")
		signed := false
		for k, v := range ev.Headers {
			if strings.EqualFold(k, "X-Hub-Signature-256") {
				signed = true
				assert.NotContains(t, r.stdout, strings.TrimPrefix(v, "sha256="), "signature leaked")
			}
		}
		assert.True(t, signed, "%s: every delivery here is signed, so the leak check ran", f)
	}
}

func TestPluginSourcesAndEnv(t *testing.T) {
	t.Setenv("EVPLUGIN_PLUGINS", filepath.Dir(webhookPlugin))
	r := invoke(t, "", "sources", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list))
	var found map[string]any
	for _, s := range list {
		if s["id"] == "github.webhook" {
			found = s
		}
	}
	require.NotNil(t, found, "the plugin in the EVPLUGIN_PLUGINS directory")
	assert.Equal(t, webhookPlugin, found["origin"])
	assert.Equal(t, "*plugins.Event", found["type"])

	r = invoke(t, "", "sources")
	assert.Contains(t, r.stdout, "[plugin "+webhookPlugin+"]")
}

func TestPluginFailures(t *testing.T) {
	notPlugin := filepath.Join(t.TempDir(), "evplugin-text")
	require.NoError(t, os.WriteFile(notPlugin, []byte("not a program"), 0o644))
	for _, p := range []string{"/bin/true", notPlugin, "/does/not/exist"} {
		r := invoke(t, "", "detect", "--plugin", p, sqsFile)
		assert.Equal(t, 5, r.code, p)
		assert.Contains(t, r.stderr, p, "the message names the plugin")
		assert.Equal(t, 1, strings.Count(r.stderr, "\n"), r.stderr)
	}
	t.Setenv("EVPLUGIN_PLUGINS", "/bin/true")
	assert.Equal(t, 5, invoke(t, "", "sources").code)
}
