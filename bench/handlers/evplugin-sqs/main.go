// Command evplugin-sqs is an SQS handler on evplugin: evplugin.Handle with
// sources/sqs, started by aws-lambda-go's lambda.Start. Its binary size is
// compared with awslambdago-sqs, the same logic on aws-lambda-go's events
// alone (see bench/internal/binsize).
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/sources/sqs"
)

// order is what the messages carry.
type order struct {
	ID    string `json:"id"`
	Items int    `json:"items"`
}

func main() {
	lambda.Start(evplugin.Handle(func(ctx context.Context, e *sqs.Event) (sqs.BatchResponse, error) {
		var failed sqs.BatchResponse
		for _, m := range e.Records {
			var o order
			if err := m.JSONBody(&o); err != nil || o.ID == "" {
				failed.Fail(m) // only this message returns to the queue
			}
		}
		return failed, nil
	}))
}
