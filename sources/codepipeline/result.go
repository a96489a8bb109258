package codepipeline

import (
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"
)

// JobSuccess is the input of PutJobSuccessResult, with the API's member
// names: copy it into the SDK's input type or marshal it for the JSON API.
type JobSuccess struct {
	JobID             string            `json:"jobId"`
	ContinuationToken string            `json:"continuationToken,omitempty"` // ask CodePipeline to invoke the action again
	ExecutionDetails  *ExecutionDetails `json:"executionDetails,omitempty"`
	OutputVariables   map[string]string `json:"outputVariables,omitempty"` // not with a continuation token
}

// ExecutionDetails are what the pipeline shows of the action's run.
type ExecutionDetails struct {
	Summary             string `json:"summary,omitempty"`
	ExternalExecutionID string `json:"externalExecutionId,omitempty"`
	PercentComplete     *int   `json:"percentComplete,omitempty"`
}

// JobFailure is the input of PutJobFailureResult.
type JobFailure struct {
	JobID          string         `json:"jobId"`
	FailureDetails FailureDetails `json:"failureDetails"`
}

// FailureDetails say why the job failed.
type FailureDetails struct {
	Type                string `json:"type"`    // one of the Failure* constants
	Message             string `json:"message"` // 1 to 5,000 characters
	ExternalExecutionID string `json:"externalExecutionId,omitempty"`
}

// The failure types of PutJobFailureResult.
const (
	FailureJobFailed           = "JobFailed"
	FailureConfigurationError  = "ConfigurationError"
	FailurePermissionError     = "PermissionError"
	FailureRevisionOutOfSync   = "RevisionOutOfSync"
	FailureRevisionUnavailable = "RevisionUnavailable"
	FailureSystemUnavailable   = "SystemUnavailable"
)

var failureTypes = []string{
	FailureJobFailed, FailureConfigurationError, FailurePermissionError,
	FailureRevisionOutOfSync, FailureRevisionUnavailable, FailureSystemUnavailable,
}

// Limits of PutJobSuccessResult and PutJobFailureResult.
const (
	MaxContinuationToken = 2048 // characters
	MaxFailureMessage    = 5000 // characters
)

var errNoJobID = errors.New("codepipeline: the job has no ID")

// Success returns the input ending the job successfully, with output
// variables if any (nil for none). A job without an ID is an error.
func (e *JobEvent) Success(outputVariables map[string]string) (JobSuccess, error) {
	if e.Job.ID == "" {
		return JobSuccess{}, errNoJobID
	}
	return JobSuccess{JobID: e.Job.ID, OutputVariables: outputVariables}, nil
}

// Continue returns the input telling CodePipeline the job is still running:
// it invokes the action again with token as the job's continuation token.
// An empty token, or one longer than [MaxContinuationToken], is an error.
func (e *JobEvent) Continue(token string) (JobSuccess, error) {
	if n := utf8.RuneCountInString(token); n == 0 || n > MaxContinuationToken {
		return JobSuccess{}, fmt.Errorf("codepipeline: continuation token of %d characters (want 1 to %d)", n, MaxContinuationToken)
	}
	s, err := e.Success(nil)
	s.ContinuationToken = token
	return s, err
}

// Failure returns the input ending the job as failed, of type kind (one of
// the Failure* constants) with message. An unknown type, or a message
// empty or longer than [MaxFailureMessage], is an error.
func (e *JobEvent) Failure(kind, message string) (JobFailure, error) {
	if !slices.Contains(failureTypes, kind) {
		return JobFailure{}, fmt.Errorf("codepipeline: failure type %q (want one of %v)", kind, failureTypes)
	}
	if n := utf8.RuneCountInString(message); n == 0 || n > MaxFailureMessage {
		return JobFailure{}, fmt.Errorf("codepipeline: failure message of %d characters (want 1 to %d)", n, MaxFailureMessage)
	}
	if e.Job.ID == "" {
		return JobFailure{}, errNoJobID
	}
	return JobFailure{JobID: e.Job.ID, FailureDetails: FailureDetails{Type: kind, Message: message}}, nil
}
