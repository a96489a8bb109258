// Package secretsmanager models the event AWS Secrets Manager sends to a
// rotation function.
//
//	aws.secretsmanager.rotation  RotationEvent  https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda.html
//
// Secrets Manager calls the function once per rotation step
// ([StepCreateSecret], [StepSetSecret], [StepTestSecret],
// [StepFinishSecret]), synchronously, and reads no answer: a step fails by
// returning an error.
package secretsmanager

//go:generate go run ../internal/genlossless

import (
	"fmt"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
)

func init() {
	// The three members the rotation page documents; Step is not matched
	// against the four known steps, so a step AWS adds is still detected.
	sources.Register[RotationEvent]("aws.secretsmanager.rotation", "AWS Secrets Manager rotation function", sources.PriorityShape,
		registry.All(registry.PathExists("Step"), registry.PathExists("SecretId"), registry.PathExists("ClientRequestToken")))
}

// The rotation steps, the values of [RotationEvent.Step], in the order
// Secrets Manager runs them.
const (
	// StepCreateSecret: create the new version of the secret and stage it
	// AWSPENDING.
	StepCreateSecret = "createSecret"
	// StepSetSecret: set the pending credentials in the database or
	// service.
	StepSetSecret = "setSecret"
	// StepTestSecret: check the pending credentials work.
	StepTestSecret = "testSecret"
	// StepFinishSecret: move the AWSCURRENT label to the new version.
	StepFinishSecret = "finishSecret"
)

// RotationEvent is one step of a secret's rotation. ClientRequestToken
// identifies the secret version the rotation creates (it becomes its
// VersionId; [RotationEvent.VersionID] names it so). RotationToken is sent
// when the function rotates a secret through an assumed role or across
// accounts: the function passes it on to the Secrets Manager calls it
// makes. Both print masked, and so does SecretID, by the printer's default
// masks (its name holds "secret"), though a secret's ARN is no credential;
// [RotationEvent.SecretARN] is therefore no derived value the printer
// shows.
type RotationEvent struct {
	lossless.Extra
	Step               string `json:"Step"`
	SecretID           string `json:"SecretId"`
	ClientRequestToken string `json:"ClientRequestToken" sensitive:"true"`
	RotationToken      string `json:"RotationToken" sensitive:"true"` // assumed-role and cross-account rotation only
}

// VersionID is the ID of the secret version the rotation creates: the
// ClientRequestToken.
func (e RotationEvent) VersionID() string { return e.ClientRequestToken }

// SecretARN is SecretID parsed: Secrets Manager sends the secret's ARN.
func (e RotationEvent) SecretARN() (arn.ARN, error) {
	a, err := arn.Parse(e.SecretID)
	if err != nil {
		return arn.ARN{}, fmt.Errorf("secretsmanager: SecretId %q: %w", e.SecretID, err)
	}
	return a, nil
}

// KnownStep reports whether Step is one of the four documented steps.
func (e RotationEvent) KnownStep() bool {
	switch e.Step {
	case StepCreateSecret, StepSetSecret, StepTestSecret, StepFinishSecret:
		return true
	}
	return false
}
