package s3

import (
	"errors"
	"fmt"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
)

func init() {
	// The four members both schema versions document; the answer
	// (BatchResponse) has no job and no tasks.
	sources.Register[BatchEvent]("aws.s3.batch", "Amazon S3 Batch Operations Lambda invocation (schema 1.0 and 2.0)", sources.PriorityShape,
		registry.All(registry.PathExists("invocationSchemaVersion"), registry.PathExists("invocationId"),
			registry.PathExists("job"), registry.PathExists("tasks")))
}

// The invocation schema versions of a [BatchEvent]. Version 2.0 names
// the bucket instead of its ARN, and carries the job's user arguments; it
// is the one jobs on directory buckets use.
const (
	BatchSchema1 = "1.0"
	BatchSchema2 = "2.0"
)

// The result codes of a [BatchResult], and the values of
// [BatchResponse].TreatMissingKeysAs.
const (
	// ResultSucceeded: the task is done.
	ResultSucceeded = "Succeeded"
	// ResultTemporaryFailure: S3 retries the task.
	ResultTemporaryFailure = "TemporaryFailure"
	// ResultPermanentFailure: the task failed; S3 does not retry it.
	ResultPermanentFailure = "PermanentFailure"
)

// BatchEvent is an invocation of a Lambda function by an S3 Batch
// Operations job (operation LambdaInvoke), for the objects of Tasks
// (S3 sends one task per invocation). The function answers with a
// [BatchResponse] ([BatchEvent.Response]).
type BatchEvent struct {
	lossless.Extra
	InvocationSchemaVersion string      `json:"invocationSchemaVersion"`
	InvocationID            string      `json:"invocationId"`
	Job                     BatchJob    `json:"job"`
	Tasks                   []BatchTask `json:"tasks"`
}

// BatchJob is the job that invoked the function. UserArguments, the
// job's key-value pairs, come with schema 2.0 only.
type BatchJob struct {
	lossless.Extra
	ID            string            `json:"id"`
	UserArguments map[string]string `json:"userArguments"`
}

// BatchTask is one object to process. S3Key is URL-encoded as a form
// value, as in a Batch Operations manifest ([BatchTask.DecodedKey]
// decodes it). Schema 1.0 names the bucket by S3BucketARN, schema 2.0 by
// S3Bucket ([BatchTask.BucketName] reads either). S3VersionID is null or
// absent when the manifest names no version.
//
//evplugin:derived DecodedKey BucketName
type BatchTask struct {
	lossless.Extra
	TaskID      string `json:"taskId"`
	S3Key       string `json:"s3Key"`
	S3VersionID string `json:"s3VersionId"`
	S3BucketARN string `json:"s3BucketArn"` // schema 1.0
	S3Bucket    string `json:"s3Bucket"`    // schema 2.0
}

// BatchResponse is a function's answer to a [BatchEvent]: one result per
// task. Build it with [BatchEvent.Response], which checks what S3 would
// otherwise reject or misread.
type BatchResponse struct {
	InvocationSchemaVersion string        `json:"invocationSchemaVersion"`
	TreatMissingKeysAs      string        `json:"treatMissingKeysAs"`
	InvocationID            string        `json:"invocationId"`
	Results                 []BatchResult `json:"results"`
}

// BatchResult is the outcome of one task: ResultCode is one of the Result
// constants; S3 writes ResultString into the job's completion report.
type BatchResult struct {
	TaskID       string `json:"taskId"`
	ResultCode   string `json:"resultCode"`
	ResultString string `json:"resultString"`
}

// Task returns the event's task: S3 sends one per invocation. An event
// without tasks is an error.
func (e BatchEvent) Task() (BatchTask, error) {
	if len(e.Tasks) == 0 {
		return BatchTask{}, errors.New("s3: the batch event has no tasks")
	}
	return e.Tasks[0], nil
}

// DecodedKey is S3Key decoded as a form value: "+" is a space, "%XX" a
// byte.
func (t BatchTask) DecodedKey() (string, error) { return decodeKey(t.S3Key) }

// BucketName is the task's bucket: S3Bucket (schema 2.0), else the
// resource of S3BucketARN (schema 1.0, "arn:aws:s3:::amzn-s3-demo-bucket"
// gives "amzn-s3-demo-bucket"). A task with neither, or with an ARN that
// names no S3 bucket, is an error.
func (t BatchTask) BucketName() (string, error) {
	if t.S3Bucket != "" {
		return t.S3Bucket, nil
	}
	if t.S3BucketARN == "" {
		return "", errors.New("s3: the task has neither s3Bucket nor s3BucketArn")
	}
	a, err := arn.Parse(t.S3BucketARN)
	if err != nil || a.Service != "s3" || a.Resource == "" {
		return "", fmt.Errorf("s3: s3BucketArn %q is no S3 bucket ARN", t.S3BucketARN)
	}
	return a.Resource, nil
}

// Result returns the outcome of the task: code is one of the Result
// constants, s the text for the completion report. Any other code is an
// error.
func (t BatchTask) Result(code, s string) (BatchResult, error) {
	if err := checkResultCode("result code", code); err != nil {
		return BatchResult{}, err
	}
	return BatchResult{TaskID: t.TaskID, ResultCode: code, ResultString: s}, nil
}

// Response returns the answer to e with results, and treatMissingKeysAs,
// the result code S3 gives to tasks whose object key is missing. S3
// requires exactly one result per task of the invocation, so results
// must answer each task of e once: a result for a task e does not have,
// two for the same task, a task left unanswered, or a code that is none
// of the Result constants is an error (S3 would fail the task, or the
// whole job, instead).
func (e BatchEvent) Response(treatMissingKeysAs string, results ...BatchResult) (BatchResponse, error) {
	if err := checkResultCode("treatMissingKeysAs", treatMissingKeysAs); err != nil {
		return BatchResponse{}, err
	}
	if len(results) != len(e.Tasks) {
		return BatchResponse{}, fmt.Errorf("s3: %d results for %d tasks: S3 Batch Operations requires exactly one result per task", len(results), len(e.Tasks))
	}
	open := map[string]bool{}
	for _, t := range e.Tasks {
		open[t.TaskID] = true
	}
	for _, r := range results {
		if err := checkResultCode("result code of task "+r.TaskID, r.ResultCode); err != nil {
			return BatchResponse{}, err
		}
		if !open[r.TaskID] {
			return BatchResponse{}, fmt.Errorf("s3: result for task %q, which is not a task of this invocation or is answered twice", r.TaskID)
		}
		open[r.TaskID] = false
	}
	return BatchResponse{
		InvocationSchemaVersion: e.InvocationSchemaVersion,
		TreatMissingKeysAs:      treatMissingKeysAs,
		InvocationID:            e.InvocationID,
		Results:                 results,
	}, nil
}

// checkResultCode returns an error naming what unless code is one of the
// Result constants.
func checkResultCode(what, code string) error {
	switch code {
	case ResultSucceeded, ResultTemporaryFailure, ResultPermanentFailure:
		return nil
	}
	return fmt.Errorf("s3: %s %q is none of Succeeded, TemporaryFailure, PermanentFailure", what, code)
}
