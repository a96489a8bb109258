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

// muxError is a handler's own error type, which Lambda reports by name.
type muxError struct{}

func (muxError) Error() string { return "rejected" }

// TestMuxWithAWSLambdaGo: a Mux is a handler lambda.Start accepts (a
// value with Invoke), without the main module importing aws-lambda-go;
// through aws-lambda-go's handler machinery each event reaches its route,
// the responses leave as the Mux encoded them, and errors as the handlers
// returned them.
func TestMuxWithAWSLambdaGo(t *testing.T) {
	ctx := context.Background()
	m := evplugin.NewMux()
	evplugin.On(m, func(ctx context.Context, e *sqs.Event) (sqs.BatchResponse, error) {
		var r sqs.BatchResponse
		r.Fail(e.Records[len(e.Records)-1])
		return r, nil
	})
	evplugin.On(m, func(ctx context.Context, e *cognito.PreSignUpEvent) (*cognito.PreSignUpEvent, error) {
		if e.IsAdminCreate() {
			return nil, muxError{}
		}
		e.Response.AutoConfirmUser = true
		return e, nil
	})
	h := lambda.NewHandler(m)

	raw, err := os.ReadFile("../testdata/events/aws.sqs/dlq-plain-body.json")
	require.NoError(t, err)
	out, err := h.Invoke(ctx, raw)
	require.NoError(t, err)
	assert.JSONEq(t, `{"batchItemFailures":[{"itemIdentifier":"d90f9132-b81b-43d8-b581-8a7f2297e864"}]}`, string(out))

	raw, err = os.ReadFile("../testdata/events/aws.cognito.presignup/sign-up-null-response.json")
	require.NoError(t, err)
	out, err = h.Invoke(ctx, raw)
	require.NoError(t, err)
	var in, back map[string]any
	require.NoError(t, json.Unmarshal(raw, &in))
	require.NoError(t, json.Unmarshal(out, &back))
	in["response"].(map[string]any)["autoConfirmUser"] = true
	assert.Equal(t, in, back, "the Cognito event comes back modified, every member kept")

	raw, err = os.ReadFile("../testdata/events/aws.cognito.presignup/admin-create-user.json")
	require.NoError(t, err)
	_, err = h.Invoke(ctx, raw)
	assert.Equal(t, muxError{}, err, "the handler's error, as it is")

	_, err = h.Invoke(ctx, []byte(`{"hello":"world"}`))
	assert.ErrorIs(t, err, evplugin.ErrNoRoute)

	m.Fallback(func(ctx context.Context, id string, raw []byte) (any, error) {
		return map[string]string{"unrouted": id}, nil
	})
	out, err = h.Invoke(ctx, []byte(`{"hello":"world"}`))
	require.NoError(t, err)
	assert.Equal(t, `{"unrouted":""}`, string(out))
}
