package synthetic_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/bench/internal/synthetic"
	"github.com/evplugin/evplugin/registry"
	_ "github.com/evplugin/evplugin/sources/all"
)

// TestSources: 150 synthetic sources register beside the built-in ones, and
// every built-in sample is detected as before.
func TestSources(t *testing.T) {
	reg := registry.New()
	require.NoError(t, reg.RegisterAll(registry.Default.Sources()))
	require.NoError(t, reg.RegisterAll(synthetic.Sources(150)))
	assert.Len(t, reg.Sources(), len(registry.Default.Sources())+150)

	id, err := reg.Detect([]byte(`{"Records":[{"eventSource":"aws:sqs","body":"synthetic0"}]}`))
	require.NoError(t, err)
	assert.Equal(t, "aws.sqs", id)
	id, err = reg.Detect([]byte(`{"Records":[{"eventSource":"aws:synthetic5"}]}`))
	require.NoError(t, err)
	assert.Equal(t, "synthetic.5", id)
}
