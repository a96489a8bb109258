package batch_test

import (
	stdjson "encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/bench/internal/batch"
)

func TestSQSFillsTheSize(t *testing.T) {
	sample, err := batch.Sample()
	if err != nil {
		t.Skip(err)
	}
	const size = 1_000_000
	raw, err := batch.SQS(sample, size)
	require.NoError(t, err)
	assert.LessOrEqual(t, len(raw), size)
	var e events.SQSEvent
	require.NoError(t, stdjson.Unmarshal(raw, &e))
	// One more record would not fit.
	assert.Greater(t, len(raw)+len(raw)/len(e.Records), size)
	require.NotEmpty(t, e.Records)
	for _, r := range e.Records {
		assert.True(t, stdjson.Valid([]byte(r.Body)))
		assert.Greater(t, len(r.Body), batch.BodySize*9/10)
	}
	assert.Greater(t, strings.Count(string(raw), `\"`), len(raw)/20, "bodies escaped in the event")
}
