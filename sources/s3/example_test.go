package s3_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/s3"
)

// S3 encodes object keys as form values: decode them before use.
func ExampleObject_DecodedKey() {
	payload := `{"Records":[{"eventSource":"aws:s3","eventTime":"2024-03-01T10:00:00.000Z","eventName":"ObjectCreated:Put",
		"s3":{"bucket":{"name":"photos"},"object":{"key":"summer+2024/caf%C3%A9+%2B+friends.jpg","size":52341}}}]}`

	var e s3.Event
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		panic(err)
	}
	for _, r := range e.Records {
		key, err := r.S3.Object.DecodedKey()
		if err != nil {
			fmt.Println("bad key:", err)
			continue
		}
		uri, _ := r.URI()
		fmt.Println(r.EventName, key, r.S3.Object.Size)
		fmt.Println(uri)
	}
	// Output:
	// ObjectCreated:Put summer 2024/café + friends.jpg 52341
	// s3://photos/summer 2024/café + friends.jpg
}

// An S3 Batch Operations function answers each task of the invocation.
func ExampleBatchEvent_Response() {
	payload := `{"invocationSchemaVersion":"2.0","invocationId":"aW52","job":{"id":"j1","userArguments":{"suffix":".bak"}},
		"tasks":[{"taskId":"dDE","s3Key":"docs/a+b.txt","s3VersionId":null,"s3Bucket":"files"}]}`

	var e s3.BatchEvent
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		panic(err)
	}
	var results []s3.BatchResult
	for _, task := range e.Tasks {
		key, err := task.DecodedKey()
		code := s3.ResultSucceeded
		if err != nil {
			code = s3.ResultPermanentFailure
		}
		bucket, _ := task.BucketName()
		r, err := task.Result(code, "copied to s3://"+bucket+"/"+key+e.Job.UserArguments["suffix"])
		if err != nil {
			panic(err)
		}
		results = append(results, r)
	}
	resp, err := e.Response(s3.ResultPermanentFailure, results...)
	if err != nil {
		panic(err)
	}
	out, _ := json.Marshal(resp)
	fmt.Println(string(out))
	// Output:
	// {"invocationSchemaVersion":"2.0","treatMissingKeysAs":"PermanentFailure","invocationId":"aW52","results":[{"taskId":"dDE","resultCode":"Succeeded","resultString":"copied to s3://files/docs/a b.txt.bak"}]}
}

// An S3 Object Lambda function answers a GetObject request through the S3
// API WriteGetObjectResponse, with the route and token of the event.
func ExampleObjectLambdaEvent_WriteGetObjectRoute() {
	payload := `{"xAmzRequestId":"r1","getObjectContext":{"inputS3Url":"https://ap-1.s3-accesspoint.us-east-1.amazonaws.com/k?X-Amz-Signature=s",
		"outputRoute":"io-use1-001","outputToken":"t0k"},"configuration":{"accessPointArn":"arn:aws:s3-object-lambda:us-east-1:1:accesspoint/o"},
		"userRequest":{"url":"https://o-1.s3-object-lambda.us-east-1.amazonaws.com/k","headers":{"Host":"o-1"}},"protocolVersion":"1.00"}`

	var e s3.ObjectLambdaEvent
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		panic(err)
	}
	op, _ := e.Operation()
	route, err := e.WriteGetObjectRoute()
	if err != nil {
		panic(err)
	}
	// With the AWS SDK for Go v2:
	//	client.WriteGetObjectResponse(ctx, &s3.WriteGetObjectResponseInput{
	//		RequestRoute: &route.RequestRoute, RequestToken: &route.RequestToken, Body: body})
	fmt.Println(op, route.RequestRoute, route.RequestToken)
	// Output:
	// GetObject io-use1-001 t0k
}

// S3 events through EventBridge carry the typed detail beside the
// EventBridge envelope.
func ExampleEventBridgeEvent() {
	payload := `{"version":"0","id":"1","detail-type":"Object Deleted","source":"aws.s3","account":"111122223333",
		"time":"2024-01-02T03:04:05Z","region":"eu-west-1","resources":["arn:aws:s3:::b"],
		"detail":{"version":"0","bucket":{"name":"b"},"object":{"key":"old+notes.txt","sequencer":"0A"},
		"request-id":"R","requester":"111122223333","reason":"DeleteObject","deletion-type":"Delete Marker Created"}}`

	var e s3.EventBridgeEvent
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		panic(err)
	}
	key, _ := e.Detail.Object.DecodedKey()
	fmt.Println(e.DetailType, e.Detail.Bucket.Name, key, e.Detail.DeletionType)
	// Output:
	// Object Deleted b old notes.txt Delete Marker Created
}
