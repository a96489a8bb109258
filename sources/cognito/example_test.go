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
