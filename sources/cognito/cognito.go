// Package cognito models the events Amazon Cognito user pools send to their
// Lambda triggers.
//
//	aws.cognito.presignup  PreSignUpEvent  https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
//
// Every trigger event embeds [Trigger], the common parameters
// (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html),
// and has a request and a response. A trigger answers Cognito by returning
// the event it received with its response filled in: the event marshals
// back with every member it came with, changes included.
package cognito

//go:generate go run ../internal/genlossless

import (
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
)

func init() {
	sources.Register[PreSignUpEvent]("aws.cognito.presignup", "Amazon Cognito user pool pre sign-up trigger", sources.PriorityExact,
		registry.All(registry.PathPrefix("triggerSource", "PreSignUp_"), registry.PathExists("userPoolId")))
}

// The trigger sources of the pre sign-up trigger: what invoked it.
const (
	PreSignUpSignUp           = "PreSignUp_SignUp"           // SignUp, self-service sign-up
	PreSignUpAdminCreateUser  = "PreSignUp_AdminCreateUser"  // AdminCreateUser
	PreSignUpExternalProvider = "PreSignUp_ExternalProvider" // first sign-in through a federated identity provider
)

// Trigger holds the parameters Cognito sends to every user pool trigger.
// It is embedded, without a json name, in each trigger event, so its
// members are those of the event; it has no [lossless.Extra] of its own,
// the event's keeps the members nobody models.
type Trigger struct {
	Version       string        `json:"version"`
	TriggerSource string        `json:"triggerSource"`
	Region        string        `json:"region"`
	UserPoolID    string        `json:"userPoolId"`
	UserName      string        `json:"userName"`
	CallerContext CallerContext `json:"callerContext"`
}

// CallerContext identifies the caller of the user pool operation.
type CallerContext struct {
	lossless.Extra
	AWSSDKVersion string `json:"awsSdkVersion"`
	ClientID      string `json:"clientId"` // the app client, or CLIENT_ID_NOT_APPLICABLE
}

// PreSignUpEvent is the event of the pre sign-up trigger, which runs before
// Cognito creates a user. A handler accepts the user by returning the event
// (setting Response fields to confirm or verify it), or rejects the sign-up
// by returning an error.
type PreSignUpEvent struct {
	lossless.Extra
	Trigger
	Request  PreSignUpRequest  `json:"request"`
	Response PreSignUpResponse `json:"response"`
}

// PreSignUpRequest is what the new user sent.
type PreSignUpRequest struct {
	lossless.Extra
	// UserAttributes are the user's attributes by name ("email",
	// "phone_number", "custom:..."); values are text.
	UserAttributes map[string]string `json:"userAttributes"`
	// ValidationData is the ValidationData of the SignUp or AdminCreateUser
	// request: temporary data for this trigger, not stored.
	ValidationData map[string]string `json:"validationData"`
	// ClientMetadata is the ClientMetadata of the request, custom input for
	// the trigger.
	ClientMetadata map[string]string `json:"clientMetadata"`
}

// PreSignUpResponse is the trigger's answer. Fields the handler sets are
// written back; those it leaves are written as they came (absent, null or
// false).
type PreSignUpResponse struct {
	lossless.Extra
	AutoConfirmUser bool `json:"autoConfirmUser"` // confirm the user without a code
	AutoVerifyEmail bool `json:"autoVerifyEmail"` // mark the email address verified
	AutoVerifyPhone bool `json:"autoVerifyPhone"` // mark the phone number verified
}

// UserAttribute returns the user attribute with this name, and whether the
// request has it.
func (e PreSignUpEvent) UserAttribute(name string) (string, bool) {
	v, ok := e.Request.UserAttributes[name]
	return v, ok
}

// Email returns the user's email attribute, and whether the request has it.
func (e PreSignUpEvent) Email() (string, bool) { return e.UserAttribute("email") }

// PhoneNumber returns the user's phone_number attribute, and whether the
// request has it.
func (e PreSignUpEvent) PhoneNumber() (string, bool) { return e.UserAttribute("phone_number") }

// IsExternalProvider reports whether the user signs in for the first time
// through a federated identity provider.
func (e PreSignUpEvent) IsExternalProvider() bool {
	return e.TriggerSource == PreSignUpExternalProvider
}

// IsAdminCreate reports whether an administrator creates the user
// (AdminCreateUser).
func (e PreSignUpEvent) IsAdminCreate() bool { return e.TriggerSource == PreSignUpAdminCreateUser }
