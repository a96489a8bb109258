package evplugin_test

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/evplugin/evplugin"
	_ "github.com/evplugin/evplugin/sources/all" // Detect and Decode know every built-in source
	"github.com/evplugin/evplugin/sources/sqs"   // a handler needs only its own source
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

// Detect and Decode know the sources whose packages are imported; the
// blank import of sources/all above brings every built-in one.
func ExampleDetect() {
	for _, name := range []string{
		"aws.sqs/fifo-json-body.json",
		"aws.apigateway.http/jwt-cookies-named-stage.json",
		"aws.dynamodb.stream/ttl-delete.json",
	} {
		raw, _ := os.ReadFile("testdata/events/" + name)
		id, _ := evplugin.Detect(raw)
		fmt.Println(id)
	}
	// Output:
	// aws.sqs
	// aws.apigateway.http
	// aws.dynamodb.stream
}

// A handler imports the package of its own source only (here sources/sqs),
// so its binary links and initialises nothing else.
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
