package cloudformation_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/evplugin/evplugin/sources/cloudformation"
)

// A custom resource handler does its work in a HandlerFunc; Handle sends
// CloudFormation the response, a FAILED one when the work fails.
func ExampleSender_Handle() {
	// A stand-in for the presigned S3 URL CloudFormation gives.
	s3 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Printf("%s %q\n%s\n", r.Method, r.Header.Get("Content-Type"), b)
	}))
	defer s3.Close()

	raw := []byte(`{"RequestType":"Create","ResponseURL":"` + s3.URL + `/stack%7CQueue%7Creq-1?X-Amz-Signature=abc",
		"StackId":"arn:aws:cloudformation:eu-west-1:123456789012:stack/app/1a2b","RequestId":"req-1",
		"LogicalResourceId":"Queue","ResourceType":"Custom::Queue",
		"ResourceProperties":{"ServiceToken":"arn:aws:lambda:eu-west-1:123456789012:function:queues","Name":"orders"}}`)
	var e cloudformation.CustomResourceEvent
	if err := json.Unmarshal(raw, &e); err != nil {
		fmt.Println(err)
		return
	}

	err := cloudformation.Sender{}.Handle(context.Background(), e,
		func(ctx context.Context, e cloudformation.CustomResourceEvent) (string, map[string]any, error) {
			name, _ := e.Property("Name")
			// ... create the queue ...
			return "queue-" + name, map[string]any{"Url": "https://sqs.example/" + name}, nil
		})
	fmt.Println(err)
	// Output:
	// PUT ""
	// {"Status":"SUCCESS","PhysicalResourceId":"queue-orders","StackId":"arn:aws:cloudformation:eu-west-1:123456789012:stack/app/1a2b","RequestId":"req-1","LogicalResourceId":"Queue","Data":{"Url":"https://sqs.example/orders"}}
	// <nil>
}
