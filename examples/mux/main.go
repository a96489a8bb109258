// Command mux is one function behind several triggers: an SQS queue, S3
// notifications and a Cognito pre sign-up trigger, each event routed to a
// typed handler by its source (evplugin.Mux). Anything else is logged and
// refused by the fallback.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/sources/batch"
	"github.com/evplugin/evplugin/sources/cognito"
	"github.com/evplugin/evplugin/sources/s3"
	"github.com/evplugin/evplugin/sources/sqs"
)

func onQueue(ctx context.Context, e *sqs.Event) (sqs.BatchResponse, error) {
	return batch.Process(ctx, e.Records, func(ctx context.Context, m sqs.Message) error {
		if strings.TrimSpace(m.Body) == "" {
			return fmt.Errorf("message %s: empty body", m.MessageID)
		}
		return nil
	})
}

func onUpload(ctx context.Context, e *s3.Event) error {
	for _, r := range e.Records {
		key, err := r.S3.Object.DecodedKey()
		if err != nil {
			return err
		}
		slog.InfoContext(ctx, "upload", "bucket", r.S3.Bucket.Name, "key", key)
	}
	return nil
}

func onSignUp(ctx context.Context, e *cognito.PreSignUpEvent) (*cognito.PreSignUpEvent, error) {
	e.Response.AutoConfirmUser = true
	return e, nil
}

func newMux() *evplugin.Mux {
	m := evplugin.NewMux()
	evplugin.On(m, onQueue)
	evplugin.OnErr(m, onUpload)
	evplugin.On(m, onSignUp)
	m.Fallback(func(ctx context.Context, id string, raw []byte) (any, error) {
		slog.WarnContext(ctx, "unrouted event", "source", id)
		return nil, fmt.Errorf("no handler for %q", id)
	})
	return m
}

func main() {
	lambda.Start(newMux())
}
