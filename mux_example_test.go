package evplugin_test

import (
	"context"
	"fmt"
	"os"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/sources/s3"
	"github.com/evplugin/evplugin/sources/sqs"
)

// One function behind an SQS queue and S3 notifications; lambda.Start(m)
// takes the Mux as it is. Events of other sources go to the fallback.
func ExampleNewMux() {
	m := evplugin.NewMux()
	evplugin.On(m, func(ctx context.Context, e *sqs.Event) (sqs.BatchResponse, error) {
		fmt.Println("sqs:", len(e.Records), "message(s)")
		return sqs.BatchResponse{}, nil
	})
	evplugin.OnErr(m, func(ctx context.Context, e *s3.Event) error {
		key, err := e.Records[0].S3.Object.DecodedKey()
		fmt.Println("s3:", e.Records[0].S3.Bucket.Name, key, err)
		return nil
	})
	m.Fallback(func(ctx context.Context, id string, raw []byte) (any, error) {
		fmt.Println("not routed:", id)
		return nil, nil
	})

	for _, name := range []string{
		"aws.sqs/fifo-json-body.json",
		"aws.s3/delete-marker.json",
		"aws.dynamodb.stream/ttl-delete.json",
	} {
		raw, _ := os.ReadFile("testdata/events/" + name)
		out, err := m.Invoke(context.Background(), raw)
		fmt.Println(string(out), err)
	}
	// Output:
	// sqs: 1 message(s)
	// {"batchItemFailures":null} <nil>
	// s3: photos.example.ca été/plage à Québec.jpg <nil>
	// null <nil>
	// not routed: aws.dynamodb.stream
	// null <nil>
}
