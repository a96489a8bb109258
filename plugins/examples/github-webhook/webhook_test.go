package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
)

// testSecret signed the deliveries in testdata/events/github.webhook.
const testSecret = "evplugin-test-secret"

func TestVerifyGitHubVector(t *testing.T) {
	// The example of GitHub's "Validating webhook deliveries".
	const sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
	assert.Equal(t, SignatureValid, verify([]byte("Hello, World!"), sig, "It's a Secret to Everybody"))
	assert.Equal(t, SignatureInvalid, verify([]byte("Hello, World?"), sig, "It's a Secret to Everybody"))
	assert.Equal(t, SignatureInvalid, verify([]byte("Hello, World!"), "", "It's a Secret to Everybody"))
	assert.Equal(t, SignatureInvalid, verify([]byte("Hello, World!"), "sha256=zz", "It's a Secret to Everybody"))
	assert.Equal(t, SignatureUnverified, verify([]byte("Hello, World!"), sig, ""))
}

func TestDecode(t *testing.T) {
	tests := []struct {
		file, secret                  string
		event, action, repo, sig, hid string
	}{
		{"rest-push.json", testSecret, "push", "", "octo-org/payments-api", SignatureValid, "292430182"},
		{"rest-push.json", "wrong secret", "push", "", "octo-org/payments-api", SignatureInvalid, "292430182"},
		{"rest-push.json", "", "push", "", "octo-org/payments-api", SignatureUnverified, "292430182"},
		{"http-api-pull-request.json", testSecret, "pull_request", "opened", "octo-org/payments-api", SignatureValid, "292430182"},
		{"function-url-form-ping.json", testSecret, "ping", "", "octo-org/payments-api", SignatureValid, "481516234"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.sig, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "events", ID, tt.file))
			require.NoError(t, err)
			src := NewSource(tt.secret)
			doc, err := src.Decode(raw)
			require.NoError(t, err)
			var out struct {
				Body   string   `json:"body"`
				GitHub Delivery `json:"github"`
			}
			require.NoError(t, json.Unmarshal(doc, &out))
			g := out.GitHub
			assert.Equal(t, tt.event, g.Event)
			assert.Equal(t, tt.action, g.Action)
			assert.Equal(t, tt.sig, g.Verification)
			assert.Equal(t, tt.hid, g.HookID)
			assert.NotEmpty(t, g.Delivery)
			require.NotNil(t, g.Repository)
			assert.Equal(t, tt.repo, g.Repository.FullName)
			assert.Equal(t, "octo-org", g.Repository.Owner)
			require.NotNil(t, g.Sender)
			assert.Equal(t, "monalisa", g.Sender.Login)
			assert.True(t, json.Valid(g.Payload))

			// The event itself is kept byte for byte.
			var in, back map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(raw, &in))
			require.NoError(t, json.Unmarshal(doc, &back))
			delete(back, "github")
			assert.Equal(t, in, back)
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	src := NewSource("")
	for name, raw := range map[string]string{
		"not JSON":       `{`,
		"no header":      `{"requestContext":{},"headers":{},"body":"{}"}`,
		"no body":        `{"requestContext":{},"headers":{"X-GitHub-Event":"push"}}`,
		"body not JSON":  `{"requestContext":{},"headers":{"X-GitHub-Event":"push"},"body":"nope"}`,
		"bad base64":     `{"requestContext":{},"headers":{"X-GitHub-Event":"push"},"body":"!!","isBase64Encoded":true}`,
		"github taken":   `{"requestContext":{},"headers":{"X-GitHub-Event":"push"},"body":"{}","github":1}`,
		"payload absent": `{"requestContext":{},"headers":{"x-github-event":"push","content-type":"application/x-www-form-urlencoded"},"body":"a=b"}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := src.Decode([]byte(raw))
			assert.Error(t, err)
		})
	}
}

func TestRuleAndSample(t *testing.T) {
	src := NewSource("")
	reg := registry.New()
	require.NoError(t, reg.Register(registry.Source{ID: src.ID, Rule: src.Rule, Priority: src.Priority, Origin: "test",
		Decode: func([]byte) (any, error) { return nil, nil }}))
	for _, s := range src.Samples {
		id, err := reg.Detect(s)
		require.NoError(t, err)
		assert.Equal(t, ID, id)
		_, err = src.Decode(s)
		require.NoError(t, err)
	}
	_, err := reg.Detect([]byte(`{"requestContext":{},"headers":{"X-Other":"1"}}`))
	assert.ErrorIs(t, err, registry.ErrUnknownSource)
}

// BenchmarkDecode measures the plugin's side of a decode round trip, for a
// 3 KB delivery through an HTTP API.
func BenchmarkDecode(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "events", ID, "http-api-pull-request.json"))
	require.NoError(b, err)
	src := NewSource(testSecret)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := src.Decode(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func TestHeaders(t *testing.T) {
	var req request
	require.NoError(t, decodeRequest([]byte(`{"headers":{"x-github-EVENT":"push","X-Other":{"any":[1]},"x-github-event":"second"},
		"multiValueHeaders":{"X-GitHub-Delivery":["d1","d2"],"X-GitHub-Event":["third"]},"body":"{}"}`), &req))
	assert.Equal(t, "push", req.header("X-GitHub-Event"), "the first of headers, whatever the case")
	assert.Equal(t, "d1", req.header("X-GitHub-Delivery"), "the first value of multiValueHeaders")
	assert.Empty(t, req.header("X-GitHub-Hook-ID"))
	for _, bad := range []string{`{"headers":[]}`, `{"headers":{"X-GitHub-Event":1}}`, `{"headers":{"X-GitHub-Event":"a"`, `{"multiValueHeaders":{"X-GitHub-Event":[1]}}`} {
		assert.Error(t, decodeRequest([]byte(bad), new(request)), bad)
	}
}

func TestPayloadNumbers(t *testing.T) {
	for in, want := range map[string]string{`123`: "123", `"812345678"`: "812345678", `1.5e3`: "1.5e3", `null`: ""} {
		var p payload
		require.NoError(t, jsonv2.Unmarshal([]byte(`{"sender":{"login":"a","id":`+in+`}}`), &p), in)
		assert.Equal(t, want, string(p.Sender.ID), in)
	}
	for _, in := range []string{`"abc"`, `true`, `{}`, `"1 "`} {
		var p payload
		assert.Error(t, jsonv2.Unmarshal([]byte(`{"sender":{"login":"a","id":`+in+`}}`), &p), in)
	}
}
