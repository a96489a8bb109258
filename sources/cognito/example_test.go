package cognito_test

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/evplugin/evplugin/sources/cognito"
)

// A pre sign-up handler confirms users of a trusted domain and verifies
// their email address; it returns the event it received, which keeps
// every member Cognito sent.
func handlePreSignUp(e *cognito.PreSignUpEvent) (*cognito.PreSignUpEvent, error) {
	email, ok := e.Email()
	if !ok && !e.IsExternalProvider() {
		return nil, fmt.Errorf("sign-up without an email address")
	}
	if strings.HasSuffix(email, "@example.com") {
		e.Response.AutoConfirmUser = true
		e.Response.AutoVerifyEmail = true
	}
	return e, nil
}

func ExamplePreSignUpEvent() {
	raw := []byte(`{"version":"1","triggerSource":"PreSignUp_SignUp","region":"us-east-2",
		"userPoolId":"us-east-2_Zz9Yy8Xx7","userName":"mia","callerContext":{"awsSdkVersion":"aws-sdk-unknown-unknown","clientId":"1h57kf5cpq17m0eml12EXAMPLE"},
		"request":{"userAttributes":{"email":"mia@example.com"},"validationData":null},
		"response":{"autoConfirmUser":false,"autoVerifyEmail":false,"autoVerifyPhone":false}}`)

	var e cognito.PreSignUpEvent
	if err := json.Unmarshal(raw, &e); err != nil {
		fmt.Println(err)
		return
	}
	out, err := handlePreSignUp(&e)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := json.Marshal(out)
	var back struct {
		Request  json.RawMessage `json:"request"`
		Response json.RawMessage `json:"response"`
	}
	_ = json.Unmarshal(b, &back)
	fmt.Println(string(back.Request))
	fmt.Println(string(back.Response))
	// Output:
	// {"userAttributes":{"email":"mia@example.com"},"validationData":null}
	// {"autoConfirmUser":true,"autoVerifyEmail":true,"autoVerifyPhone":false}
}

// A version 2 pre token generation handler adds a claim of any JSON type
// to the access token, a scope, and leaves the ID token alone: only what
// it touched is written into the response Cognito sent as {}.
func ExamplePreTokenGenerationV2Event() {
	raw := []byte(`{"version":"2","triggerSource":"TokenGeneration_Authentication","region":"eu-west-1",
		"userPoolId":"eu-west-1_Q7pLm2Xz9","userName":"lea","callerContext":{"awsSdkVersion":"aws-sdk-unknown-unknown","clientId":"3n4b5urk1ft4fl3mg5e62d9ado"},
		"request":{"userAttributes":{"custom:tenant":"acme"},"groupConfiguration":{"groupsToOverride":[],"iamRolesToOverride":[],"preferredRole":null},"scopes":["openid"]},
		"response":{}}`)
	var e cognito.PreTokenGenerationV2Event
	if err := json.Unmarshal(raw, &e); err != nil {
		fmt.Println(err)
		return
	}
	tenant, _ := e.Request.UserAttribute("custom:tenant")
	at := e.Response.AccessToken()
	_ = at.AddClaim("tenant", map[string]any{"id": tenant, "seats": 5})
	at.AddScopes("reports/read")
	b, _ := json.Marshal(e.Response)
	fmt.Println(string(b))
	// Output:
	// {"claimsAndScopeOverrideDetails":{"accessTokenGeneration":{"claimsToAddOrOverride":{"tenant":{"id":"acme","seats":5}},"scopesToAdd":["reports/read"]}}}
}

// A verify auth challenge handler compares the answer with what the
// create trigger kept private, and writes false explicitly when it is
// wrong.
func ExampleVerifyAuthChallengeEvent() {
	raw := []byte(`{"version":"1","triggerSource":"VerifyAuthChallengeResponse_Authentication","region":"eu-west-1",
		"userPoolId":"eu-west-1_Q7pLm2Xz9","userName":"lea","callerContext":{"awsSdkVersion":"aws-sdk-unknown-unknown","clientId":"3n4b5urk1ft4fl3mg5e62d9ado"},
		"request":{"userAttributes":{},"privateChallengeParameters":{"answer":"482913"},"challengeAnswer":"482914"},"response":{}}`)
	var e cognito.VerifyAuthChallengeEvent
	if err := json.Unmarshal(raw, &e); err != nil {
		fmt.Println(err)
		return
	}
	e.Response.SetAnswerCorrect(e.Request.AnswerMatches("answer"))
	b, _ := json.Marshal(e.Response)
	fmt.Println(string(b))
	// Output:
	// {"answerCorrect":false}
}
