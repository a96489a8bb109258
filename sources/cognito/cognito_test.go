package cognito_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/cognito"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

const preSignUp = "aws.cognito.presignup"

func TestRule(t *testing.T) {
	for name, raw := range map[string]string{
		"no user pool":      `{"triggerSource":"PreSignUp_SignUp"}`,
		"unknown prefix":    `{"triggerSource":"InboundFederation_ExternalProvider","userPoolId":"p"}`,
		"prefix elsewhere":  `{"triggerSource":"X_PreSignUp_SignUp","userPoolId":"p"}`,
		"no trigger source": `{"userPoolId":"p","request":{},"response":{}}`,
		"placeholder only":  `{"triggerSource":"string","userPoolId":"p","request":{"userAttributes":{}},"response":{}}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := registry.Default.Detect([]byte(raw))
			assert.ErrorIs(t, err, registry.ErrUnknownSource)
		})
	}
}

func decode(t *testing.T, name string) *cognito.PreSignUpEvent {
	return sourcetest.DecodeTestdata[cognito.PreSignUpEvent](t, preSignUp, name)
}

func TestHelpers(t *testing.T) {
	admin := decode(t, "admin-create-user.json")
	assert.True(t, admin.IsAdminCreate())
	assert.False(t, admin.IsExternalProvider())
	assert.Equal(t, "eu-central-1_Xy7Qw2Lm9", admin.UserPoolID)
	assert.Equal(t, "jana.novakova", admin.UserName)
	assert.Equal(t, "CLIENT_ID_NOT_APPLICABLE", admin.CallerContext.ClientID)
	assert.Equal(t, "aws-sdk-go-v2-1.30.3", admin.CallerContext.AWSSDKVersion)
	email, ok := admin.Email()
	assert.True(t, ok)
	assert.Equal(t, "jana.novakova@example.cz", email)
	dept, ok := admin.UserAttribute("custom:department")
	assert.True(t, ok)
	assert.Equal(t, "R&D", dept)
	_, ok = admin.PhoneNumber()
	assert.False(t, ok)
	assert.Equal(t, map[string]string{"tenant": "acme-eu", "channel": "backoffice"}, admin.Request.ClientMetadata)
	assert.Equal(t, map[string]string{"invitedBy": "admin-17"}, admin.Request.ValidationData)

	ext := decode(t, "external-provider.json")
	assert.True(t, ext.IsExternalProvider())
	assert.False(t, ext.IsAdminCreate())
	assert.Nil(t, ext.Request.ValidationData)
	assert.Nil(t, ext.Request.ClientMetadata)
	name, ok := ext.UserAttribute("given_name")
	assert.True(t, ok)
	assert.Equal(t, "健二", name)

	signUp := decode(t, "sign-up-null-response.json")
	assert.False(t, signUp.IsAdminCreate())
	assert.False(t, signUp.IsExternalProvider())
	phone, ok := signUp.PhoneNumber()
	assert.True(t, ok)
	assert.Equal(t, "+919876543210", phone)
	_, ok = signUp.Email()
	assert.False(t, ok)
	pref, ok := signUp.UserAttribute("preferred_username")
	assert.True(t, ok, "an empty attribute is present")
	assert.Empty(t, pref)
	assert.Equal(t, map[string]string{}, signUp.Request.ValidationData)
	assert.Equal(t, "kept", signUp.CallerContext.Unknown["futureCallerField"])

	var zero cognito.PreSignUpEvent
	_, ok = zero.UserAttribute("email")
	assert.False(t, ok, "no request, no attribute, no panic")
}

// TestResponseRoundTrip is what a handler does: decode, set a response
// field, return the event. The marshalled event must hold every member of
// the input with its value (unknown members and nulls included), except the
// field the handler changed.
func TestResponseRoundTrip(t *testing.T) {
	payloads := sourcetest.Payloads(t, preSignUp, "cognitoPreSignUpEvent.json")
	for _, name := range sourcetest.Sorted(payloads) {
		raw := payloads[name]
		t.Run(name, func(t *testing.T) {
			var e cognito.PreSignUpEvent // as lambda.Start decodes it
			require.NoError(t, json.Unmarshal(raw, &e))
			e.Response.AutoConfirmUser = true
			out, err := json.Marshal(&e)
			require.NoError(t, err)

			want := sourcetest.DecodeUseNumber(t, raw).(map[string]any)
			resp := want["response"].(map[string]any)
			resp["autoConfirmUser"] = true
			sourcetest.JSONEqual(t, mustJSON(t, want), out)
		})
	}
}

func TestResponseFields(t *testing.T) {
	for _, tc := range []struct {
		name, response string
		set            func(*cognito.PreSignUpResponse)
		want           string
	}{
		{"empty", `{}`, func(r *cognito.PreSignUpResponse) { r.AutoVerifyEmail = true }, `{"autoVerifyEmail":true}`},
		{"nulls", `{"autoConfirmUser":null,"autoVerifyEmail":null,"autoVerifyPhone":null}`,
			func(r *cognito.PreSignUpResponse) { r.AutoVerifyPhone = true },
			`{"autoConfirmUser":null,"autoVerifyEmail":null,"autoVerifyPhone":true}`},
		{"falses", `{"autoConfirmUser":false,"autoVerifyEmail":false,"autoVerifyPhone":false}`,
			func(r *cognito.PreSignUpResponse) { r.AutoConfirmUser, r.AutoVerifyEmail = true, true },
			`{"autoConfirmUser":true,"autoVerifyEmail":true,"autoVerifyPhone":false}`},
		{"unset a true", `{"autoConfirmUser":true,"autoVerifyEmail":null,"extra":1.50}`,
			func(r *cognito.PreSignUpResponse) { r.AutoConfirmUser = false },
			`{"autoConfirmUser":false,"autoVerifyEmail":null,"extra":1.50}`},
		{"untouched", `{"autoVerifyPhone":null}`, func(*cognito.PreSignUpResponse) {}, `{"autoVerifyPhone":null}`},
		// Issue 6, item 5: a null turned into an explicit false, a member
		// removed, one set to null.
		{"explicit false over a null", `{"autoConfirmUser":null,"autoVerifyEmail":null,"autoVerifyPhone":true}`,
			func(r *cognito.PreSignUpResponse) {
				_ = lossless.Set(r, &r.AutoConfirmUser, false)
				_ = lossless.Remove(r, &r.AutoVerifyEmail)
				_ = lossless.SetNull(r, &r.AutoVerifyPhone)
			},
			`{"autoConfirmUser":false,"autoVerifyPhone":null}`},
		{"explicit false where absent", `{}`,
			func(r *cognito.PreSignUpResponse) { _ = lossless.Set(r, &r.AutoVerifyEmail, false) }, `{"autoVerifyEmail":false}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := []byte(`{"version":"1","triggerSource":"PreSignUp_SignUp","region":"eu-west-3",` +
				`"userPoolId":"eu-west-3_AbCdEf123","userName":"u","callerContext":{"awsSdkVersion":"v","clientId":"c"},` +
				`"request":{"userAttributes":{"email":"a@example.fr"}},"response":` + tc.response + `}`)
			v, err := registry.Default.Decode(raw)
			require.NoError(t, err)
			e := v.(*cognito.PreSignUpEvent)
			tc.set(&e.Response)
			for _, marshal := range []func(any) ([]byte, error){json.Marshal, lossless.Marshal} {
				out, err := marshal(e)
				require.NoError(t, err)
				var got struct {
					Response json.RawMessage `json:"response"`
				}
				require.NoError(t, json.Unmarshal(out, &got))
				sourcetest.JSONEqual(t, []byte(tc.want), got.Response)
			}
		})
	}
}

func TestPrinted(t *testing.T) {
	e := decode(t, "admin-create-user.json")
	e.Response.AutoConfirmUser = true
	sourcetest.AssertPrinted(t, e, []string{
		`"triggerSource": "PreSignUp_AdminCreateUser"`,
		`"clientId": "CLIENT_ID_NOT_APPLICABLE"`,
		`"tenant": "acme-eu"`,
		`"invitedBy": "admin-17"`,
		`"email": "jana.novakova@example.cz"`,
		// The falses that arrived show, as they will be returned.
		`"response": {
    "autoConfirmUser": true,
    "autoVerifyEmail": false,
    "autoVerifyPhone": false
  }`,
	}, nil)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
