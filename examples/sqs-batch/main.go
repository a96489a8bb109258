// Command sqs-batch processes orders from an SQS queue and reports the
// messages that failed, so that only those return to the queue (partial
// batch failures: the event source mapping lists ReportBatchItemFailures).
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/sources/batch"
	"github.com/evplugin/evplugin/sources/sqs"
)

// Order is what each message body holds.
type Order struct {
	ID     string `json:"id"`
	Amount int    `json:"amount"`
}

// errInvalid is an order no retry will fix.
var errInvalid = errors.New("invalid order")

func handleMessage(ctx context.Context, m sqs.Message) error {
	var o Order
	if err := m.JSONBody(&o); err != nil {
		return fmt.Errorf("message %s: %w", m.MessageID, err)
	}
	if o.ID == "" || o.Amount <= 0 {
		return fmt.Errorf("message %s: %w: %+v", m.MessageID, errInvalid, o)
	}
	slog.InfoContext(ctx, "order", "id", o.ID, "amount", o.Amount)
	return nil
}

func handler(ctx context.Context, e *sqs.Event) (sqs.BatchResponse, error) {
	return batch.Process(ctx, e.Records, handleMessage,
		batch.OnFailure(func(err *batch.Error) { slog.ErrorContext(ctx, "batch", "err", err) }))
}

func main() {
	lambda.Start(evplugin.Handle(handler))
}
