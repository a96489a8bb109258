// Command cognito-presignup is a Cognito user pool pre sign-up trigger: it
// confirms users who sign up with an address of the company's domain,
// marking the address verified, lets other users sign up as usual, and
// refuses addresses of a blocked domain. It returns the event it was
// given, modified: every member it does not touch goes back as it came,
// unknown members, nulls and number digits included.
package main

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/sources/cognito"
)

// errBlocked refuses the sign-up; Cognito shows the user its text.
var errBlocked = errors.New("sign-ups from this domain are not accepted")

func handler(ctx context.Context, e *cognito.PreSignUpEvent) (*cognito.PreSignUpEvent, error) {
	slog.InfoContext(ctx, "pre sign-up", "event", evplugin.LogValue(e))
	email, ok := e.Email()
	if !ok {
		return e, nil // a phone number sign-up: Cognito sends the code
	}
	switch domain := strings.ToLower(email[strings.LastIndexByte(email, '@')+1:]); {
	case domain == "example.com":
		e.Response.AutoConfirmUser = true
		e.Response.AutoVerifyEmail = true
	case strings.HasSuffix(domain, ".invalid"):
		return nil, errBlocked
	}
	return e, nil
}

func main() {
	lambda.Start(evplugin.Handle(handler))
}
