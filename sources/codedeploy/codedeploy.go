// Package codedeploy models the event AWS CodeDeploy sends to the Lambda
// function of a lifecycle event hook, in a deployment to Amazon ECS or to
// AWS Lambda.
//
//	aws.codedeploy.hook  HookEvent  https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html
//
// The hook function reports its result to CodeDeploy with the
// PutLifecycleEventHookExecutionStatus API
// (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_PutLifecycleEventHookExecutionStatus.html);
// [HookEvent.Status] builds that call's input without the AWS SDK.
package codedeploy

//go:generate go run ../internal/genlossless

import (
	"errors"
	"fmt"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
)

func init() {
	// The event has exactly these two members, which no other source
	// sends at the top level.
	sources.Register[HookEvent]("aws.codedeploy.hook", "AWS CodeDeploy lifecycle event hook", sources.PriorityShape,
		registry.All(
			registry.PathExists("DeploymentId"),
			registry.PathExists("LifecycleEventHookExecutionId"),
		))
}

// HookEvent is the event of a lifecycle event hook (BeforeInstall,
// AfterAllowTestTraffic, BeforeAllowTraffic, ... for ECS; BeforeAllowTraffic
// and AfterAllowTraffic for Lambda): the deployment and the hook execution
// the function reports on.
type HookEvent struct {
	lossless.Extra
	DeploymentID                  string `json:"DeploymentId"`                  // d-XXXXXXXXX
	LifecycleEventHookExecutionID string `json:"LifecycleEventHookExecutionId"` // opaque
}

// The statuses a hook function reports with PutLifecycleEventHookExecutionStatus.
const (
	StatusSucceeded = "Succeeded"
	StatusFailed    = "Failed"
)

// HookStatus is the input of PutLifecycleEventHookExecutionStatus, with the
// API's member names: copy it into the SDK's input type
// (codedeploy.PutLifecycleEventHookExecutionStatusInput) or marshal it for
// the JSON API.
type HookStatus struct {
	DeploymentID                  string `json:"deploymentId"`
	LifecycleEventHookExecutionID string `json:"lifecycleEventHookExecutionId"`
	Status                        string `json:"status"` // StatusSucceeded or StatusFailed
}

// ErrMissing is the error of a hook event without its deployment ID or
// hook execution ID: CodeDeploy could not match a status to it.
var ErrMissing = errors.New("codedeploy: hook event without DeploymentId or LifecycleEventHookExecutionId")

// Status returns the input reporting status for the hook execution of e.
// A status other than [StatusSucceeded] and [StatusFailed] is an error, as
// is an event without its IDs ([ErrMissing]).
func (e HookEvent) Status(status string) (HookStatus, error) {
	if status != StatusSucceeded && status != StatusFailed {
		return HookStatus{}, fmt.Errorf("codedeploy: hook status %q (want %s or %s)", status, StatusSucceeded, StatusFailed)
	}
	if e.DeploymentID == "" || e.LifecycleEventHookExecutionID == "" {
		return HookStatus{}, ErrMissing
	}
	return HookStatus{
		DeploymentID:                  e.DeploymentID,
		LifecycleEventHookExecutionID: e.LifecycleEventHookExecutionID,
		Status:                        status,
	}, nil
}

// Succeeded is Status(StatusSucceeded).
func (e HookEvent) Succeeded() (HookStatus, error) { return e.Status(StatusSucceeded) }

// Failed is Status(StatusFailed).
func (e HookEvent) Failed() (HookStatus, error) { return e.Status(StatusFailed) }
