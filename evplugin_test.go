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

	// Another source's event never reaches the handler: the error names
	// the handler's source and what the event lacks.
	got = nil
	_, err = h(context.Background(), read(t, "testdata/events/aws.cognito.presignup/admin-create-user.json"))
	require.ErrorIs(t, err, registry.ErrUnknownSource)
	assert.Nil(t, got)
	assert.Contains(t, err.Error(), "*sqs.Event")
	assert.Contains(t, err.Error(), "aws.sqs")
	assert.Contains(t, err.Error(), `Records[0].eventSource equals "aws:sqs" (absent)`)

	_, err = h(context.Background(), []byte(`{"nothing":"known"}`))
	assert.True(t, errors.Is(err, registry.ErrUnknownSource))
	_, err = h(context.Background(), []byte(`{`))
	assert.True(t, errors.Is(err, registry.ErrInvalidJSON))
}

// TestHandleDoesNotDetect: Handle checks the rule of its event type's
// source alone. A source of higher priority, or one of the same priority,
// matching the same events changes what detection says, not what the
// handler accepts.
func TestHandleDoesNotDetect(t *testing.T) {
	sqsSource, err := registry.Default.Lookup("aws.sqs")
	require.NoError(t, err)
	raw := read(t, "testdata/events/aws.sqs/fifo-json-body.json")
	for _, rival := range []registry.Source{
		{ID: "test.refined", Priority: 1000, New: func() any { return new(cognito.PreSignUpEvent) },
			Rule: registry.Rule{All: []registry.Cond{{Path: "Records[0].eventSource", Op: registry.Equals, Value: "aws:sqs"}}}},
		{ID: "test.twin", Priority: sqsSource.Priority, New: func() any { return new(cognito.PreSignUpEvent) },
			Rule: registry.Rule{All: []registry.Cond{{Path: "Records", Op: registry.Exists}}}},
	} {
		t.Run(rival.ID, func(t *testing.T) {
			reg := registry.New()
			require.NoError(t, reg.RegisterAll([]registry.Source{sqsSource, rival}))
			if id, err := reg.Detect(raw); err == nil {
				require.Equal(t, rival.ID, id, "detection picks the rival")
			} else {
				var ae *registry.AmbiguousError
				require.ErrorAs(t, err, &ae, "detection is ambiguous")
			}

			calls := 0
			h := evplugin.HandleWith(reg, func(ctx context.Context, e *sqs.Event) (int, error) {
				calls++
				return len(e.Records), nil
			})
			n, err := h(context.Background(), raw)
			require.NoError(t, err)
			assert.Equal(t, 1, calls)
			assert.Positive(t, n)

			_, err = h(context.Background(), read(t, "testdata/events/aws.cognito.presignup/admin-create-user.json"))
			require.ErrorIs(t, err, registry.ErrUnknownSource)
			assert.Equal(t, 1, calls, "the handler is not called")
		})
	}
}

// TestHandleLateSource: the handler's source may register after Handle,
// as a plugin's does.
func TestHandleLateSource(t *testing.T) {
	reg := registry.New()
	h := evplugin.HandleWith(reg, func(ctx context.Context, e *sqs.Event) (string, error) { return e.Records[0].MessageID, nil })
	raw := read(t, "testdata/events/aws.sqs/fifo-json-body.json")
	_, err := h(context.Background(), raw)
	require.ErrorIs(t, err, registry.ErrNoSource)
	assert.Contains(t, err.Error(), "*sqs.Event")

	sqsSource, err := registry.Default.Lookup("aws.sqs")
	require.NoError(t, err)
	require.NoError(t, reg.Register(sqsSource))
	id, err := h(context.Background(), raw)
	require.NoError(t, err)
	assert.Equal(t, "2e1424d4-f796-459a-8184-9c92662be6da", id)
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
