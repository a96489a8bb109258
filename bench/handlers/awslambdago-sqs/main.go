// Command awslambdago-sqs is the SQS handler of evplugin-sqs written on
// aws-lambda-go's events package alone: the baseline of the binary size
// comparison (see bench/internal/binsize).
package main

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// order is what the messages carry.
type order struct {
	ID    string `json:"id"`
	Items int    `json:"items"`
}

func main() {
	lambda.Start(func(ctx context.Context, e events.SQSEvent) (events.SQSEventResponse, error) {
		var failed events.SQSEventResponse
		for _, m := range e.Records {
			var o order
			if err := json.Unmarshal([]byte(m.Body), &o); err != nil || o.ID == "" {
				failed.BatchItemFailures = append(failed.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
			}
		}
		return failed, nil
	})
}
