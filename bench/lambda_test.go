package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	_ "github.com/evplugin/evplugin/sources/apigateway" // the bridge serves REST and HTTP API events
	"github.com/evplugin/evplugin/sources/cognito"
	_ "github.com/evplugin/evplugin/sources/lambdaurl" // and function URL events
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

// TestHTTPHandlerWithAWSLambdaGo: the net/http bridge is a handler
// lambda.Start accepts (a value with Invoke), and so is the streaming one
// (a function returning an io.Reader with ContentType), without the main
// module importing aws-lambda-go.
func TestHTTPHandlerWithAWSLambdaGo(t *testing.T) {
	ctx := context.Background()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "a", Value: "1"})
		http.SetCookie(w, &http.Cookie{Name: "b", Value: "2"})
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":%q,"tags":%q}`, r.PathValue("id"), r.URL.Query()["tag"])
	})
	mux.HandleFunc("GET /events/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = io.WriteString(w, "data: 1\n\n")
		http.NewResponseController(w).Flush()
		_, _ = io.WriteString(w, "data: 2\n\n")
	})

	raw, err := os.ReadFile("../testdata/events/aws.apigateway.rest/orders-repeated-query-head.json")
	require.NoError(t, err)
	raw = bytes.ReplaceAll(raw, []byte(`"HEAD"`), []byte(`"GET"`))
	h := lambda.NewHandler(evplugin.HTTPHandler(mux))
	out, err := h.Invoke(ctx, raw)
	require.NoError(t, err)
	assert.JSONEq(t, `{"statusCode":200,"headers":{"Content-Type":"application/json"},
		"multiValueHeaders":{"Set-Cookie":["a=1","b=2"]},
		"body":"{\"id\":\"42\",\"tags\":[\"a b\" \"c&d=e\"]}","isBase64Encoded":false}`, string(out))

	_, err = h.Invoke(ctx, []byte(`{"Records":[{"eventSource":"aws:sqs","messageId":"m","body":"x"}]}`))
	assert.ErrorIs(t, err, evplugin.ErrNotHTTP)

	raw, err = os.ReadFile("../testdata/events/aws.lambda.url/stream-get-no-query.json")
	require.NoError(t, err)
	out, err = lambda.NewHandler(evplugin.HTTPStreamHandler(mux)).Invoke(ctx, raw)
	require.NoError(t, err)
	prelude, body, ok := bytes.Cut(out, make([]byte, 8))
	require.True(t, ok, "%q", out)
	assert.JSONEq(t, `{"statusCode":200,"headers":{"Content-Type":"text/event-stream"}}`, string(prelude))
	assert.Equal(t, "data: 1\n\ndata: 2\n\n", string(body))
}
