package bench

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/sources/cognito"
	"github.com/evplugin/evplugin/sources/sqs"
)

// TestHandleWithAWSLambdaGo runs evplugin.Handle through aws-lambda-go's
// own handler machinery (what lambda.Start does per invocation): the
// adapter's signature is one it accepts, events arrive decoded, and the
// response leaves through encoding/json losslessly.
func TestHandleWithAWSLambdaGo(t *testing.T) {
	ctx := context.Background()

	h := lambda.NewHandler(evplugin.Handle(func(ctx context.Context, e *sqs.Event) (sqs.BatchResponse, error) {
		var r sqs.BatchResponse
		r.Fail(e.Records[len(e.Records)-1])
		return r, nil
	}))
	raw, err := os.ReadFile("../testdata/events/aws.sqs/dlq-plain-body.json")
	require.NoError(t, err)
	out, err := h.Invoke(ctx, raw)
	require.NoError(t, err)
	assert.JSONEq(t, `{"batchItemFailures":[{"itemIdentifier":"d90f9132-b81b-43d8-b581-8a7f2297e864"}]}`, string(out))

	_, err = h.Invoke(ctx, []byte(`{"hello":"world"}`))
	assert.Error(t, err, "an unknown event never reaches the handler")

	// A Cognito trigger returns the event it was given, modified.
	c := lambda.NewHandler(evplugin.Handle(func(ctx context.Context, e *cognito.PreSignUpEvent) (*cognito.PreSignUpEvent, error) {
		e.Response.AutoConfirmUser = true
		return e, nil
	}))
	raw, err = os.ReadFile("../testdata/events/aws.cognito.presignup/sign-up-null-response.json")
	require.NoError(t, err)
	out, err = c.Invoke(ctx, raw)
	require.NoError(t, err)
	var in, back map[string]any
	require.NoError(t, json.Unmarshal(raw, &in))
	require.NoError(t, json.Unmarshal(out, &back))
	resp, _ := in["response"].(map[string]any)
	resp["autoConfirmUser"] = true
	assert.Equal(t, in, back)

	// A typed handler handed to lambda directly decodes through the
	// events' own UnmarshalJSON, losslessly too.
	d := lambda.NewHandler(func(ctx context.Context, e *cognito.PreSignUpEvent) (*cognito.PreSignUpEvent, error) { return e, nil })
	out, err = d.Invoke(ctx, raw)
	require.NoError(t, err)
	assert.JSONEq(t, string(raw), string(out))
}
