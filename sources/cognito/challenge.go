package cognito

import (
	"crypto/subtle"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/sources/internal/body"
)

// The trigger sources of the custom authentication triggers.
const (
	DefineAuthChallengeAuthentication         = "DefineAuthChallenge_Authentication"
	CreateAuthChallengeAuthentication         = "CreateAuthChallenge_Authentication"
	VerifyAuthChallengeResponseAuthentication = "VerifyAuthChallengeResponse_Authentication"
)

// The challenge names of a session, and those a define auth challenge
// trigger may ask for next.
const (
	ChallengeCustom                 = "CUSTOM_CHALLENGE"
	ChallengePasswordVerifier       = "PASSWORD_VERIFIER"
	ChallengeSRPA                   = "SRP_A"
	ChallengeSMSMFA                 = "SMS_MFA"
	ChallengeEmailOTP               = "EMAIL_OTP"
	ChallengeSoftwareTokenMFA       = "SOFTWARE_TOKEN_MFA"
	ChallengeDeviceSRPAuth          = "DEVICE_SRP_AUTH"
	ChallengeDevicePasswordVerifier = "DEVICE_PASSWORD_VERIFIER"
	ChallengeAdminNoSRPAuth         = "ADMIN_NO_SRP_AUTH"
)

// ChallengeResult is one challenge of a custom authentication session.
type ChallengeResult struct {
	lossless.Extra
	ChallengeName     string `json:"challengeName"`
	ChallengeResult   bool   `json:"challengeResult"`   // the user answered correctly
	ChallengeMetadata string `json:"challengeMetadata"` // what the create auth challenge trigger named it
}

// Session is the challenges of a custom authentication so far, oldest
// first.
type Session []ChallengeResult

// Last returns the latest challenge, and false when there is none.
func (s Session) Last() (ChallengeResult, bool) {
	if len(s) == 0 {
		return ChallengeResult{}, false
	}
	return s[len(s)-1], true
}

// Passed counts the challenges named name the user answered correctly
// ("" counts every one).
func (s Session) Passed(name string) int {
	n := 0
	for _, c := range s {
		if c.ChallengeResult && (name == "" || c.ChallengeName == name) {
			n++
		}
	}
	return n
}

// DefineAuthChallengeEvent is the event of the define auth challenge
// trigger: from the session so far, the handler decides whether to issue
// tokens, fail the sign-in, or ask another challenge.
type DefineAuthChallengeEvent struct {
	lossless.Extra
	Trigger
	Request  DefineAuthChallengeRequest  `json:"request"`
	Response DefineAuthChallengeResponse `json:"response"`
}

// DefineAuthChallengeRequest is the session so far.
type DefineAuthChallengeRequest struct {
	lossless.Extra
	UserRequest
	Session      Session `json:"session"`
	UserNotFound bool    `json:"userNotFound"` // no such user (PreventUserExistenceErrors)
}

// DefineAuthChallengeResponse is the decision. Its methods write all
// three members, so that Cognito reads no decision left over.
type DefineAuthChallengeResponse struct {
	lossless.Extra
	ChallengeName      string `json:"challengeName"`
	IssueTokens        bool   `json:"issueTokens"`
	FailAuthentication bool   `json:"failAuthentication"`
}

// IssueTokensNow ends the sign-in successfully.
func (r *DefineAuthChallengeResponse) IssueTokensNow() { r.decide("", true, false) }

// Fail ends the sign-in unsuccessfully.
func (r *DefineAuthChallengeResponse) Fail() { r.decide("", false, true) }

// Next asks the challenge name next (ChallengeCustom,
// ChallengePasswordVerifier, ...).
func (r *DefineAuthChallengeResponse) Next(name string) { r.decide(name, false, false) }

func (r *DefineAuthChallengeResponse) decide(name string, issue, fail bool) {
	if name == "" {
		_ = lossless.Remove(r, &r.ChallengeName)
	} else {
		r.ChallengeName = name
	}
	_ = lossless.Set(r, &r.IssueTokens, issue)
	_ = lossless.Set(r, &r.FailAuthentication, fail)
}

// CreateAuthChallengeEvent is the event of the create auth challenge
// trigger: the handler makes the challenge the define trigger asked for,
// its public parameters for the client and its private ones (the
// expected answer) for the verify trigger.
type CreateAuthChallengeEvent struct {
	lossless.Extra
	Trigger
	Request  CreateAuthChallengeRequest  `json:"request"`
	Response CreateAuthChallengeResponse `json:"response"`
}

// CreateAuthChallengeRequest names the challenge to create.
type CreateAuthChallengeRequest struct {
	lossless.Extra
	UserRequest
	ChallengeName string  `json:"challengeName"`
	Session       Session `json:"session"`
	UserNotFound  bool    `json:"userNotFound"`
}

// CreateAuthChallengeResponse is the challenge.
type CreateAuthChallengeResponse struct {
	lossless.Extra
	PublicChallengeParameters  map[string]string `json:"publicChallengeParameters"`                   // sent to the client
	PrivateChallengeParameters map[string]string `json:"privateChallengeParameters" sensitive:"true"` // the expected answer, for the verify trigger
	ChallengeMetadata          string            `json:"challengeMetadata"`                           // names the challenge in later sessions
}

// SetPublic sets one public parameter of the challenge.
func (r *CreateAuthChallengeResponse) SetPublic(name, value string) {
	r.PublicChallengeParameters = setIn(r.PublicChallengeParameters, name, value)
}

// SetPrivate sets one private parameter of the challenge.
func (r *CreateAuthChallengeResponse) SetPrivate(name, value string) {
	r.PrivateChallengeParameters = setIn(r.PrivateChallengeParameters, name, value)
}

func setIn(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

// VerifyAuthChallengeEvent is the event of the verify auth challenge
// response trigger: the handler compares the user's answer with the
// private parameters of the challenge and sets Response.AnswerCorrect.
type VerifyAuthChallengeEvent struct {
	lossless.Extra
	Trigger
	Request  VerifyAuthChallengeRequest  `json:"request"`
	Response VerifyAuthChallengeResponse `json:"response"`
}

// VerifyAuthChallengeRequest holds the answer and what it should be.
type VerifyAuthChallengeRequest struct {
	lossless.Extra
	UserRequest
	// PrivateChallengeParameters are those of the create auth challenge
	// trigger's response.
	PrivateChallengeParameters map[string]string `json:"privateChallengeParameters" sensitive:"true"`
	// ChallengeAnswer is the user's answer: a string, or any JSON value.
	ChallengeAnswer any  `json:"challengeAnswer" sensitive:"true"`
	UserNotFound    bool `json:"userNotFound"`
}

// Answer returns the user's answer as text, and false when it is not a
// string, number or boolean.
func (r VerifyAuthChallengeRequest) Answer() (string, bool) { return body.Scalar(r.ChallengeAnswer) }

// AnswerMatches reports whether the user's answer equals the private
// challenge parameter name, comparing in constant time. A missing or empty
// parameter matches nothing.
func (r VerifyAuthChallengeRequest) AnswerMatches(name string) bool {
	want := r.PrivateChallengeParameters[name]
	got, ok := r.Answer()
	return ok && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// VerifyAuthChallengeResponse is the verdict.
type VerifyAuthChallengeResponse struct {
	lossless.Extra
	AnswerCorrect bool `json:"answerCorrect"`
}

// SetAnswerCorrect sets answerCorrect, written even when false.
func (r *VerifyAuthChallengeResponse) SetAnswerCorrect(correct bool) {
	_ = lossless.Set(r, &r.AnswerCorrect, correct)
}
