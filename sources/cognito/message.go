package cognito

import (
	"errors"
	"fmt"
	"strings"

	"github.com/evplugin/evplugin/lossless"
)

// The trigger sources of the custom message trigger: which message
// Cognito is about to send.
const (
	CustomMessageSignUp              = "CustomMessage_SignUp"              // confirmation code after sign-up
	CustomMessageAdminCreateUser     = "CustomMessage_AdminCreateUser"     // temporary password of a new user
	CustomMessageResendCode          = "CustomMessage_ResendCode"          // the confirmation code again
	CustomMessageForgotPassword      = "CustomMessage_ForgotPassword"      // password reset code
	CustomMessageUpdateUserAttribute = "CustomMessage_UpdateUserAttribute" // verification code of a changed email or phone number
	CustomMessageVerifyUserAttribute = "CustomMessage_VerifyUserAttribute" // verification code of an email or phone number
	CustomMessageAuthentication      = "CustomMessage_Authentication"      // MFA or one-time sign-in code
)

// CustomMessageEvent is the event of the custom message trigger, which
// runs before Cognito sends an email or SMS message with a code: the
// handler writes its own message and subject into the response. A
// message must hold the code placeholder (Request.CodeParameter), and for
// CustomMessage_AdminCreateUser the user name placeholder too;
// [CustomMessageEvent.ValidateResponse] checks.
type CustomMessageEvent struct {
	lossless.Extra
	Trigger
	Request  CustomMessageRequest  `json:"request"`
	Response CustomMessageResponse `json:"response"`
}

// CustomMessageRequest holds the user and the placeholders a message uses.
type CustomMessageRequest struct {
	lossless.Extra
	UserRequest
	CodeParameter     string `json:"codeParameter"`     // the code placeholder, "{####}"
	LinkParameter     string `json:"linkParameter"`     // the verification link placeholder, "{##Click Here##}"
	UsernameParameter string `json:"usernameParameter"` // the user name placeholder (AdminCreateUser), "{username}"
}

// CustomMessageResponse is the handler's message. A member left empty
// keeps Cognito's default message.
type CustomMessageResponse struct {
	lossless.Extra
	SMSMessage   string `json:"smsMessage"`
	EmailMessage string `json:"emailMessage"`
	EmailSubject string `json:"emailSubject"`
}

// ValidateResponse checks that each message of the response holds the
// placeholders Cognito requires: the code, and for an administrator-created
// user the user name. Cognito refuses a message without them (and sends
// its default).
func (e CustomMessageEvent) ValidateResponse() error {
	need := []string{e.Request.CodeParameter}
	if e.TriggerSource == CustomMessageAdminCreateUser {
		need = append(need, e.Request.UsernameParameter)
	}
	var errs []error
	for _, m := range []struct{ name, text string }{{"smsMessage", e.Response.SMSMessage}, {"emailMessage", e.Response.EmailMessage}} {
		if m.text == "" {
			continue
		}
		for _, p := range need {
			if p != "" && !strings.Contains(m.text, p) {
				errs = append(errs, fmt.Errorf("cognito: %s does not hold the placeholder %s", m.name, p))
			}
		}
	}
	return errors.Join(errs...)
}
