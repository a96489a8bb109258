package all_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/samples"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// TestSamples: every registered source has a sample (a source added
// without one fails here), every sample names a registered source, and each
// is detected as its source, decodes on both paths, round-trips, and prints
// with the values at secret-named and sensitive-tagged members masked. The
// canary (canaryPayloads) plants secrets in the samples too.
func TestSamples(t *testing.T) {
	registered := map[string]bool{}
	for _, id := range registeredIDs() {
		registered[id] = true
		raw, ok := samples.Get(id)
		if !assert.True(t, ok, "source %s has no sample: add samples/%[1]s.json (its most typical testdata/events/%[1]s payload, with account 123456789012 and region us-east-1)", id) {
			continue
		}
		t.Run(id, func(t *testing.T) {
			v := sourcetest.Check(t, registry.Default, id, raw)
			out := sourcetest.Print(t, v)
			for _, s := range secretValues(t, raw) {
				assert.NotContains(t, out, s, "the printed sample shows a secret")
			}
		})
	}
	for _, id := range samples.IDs() {
		assert.True(t, registered[id], "samples/%s.json names no registered source", id)
	}
	t.Logf("samples: %d IDs with a sample / %d registered", len(samples.IDs()), len(registered))
}

// TestSampleSecretsFound tests secretValues: the samples hold secrets at
// secret-named members, and printing without the default masks shows them.
func TestSampleSecretsFound(t *testing.T) {
	found, shown := 0, 0
	for _, id := range samples.IDs() {
		raw, _ := samples.Get(id)
		v, err := registry.Default.Decode(raw)
		require.NoError(t, err, id)
		out := printer.Sprint(v, printer.WithoutDefaultMasks())
		for _, s := range secretValues(t, raw) {
			found++
			if strings.Contains(out, s) {
				shown++
			}
		}
	}
	t.Logf("samples: %d secret values, %d shown without the default masks", found, shown)
	assert.NotZero(t, shown, "no secret value of a sample shows even without the default masks: the check cannot fail")
}

// secretValues returns the strings of at least 6 bytes found in raw, or in
// the JSON text of its strings, under a member whose name is secret-like
// (printer.SensitiveName) or which a registered type tags sensitive.
func secretValues(t *testing.T, raw []byte) []string {
	t.Helper()
	var out []string
	var walk func(v any, secret bool)
	walk = func(v any, secret bool) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(e, secret || printer.SensitiveName(k) || taggedNames()[k])
			}
		case []any:
			for _, e := range x {
				walk(e, secret)
			}
		case string:
			var inner any
			if strings.HasPrefix(strings.TrimSpace(x), "{") && json.Unmarshal([]byte(x), &inner) == nil {
				walk(inner, secret)
			} else if secret && len(x) >= 6 {
				out = append(out, x)
			}
		}
	}
	walk(sourcetest.DecodeUseNumber(t, raw), false)
	return out
}
