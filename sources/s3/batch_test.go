package s3_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/s3"
)

func batch(t *testing.T, name string) *s3.BatchEvent {
	t.Helper()
	return sourcetest.DecodeTestdata[s3.BatchEvent](t, "aws.s3.batch", name)
}

func batchTask(t *testing.T, e *s3.BatchEvent) s3.BatchTask {
	t.Helper()
	task, err := e.Task()
	require.NoError(t, err)
	return task
}

func TestBatchTasks(t *testing.T) {
	tests := []struct {
		name, schema, key, bucket, version string
		args                               map[string]string
	}{
		{"testdata/schema1-encoded-key-china.json", s3.BatchSchema1, "reports/Q1 2024/café + bar.csv", "finance-archive-cn", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", nil},
		{"testdata/schema2-directory-bucket.json", s3.BatchSchema2, "images/2024/07/beach day.jpg", "photos--usw2-az1--x-s3", "",
			map[string]string{"destinationBucket": "thumbs--usw2-az1--x-s3", "width": "256", "format": "webp"}},
		{"testdata/schema2-no-arguments-future-key.json", s3.BatchSchema2, "logs/app.log.gz", "app-logs-prod", "", nil},
		{"s3BatchOperationEventSchemaV1.json", s3.BatchSchema1, "prefix/dataset/dataset.20231222.json.gz", "powertools-dataset", "1", nil},
		{"s3BatchOperationEventSchemaV2.json", s3.BatchSchema2, "prefix/dataset/dataset.20231222.json.gz", "powertools-dataset", "",
			map[string]string{"k1": "v1", "k2": "v2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e *s3.BatchEvent
			if name, own := strings.CutPrefix(tt.name, "testdata/"); own {
				e = batch(t, name)
			} else {
				e = sourcetest.Decode[s3.BatchEvent](t, sourcetest.Reference(t, tt.name))
			}
			assert.Equal(t, tt.schema, e.InvocationSchemaVersion)
			assert.Equal(t, tt.args, e.Job.UserArguments)
			task := batchTask(t, e)
			key, err := task.DecodedKey()
			require.NoError(t, err)
			assert.Equal(t, tt.key, key)
			bucket, err := task.BucketName()
			require.NoError(t, err)
			assert.Equal(t, tt.bucket, bucket)
			assert.Equal(t, tt.version, task.S3VersionID, "null or absent reads as empty")
		})
	}
}

func TestBatchTaskErrors(t *testing.T) {
	_, err := s3.BatchEvent{}.Task()
	assert.ErrorContains(t, err, "no tasks")

	for _, task := range []s3.BatchTask{
		{},
		{S3BucketARN: "powertools-dataset"},
		{S3BucketARN: "arn:aws:sqs:us-east-1:123456789012:queue"},
		{S3BucketARN: "arn:aws:s3:::"},
	} {
		_, err := task.BucketName()
		assert.Error(t, err, "%+v", task)
	}
	_, err = s3.BatchTask{S3Key: "bad%zzkey"}.DecodedKey()
	assert.Error(t, err)
}

// TestBatchResponse: the answer holds exactly one result per task and
// only the three result codes; the reference only warns on a bad code.
func TestBatchResponse(t *testing.T) {
	e := batch(t, "schema2-directory-bucket.json")
	task := batchTask(t, e)

	ok, err := task.Result(s3.ResultSucceeded, "thumbnail written")
	require.NoError(t, err)
	resp, err := e.Response(s3.ResultPermanentFailure, ok)
	require.NoError(t, err)
	out, err := json.Marshal(resp)
	require.NoError(t, err)
	assert.JSONEq(t, `{"invocationSchemaVersion":"2.0","treatMissingKeysAs":"PermanentFailure",
		"invocationId":"YmF0Y2gtam9iLWludm9jYXRpb24tdjI",
		"results":[{"taskId":"dGFzay1kaXJlY3RvcnktYnVja2V0","resultCode":"Succeeded","resultString":"thumbnail written"}]}`, string(out))

	// An answer is no event.
	_, err = registry.Default.Detect(out)
	assert.ErrorIs(t, err, registry.ErrUnknownSource)

	retry, err := task.Result(s3.ResultTemporaryFailure, "")
	require.NoError(t, err)

	_, err = task.Result("Success", "")
	assert.ErrorContains(t, err, `"Success"`)

	tests := []struct {
		name    string
		treat   string
		results []s3.BatchResult
		want    string
	}{
		{"no result", s3.ResultSucceeded, nil, "exactly one result per task"},
		{"two results", s3.ResultSucceeded, []s3.BatchResult{ok, retry}, "exactly one result per task"},
		{"unknown task", s3.ResultSucceeded, []s3.BatchResult{{TaskID: "other", ResultCode: s3.ResultSucceeded}}, `"other"`},
		{"bad code", s3.ResultSucceeded, []s3.BatchResult{{TaskID: task.TaskID, ResultCode: "succeeded"}}, `"succeeded"`},
		{"bad treatMissingKeysAs", "Ignore", []s3.BatchResult{ok}, "treatMissingKeysAs"},
		{"empty treatMissingKeysAs", "", []s3.BatchResult{ok}, "treatMissingKeysAs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Response(tt.treat, tt.results...)
			assert.ErrorContains(t, err, tt.want)
		})
	}

	two := &s3.BatchEvent{InvocationSchemaVersion: "1.0", InvocationID: "i",
		Tasks: []s3.BatchTask{{TaskID: "a"}, {TaskID: "b"}}}
	a, _ := two.Tasks[0].Result(s3.ResultSucceeded, "")
	b, _ := two.Tasks[1].Result(s3.ResultPermanentFailure, "gone")
	_, err = two.Response(s3.ResultSucceeded, a, a)
	assert.ErrorContains(t, err, "answered twice")
	resp, err = two.Response(s3.ResultSucceeded, b, a)
	require.NoError(t, err)
	assert.Len(t, resp.Results, 2)
}
