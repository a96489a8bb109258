package cognito

import "github.com/evplugin/evplugin/lossless"

// The trigger sources of the post confirmation trigger.
const (
	PostConfirmationConfirmSignUp         = "PostConfirmation_ConfirmSignUp"         // a user confirmed sign-up
	PostConfirmationConfirmForgotPassword = "PostConfirmation_ConfirmForgotPassword" // a user confirmed a password reset
)

// The trigger sources of the pre and post authentication triggers.
const (
	PreAuthenticationAuthentication  = "PreAuthentication_Authentication"
	PostAuthenticationAuthentication = "PostAuthentication_Authentication"
)

// PostConfirmationEvent is the event of the post confirmation trigger,
// which runs after a user confirms sign-up or a password reset. Cognito
// ignores the response; the handler returns the event.
type PostConfirmationEvent struct {
	lossless.Extra
	Trigger
	Request  PostConfirmationRequest `json:"request"`
	Response EmptyResponse           `json:"response"`
}

// PostConfirmationRequest holds the confirmed user's attributes.
type PostConfirmationRequest struct {
	lossless.Extra
	UserRequest
}

// IsForgotPassword reports whether the user confirmed a password reset
// rather than sign-up.
func (e PostConfirmationEvent) IsForgotPassword() bool {
	return e.TriggerSource == PostConfirmationConfirmForgotPassword
}

// PreAuthenticationEvent is the event of the pre authentication trigger,
// which runs when a user signs in. A handler denies the sign-in by
// returning an error, and allows it by returning the event.
type PreAuthenticationEvent struct {
	lossless.Extra
	Trigger
	Request  PreAuthenticationRequest `json:"request"`
	Response EmptyResponse            `json:"response"`
}

// PreAuthenticationRequest is what the user signs in with.
type PreAuthenticationRequest struct {
	lossless.Extra
	UserRequest
	// UserNotFound is true when the user pool hides missing users
	// (PreventUserExistenceErrors) and no user has this name.
	UserNotFound bool `json:"userNotFound"`
	// ValidationData is the ValidationData of the sign-in request.
	ValidationData map[string]string `json:"validationData"`
}

// PostAuthenticationEvent is the event of the post authentication
// trigger, which runs after a user signed in. Cognito ignores the
// response; the handler returns the event.
type PostAuthenticationEvent struct {
	lossless.Extra
	Trigger
	Request  PostAuthenticationRequest `json:"request"`
	Response EmptyResponse             `json:"response"`
}

// PostAuthenticationRequest holds the user who signed in.
type PostAuthenticationRequest struct {
	lossless.Extra
	UserRequest
	// NewDeviceUsed reports whether the user signed in from a device the
	// user pool has not seen (device tracking).
	NewDeviceUsed bool `json:"newDeviceUsed"`
}
