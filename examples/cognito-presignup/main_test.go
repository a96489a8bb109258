package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/examples/internal/invoke"
)

// signUp is a pre sign-up event with the given email; the members the
// handler does not model (futureField, clientMetadata's null, 0.950) must
// come back as they came.
func signUp(email string) []byte {
	return []byte(`{
  "version": "1",
  "triggerSource": "PreSignUp_SignUp",
  "region": "eu-west-1",
  "userPoolId": "eu-west-1_Ab12Cd34E",
  "userName": "7c4e1f0a-93b2-4d8e-b6a5-2f1d0c9e8b7a",
  "callerContext": {"awsSdkVersion": "aws-sdk-js-3.600.0", "clientId": "2k9d8s7f6g5h4j3l1qwertyui0"},
  "request": {
    "userAttributes": {"email": "` + email + `", "name": "Ann"},
    "validationData": {"captchaToken": "03AFcWeA6-secret"},
    "clientMetadata": null,
    "futureRequestField": {"score": 0.950}
  },
  "response": {"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false},
  "futureField": [1.50, null, "x"]
}`)
}

func TestCompanyUserConfirmed(t *testing.T) {
	in := signUp("ann@example.com")
	out, err := invoke.Invoke(t, evplugin.Handle(handler), in)
	require.NoError(t, err)

	// The answer is the event, with the response changed and nothing else.
	want := strings.Replace(string(in), `"autoConfirmUser": false, "autoVerifyEmail": false`, `"autoConfirmUser": true, "autoVerifyEmail": true`, 1)
	assert.JSONEq(t, want, string(out))
	assert.Contains(t, string(out), `"score":0.950`, "numbers keep their digits")
}

func TestOtherUserUnchanged(t *testing.T) {
	in := signUp("bob@elsewhere.org")
	out, err := invoke.Invoke(t, evplugin.Handle(handler), in)
	require.NoError(t, err)
	assert.JSONEq(t, string(in), string(out))
}

func TestBlockedDomainRefused(t *testing.T) {
	_, err := invoke.Invoke(t, evplugin.Handle(handler), signUp("eve@spam.invalid"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), errBlocked.Error())
}

// TestLogMasked: the event is logged as a nested object, the token in the
// validation data masked.
func TestLogMasked(t *testing.T) {
	var b bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewJSONHandler(&b, nil)))
	_, err := invoke.Invoke(t, evplugin.Handle(handler), signUp("ann@example.com"))
	require.NoError(t, err)

	var line struct {
		Event struct {
			Request struct {
				UserAttributes map[string]string `json:"userAttributes"`
				ValidationData map[string]string `json:"validationData"`
			} `json:"request"`
		} `json:"event"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &line), b.String())
	assert.Equal(t, "ann@example.com", line.Event.Request.UserAttributes["email"])
	assert.Equal(t, "[SENSITIVE]", line.Event.Request.ValidationData["captchaToken"])
	assert.NotContains(t, b.String(), "03AFcWeA6")
}
