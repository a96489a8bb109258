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

// tagged is a source type with a secret its name does not tell: a field
// tagged sensitive, inside a list.
type tagged struct {
	Kind    string `json:"kind"`
	Request struct {
		Answers []struct {
			Answer string `json:"answer" sensitive:"true"`
		} `json:"answers"`
	} `json:"request"`
}

// Explain, Match errors and the unknown-source error never quote a value at
// a field a registered type tags sensitive, whichever source's rule reads
// it (here an untyped one), at any list index.
func TestExplainMasksTaggedFields(t *testing.T) {
	r := registry.New()
	require.NoError(t, r.Register(registry.Source{ID: "x.tagged", New: func() any { return new(tagged) },
		Rule: registry.All(registry.PathEquals("kind", "tagged"), registry.PathExists("request.answers"))}))
	require.NoError(t, r.Register(registry.Source{ID: "x.reader", New: func() any { return new(map[string]any) },
		Rule: registry.All(registry.PathEquals("request.answers[1].answer", "expected"), registry.PathEquals("kind", "reader"))}))

	raw := []byte(`{"kind":"reader","request":{"answers":[{"answer":"a"},{"answer":"CANARY-ANSWER"}]}}`)
	verdicts, err := r.Explain(raw)
	require.ErrorIs(t, err, registry.ErrUnknownSource)
	var all strings.Builder
	for _, v := range verdicts {
		for _, c := range v.Conds {
			all.WriteString(c.String() + "\n")
		}
	}
	assert.NotContains(t, all.String(), "CANARY")
	assert.Contains(t, all.String(), `request.answers[1].answer equals "expected" (found `+printer.Sensitive+`)`)
	assert.Contains(t, all.String(), `kind equals "tagged" (found "reader")`, "other values as they are")
	assert.NotContains(t, err.Error(), "CANARY")

	err = r.Match("x.reader", raw)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "CANARY")
	assert.Contains(t, err.Error(), printer.Sensitive)
}
