package evplugin_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/cognito"
	"github.com/evplugin/evplugin/sources/sqs"
)

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func TestShortPath(t *testing.T) {
	raw := read(t, "testdata/events/aws.sqs/fifo-json-body.json")
	id, err := evplugin.Detect(raw)
	require.NoError(t, err)
	assert.Equal(t, "aws.sqs", id)

	v, err := evplugin.Decode(raw)
	require.NoError(t, err)
	require.IsType(t, &sqs.Event{}, v)

	var m map[string]any
	dec := json.NewDecoder(bytesReader(raw))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&m))
	fromMap, err := evplugin.DecodeMap(m)
	require.NoError(t, err)
	assert.Equal(t, v, fromMap)

	assert.Contains(t, evplugin.Sprint(v), `"QueueURL()"`)
}

func TestHandle(t *testing.T) {
	var got *sqs.Event
	h := evplugin.Handle(func(ctx context.Context, e *sqs.Event) (sqs.BatchResponse, error) {
		got = e
		var r sqs.BatchResponse
		r.Fail(e.Records[0])
		return r, nil
	})
	resp, err := h(context.Background(), read(t, "testdata/events/aws.sqs/fifo-json-body.json"))
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Equal(t, "2e1424d4-f796-459a-8184-9c92662be6da", resp.BatchItemFailures[0].ItemIdentifier)

	// Another source's event never reaches the handler.
	got = nil
	_, err = h(context.Background(), read(t, "testdata/events/aws.cognito.presignup/admin-create-user.json"))
	require.Error(t, err)
	assert.Nil(t, got)
	assert.Contains(t, err.Error(), "*sqs.Event")
	assert.Contains(t, err.Error(), "aws.cognito.presignup")

	_, err = h(context.Background(), []byte(`{"nothing":"known"}`))
	assert.True(t, errors.Is(err, registry.ErrUnknownSource))
	_, err = h(context.Background(), []byte(`{`))
	assert.True(t, errors.Is(err, registry.ErrInvalidJSON))
}

// TestHandleCognitoReturnsTheEvent is the Cognito contract: the handler
// returns the event it was given, modified, and every input key survives
// encoding/json, which aws-lambda-go uses for the response.
func TestHandleCognitoReturnsTheEvent(t *testing.T) {
	for _, name := range []string{"admin-create-user.json", "external-provider.json", "sign-up-null-response.json"} {
		t.Run(name, func(t *testing.T) {
			raw := read(t, "testdata/events/aws.cognito.presignup/"+name)
			h := evplugin.Handle(func(ctx context.Context, e *cognito.PreSignUpEvent) (*cognito.PreSignUpEvent, error) {
				e.Response.AutoConfirmUser = true
				return e, nil
			})
			resp, err := h(context.Background(), raw)
			require.NoError(t, err)
			out, err := json.Marshal(resp)
			require.NoError(t, err)

			var in, back map[string]any
			require.NoError(t, json.Unmarshal(raw, &in))
			require.NoError(t, json.Unmarshal(out, &back))
			response, _ := in["response"].(map[string]any)
			if response == nil {
				response = map[string]any{}
			}
			response["autoConfirmUser"] = true
			in["response"] = response
			assert.Equal(t, in, back)
		})
	}
}
