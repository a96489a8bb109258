package plugins_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/plugins"
)

// The host speaks go-plugin's protocol itself: these tests cover what it
// does of its own (handshake lines, AutoMTLS, flow control, shutdown),
// against scripts and go-plugin servers.

// script writes an executable shell script printing line (no newline
// added) and sleeping, and returns its path.
func script(t *testing.T, name, line string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte("#!/bin/sh\nprintf '%s' '"+line+"'\nexec sleep 60\n"), 0o755))
	return p
}

func TestHandshakeLines(t *testing.T) {
	long := strings.Repeat("x", 70<<10) // no newline, over the 64 KiB bound
	tests := []struct {
		name, line string
		is         error
		msg        string
	}{
		{"core version", "2|1|unix|/nowhere|grpc\n", plugins.ErrVersion, "its go-plugin core protocol is version 2, this host's is 1"},
		{"no core version", "x|1|unix|/nowhere|grpc\n", plugins.ErrNotPlugin, "does not start with go-plugin's core protocol version"},
		{"no protocol version", "1|y|unix|/nowhere|grpc\n", plugins.ErrNotPlugin, "names no protocol version"},
		{"another network", "1|1|udp|127.0.0.1:9|grpc\n", plugins.ErrNotPlugin, `names network "udp"`},
		{"net/rpc", "1|1|unix|/nowhere\n", plugins.ErrNotPlugin, `it does not speak gRPC (its handshake line names protocol "netrpc")`},
		{"another protocol", "1|1|unix|/nowhere|http\n", plugins.ErrNotPlugin, `names protocol "http"`},
		{"bad certificate", "1|1|unix|/nowhere|grpc|" + strings.Repeat("A", 60) + "\n", plugins.ErrNotPlugin, "the server certificate in its handshake line does not parse"},
		{"nobody listens", "1|1|unix|/nowhere/evplugin.sock|grpc\n", plugins.ErrNotPlugin, "connecting to it failed"},
		{"a line too long", long, plugins.ErrNotPlugin, "it did not answer the handshake"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := script(t, "evplugin-line", tt.line)
			c, err := plugins.Open(path, plugins.WithStartTimeout(20*time.Second))
			require.Nil(t, c)
			t.Log(err)
			require.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Contains(t, err.Error(), path)
			assert.Less(t, len(err.Error()), 1000, "what the plugin printed is clipped")
			requireNoChildren(t)
		})
	}
}

func TestAutoMTLS(t *testing.T) {
	tests := []struct{ mode, msg string }{
		{"wrongcert", "the certificates did not match"},
		{"nocert", "its handshake line carries no server certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			c, err := plugins.Open(testPlugin, mode(tt.mode), plugins.WithStartTimeout(20*time.Second))
			require.Nil(t, c)
			t.Log(err)
			require.ErrorIs(t, err, plugins.ErrNotPlugin)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Contains(t, err.Error(), "certificate signed by unknown authority")
			requireNoChildren(t)
		})
	}
}

// TestWrongCookie: a go-plugin server expecting another cookie refuses to
// run, and says why.
func TestWrongCookie(t *testing.T) {
	c, err := plugins.Open(testPlugin, mode("cookie"))
	require.Nil(t, c)
	t.Log(err)
	require.ErrorIs(t, err, plugins.ErrNotPlugin)
	assert.Contains(t, err.Error(), "exited before the handshake (exit status 1)")
	assert.Contains(t, err.Error(), "load any plugins automatically")
	requireNoChildren(t)
}

// TestLargeEvents: events and documents far over HTTP/2's windows and
// frames go through whole, both ways.
func TestLargeEvents(t *testing.T) {
	c := open(t, testPlugin)
	for _, size := range []int{70 << 10, 3 << 20, 9 << 20} {
		raw, err := json.Marshal(map[string]string{"test": "other", "pad": strings.Repeat("p", size)})
		require.NoError(t, err)
		ev, err := c.Decode("test.other", raw)
		require.NoError(t, err, size)
		assert.True(t, bytes.Equal(raw, ev.JSON), "%d bytes", size)
	}
	// Over the message bound, the plugin refuses it and lives on.
	raw := append([]byte(`{"test":"other","pad":"`), bytes.Repeat([]byte("p"), plugins.MaxMessageSize)...)
	_, err := c.Decode("test.other", append(raw, `"}`...))
	require.ErrorIs(t, err, plugins.ErrDecode)
	assert.Contains(t, err.Error(), "ResourceExhausted")
	_, err = c.Decode("test.other", []byte(`{"test":"other"}`))
	assert.NoError(t, err)
}

// TestCloseShutsDown: Close asks the plugin to shut down, as go-plugin's
// client does: its Serve returns and its main ends by itself.
func TestCloseShutsDown(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "served")
	c := open(t, testPlugin, mode("marker"), plugins.WithEnv("EVPLUGIN_TESTPLUGIN_MARKER="+marker))
	pid := c.PID()
	require.NoError(t, c.Close())
	assert.FileExists(t, marker, "Serve returned")
	requireGone(t, pid)
	requireNoChildren(t)
}

// TestNoSocketLeft: a plugin killed leaves no unix socket behind.
func TestNoSocketLeft(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	c := open(t, testPlugin, plugins.WithTimeout(300*time.Millisecond))
	_, err := c.Decode("test.echo", []byte(`{"test":"echo","trigger":"hang"}`))
	require.ErrorIs(t, err, plugins.ErrTimeout)
	require.NoError(t, c.Close())
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left)
}

// TestHostLinksNoGoPlugin: package plugins and the CLI link neither
// go-plugin nor grpc-go nor protobuf's runtime, whose init made the CLI
// start slowly (bench/README, "CLI start").
func TestHostLinksNoGoPlugin(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".", "../cmd/evplugin").CombinedOutput()
	require.NoError(t, err, "%s", out)
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/hashicorp/go-plugin", "google.golang.org/grpc", "google.golang.org/protobuf", "github.com/golang/protobuf"} {
			assert.False(t, dep == banned || strings.HasPrefix(dep, banned+"/"), "the host links %s", dep)
		}
	}
}
