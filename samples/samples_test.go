package samples_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/samples"
)

func TestIDsAndGet(t *testing.T) {
	ids := samples.IDs()
	require.NotEmpty(t, ids)
	assert.IsIncreasing(t, ids)
	for _, id := range ids {
		raw, ok := samples.Get(id)
		require.True(t, ok, id)
		assert.True(t, json.Valid(raw), id)
	}
	raw, _ := samples.Get(ids[0])
	raw[0] = 'X' // a copy: the next Get is unchanged
	again, _ := samples.Get(ids[0])
	assert.True(t, json.Valid(again))
	for _, id := range []string{"", "aws.nope", "../samples/aws.sqs", "aws.sqs.json", "*"} {
		_, ok := samples.Get(id)
		assert.False(t, ok, id)
	}
}

func TestSet(t *testing.T) {
	const event = `{"Records": [{"a": 1, "s3": {"bucket": {"name": "old"}}, "empty": {}, "list": []}], "x.y": "q"}`
	for _, tc := range []struct {
		path  string
		value any
		want  string
	}{
		{"Records[0].s3.bucket.name", "new", `{"Records": [{"a": 1, "s3": {"bucket": {"name": "new"}}, "empty": {}, "list": []}], "x.y": "q"}`},
		{"Records[0].a", json.RawMessage(`{"b": [1.50]}`), `{"Records": [{"a": {"b": [1.50]}, "s3": {"bucket": {"name": "old"}}, "empty": {}, "list": []}], "x.y": "q"}`},
		{"Records[0].s3", nil, `{"Records": [{"a": 1, "s3": null, "empty": {}, "list": []}], "x.y": "q"}`},
		{`["x.y"]`, "<&>", `{"Records": [{"a": 1, "s3": {"bucket": {"name": "old"}}, "empty": {}, "list": []}], "x.y": "<&>"}`},
		{"Records[0].s3.bucket.arn", "arn:aws:s3:::old", `{"Records": [{"a": 1, "s3": {"bucket": {"name": "old","arn":"arn:aws:s3:::old"}}, "empty": {}, "list": []}], "x.y": "q"}`},
		{"Records[0].empty.k", true, `{"Records": [{"a": 1, "s3": {"bucket": {"name": "old"}}, "empty": {"k":true}, "list": []}], "x.y": "q"}`},
		{"Records[0].list[0]", 7, `{"Records": [{"a": 1, "s3": {"bucket": {"name": "old"}}, "empty": {}, "list": [7]}], "x.y": "q"}`},
		{"Records[1]", map[string]int{"a": 2}, `{"Records": [{"a": 1, "s3": {"bucket": {"name": "old"}}, "empty": {}, "list": []},{"a":2}], "x.y": "q"}`},
	} {
		t.Run(tc.path, func(t *testing.T) {
			got, err := samples.Set([]byte(event), tc.path, tc.value)
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
		})
	}
}

func TestSetErrors(t *testing.T) {
	const event = `{"Records": [{"a": 1}], "s": "x"}`
	for _, tc := range []struct {
		event, path string
		value       any
		want        string
	}{
		{event, "Records[0].b.c", 1, `samples: path "Records[0].b.c": Records[0].b does not exist (only the last step of a path may be added)`},
		{event, "Records[2]", 1, `samples: path "Records[2]": Records has 1 element: only [1] can be added`},
		{event, "Records.a", 1, `samples: path "Records.a": Records is not an object`},
		{event, "s[0]", 1, `samples: path "s[0]": s is not an array`},
		{event, "[0]", 1, `samples: path "[0]": the event is not an array`},
		{event, "Records[0].a", json.RawMessage(`{`), `samples: path "Records[0].a": the value is not valid JSON: "{"`},
		{event, "Records[0].a", func() {}, `samples: path "Records[0].a": json: unsupported type: func()`},
		{event, "Records..a", 1, `samples: registry: path "Records..a": misplaced '.'`},
		{`{"a": `, "a", 1, `samples: the event is not valid JSON`},
	} {
		t.Run(tc.path, func(t *testing.T) {
			got, err := samples.Set([]byte(tc.event), tc.path, tc.value)
			assert.EqualError(t, err, tc.want)
			assert.Nil(t, got)
		})
	}
}

// Set on a sample keeps every other byte: the result equals the sample with
// that one member changed.
func TestSetSample(t *testing.T) {
	raw, ok := samples.Get("aws.s3")
	require.True(t, ok)
	got, err := samples.Set(raw, "Records[0].s3.bucket.name", "my-bucket")
	require.NoError(t, err)
	var want, have map[string]any
	require.NoError(t, json.Unmarshal(raw, &want))
	require.NoError(t, json.Unmarshal(got, &have))
	want["Records"].([]any)[0].(map[string]any)["s3"].(map[string]any)["bucket"].(map[string]any)["name"] = "my-bucket"
	assert.Equal(t, want, have)
}

func TestValue(t *testing.T) {
	const event = `{"a": [{"b": "x"}, 2], "c": {}}`
	for _, tc := range []struct {
		path, want string
		found      bool
	}{
		{"a[0].b", `"x"`, true},
		{"a[1]", `2`, true},
		{"c", `{}`, true},
		{"c.d", ``, false},
		{"a[2]", ``, false},
		{"z.y", ``, false},
	} {
		got, found, err := samples.Value([]byte(event), tc.path)
		require.NoError(t, err, tc.path)
		assert.Equal(t, tc.found, found, tc.path)
		assert.Equal(t, tc.want, string(got), tc.path)
	}
	_, _, err := samples.Value([]byte(event), "a[")
	assert.Error(t, err)
	_, _, err = samples.Value([]byte(`{`), "a")
	assert.Error(t, err)
}
