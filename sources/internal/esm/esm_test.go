package esm

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type item string

func (i item) ItemIdentifier() string { return string(i) }

func TestResponse(t *testing.T) {
	var r Response
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"batchItemFailures":null}`, string(b), "no failure: a successful batch")
	r.Fail(item("49590338271490256608559692538361571095921575989136588898"))
	r.Fail(item("b"))
	b, err = json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"batchItemFailures":[{"itemIdentifier":"49590338271490256608559692538361571095921575989136588898"},{"itemIdentifier":"b"}]}`, string(b))
}

func TestWindowResponse(t *testing.T) {
	var w WindowResponse
	b, err := json.Marshal(w)
	require.NoError(t, err)
	assert.JSONEq(t, `{"state":{},"batchItemFailures":[]}`, string(b), "state is required")
	w.State = map[string]any{"total": json.Number("282")}
	w.Fail(item("7"))
	b, err = json.Marshal(&w)
	require.NoError(t, err)
	assert.JSONEq(t, `{"state":{"total":282},"batchItemFailures":[{"itemIdentifier":"7"}]}`, string(b))
}

func TestWindow(t *testing.T) {
	w := Window{Start: "2020-12-09T07:04:00Z", End: "2020-12-09T07:06:00.5Z"}
	start, err := w.StartTime()
	require.NoError(t, err)
	end, err := w.EndTime()
	require.NoError(t, err)
	assert.Equal(t, 2*time.Minute+500*time.Millisecond, end.Sub(start))
	_, err = Window{Start: "yesterday"}.StartTime()
	assert.Error(t, err)
	_, err = Window{}.EndTime()
	assert.Error(t, err)
}
