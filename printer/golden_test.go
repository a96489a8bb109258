package printer_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	_ "github.com/evplugin/evplugin/sources/all"
)

var update = flag.Bool("update", false, "rewrite the golden files under printer/testdata")

// TestGolden prints every payload of every built-in source under
// testdata/events and compares the view with printer/testdata/<id>/<name>.golden.
// Run `go test ./printer -update` to accept a change, then read the diff.
func TestGolden(t *testing.T) {
	events, err := filepath.Glob(filepath.Join("..", "testdata", "events", "aws.*", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, events)
	seen := map[string]bool{}
	for _, path := range events {
		id := filepath.Base(filepath.Dir(path))
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		golden := filepath.Join("testdata", id, name+".golden")
		seen[golden] = true
		t.Run(id+"/"+name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			require.NoError(t, err)
			v, err := registry.Default.DecodeAs(id, raw)
			require.NoError(t, err)
			got := printer.Sprint(v)
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "no golden file: run go test ./printer -update")
			assert.Equal(t, string(want), got)
			assert.Equal(t, got, printer.Sprint(v), "deterministic")
		})
	}
	// A golden file whose payload is gone is stale.
	stale, err := filepath.Glob(filepath.Join("testdata", "*", "*.golden"))
	require.NoError(t, err)
	for _, g := range stale {
		assert.True(t, seen[g], "stale golden file %s", g)
	}
}
