// Package codepipeline models the event AWS CodePipeline sends to the Lambda
// function of an invoke action.
//
//	aws.codepipeline.job  JobEvent  https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-invoke-lambda-function.html
//
// The event's one member is "CodePipeline.job", a name with a dot in it:
// registry paths quote it (["CodePipeline.job"].data).
//
// The job carries temporary credentials for the artifact bucket
// (artifactCredentials); the printer masks all three of their values, and
// the event should not be logged otherwise. The function must end the job
// with PutJobSuccessResult or PutJobFailureResult; [JobEvent.Success] and
// [JobEvent.Failure] build those inputs without the AWS SDK.
package codepipeline

//go:generate go run ../internal/genlossless

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/body"
)

func init() {
	// Every job has an ID and data; nothing else sends a member named
	// CodePipeline.job.
	sources.Register[JobEvent]("aws.codepipeline.job", "AWS CodePipeline Lambda invoke action", sources.PriorityExact,
		registry.All(
			registry.PathExists(`["CodePipeline.job"].id`),
			registry.PathExists(`["CodePipeline.job"].data`),
		))
}

// JobEvent is the event of a Lambda invoke action: one job.
type JobEvent struct {
	lossless.Extra
	Job Job `json:"CodePipeline.job"`
}

// Job is a job of an invoke action.
type Job struct {
	lossless.Extra
	ID        string  `json:"id"` // the job ID PutJobSuccessResult and PutJobFailureResult name
	AccountID string  `json:"accountId"`
	Data      JobData `json:"data"`
}

// JobData is what the function needs to run the job: its configuration,
// where its artifacts are, and the credentials to read and write them.
type JobData struct {
	lossless.Extra
	ActionConfiguration ActionConfiguration `json:"actionConfiguration"`
	InputArtifacts      []Artifact          `json:"inputArtifacts"`
	OutputArtifacts     []Artifact          `json:"outputArtifacts"`
	ArtifactCredentials Credentials         `json:"artifactCredentials"`
	ContinuationToken   string              `json:"continuationToken"` // only when a previous run asked to continue
	EncryptionKey       *EncryptionKey      `json:"encryptionKey"`     // only when the artifact store uses a KMS key
}

// ActionConfiguration holds the configuration of the action.
type ActionConfiguration struct {
	lossless.Extra
	Configuration Configuration `json:"configuration"`
}

// Configuration is the configuration of a Lambda invoke action: the
// function and the optional UserParameters text, kept as it came.
// JSONUserParameters decodes it when it holds JSON.
//
//evplugin:derived JSONUserParameters
type Configuration struct {
	lossless.Extra
	FunctionName   string `json:"FunctionName"`
	UserParameters string `json:"UserParameters"` // free text, often JSON; absent when not configured
}

// ErrPlainText is the error of decoding, as JSON, user parameters that are
// plain text (a URL, a name): they are not a failed JSON document, so the
// printer leaves the decoded value out rather than marking it as failed.
var ErrPlainText error = plainTextError{}

type plainTextError struct{}

func (plainTextError) Error() string         { return "codepipeline: user parameters are plain text, not JSON" }
func (plainTextError) NothingToDerive() bool { return true }

// JSONUserParameters decodes the user parameters into v (numbers in
// free-form values as json.Number). Absent or empty parameters are
// [body.ErrEmpty]; plain text is [ErrPlainText] (read UserParameters
// instead); text that starts as a JSON object or array and is not valid
// JSON is an error saying why. The reference library raises on plain text;
// here each case is an error of its own.
func (c Configuration) JSONUserParameters(v any) error {
	s := strings.TrimSpace(c.UserParameters)
	if s == "" {
		return body.ErrEmpty
	}
	err := body.JSON([]byte(s), v)
	if err == nil {
		return nil
	}
	if s[0] == '{' || s[0] == '[' || s[0] == '"' {
		return fmt.Errorf("codepipeline: user parameters: %w", err)
	}
	return ErrPlainText
}

// Artifact is an input or output artifact: its name and where it is.
type Artifact struct {
	lossless.Extra
	Name     string   `json:"name"`
	Revision *string  `json:"revision"` // the source revision; null for artifacts of earlier actions and outputs
	Location Location `json:"location"`
}

// Location is where an artifact is stored.
type Location struct {
	lossless.Extra
	Type       string      `json:"type"` // LocationS3
	S3Location *S3Location `json:"s3Location"`
}

