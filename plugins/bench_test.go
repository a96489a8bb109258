package plugins_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/plugins/internal/grpcplugin"
	pb "github.com/evplugin/evplugin/plugins/proto"
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

// BenchmarkRoundTrip measures Decode round trips through the example
// plugin for a 2 KB event against its baseline: a trivial go-plugin gRPC
// echo of the same event (the test plugin's "grpcecho" mode), with
// AutoMTLS and one processor, as every plugin. The goal is p50 ≤ 1.2× the
// echo's. The calls alternate, so a busy machine slows both alike; it
// reports the p50 and p99 of each in µs and their ratios (latency goals
// are read from benchmarks, never asserted in tests: the machines are
// shared).
func BenchmarkRoundTrip(b *testing.B) {
	raw := webhook2KB(b)
	reg := builtins(b)
	gh := open(b, ghPlugin, plugins.WithEnv("EVPLUGIN_GITHUB_SECRET="+testSecret))
	require.NoError(b, gh.Register(reg))
	echo := openGRPCEcho(b)
	decode := func() error {
		v, err := reg.Decode(raw)
		if err == nil && v.(*plugins.Event).Document["github"].(map[string]any)["verification"] != "valid" {
			return errors.New("signature not valid")
		}
		return err
	}
	call := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), plugins.DefaultTimeout)
		defer cancel()
		resp, err := echo.Decode(ctx, &pb.DecodeRequest{SourceId: "echo", Event: raw})
		if err == nil && len(resp.GetDocument()) != len(raw) {
			return errors.New("the echo is not the event")
		}
		return err
	}
	d := interleaved(b, decode, call)
	p := func(d []time.Duration, q float64) float64 {
		return float64(d[int(q*float64(len(d)-1))].Nanoseconds()) / 1e3
	}
	b.ReportMetric(p(d[0], 0.50), "decode-p50-µs")
	b.ReportMetric(p(d[0], 0.99), "decode-p99-µs")
	b.ReportMetric(p(d[1], 0.50), "echo-p50-µs")
	b.ReportMetric(p(d[1], 0.99), "echo-p99-µs")
	b.ReportMetric(p(d[0], 0.50)/p(d[1], 0.50), "p50-ratio")
	b.ReportMetric(p(d[0], 0.99)/p(d[1], 0.99), "p99-ratio")
}

// interleaved calls each fn once per iteration, in turn (the first one
// first on even iterations, last on odd ones), after a warm-up, and
// returns each one's sorted latencies.
func interleaved(b *testing.B, fns ...func() error) [][]time.Duration {
	b.Helper()
	for range 200 {
		for _, fn := range fns {
			require.NoError(b, fn())
		}
	}
	d := make([][]time.Duration, len(fns))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		for j := range fns {
			if i%2 == 1 {
				j = len(fns) - 1 - j
			}
			start := time.Now()
			err := fns[j]()
			d[j] = append(d[j], time.Since(start))
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, d := range d {
		slices.Sort(d)
	}
	return d
}

// openGRPCEcho starts the test plugin's trivial gRPC echo as any go-plugin
// host would, and stops it when the benchmark ends.
func openGRPCEcho(b *testing.B) pb.PluginClient {
	b.Helper()
	cmd := exec.Command(testPlugin)
	cmd.Env = append(os.Environ(), "EVPLUGIN_TESTPLUGIN_MODE=grpcecho")
	gp := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  grpcplugin.Handshake(plugins.ProtocolVersion),
		Plugins:          plugin.PluginSet{grpcplugin.Name: &grpcplugin.Plugin{}},
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		Logger:           hclog.NewNullLogger(),
	})
	b.Cleanup(gp.Kill)
	proto, err := gp.Client()
	require.NoError(b, err)
	raw, err := proto.Dispense(grpcplugin.Name)
	require.NoError(b, err)
	return raw.(pb.PluginClient)
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
