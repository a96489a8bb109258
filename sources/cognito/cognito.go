// Package cognito models the events Amazon Cognito user pools send to their
// Lambda triggers.
//
//	aws.cognito.presignup              PreSignUpEvent             https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
//	aws.cognito.postconfirmation       PostConfirmationEvent      https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html
//	aws.cognito.preauthentication      PreAuthenticationEvent     https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-authentication.html
//	aws.cognito.postauthentication     PostAuthenticationEvent    https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-authentication.html
//	aws.cognito.pretokengeneration     PreTokenGenerationEvent    https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
//	aws.cognito.pretokengeneration.v2  PreTokenGenerationV2Event  (the same page: trigger event versions 2 and 3)
//	aws.cognito.usermigration          UserMigrationEvent         https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-migrate-user.html
//	aws.cognito.custommessage          CustomMessageEvent         https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-message.html
//	aws.cognito.defineauthchallenge    DefineAuthChallengeEvent   https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-define-auth-challenge.html
//	aws.cognito.createauthchallenge    CreateAuthChallengeEvent   https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-create-auth-challenge.html
//	aws.cognito.verifyauthchallenge    VerifyAuthChallengeEvent   https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-verify-auth-challenge-response.html
//	aws.cognito.customemailsender      CustomEmailSenderEvent     https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-email-sender.html
//	aws.cognito.customsmssender        CustomSMSSenderEvent       https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-sms-sender.html
//
// Every trigger event embeds [Trigger], the common parameters
// (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html),
// and has a request and a response. A trigger answers Cognito by returning
// the event it received with its response filled in: the event marshals
// back with every member it came with, changes included. A response
// member the handler leaves alone is written as it came (Cognito sends
// "response": {}, so mostly not at all); to write an explicit false or ""
// use the setters of the response types, or [lossless.Set].
//
// Most requests embed [UserRequest] (the user's attributes and the
// client metadata, with [UserRequest.UserAttribute] and
// [UserRequest.Email]); the auth-challenge triggers share [Session].
//
// # Detection
//
// Each trigger is known by the prefix of its triggerSource
// ("PostConfirmation_", "TokenGeneration_", ...) and a userPoolId. Test
// fixtures often carry a placeholder trigger source ("PreTokenGen",
// "string"); for those, the keys only one trigger's request or response
// has decide: request.newDeviceUsed (post authentication),
// request.groupConfiguration (pre token generation), request.password or
// a migration response (user migration), request.codeParameter (custom
// message), request.session without request.challengeName (define auth
// challenge), request.challengeName (create auth challenge),
// request.privateChallengeParameters (verify auth challenge), request.type
// (custom senders). Pre token generation events of version 2 or 3, or
// whose request carries scopes, are aws.cognito.pretokengeneration.v2;
// the others aws.cognito.pretokengeneration.
package cognito

//go:generate go run ../internal/genlossless

import (
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/body"
)

func init() {
	const prio = sources.PriorityExact
	reg := func(id, title string, priority int, rule registry.Rule, register func(string, string, int, registry.Rule)) {
		register(id, "Amazon Cognito user pool "+title+" trigger", priority, rule.And(registry.PathExists("userPoolId")))
	}
	prefix := func(p string) registry.Cond { return registry.PathPrefix("triggerSource", p) }
	exists, absent := registry.PathExists, registry.PathAbsent
	reg("aws.cognito.presignup", "pre sign-up", prio, registry.Any(prefix("PreSignUp_")), sources.Register[PreSignUpEvent])
	reg("aws.cognito.postconfirmation", "post confirmation", prio, registry.Any(prefix("PostConfirmation_")),
		sources.Register[PostConfirmationEvent])
	reg("aws.cognito.preauthentication", "pre authentication", prio, registry.Any(prefix("PreAuthentication_")),
		sources.Register[PreAuthenticationEvent])
	reg("aws.cognito.postauthentication", "post authentication", prio,
		registry.Any(prefix("PostAuthentication_"), exists("request.newDeviceUsed")), sources.Register[PostAuthenticationEvent])
	// Version 1 has no scopes; version 2 or 3 without scopes is the one
	// overlap, which the higher priority of .v2 decides.
	reg("aws.cognito.pretokengeneration", "pre token generation (version 1)", prio,
		registry.All(absent("request.scopes")).AndAny(prefix("TokenGeneration_"),
			exists("request.groupConfiguration"), exists("response.claimsOverrideDetails")),
		sources.Register[PreTokenGenerationEvent])
	reg("aws.cognito.pretokengeneration.v2", "pre token generation (versions 2 and 3)", prio+1,
		registry.All(exists("request.groupConfiguration")).AndAny(
			registry.PathEquals("version", "2"), registry.PathEquals("version", "3"), exists("request.scopes")),
		sources.Register[PreTokenGenerationV2Event])
	reg("aws.cognito.usermigration", "user migration", prio,
		registry.Any(prefix("UserMigration_"), exists("request.password"),
			exists("response.finalUserStatus"), exists("response.messageAction")),
		sources.Register[UserMigrationEvent])
	reg("aws.cognito.custommessage", "custom message", prio,
		registry.Any(prefix("CustomMessage_"), exists("request.codeParameter"),
			exists("request.usernameParameter"), exists("request.linkParameter")),
		sources.Register[CustomMessageEvent])
	// The auth-challenge triggers: define has a session but no challenge
	// name or private parameters in its request, create names the
	// challenge, verify has its private parameters. (No rule reads
	// request.challengeAnswer: Explain quotes the scalars rules read, and
	// the answer is a secret; an object shows as {…}.)
	reg("aws.cognito.defineauthchallenge", "define auth challenge", prio,
		registry.All(absent("request.challengeName"), absent("request.privateChallengeParameters"),
			absent("response.publicChallengeParameters"), absent("response.privateChallengeParameters")).
			AndAny(prefix("DefineAuthChallenge_"), exists("request.session"), exists("response.challengeName"),
				exists("response.issueTokens"), exists("response.failAuthentication")),
		sources.Register[DefineAuthChallengeEvent])
	reg("aws.cognito.createauthchallenge", "create auth challenge", prio,
		registry.All(absent("request.privateChallengeParameters")).AndAny(prefix("CreateAuthChallenge_"),
			exists("request.challengeName"), exists("response.publicChallengeParameters"),
			exists("response.privateChallengeParameters")),
		sources.Register[CreateAuthChallengeEvent])
	reg("aws.cognito.verifyauthchallenge", "verify auth challenge response", prio,
		registry.Any(prefix("VerifyAuthChallengeResponse_"), exists("request.privateChallengeParameters"),
			exists("response.answerCorrect")),
		sources.Register[VerifyAuthChallengeEvent])
	// The custom senders: by trigger source, or by request type where the
	// trigger source is a placeholder. An event whose two disagree (the
	// Powertools SMS sample carries the email request type) is the SMS
	// sender's, by its higher priority.
	reg("aws.cognito.customemailsender", "custom email sender", prio,
		registry.Any(prefix("CustomEmailSender_"), registry.PathEquals("request.type", CustomEmailSenderRequestV1)),
		sources.Register[CustomEmailSenderEvent])
	reg("aws.cognito.customsmssender", "custom SMS sender", prio+1,
		registry.Any(prefix("CustomSMSSender_"), registry.PathEquals("request.type", CustomSMSSenderRequestV1)),
		sources.Register[CustomSMSSenderEvent])
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
	UserName      string        `json:"userName"` // absent for machine-to-machine (client credentials) token generation
	CallerContext CallerContext `json:"callerContext"`
}

