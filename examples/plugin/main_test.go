package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/examples/internal/invoke"
)

// testSecret signed the deliveries in the main module's
// testdata/events/github.webhook.
const testSecret = "evplugin-test-secret"

// pluginPath is the example plugin, built once by TestMain.
var pluginPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "evplugin-examples-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pluginPath = filepath.Join(dir, "evplugin-github-webhook")
	cmd := exec.Command("go", "build", "-o", pluginPath, "github.com/evplugin/evplugin/plugins/examples/github-webhook")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the example plugin: %v\n%s", err, out)
		os.Exit(1)
	}
	os.Exit(run(m, dir))
}

// run loads the plugin, as main does, and runs the tests.
func run(m *testing.M, dir string) int {
	defer os.RemoveAll(dir)
	c, err := open(pluginPath, testSecret)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer c.Close()
	return m.Run()
}

type response struct {
	StatusCode int               `json:"statusCode"`
	Headers    map[string]string `json:"headers"`
	Body       string            `json:"body"`
}

func TestDeliveries(t *testing.T) {
	var logs bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewJSONHandler(&logs, nil)))

	push := invoke.Payload(t, "github.webhook", "rest-push.json")
	r := invoke.JSON[response](t, handler, push)
	assert.Equal(t, 202, r.StatusCode)
	assert.JSONEq(t, `{"event":"push","delivery":"72d3162e-cc78-11e3-81ab-4c9367dc0958","repository":"octo-org/payments-api"}`, r.Body)

	// The delivery is logged as a nested object, its signatures masked.
	var line struct {
		Event struct {
			Headers map[string]string `json:"headers"`
		} `json:"event"`
	}
	require.NoError(t, json.Unmarshal(logs.Bytes(), &line), logs.String())
	assert.Equal(t, "push", line.Event.Headers["X-GitHub-Event"])
	assert.Equal(t, "[SENSITIVE]", line.Event.Headers["X-Hub-Signature-256"])
	assert.NotContains(t, logs.String(), "sha256=")

	// A body changed after signing does not verify.
	forged := bytes.Replace(push, []byte(`payments-api`), []byte(`payments-apj`), 1)
	r = invoke.JSON[response](t, handler, forged)
	assert.Equal(t, 401, r.StatusCode)
	assert.Contains(t, r.Body, "invalid")
}

// TestNotADelivery: an event the plugin does not claim (a REST API request
// without X-GitHub-Event) is an error.
func TestNotADelivery(t *testing.T) {
	_, err := invoke.Invoke(t, handler, []byte(`{"resource":"/x","path":"/x","httpMethod":"GET","headers":{},"requestContext":{}}`))
	require.ErrorContains(t, err, "not a GitHub delivery: *apigateway.RESTEvent")
}

// TestMissingPlugin: a plugin that is not there fails at start, naming it.
func TestMissingPlugin(t *testing.T) {
	_, err := open(filepath.Join(t.TempDir(), "evplugin-none"), "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "evplugin-none")
}