// LocationS3 is the type of an artifact stored in Amazon S3, the only one
// CodePipeline uses for Lambda invoke actions.
const LocationS3 = "S3"

// S3Location is the S3 object of an artifact (a ZIP file for most
// actions).
type S3Location struct {
	lossless.Extra
	BucketName string `json:"bucketName"`
	ObjectKey  string `json:"objectKey"`
}

// URI returns s3://bucket/key.
func (l S3Location) URI() string { return "s3://" + l.BucketName + "/" + l.ObjectKey }

// DecodedKey returns the object key form-decoded ("+" as a space, %XX as
// the byte), as the reference library reads it; keys CodePipeline writes
// (pipeline/artifact/random) are the same either way.
func (l S3Location) DecodedKey() (string, error) {
	k, err := url.QueryUnescape(l.ObjectKey)
	if err != nil {
		return "", fmt.Errorf("codepipeline: object key: %w", err)
	}
	return k, nil
}

// S3 returns the S3 location of the artifact; an artifact stored elsewhere
// or without a location is an error naming it.
func (a Artifact) S3() (S3Location, error) {
	if a.Location.S3Location == nil || (a.Location.Type != "" && a.Location.Type != LocationS3) {
		return S3Location{}, fmt.Errorf("codepipeline: artifact %q is not stored in S3 (location type %q)", a.Name, a.Location.Type)
	}
	return *a.Location.S3Location, nil
}

// Credentials are the temporary credentials of the job, scoped to its
// artifacts. The printer masks all three values: secretAccessKey and
// sessionToken by name, accessKeyId through [Credentials.SensitivePaths].
//
//evplugin:derived Expiration
type Credentials struct {
	lossless.Extra
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken"`
	ExpirationTime  int64  `json:"expirationTime"` // epoch milliseconds; not always sent
}

// SensitivePaths names, for the printer, the access key ID, which is not
// named like a secret but, with the others, signs requests as the job.
func (Credentials) SensitivePaths() []string { return []string{"accessKeyId"} }

// Expiration returns when the credentials expire, in UTC; an event
// without expirationTime has nothing to derive ([body.Absent]).
func (c Credentials) Expiration() (time.Time, error) {
	if c.ExpirationTime == 0 {
		return time.Time{}, body.Absent("codepipeline: expirationTime")
	}
	return time.UnixMilli(c.ExpirationTime).UTC(), nil
}

// EncryptionKey is the KMS key of the artifact store: objects the
// function writes should be encrypted with it.
type EncryptionKey struct {
	lossless.Extra
	ID   string `json:"id"`   // key ID, key ARN or alias ARN
	Type string `json:"type"` // KMS
}

// UserParameters returns the user parameters of the action, as they came.
func (e *JobEvent) UserParameters() string {
	return e.Job.Data.ActionConfiguration.Configuration.UserParameters
}

// JSONUserParameters is [Configuration.JSONUserParameters] of the job.
func (e *JobEvent) JSONUserParameters(v any) error {
	return e.Job.Data.ActionConfiguration.Configuration.JSONUserParameters(v)
}

// InputArtifact returns the input artifact named name, and whether there is one.
func (e *JobEvent) InputArtifact(name string) (Artifact, bool) {
	return find(e.Job.Data.InputArtifacts, name)
}

// OutputArtifact returns the output artifact named name, and whether there is one.
func (e *JobEvent) OutputArtifact(name string) (Artifact, bool) {
	return find(e.Job.Data.OutputArtifacts, name)
}

func find(as []Artifact, name string) (Artifact, bool) {
	for _, a := range as {
		if a.Name == name {
			return a, true
		}
	}
	return Artifact{}, false
}

// ErrNoInputArtifact is the error of [JobEvent.InputLocation] for a job
// without input artifacts (an action may have none).
var ErrNoInputArtifact = errors.New("codepipeline: the job has no input artifact")

// InputLocation returns the S3 location of the first input artifact,
// what the reference library's input_bucket_name and input_object_key
// read; a job without input artifacts is [ErrNoInputArtifact].
func (e *JobEvent) InputLocation() (S3Location, error) {
	if len(e.Job.Data.InputArtifacts) == 0 {
		return S3Location{}, ErrNoInputArtifact
	}
	return e.Job.Data.InputArtifacts[0].S3()
}

// IsContinuation reports whether the job continues a previous run of the
// action, which returned a continuation token.
func (e *JobEvent) IsContinuation() bool { return e.Job.Data.ContinuationToken != "" }