// CallerContext identifies the caller of the user pool operation.
type CallerContext struct {
	lossless.Extra
	AWSSDKVersion string `json:"awsSdkVersion"` // absent in some events (custom message and sender samples)
	ClientID      string `json:"clientId"`      // the app client, or CLIENT_ID_NOT_APPLICABLE
}

// Attributes are a user's attributes by name ("email", "phone_number",
// "custom:...", "cognito:user_status"). Cognito sends text; values of other
// JSON types (test fixtures send booleans) are kept as they came.
type Attributes map[string]any

// Get returns the attribute with this name as text (a boolean or number
// in its JSON spelling), and whether it is there as a string, number or
// boolean.
func (a Attributes) Get(name string) (string, bool) {
	return body.Scalar(a[name])
}

// UserRequest holds the members most trigger requests share. It is
// embedded, without a json name, in their request types.
type UserRequest struct {
	// UserAttributes are the user's attributes.
	UserAttributes Attributes `json:"userAttributes"`
	// ClientMetadata is the ClientMetadata of the API request that invoked
	// the trigger, custom input for it; absent when the request had none.
	ClientMetadata map[string]string `json:"clientMetadata"`
}

// UserAttribute returns the user attribute with this name, and whether the
// request has it.
func (r UserRequest) UserAttribute(name string) (string, bool) { return r.UserAttributes.Get(name) }

// Email returns the user's email attribute, and whether the request has it.
func (r UserRequest) Email() (string, bool) { return r.UserAttribute("email") }

// PhoneNumber returns the user's phone_number attribute, and whether the
// request has it.
func (r UserRequest) PhoneNumber() (string, bool) { return r.UserAttribute("phone_number") }

// EmptyResponse is the response of the triggers that return nothing but
// the event (post confirmation, pre and post authentication, the custom
// senders): whatever it holds is written back as it came.
type EmptyResponse struct {
	lossless.Extra
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
	UserRequest
	// ValidationData is the ValidationData of the SignUp or AdminCreateUser
	// request: temporary data for this trigger, not stored.
	ValidationData map[string]string `json:"validationData"`
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
	return e.Request.UserAttribute(name)
}

// Email returns the user's email attribute, and whether the request has it.
func (e PreSignUpEvent) Email() (string, bool) { return e.Request.Email() }

// PhoneNumber returns the user's phone_number attribute, and whether the
// request has it.
func (e PreSignUpEvent) PhoneNumber() (string, bool) { return e.Request.PhoneNumber() }

// IsExternalProvider reports whether the user signs in for the first time
// through a federated identity provider.
func (e PreSignUpEvent) IsExternalProvider() bool {
	return e.TriggerSource == PreSignUpExternalProvider
}

// IsAdminCreate reports whether an administrator creates the user
// (AdminCreateUser).
func (e PreSignUpEvent) IsAdminCreate() bool { return e.TriggerSource == PreSignUpAdminCreateUser }
