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

// percentiles times each call of fn over b.N calls and reports p50, p90
// and p99 in µs beside ns/op: latency goals are read from benchmarks, never
// asserted in tests (the machines are shared).
func percentiles(b *testing.B, fn func() error) {
	b.Helper()
	for range 100 { // warm up
		require.NoError(b, fn())
	}
	var d []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		err := fn()
		d = append(d, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
	}
	slices.Sort(d)
	at := func(q float64) float64 { return float64(d[int(q*float64(len(d)-1))].Nanoseconds()) / 1e3 }
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.90), "p90-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}

// BenchmarkRoundTrip measures Decode round trips through the example
// plugin for a 2 KB event (goal: p50 ≤ 150 µs), and, for comparison, the
// same event through the test plugin's test.other, which returns it as it
// is: the cost of the transport.
func BenchmarkRoundTrip(b *testing.B) {
	raw := webhook2KB(b)
	b.Run("github.webhook", func(b *testing.B) {
		reg := builtins(b)
		gh := open(b, ghPlugin, plugins.WithEnv("EVPLUGIN_GITHUB_SECRET="+testSecret))
		require.NoError(b, gh.Register(reg))
		percentiles(b, func() error {
			v, err := reg.Decode(raw)
			if err == nil && v.(*plugins.Event).Document["github"].(map[string]any)["verification"] != "valid" {
				return errors.New("signature not valid")
			}
			return err
		})
	})
	b.Run("transport-only", func(b *testing.B) {
		echo := open(b, testPlugin)
		percentiles(b, func() error {
			_, err := echo.Decode("test.other", raw)
			return err
		})
	})
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

// BenchmarkOpen measures Open until the plugin is ready (goal ≤ 100 ms);
// closing is not timed.
func BenchmarkOpen(b *testing.B) {
	var d []time.Duration
	for b.Loop() {
		start := time.Now()
		c, err := plugins.Open(ghPlugin)
		d = append(d, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		_ = c.Close()
		b.StartTimer()
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1e3, "p50-ms")
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
