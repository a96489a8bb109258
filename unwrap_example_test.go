package evplugin_test

import (
	"fmt"
	"os"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/s3"
)

// An S3 notification in an SNS envelope in an SQS body: Unwrap finds both,
// each decoded into its type.
func ExampleUnwrap() {
	raw, _ := os.ReadFile("testdata/events/aws.sqs/sns-s3-chain.json")
	e, err := evplugin.Decode(raw)
	if err != nil {
		panic(err)
	}
	nested := evplugin.Unwrap(e)
	for i, n := range nested {
		fmt.Println(sources.Chain(nested, i))
		if s3e, ok := n.Value.(*s3.Event); ok {
			key, _ := s3e.Records[0].S3.Object.DecodedKey()
			fmt.Println("  key:", key)
		}
	}
	// Output:
	// Records[0].body: aws.sns.envelope
	// Records[0].body: aws.sns.envelope > Message: aws.s3
	//   key: 2024/06/Rechnung Nr. 17.pdf
	// Records[1].body: aws.sns.envelope
	// Records[1].body: aws.sns.envelope > Message: aws.cloudwatch.alarm
	// Records[2].body: aws.sns.envelope
	// Records[2].body: aws.sns.envelope > Message: json
}
