package registry_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
)

// Explain and the unknown-source error quote at most 64 bytes of a value,
// and never a value at a path through a member named like a secret.
func TestExplainQuotesLittleAndNoSecret(t *testing.T) {
	r := registry.New()
	require.NoError(t, r.Register(registry.Source{ID: "x.key", New: func() any { return new(map[string]any) },
		Rule: registry.All(registry.PathEquals("requestContext.identity.apiKey", "expected"), registry.PathEquals("kind", "k"))}))
	require.NoError(t, r.Register(registry.Source{ID: "x.big", New: func() any { return new(map[string]any) },
		Rule: registry.All(registry.PathEquals("n", "1"), registry.PathEquals("kind", "big"))}))

	raw := []byte(`{"kind":"k","requestContext":{"identity":{"apiKey":"CANARY-KEY-123"}},"n":` + strings.Repeat("7", 1_000_000) + `}`)
	verdicts, err := r.Explain(raw)
	require.ErrorIs(t, err, registry.ErrUnknownSource)
	assert.NotContains(t, err.Error(), "CANARY")
	assert.Less(t, len(err.Error()), 300)
	var texts []string
	for _, v := range verdicts {
		for _, c := range v.Conds {
			texts = append(texts, c.String())
		}
	}
	all := strings.Join(texts, "\n")
	assert.NotContains(t, all, "CANARY", "a value at a secret's path")
	assert.Contains(t, all, printer.Sensitive)
	assert.Contains(t, all, strings.Repeat("7", 64)+"… (1000000 bytes)")
	assert.NotContains(t, all, strings.Repeat("7", 65))
	assert.Contains(t, all, `kind equals "big" (found "k")`, "other values as they are")
}
