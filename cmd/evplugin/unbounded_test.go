package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// print keeps derived values within the printer's budget unless
// --unbounded: a CloudWatch Logs event of 20,000 log events (about 2 MiB
// decoded) says what it left out, and prints whole with the flag.
func TestPrintUnbounded(t *testing.T) {
	var logs strings.Builder
	logs.WriteString(`{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/g","logStream":"s","subscriptionFilters":["f"],"logEvents":[`)
	for i := range 20000 {
		if i > 0 {
			logs.WriteByte(',')
		}
		fmt.Fprintf(&logs, `{"id":"%d","timestamp":1700000000000,"message":"line %d of a long log, padded to make it weigh more than a little"}`, i, i)
	}
	logs.WriteString(`]}`)
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	_, err := w.Write([]byte(logs.String()))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	event := `{"awslogs":{"data":"` + base64.StdEncoding.EncodeToString(gz.Bytes()) + `"}}`

	r := invoke(t, event, "print", "-")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "more log events]")
	assert.NotContains(t, r.stdout, "line 19999 of")

	r = invoke(t, event, "print", "--unbounded", "-")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "more log events]")
	assert.Contains(t, r.stdout, "line 19999 of")
}
