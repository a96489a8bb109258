package evplugin_test

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/sources/sqs"
)

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

func ExampleDecode() {
	raw, _ := os.ReadFile("testdata/events/aws.sqs/fifo-json-body.json")
	id, _ := evplugin.Detect(raw)
	v, err := evplugin.Decode(raw)
	if err != nil {
		panic(err)
	}
	msg := v.(*sqs.Event).Records[0]
	var order struct {
		OrderID int `json:"orderId"`
	}
	_ = msg.JSONBody(&order)
	fmt.Println(id, msg.Attributes.MessageGroupID, order.OrderID)
	// Output: aws.sqs orders-eu 1042
}

func ExampleHandle() {
	handler := evplugin.Handle(func(ctx context.Context, e *sqs.Event) (sqs.BatchResponse, error) {
		var failures sqs.BatchResponse
		for _, m := range e.Records {
			if m.Body == "" {
				failures.Fail(m)
			}
		}
		return failures, nil
	})
	// In a function: lambda.Start(handler)
	raw, _ := os.ReadFile("testdata/events/aws.sqs/dlq-plain-body.json")
	resp, _ := handler(context.Background(), raw)
	fmt.Println(resp.BatchItemFailures[0].ItemIdentifier)
	// Output: d90f9132-b81b-43d8-b581-8a7f2297e864
}
