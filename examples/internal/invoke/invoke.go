// Package invoke runs a handler as the Lambda runtime would, for the
// examples' tests: through aws-lambda-go's lambda.NewHandler(...).Invoke.
package invoke

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/stretchr/testify/require"
)

// Invoke runs handler (any handler lambda.Start takes) on payload and
// returns what the runtime would send back, or the handler's error.
func Invoke(t testing.TB, handler any, payload []byte) ([]byte, error) {
	t.Helper()
	return lambda.NewHandler(handler).Invoke(context.Background(), payload)
}

// JSON runs handler on payload, requires it to succeed, and decodes its
// answer into a value of type T.
func JSON[T any](t testing.TB, handler any, payload []byte) T {
	t.Helper()
	out, err := Invoke(t, handler, payload)
	require.NoError(t, err)
	var v T
	require.NoError(t, json.Unmarshal(out, &v), "%s", out)
	return v
}

// Payload reads a payload from the main module's testdata/events/<id>/.
func Payload(t testing.TB, id, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "events", id, name))
	require.NoError(t, err)
	return b
}
