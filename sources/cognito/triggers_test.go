package cognito_test

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/cognito"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// event builds a trigger event around request and response JSON.
func event(version, source, request, response string) []byte {
	return []byte(`{"version":"` + version + `","triggerSource":"` + source + `","region":"eu-west-1",` +
		`"userPoolId":"eu-west-1_Q7pLm2Xz9","userName":"u","callerContext":{"clientId":"c"},` +
		`"request":` + request + `,"response":` + response + `}`)
}

// TestDetect covers every rule: each trigger by its trigger source, and,
// where the trigger source is a placeholder, by the keys only its request
// or response has.
func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name, raw, want string
	}{
		{"post confirmation", string(event("1", cognito.PostConfirmationConfirmForgotPassword, `{"userAttributes":{}}`, `{}`)), "aws.cognito.postconfirmation"},
		{"pre authentication", string(event("1", cognito.PreAuthenticationAuthentication, `{"userAttributes":{},"userNotFound":true}`, `{}`)), "aws.cognito.preauthentication"},
		{"post authentication", string(event("1", cognito.PostAuthenticationAuthentication, `{}`, `{}`)), "aws.cognito.postauthentication"},
		{"post authentication, placeholder", string(event("1", "string", `{"newDeviceUsed":false}`, `{}`)), "aws.cognito.postauthentication"},
		{"token v1 by source alone", string(event("1", cognito.TokenGenerationRefreshTokens, `{"userAttributes":{}}`, `{}`)), "aws.cognito.pretokengeneration"},
		{"token v1, placeholder", string(event("1", "PreTokenGen", `{"groupConfiguration":{}}`, `{}`)), "aws.cognito.pretokengeneration"},
		{"token v1, placeholder, response", string(event("1", "string", `{}`, `{"claimsOverrideDetails":null}`)), "aws.cognito.pretokengeneration"},
		{"token v2 by version", string(event("2", cognito.TokenGenerationAuthentication, `{"groupConfiguration":{}}`, `{}`)), "aws.cognito.pretokengeneration.v2"},
		{"token v3 by version", string(event("3", cognito.TokenGenerationClientCredentials, `{"groupConfiguration":null}`, `{}`)), "aws.cognito.pretokengeneration.v2"},
		{"token v2 by scopes, version 1", string(event("1", cognito.TokenGenerationHostedAuth, `{"groupConfiguration":{},"scopes":[]}`, `{"claimsOverrideDetails":null}`)), "aws.cognito.pretokengeneration.v2"},
		{"token v2 by scopes, placeholder", string(event("1", "string", `{"groupConfiguration":{},"scopes":["openid"]}`, `{}`)), "aws.cognito.pretokengeneration.v2"},
		{"migration", string(event("1", cognito.UserMigrationForgotPassword, `{}`, `{}`)), "aws.cognito.usermigration"},
		{"migration, placeholder, password", string(event("1", "string", `{"password":"p"}`, `{}`)), "aws.cognito.usermigration"},
		{"migration, placeholder, response", string(event("1", "string", `{}`, `{"finalUserStatus":"CONFIRMED"}`)), "aws.cognito.usermigration"},
		{"custom message", string(event("1", cognito.CustomMessageAuthentication, `{}`, `{}`)), "aws.cognito.custommessage"},
		{"custom message, placeholder", string(event("1", "CustomMessage_SignUp/CustomMessage_ResendCode", `{"codeParameter":"####"}`, `{}`)), "aws.cognito.custommessage"},
		{"custom message, placeholder, link", string(event("1", "string", `{"linkParameter":"{##Click##}"}`, `{}`)), "aws.cognito.custommessage"},
		{"define", string(event("1", cognito.DefineAuthChallengeAuthentication, `{}`, `{}`)), "aws.cognito.defineauthchallenge"},
		{"define, placeholder, session", string(event("1", "string", `{"session":[]}`, `{}`)), "aws.cognito.defineauthchallenge"},
		{"define, placeholder, response", string(event("1", "string", `{}`, `{"issueTokens":false}`)), "aws.cognito.defineauthchallenge"},
		{"create", string(event("1", cognito.CreateAuthChallengeAuthentication, `{"session":[],"challengeName":"SRP_A"}`, `{}`)), "aws.cognito.createauthchallenge"},
		{"define, placeholder, next challenge", string(event("1", "string", `{"userAttributes":{}}`, `{"challengeName":"CUSTOM_CHALLENGE"}`)), "aws.cognito.defineauthchallenge"},
		{"create, placeholder, session and name", string(event("1", "string", `{"session":[],"challengeName":"CUSTOM_CHALLENGE"}`, `{}`)), "aws.cognito.createauthchallenge"},
		{"create, placeholder, response", string(event("1", "string", `{"session":[]}`, `{"publicChallengeParameters":{}}`)), "aws.cognito.createauthchallenge"},
		{"verify", string(event("1", cognito.VerifyAuthChallengeResponseAuthentication, `{}`, `{}`)), "aws.cognito.verifyauthchallenge"},
		{"verify, placeholder", string(event("1", "string", `{"privateChallengeParameters":{},"challengeAnswer":"x"}`, `{}`)), "aws.cognito.verifyauthchallenge"},
		{"verify, placeholder, response", string(event("1", "string", `{}`, `{"answerCorrect":null}`)), "aws.cognito.verifyauthchallenge"},
		{"email sender", string(event("1", cognito.CustomEmailSenderAccountTakeOverNotification, `{}`, `{}`)), "aws.cognito.customemailsender"},
		{"email sender, placeholder", string(event("1", "string", `{"type":"customEmailSenderRequestV1","code":"x"}`, `{}`)), "aws.cognito.customemailsender"},
		{"SMS sender", string(event("1", cognito.CustomSMSSenderAdminCreateUser, `{}`, `{}`)), "aws.cognito.customsmssender"},
		{"SMS sender, placeholder", string(event("1", "string", `{"type":"customSMSSenderRequestV1","code":"x"}`, `{}`)), "aws.cognito.customsmssender"},
		{"SMS source, email type", string(event("1", cognito.CustomSMSSenderSignUp, `{"type":"customEmailSenderRequestV1"}`, `{}`)), "aws.cognito.customsmssender"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := registry.Default.Detect([]byte(tc.raw))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestEveryTriggerSource detects an event of every trigger source constant
// as its trigger, whatever its request.
func TestEveryTriggerSource(t *testing.T) {
	for want, sources := range map[string][]string{
		"aws.cognito.presignup":          {cognito.PreSignUpSignUp, cognito.PreSignUpAdminCreateUser, cognito.PreSignUpExternalProvider},
		"aws.cognito.postconfirmation":   {cognito.PostConfirmationConfirmSignUp, cognito.PostConfirmationConfirmForgotPassword},
		"aws.cognito.preauthentication":  {cognito.PreAuthenticationAuthentication},
		"aws.cognito.postauthentication": {cognito.PostAuthenticationAuthentication},
		"aws.cognito.pretokengeneration": {
			cognito.TokenGenerationHostedAuth, cognito.TokenGenerationAuthentication, cognito.TokenGenerationNewPasswordChallenge,
			cognito.TokenGenerationAuthenticateDevice, cognito.TokenGenerationRefreshTokens, cognito.TokenGenerationClientCredentials,
		},
		"aws.cognito.usermigration": {cognito.UserMigrationAuthentication, cognito.UserMigrationForgotPassword},
		"aws.cognito.custommessage": {
			cognito.CustomMessageSignUp, cognito.CustomMessageAdminCreateUser, cognito.CustomMessageResendCode,
			cognito.CustomMessageForgotPassword, cognito.CustomMessageUpdateUserAttribute, cognito.CustomMessageVerifyUserAttribute,
			cognito.CustomMessageAuthentication,
		},
		"aws.cognito.defineauthchallenge": {cognito.DefineAuthChallengeAuthentication},
		"aws.cognito.createauthchallenge": {cognito.CreateAuthChallengeAuthentication},
		"aws.cognito.verifyauthchallenge": {cognito.VerifyAuthChallengeResponseAuthentication},
		"aws.cognito.customemailsender": {
			cognito.CustomEmailSenderSignUp, cognito.CustomEmailSenderResendCode, cognito.CustomEmailSenderForgotPassword,
			cognito.CustomEmailSenderUpdateUserAttribute, cognito.CustomEmailSenderVerifyUserAttribute,
			cognito.CustomEmailSenderAdminCreateUser, cognito.CustomEmailSenderAccountTakeOverNotification,
			cognito.CustomEmailSenderAuthentication,
		},
		"aws.cognito.customsmssender": {
			cognito.CustomSMSSenderSignUp, cognito.CustomSMSSenderResendCode, cognito.CustomSMSSenderForgotPassword,
			cognito.CustomSMSSenderUpdateUserAttribute, cognito.CustomSMSSenderVerifyUserAttribute,
			cognito.CustomSMSSenderAdminCreateUser, cognito.CustomSMSSenderAuthentication,
		},
	} {
		for _, s := range sources {
			got, err := registry.Default.Detect(event("1", s, `{"userAttributes":{}}`, `{}`))
			if assert.NoError(t, err, s) {
				assert.Equal(t, want, got, s)
			}
		}
	}
}

func TestUserRequest(t *testing.T) {
	post := sourcetest.Decode[cognito.PostConfirmationEvent](t, sourcetest.Reference(t, "cognitoPostConfirmationEvent.json"))
	v, ok := post.Request.UserAttribute("email_verified")
	assert.True(t, ok, "a boolean attribute (as fixtures send) reads as text")
	assert.Equal(t, "true", v)
	email, ok := post.Request.Email()
	assert.True(t, ok)
	assert.Equal(t, "user@example.com", email)
	_, ok = post.Request.PhoneNumber()
	assert.False(t, ok)
	assert.False(t, post.IsForgotPassword())

	cn := sourcetest.DecodeTestdata[cognito.PostConfirmationEvent](t, "aws.cognito.postconfirmation", "confirm-forgot-password-cn.json")
	assert.True(t, cn.IsForgotPassword())
	phone, ok := cn.Request.PhoneNumber()
	assert.True(t, ok)
	assert.Equal(t, "+8613800138000", phone)
	assert.Nil(t, cn.Request.ClientMetadata)

	pre := sourcetest.DecodeTestdata[cognito.PreAuthenticationEvent](t, "aws.cognito.preauthentication", "user-not-found.json")
	assert.True(t, pre.Request.UserNotFound)
	assert.Nil(t, pre.Request.ValidationData)
	assert.Equal(t, map[string]string{"app": "kiosk"}, pre.Request.ClientMetadata)
	_, ok = pre.Request.Email()
	assert.False(t, ok)

	auth := sourcetest.DecodeTestdata[cognito.PostAuthenticationEvent](t, "aws.cognito.postauthentication", "new-device.json")
	assert.True(t, auth.Request.NewDeviceUsed)

	_, ok = cognito.Attributes{"nested": map[string]any{"a": "b"}}.Get("nested")
	assert.False(t, ok, "an object is no attribute text")
}

// TestPreTokenV1 checks the version 1 override, and that reading the
// response never creates it (the reference writes claimsOverrideDetails
// into the event when a getter is read, so printing changes the event).
func TestPreTokenV1(t *testing.T) {
	raw := sourcetest.Reference(t, "cognitoPreTokenGenerationEvent.json")
	e := sourcetest.Decode[cognito.PreTokenGenerationEvent](t, raw)
	assert.Nil(t, e.Response.ClaimsOverrideDetails)
	require.NotNil(t, e.Request.GroupConfiguration)
	assert.Equal(t, []string{}, e.Request.GroupConfiguration.GroupsToOverride)
	assert.Empty(t, e.Request.GroupConfiguration.PreferredRole)
	sourcetest.Print(t, e)
	assert.Equal(t, `{}`, responseOf(t, e), "printing and reading leave the response as it came")

	o := e.Response.Override()
	require.NoError(t, o.AddClaim("tenant", "acme"))
	require.NoError(t, o.SuppressClaim("email"))
	require.NoError(t, o.AddClaim("email", "x@example.com"))
	require.NoError(t, o.SuppressClaim("phone_number"))
	assert.ErrorContains(t, o.AddClaim("", 1), "a claim needs a name")
	assert.ErrorContains(t, o.SuppressClaim(""), "a claim needs a name")
	o.Groups().OverrideGroups()
	o.Groups().OverrideIAMRoles("arn:aws:iam::123456789012:role/R")
	o.Groups().PreferredRole = "arn:aws:iam::123456789012:role/R"
	assert.Same(t, o, e.Response.Override())
	v, ok := o.Claim("tenant")
	assert.True(t, ok)
	assert.Equal(t, "acme", v)
	sourcetest.JSONEqual(t, []byte(`{"claimsOverrideDetails":{
		"claimsToAddOrOverride":{"tenant":"acme","email":"x@example.com"},
		"claimsToSuppress":["phone_number"],
		"groupOverrideDetails":{"groupsToOverride":[],"iamRolesToOverride":["arn:aws:iam::123456789012:role/R"],
			"preferredRole":"arn:aws:iam::123456789012:role/R"}}}`), []byte(responseOf(t, e)))
}

// TestPreTokenV2 checks claims of every JSON type in both tokens, scopes
// and groups, on an event that came with an override.
func TestPreTokenV2(t *testing.T) {
	e := sourcetest.DecodeTestdata[cognito.PreTokenGenerationV2Event](t, "aws.cognito.pretokengeneration.v2", "v3-client-credentials.json")
	assert.True(t, e.IsClientCredentials())
	assert.Empty(t, e.UserName)
	assert.True(t, e.Request.HasScope("inventory/write"))
	assert.False(t, e.Request.HasScope("inventory"))
	assert.Nil(t, e.Response.ClaimsAndScopeOverrideDetails)
	assert.Equal(t, `{}`, responseOf(t, e))

	at := e.Response.AccessToken()
	require.NoError(t, at.AddClaim("tenants", []string{"t1", "t2"}))
	require.NoError(t, at.AddClaim("limits", map[string]any{"seats": 5, "trial": false}))
	require.NoError(t, at.AddClaim("ratio", 0.5))
	require.NoError(t, at.AddClaim("active", true))
	at.SuppressScopes("inventory/write", "inventory/write")
	at.AddScopes("reports/read")
	at.AddScopes("inventory/write")
	require.NoError(t, e.Response.IDToken().SuppressClaim("email"))
	e.Response.Groups().OverrideGroups("machines")
	sourcetest.JSONEqual(t, []byte(`{"claimsAndScopeOverrideDetails":{
		"accessTokenGeneration":{"claimsToAddOrOverride":{"tenants":["t1","t2"],"limits":{"seats":5,"trial":false},"ratio":0.5,"active":true},
			"scopesToAdd":["reports/read","inventory/write"],"scopesToSuppress":[]},
		"idTokenGeneration":{"claimsToSuppress":["email"]},
		"groupOverrideDetails":{"groupsToOverride":["machines"]}}}`), []byte(responseOf(t, e)))

	given := sourcetest.DecodeTestdata[cognito.PreTokenGenerationV2Event](t, "aws.cognito.pretokengeneration.v2", "v2-with-response.json")
	d := given.Response.ClaimsAndScopeOverrideDetails
	require.NotNil(t, d)
	v, ok := d.IDTokenGeneration.Claim("limits")
	assert.True(t, ok)
	assert.Equal(t, map[string]any{"seats": json.Number("5"), "trial": false}, v)
	v, _ = d.AccessTokenGeneration.Claim("quota")
	assert.Equal(t, json.Number("12.5"), v)
	assert.Same(t, d.AccessTokenGeneration, given.Response.AccessToken(), "an override that came is the one written to")
}

func TestUserMigration(t *testing.T) {
	e := sourcetest.Decode[cognito.UserMigrationEvent](t, sourcetest.Reference(t, "cognitoUserMigrationEvent.json"))
	assert.Equal(t, "password", e.Request.Password)
	assert.False(t, e.IsForgotPassword())
	e.Response.SetUserAttribute("email", "user@example.com")
	e.Response.SetUserAttribute("email_verified", "true")
	require.NoError(t, e.Response.SetFinalUserStatus(cognito.FinalUserStatusConfirmed))
	require.NoError(t, e.Response.SetMessageAction(cognito.MessageActionSuppress))
	require.NoError(t, e.Response.SetDesiredDeliveryMediums(cognito.DeliveryMediumEmail))
	e.Response.SetForceAliasCreation(false)
	e.Response.SetEnableSMSMFA(false)
	require.NoError(t, e.Response.Validate())
	sourcetest.JSONEqual(t, []byte(`{"userAttributes":{"email":"user@example.com","email_verified":"true"},
		"finalUserStatus":"CONFIRMED","messageAction":"SUPPRESS","desiredDeliveryMediums":["EMAIL"],
		"forceAliasCreation":false,"enableSMSMFA":false}`), []byte(responseOf(t, e)))

	assert.ErrorContains(t, e.Response.SetFinalUserStatus("confirmed"), `finalUserStatus "confirmed"`)
	assert.ErrorContains(t, e.Response.SetMessageAction("SEND"), `messageAction "SEND"`)
	assert.ErrorContains(t, e.Response.SetDesiredDeliveryMediums("EMAIL", "EMAIL"), "EMAIL twice")
	assert.ErrorContains(t, e.Response.SetDesiredDeliveryMediums("PIGEON"), `"PIGEON"`)
	assert.Equal(t, "CONFIRMED", e.Response.FinalUserStatus, "a refused value changes nothing")

	for name, tc := range map[string]struct {
		r    cognito.UserMigrationResponse
		want string
	}{
		"status":       {cognito.UserMigrationResponse{FinalUserStatus: "ARCHIVED"}, "finalUserStatus"},
		"action":       {cognito.UserMigrationResponse{MessageAction: "suppress"}, "messageAction"},
		"email medium": {cognito.UserMigrationResponse{DesiredDeliveryMediums: []string{"EMAIL"}}, "without an email attribute"},
		"sms medium":   {cognito.UserMigrationResponse{DesiredDeliveryMediums: []string{"SMS"}}, "without a phone_number attribute"},
		"sms mfa":      {cognito.UserMigrationResponse{EnableSMSMFA: true, UserAttributes: map[string]string{"email": "a@b.c"}}, "enableSMSMFA without"},
	} {
		assert.ErrorContains(t, tc.r.Validate(), tc.want, name)
	}

	forgot := sourcetest.DecodeTestdata[cognito.UserMigrationEvent](t, "aws.cognito.usermigration", "forgot-password.json")
	assert.True(t, forgot.IsForgotPassword())
	assert.Empty(t, forgot.Request.Password)
	forgot.Response.SetForceAliasCreation(true)
	assert.JSONEq(t, `{"userAttributes":null,"finalUserStatus":null,"messageAction":null,"desiredDeliveryMediums":null,
		"forceAliasCreation":true,"enableSMSMFA":null}`, responseOf(t, forgot), "the nulls that came stay")
}

func TestCustomMessage(t *testing.T) {
	e := sourcetest.DecodeTestdata[cognito.CustomMessageEvent](t, "aws.cognito.custommessage", "admin-create-user.json")
	assert.Equal(t, "{####}", e.Request.CodeParameter)
	assert.Equal(t, "{username}", e.Request.UsernameParameter)
	e.Response.EmailSubject = "Welcome"
	e.Response.EmailMessage = "Your user name is {username}, your temporary password {####}."
	e.Response.SMSMessage = "Password: {####}"
	assert.ErrorContains(t, e.ValidateResponse(), "smsMessage does not hold the placeholder {username}")
	e.Response.SMSMessage = "{username} / {####}"
	require.NoError(t, e.ValidateResponse())
	assert.JSONEq(t, `{"emailSubject":"Welcome","emailMessage":"Your user name is {username}, your temporary password {####}.",
		"smsMessage":"{username} / {####}"}`, responseOf(t, e))

	signUp := sourcetest.DecodeTestdata[cognito.CustomMessageEvent](t, "aws.cognito.custommessage", "sign-up.json")
	require.NoError(t, signUp.ValidateResponse(), "no message, nothing to check")
	signUp.Response.EmailMessage = "Welcome! Your code is on its way."
	assert.ErrorContains(t, signUp.ValidateResponse(), "emailMessage does not hold the placeholder {####}")
	signUp.Response.EmailMessage = "Code: {####}"
	require.NoError(t, signUp.ValidateResponse(), "the user name is needed for AdminCreateUser only")
	assert.JSONEq(t, `{"smsMessage":null,"emailMessage":"Code: {####}","emailSubject":null}`, responseOf(t, signUp))
}

func TestAuthChallenges(t *testing.T) {
	define := sourcetest.Decode[cognito.DefineAuthChallengeEvent](t, sourcetest.Reference(t, "cognitoDefineAuthChallengeEvent.json"))
	assert.True(t, define.Request.UserNotFound)
	last, ok := define.Request.Session.Last()
	require.True(t, ok)
	assert.Equal(t, cognito.ChallengeCustom, last.ChallengeName)
	assert.Equal(t, "CAPTCHA_CHALLENGE", last.ChallengeMetadata)
	assert.Equal(t, 2, define.Request.Session.Passed(""))
	assert.Equal(t, 1, define.Request.Session.Passed(cognito.ChallengePasswordVerifier))
	_, ok = cognito.Session(nil).Last()
	assert.False(t, ok)

	for _, tc := range []struct {
		decide func(*cognito.DefineAuthChallengeResponse)
		want   string
	}{
		{func(r *cognito.DefineAuthChallengeResponse) { r.Next(cognito.ChallengeCustom) },
			`{"challengeName":"CUSTOM_CHALLENGE","issueTokens":false,"failAuthentication":false}`},
		{(*cognito.DefineAuthChallengeResponse).IssueTokensNow, `{"issueTokens":true,"failAuthentication":false}`},
		{(*cognito.DefineAuthChallengeResponse).Fail, `{"issueTokens":false,"failAuthentication":true}`},
		{func(r *cognito.DefineAuthChallengeResponse) { r.Next(cognito.ChallengeCustom); r.IssueTokensNow() },
			`{"issueTokens":true,"failAuthentication":false}`},
	} {
		e := sourcetest.Decode[cognito.DefineAuthChallengeEvent](t, sourcetest.Reference(t, "cognitoDefineAuthChallengeEvent.json"))
		tc.decide(&e.Response)
		assert.JSONEq(t, tc.want, responseOf(t, e))
	}

	create := sourcetest.DecodeTestdata[cognito.CreateAuthChallengeEvent](t, "aws.cognito.createauthchallenge", "custom-challenge.json")
	assert.Equal(t, cognito.ChallengeCustom, create.Request.ChallengeName)
	create.Response.SetPublic("hint", "Check your email")
	create.Response.SetPrivate("answer", "482913")
	create.Response.ChallengeMetadata = "EMAIL_CODE-1"
	assert.JSONEq(t, `{"publicChallengeParameters":{"hint":"Check your email"},"privateChallengeParameters":{"answer":"482913"},
		"challengeMetadata":"EMAIL_CODE-1"}`, responseOf(t, create))
	sourcetest.AssertPrinted(t, create, []string{`"hint": "Check your email"`}, []string{"482913"})

	verify := sourcetest.DecodeTestdata[cognito.VerifyAuthChallengeEvent](t, "aws.cognito.verifyauthchallenge", "code-answer.json")
	assert.True(t, verify.Request.AnswerMatches("answer"))
	assert.False(t, verify.Request.AnswerMatches("missing"))
	verify.Request.ChallengeAnswer = "482914"
	assert.False(t, verify.Request.AnswerMatches("answer"))
	verify.Request.ChallengeAnswer = map[string]any{"answer": "482913"}
	assert.False(t, verify.Request.AnswerMatches("answer"), "an object is no answer text")
	verify.Request.PrivateChallengeParameters["empty"] = ""
	verify.Request.ChallengeAnswer = ""
	assert.False(t, verify.Request.AnswerMatches("empty"), "an empty expectation matches nothing")
	verify.Response.SetAnswerCorrect(false)
	assert.JSONEq(t, `{"answerCorrect":false}`, responseOf(t, verify), "an explicit false is written into response: {}")

	obj := sourcetest.DecodeTestdata[cognito.VerifyAuthChallengeEvent](t, "aws.cognito.verifyauthchallenge", "null-answer-correct.json")
	_, ok = obj.Request.Answer()
	assert.False(t, ok)
	sourcetest.AssertPrinted(t, obj, []string{`"challengeAnswer": "[SENSITIVE]"`, `"answerCorrect": null`}, []string{"x7Kq9"})
}

// TestReferenceResponses is the quirk the reference has on every sample
// whose response is {}: its response getters fail. Here the zero values
// read, and the response marshals back as {}.
func TestReferenceResponses(t *testing.T) {
	for _, tc := range []struct {
		name string
		read func(t *testing.T, raw []byte) any
	}{
		{"cognitoCustomMessageEvent.json", func(t *testing.T, raw []byte) any {
			e := sourcetest.Decode[cognito.CustomMessageEvent](t, raw)
			assert.Empty(t, e.Response.EmailMessage+e.Response.EmailSubject+e.Response.SMSMessage)
			return e
		}},
		{"cognitoDefineAuthChallengeEvent.json", func(t *testing.T, raw []byte) any {
			e := sourcetest.Decode[cognito.DefineAuthChallengeEvent](t, raw)
			assert.False(t, e.Response.IssueTokens || e.Response.FailAuthentication)
			return e
		}},
		{"cognitoCreateAuthChallengeEvent.json", func(t *testing.T, raw []byte) any {
			e := sourcetest.Decode[cognito.CreateAuthChallengeEvent](t, raw)
			assert.Nil(t, e.Response.PrivateChallengeParameters)
			return e
		}},
		{"cognitoVerifyAuthChallengeResponseEvent.json", func(t *testing.T, raw []byte) any {
			e := sourcetest.Decode[cognito.VerifyAuthChallengeEvent](t, raw)
			assert.False(t, e.Response.AnswerCorrect)
			return e
		}},
		{"cognitoUserMigrationEvent.json", func(t *testing.T, raw []byte) any {
			e := sourcetest.Decode[cognito.UserMigrationEvent](t, raw)
			assert.Empty(t, e.Response.FinalUserStatus)
			return e
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.read(t, sourcetest.Reference(t, tc.name))
			assert.Equal(t, `{}`, responseOf(t, e))
		})
	}
}

// TestHandleReturnsTheEvent is the Cognito contract for a trigger added
// here: through evplugin.Handle, the handler's changes are in the event it
// returns, and every input member survives encoding/json.
func TestHandleReturnsTheEvent(t *testing.T) {
	raw := sourcetest.Reference(t, "cognitoVerifyAuthChallengeResponseEvent.json")
	h := evplugin.Handle(func(_ context.Context, e *cognito.VerifyAuthChallengeEvent) (*cognito.VerifyAuthChallengeEvent, error) {
		e.Response.SetAnswerCorrect(e.Request.AnswerMatches("answer"))
		return e, nil
	})
	out, err := h(context.Background(), raw)
	require.NoError(t, err)
	b, err := json.Marshal(out)
	require.NoError(t, err)
	want := sourcetest.DecodeUseNumber(t, raw).(map[string]any)
	want["response"] = map[string]any{"answerCorrect": true}
	sourcetest.JSONEqual(t, mustJSON(t, want), b)

	sms := evplugin.Handle(func(_ context.Context, e *cognito.CustomSMSSenderEvent) (*cognito.CustomSMSSenderEvent, error) {
		return e, nil
	})
	_, err = sms(context.Background(), sourcetest.Reference(t, "cognitoCustomSMSSenderEvent.json"))
	require.NoError(t, err, "each sender has a type of its own, so Handle finds its source")
}

// esdk builds the header of an AWS Encryption SDK message (format version
// 2) with the encryption context ctx (in order) and one data key per
// provider/info pair.
func esdk(ctx [][2]string, keys ...[2]string) []byte {
	u16 := func(b []byte, n int) []byte { return binary.BigEndian.AppendUint16(b, uint16(n)) }
	b := []byte{2, 0x05, 0x78}
	b = append(b, make([]byte, 32)...)
	var aad []byte
	if len(ctx) > 0 {
		aad = u16(aad, len(ctx))
		for _, kv := range ctx {
			aad = append(u16(aad, len(kv[0])), kv[0]...)
			aad = append(u16(aad, len(kv[1])), kv[1]...)
		}
	}
	b = append(u16(b, len(aad)), aad...)
	b = u16(b, len(keys))
	for _, k := range keys {
		b = append(u16(b, len(k[0])), k[0]...)
		b = append(u16(b, len(k[1])), k[1]...)
		b = append(u16(b, 3), 1, 2, 3)
	}
	return append(b, 2, 0, 0, 16, 0) // content type, frame length: the rest is not read
}

type fakeDecrypter struct {
	gotContext map[string]string
	err        error
}

func (f *fakeDecrypter) Decrypt(_ context.Context, ciphertext []byte, ec map[string]string) ([]byte, error) {
	f.gotContext = ec
	if f.err != nil {
		return nil, f.err
	}
	return []byte("824613"), nil
}

func TestCustomSender(t *testing.T) {
	e := sourcetest.DecodeTestdata[cognito.CustomEmailSenderEvent](t, "aws.cognito.customemailsender", "sign-up.json")
	assert.Equal(t, map[string]string{"userpool-id": "eu-west-1_Q7pLm2Xz9"}, e.EncryptionContext())
	env, err := e.CodeEnvelope()
	require.NoError(t, err)
	assert.Equal(t, 2, env.Version)
	assert.Equal(t, uint16(0x0578), env.AlgorithmID)
	assert.Equal(t, []string{"arn:aws:kms:eu-west-1:210987654321:key/5f0b9c7e-2a41-4d3e-9c1b-7e6a2d4f8b10"}, env.KeyIDs)
	assert.Equal(t, "eu-west-1_Q7pLm2Xz9", env.EncryptionContext["userpool-id"])
	d := &fakeDecrypter{}
	code, err := e.DecryptCode(context.Background(), d)
	require.NoError(t, err)
	assert.Equal(t, "824613", code)
	assert.Equal(t, e.EncryptionContext(), d.gotContext)
	_, err = e.DecryptCode(context.Background(), &fakeDecrypter{err: errors.New("AccessDeniedException")})
	assert.ErrorContains(t, err, "decrypting the code: AccessDeniedException")
	sourcetest.AssertPrinted(t, e, []string{`"code": "[SENSITIVE]"`, `"userpool-id": "eu-west-1_Q7pLm2Xz9"`}, []string{e.Request.Code[:24]})

	// A code encrypted for another pool is refused before decrypting.
	e.Request.Code = base64.StdEncoding.EncodeToString(esdk([][2]string{{"userpool-id", "eu-west-1_Other"}}, [2]string{"aws-kms", "arn:k"}))
	d = &fakeDecrypter{}
	_, err = e.DecryptCode(context.Background(), d)
	assert.ErrorContains(t, err, `encrypted for user pool "eu-west-1_Other"`)
	assert.Nil(t, d.gotContext)

	takeover := sourcetest.DecodeTestdata[cognito.CustomEmailSenderEvent](t, "aws.cognito.customemailsender", "account-takeover.json")
	_, err = takeover.Ciphertext()
	assert.ErrorIs(t, err, cognito.ErrNoCode)
	assert.NotContains(t, sourcetest.Print(t, takeover), "CodeEnvelope", "no code, nothing to derive")

	ref := sourcetest.Decode[cognito.CustomSMSSenderEvent](t, sourcetest.Reference(t, "cognitoCustomSMSSenderEvent.json"))
	_, err = ref.DecryptCode(context.Background(), &fakeDecrypter{})
	assert.ErrorContains(t, err, "not an encryption SDK message", "someCode is base64, of no envelope")
	assert.NotContains(t, err.Error(), "someCode")
	ref.Request.Code = "not base64!"
	_, err = ref.Ciphertext()
	assert.ErrorContains(t, err, "cognito: code: base64")
	sourcetest.AssertPrinted(t, ref, []string{`"CodeEnvelope()": "[Cannot be deserialized]"`}, []string{"someCode"})

	sms := sourcetest.DecodeTestdata[cognito.CustomSMSSenderEvent](t, "aws.cognito.customsmssender", "authentication-cn.json")
	env, err = sms.CodeEnvelope()
	require.NoError(t, err)
	assert.Equal(t, []string{"arn:aws-cn:kms:cn-north-1:210987654321:key/0a9b8c7d-6e5f-4a3b-9c2d-1e0f2a3b4c5d"}, env.KeyIDs)
}

func TestParseCodeEnvelope(t *testing.T) {
	full := esdk([][2]string{{"aws-crypto-public-key", "Ax"}, {"userpool-id", "p"}},
		[2]string{"raw-aes", "k"}, [2]string{"aws-kms", "arn:aws:kms:r:1:key/a"}, [2]string{"aws-kms", "arn:aws:kms:r:1:key/b"})
	env, err := cognito.ParseCodeEnvelope(full)
	require.NoError(t, err)
	assert.Equal(t, cognito.CodeEnvelope{Version: 2, AlgorithmID: 0x0578,
		EncryptionContext: map[string]string{"aws-crypto-public-key": "Ax", "userpool-id": "p"},
		KeyIDs:            []string{"arn:aws:kms:r:1:key/a", "arn:aws:kms:r:1:key/b"}}, env)

	// Every truncation before the data keys end is an error, never a panic.
	end := len(full) - 5
	for n := range end {
		_, err := cognito.ParseCodeEnvelope(full[:n])
		assert.Error(t, err, "%d bytes", n)
	}

	v1 := append([]byte{1, 0x80, 0x01, 0x78}, make([]byte, 16)...)
	v1 = append(v1, 0, 0, 0, 0) // no context, no data keys
	env, err = cognito.ParseCodeEnvelope(v1)
	require.NoError(t, err)
	assert.Equal(t, cognito.CodeEnvelope{Version: 1, AlgorithmID: 0x0178}, env)

	_, err = cognito.ParseCodeEnvelope(append([]byte{1, 0x81}, v1[2:]...))
	assert.ErrorContains(t, err, "type 0x81")
	_, err = cognito.ParseCodeEnvelope([]byte("someCode"))
	assert.ErrorContains(t, err, "not an encryption SDK message")

	bad := esdk([][2]string{{"k", "v"}})
	bad[3+32+1]++ // the context is one byte longer than its pairs
	_, err = cognito.ParseCodeEnvelope(bad)
	assert.Error(t, err)
}

func TestMasks(t *testing.T) {
	mig := sourcetest.DecodeTestdata[cognito.UserMigrationEvent](t, "aws.cognito.usermigration", "authentication.json")
	sourcetest.AssertPrinted(t, mig, []string{`"password": "[SENSITIVE]"`}, []string{"Winter2024"})
	create := sourcetest.DecodeTestdata[cognito.CreateAuthChallengeEvent](t, "aws.cognito.createauthchallenge", "answered.json")
	sourcetest.AssertPrinted(t, create, []string{`"privateChallengeParameters": "[SENSITIVE]"`, `"hint": "Check your email"`}, []string{"482913"})
	verify := sourcetest.DecodeTestdata[cognito.VerifyAuthChallengeEvent](t, "aws.cognito.verifyauthchallenge", "code-answer.json")
	sourcetest.AssertPrinted(t, verify, []string{`"privateChallengeParameters": "[SENSITIVE]"`}, []string{"482913"})
	_, err := registry.Default.Explain(sourcetest.Reference(t, "cognitoVerifyAuthChallengeResponseEvent.json"))
	require.NoError(t, err)
}

// responseOf returns the response member of e marshalled.
func responseOf(t *testing.T, e any) string {
	t.Helper()
	b, err := json.Marshal(e)
	require.NoError(t, err)
	var got struct {
		Response json.RawMessage `json:"response"`
	}
	require.NoError(t, json.Unmarshal(b, &got))
	return string(got.Response)
}
