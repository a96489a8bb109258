package evplugin_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"

	"github.com/evplugin/evplugin"
	_ "github.com/evplugin/evplugin/sources/all" // Detect and Decode know every built-in source
	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/sqs" // a handler needs only its own source
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

// HTTPHandler serves API Gateway and function URL events with a standard
// http.Handler; lambda.Start(evplugin.HTTPHandler(mux)) runs it in Lambda.
// Here one REST API event goes through Invoke, as lambda.Start would pass
// it.
func ExampleHTTPHandler() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		e, _ := evplugin.RequestEvent[apigateway.RESTEvent](r)
		http.SetCookie(w, &http.Cookie{Name: "seen", Value: r.PathValue("id")})
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":%q,"tags":%q,"stage":%q}`, r.PathValue("id"), r.URL.Query()["tag"], e.RequestContext.Stage)
	})

	raw, _ := os.ReadFile("testdata/events/aws.apigateway.rest/orders-repeated-query-head.json")
	raw = bytes.ReplaceAll(raw, []byte(`"HEAD"`), []byte(`"GET"`))
	out, err := evplugin.HTTPHandler(mux).Invoke(context.Background(), raw)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
	// Output: {"statusCode":200,"headers":{"Content-Type":"application/json","Set-Cookie":"seen=42"},"multiValueHeaders":{},"body":"{\"id\":\"42\",\"tags\":[\"a b\" \"c&d=e\"],\"stage\":\"prod\"}","isBase64Encoded":false}
}
