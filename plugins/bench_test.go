package plugins_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/registry"
)

// webhook2KB returns a signed GitHub delivery through an HTTP API, 2048
// bytes long.
func webhook2KB(t testing.TB) []byte {
	t.Helper()
	for pad := 0; pad < 2048; pad++ {
		body, _ := json.Marshal(map[string]any{
			"action":     "opened",
			"number":     7,
			"repository": map[string]any{"id": 812345678, "name": "payments-api", "full_name": "octo-org/payments-api", "private": true, "owner": map[string]any{"login": "octo-org"}},
			"sender":     map[string]any{"login": "monalisa", "id": 583231, "type": "User"},
			"issue":      map[string]any{"title": "Refunds applied twice", "body": strings.Repeat("x", pad)},
		})
		mac := hmac.New(sha256.New, []byte(testSecret))
		mac.Write(body)
		ev, _ := json.Marshal(map[string]any{
			"version": "2.0", "routeKey": "POST /github", "rawPath": "/github", "rawQueryString": "",
			"headers": map[string]string{
				"content-type": "application/json", "user-agent": "GitHub-Hookshot/8e3f1a2",
				"x-github-delivery": "a3c4e0f0-11d1-11ef-8d6a-9e1f3c2b7a41", "x-github-event": "issues",
				"x-github-hook-id": "292430182", "x-hub-signature-256": "sha256=" + hex.EncodeToString(mac.Sum(nil)),
			},
			"requestContext": map[string]any{"accountId": "123456789012", "apiId": "f6g7h8i9j0", "stage": "$default",
				"http": map[string]any{"method": "POST", "path": "/github", "sourceIp": "140.82.115.98"}, "requestId": "XnZkJgPbjoEEMnQ="},
			"body": string(body), "isBase64Encoded": false,
		})
		if len(ev) >= 2048 {
			return ev
		}
	}
	t.Fatal("no 2 KB event")
	return nil
}

// TestDecodeLatency measures Decode round trips through the example plugin
// for a 2 KB event and reports percentiles (goal: p50 ≤ 150 µs). For
// comparison it measures the same event through the test plugin's
// test.other, which returns it as it is: the cost of the transport.
func TestDecodeLatency(t *testing.T) {
	raw := webhook2KB(t)
	n := 3000
	if testing.Short() || raceEnabled {
		n = 300
	}
	measure := func(name string, decode func() error) time.Duration {
		for range 200 { // warm up
			require.NoError(t, decode())
		}
		d := make([]time.Duration, n)
		for i := range d {
			start := time.Now()
			err := decode()
			d[i] = time.Since(start)
			require.NoError(t, err)
		}
		slices.Sort(d)
		t.Logf("%s, %d-byte event, %d calls: p50 %v, p90 %v, p99 %v, max %v",
			name, len(raw), n, d[n/2], d[n*9/10], d[n*99/100], d[n-1])
		return d[n/2]
	}

	reg := builtins(t)
	gh := open(t, ghPlugin, plugins.WithEnv("EVPLUGIN_GITHUB_SECRET="+testSecret))
	require.NoError(t, gh.Register(reg))
	p50 := measure("Decode round trip, github.webhook", func() error {
		v, err := reg.Decode(raw)
		if err == nil && v.(*plugins.Event).Document["github"].(map[string]any)["signature"] != "valid" {
			return errors.New("signature not valid")
		}
		return err
	})
	echo := open(t, testPlugin)
	measure("Transport only, test.other echo", func() error {
		_, err := echo.Decode("test.other", raw)
		return err
	})
	if !raceEnabled {
		assert.Less(t, p50, 2*time.Millisecond, "p50 far above the 150 µs goal")
	}
}

// TestOpenLatency measures Open until the plugin is ready (goal ≤ 100 ms).
func TestOpenLatency(t *testing.T) {
	const n = 10
	d := make([]time.Duration, n)
	for i := range d {
		start := time.Now()
		c, err := plugins.Open(ghPlugin)
		d[i] = time.Since(start)
		require.NoError(t, err)
		require.NoError(t, c.Close())
	}
	slices.Sort(d)
	t.Logf("Open until ready, %d opens: min %v, median %v, max %v", n, d[0], d[n/2], d[n-1])
	if !raceEnabled {
		assert.Less(t, d[n/2], time.Second, "median far above the 100 ms goal")
	}
}

func BenchmarkDecode(b *testing.B) {
	reg := builtins(b)
	c := open(b, ghPlugin, plugins.WithEnv("EVPLUGIN_GITHUB_SECRET="+testSecret))
	require.NoError(b, c.Register(reg))
	raw := webhook2KB(b)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := reg.Decode(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	for b.Loop() {
		c, err := plugins.Open(ghPlugin)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		_ = c.Close()
		b.StartTimer()
	}
}

// BenchmarkDetect shows that detecting with a plugin registered costs what
// detecting with built-in sources only does: plugin rules are local data.
func BenchmarkDetect(b *testing.B) {
	without := builtins(b)
	with := builtins(b)
	c := open(b, ghPlugin)
	require.NoError(b, c.Register(with))
	events := map[string][]byte{"sqs": event(b, "aws.sqs/fifo-json-body.json"), "webhook": webhook2KB(b)}
	for _, name := range []string{"sqs", "webhook"} {
		for _, reg := range []struct {
			name string
			reg  *registry.Registry
		}{{"builtin-only", without}, {"with-plugin", with}} {
			b.Run(name+"/"+reg.name, func(b *testing.B) {
				raw := events[name]
				b.ReportAllocs()
				for b.Loop() {
					if _, err := reg.reg.Detect(raw); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
