package bench

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/bench/internal/binsize"
)

func requireGo(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds handlers; not in -short mode")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not installed")
	}
}

// TestHandlerLinksOneSource: an SQS handler on evplugin.Handle links the
// SQS source and no other, nor the plugin machinery, nor the reference
// codec (go-json-experiment). mapstructure is linked: it is lossless's
// decoder of plain (non-lossless) types, about 63 KB.
func TestHandlerLinksOneSource(t *testing.T) {
	requireGo(t)
	deps, err := binsize.Deps(".", binsize.EvpluginPkg)
	require.NoError(t, err)
	require.Contains(t, deps, "github.com/evplugin/evplugin/sources/sqs")
	const sources = "github.com/evplugin/evplugin/sources/"
	for _, p := range deps {
		if rest, ok := strings.CutPrefix(p, sources); ok {
			assert.True(t, rest == "sqs" || rest == "arn" || strings.HasPrefix(rest, "internal/"), "links %s", p)
		}
		for _, heavy := range []string{"github.com/hashicorp/", "google.golang.org/grpc", "google.golang.org/protobuf", "github.com/go-json-experiment/"} {
			assert.False(t, strings.HasPrefix(p, heavy), "links %s", p)
		}
	}
}

// TestHandlerBinarySize builds the same SQS handler on evplugin and on
// aws-lambda-go's events alone, plain and stripped, logs both sizes
// (go test -v -run BinarySize, or go run ./cmd/binsize for the packages
// behind the difference), and fails when the evplugin handler weighs more
// than binsize.Limit (1.0 MB) above the baseline. Sizes are deterministic,
// so this is no timing threshold.
func TestHandlerBinarySize(t *testing.T) {
	requireGo(t)
	results, err := binsize.Measure(".", "")
	require.NoError(t, err)
	t.Logf("The same SQS handler under lambda.Start (%s):", binsize.Platform())
	for _, r := range results {
		t.Log(r)
	}
	for _, r := range results {
		t.Run(r.Build.Name, func(t *testing.T) {
			if r.Diff() <= binsize.Limit {
				return
			}
			t.Errorf("%s: the evplugin handler is more than %s larger; go run ./cmd/binsize lists what it links", r, binsize.MB(binsize.Limit))
		})
	}
}
