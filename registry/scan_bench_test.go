package registry

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// The built-in rules (sources/...), copied: the registry package may not
// import its sources.
var builtinRules = []Source{
	{ID: "aws.sqs", Priority: 300, Rule: Rule{All: []Cond{{Path: "Records[0].eventSource", Op: Equals, Value: "aws:sqs"}}}},
	{ID: "aws.sns", Priority: 300, Rule: Rule{All: []Cond{{Path: "Records[0].EventSource", Op: Equals, Value: "aws:sns"}}}},
	{ID: "aws.s3", Priority: 300, Rule: Rule{All: []Cond{{Path: "Records[0].eventSource", Op: Equals, Value: "aws:s3"}}}},
	{ID: "aws.dynamodb.stream", Priority: 300, Rule: Rule{Any: []Cond{
		{Path: "Records[0].eventSource", Op: Equals, Value: "aws:dynamodb"},
		{Path: "eventSourceARN", Op: Contains, Value: ":dynamodb:"}}}},
	{ID: "aws.cloudwatch.logs", Priority: 200, Rule: Rule{All: []Cond{{Path: "awslogs.data", Op: Exists}}}},
	{ID: "aws.cognito.presignup", Priority: 200, Rule: Rule{All: []Cond{
		{Path: "triggerSource", Op: Prefix, Value: "PreSignUp_"}, {Path: "userPoolId", Op: Exists}}}},
	{ID: "aws.s3.test", Priority: 200, Rule: Rule{All: []Cond{
		{Path: "Event", Op: Equals, Value: "s3:TestEvent"}, {Path: "Service", Op: Equals, Value: "Amazon S3"}}}},
	{ID: "aws.lambda.url", Priority: 110, Rule: Rule{All: append(payloadV2(),
		Cond{Path: "requestContext.domainName", Op: Contains, Value: ".lambda-url."})}},
	{ID: "aws.apigateway.rest", Priority: 100, Rule: Rule{All: []Cond{
		{Path: "resource", Op: Exists}, {Path: "path", Op: Exists}, {Path: "httpMethod", Op: Exists},
		{Path: "requestContext", Op: Exists}, {Path: "methodArn", Op: Absent}, {Path: "type", Op: Absent}}}},
	{ID: "aws.apigateway.http", Priority: 100, Rule: Rule{All: payloadV2()}},
	{ID: "aws.eventbridge", Priority: 10, Rule: Rule{All: []Cond{
		{Path: "source", Op: Exists}, {Path: "detail-type", Op: Exists}, {Path: "detail", Op: Exists}}}},
}

func payloadV2() []Cond {
	return []Cond{
		{Path: "version", Op: Equals, Value: "2.0"}, {Path: "routeKey", Op: Exists}, {Path: "rawPath", Op: Exists},
		{Path: "requestContext.http.method", Op: Exists}, {Path: "type", Op: Absent}, {Path: "routeArn", Op: Absent},
	}
}

var benchSamples = []struct{ name, file, id string }{
	{"sqs", "sqsEvent.json", "aws.sqs"},
	{"sns", "snsEvent.json", "aws.sns"},
	{"s3", "s3Event.json", "aws.s3"},
	{"apigw-rest", "apiGatewayProxyEvent.json", "aws.apigateway.rest"},
	{"apigw-http", "apiGatewayProxyV2Event.json", "aws.apigateway.http"},
	{"dynamodb", "dynamoStreamEvent.json", "aws.dynamodb.stream"},
	{"cloudwatch-logs", "cloudWatchLogEvent.json", "aws.cloudwatch.logs"},
	{"eventbridge", "eventBridgeEvent.json", "aws.eventbridge"},
	{"cognito-presignup", "cognitoPreSignUpEvent.json", "aws.cognito.presignup"},
}

// BenchmarkScanDetect measures detection of the reference samples (the
// bench module's events, when present) with the built-in rules: the whole
// of Detect, the scan alone, and the scan of the same bytes with no path.
func BenchmarkScanDetect(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "events", "powertools")
	snap := compile(builtinRules)
	for _, e := range benchSamples {
		raw, err := os.ReadFile(filepath.Join(dir, e.file))
		if err != nil {
			b.Skip("no samples")
		}
		if src, err := snap.detect(raw); err != nil || src.ID != e.id {
			b.Fatalf("%s: %v %v", e.name, src, err)
		}
		b.Run("detect/"+e.name, func(b *testing.B) {
			for b.Loop() {
				_, _ = snap.detect(raw)
			}
		})
		b.Run("scan/"+e.name, func(b *testing.B) {
			spans := make([]span, len(snap.paths))
			for b.Loop() {
				s := scanner{data: raw}
				s.documentInto(snap.root, spans)
			}
		})
		b.Run("skip/"+e.name, func(b *testing.B) {
			for b.Loop() {
				s := scanner{data: raw}
				s.documentInto(nil, nil)
			}
		})
	}
}

func BenchmarkScanPick(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "events", "powertools")
	snap := compile(builtinRules)
	for _, e := range benchSamples {
		raw, err := os.ReadFile(filepath.Join(dir, e.file))
		if err != nil {
			b.Skip("no samples")
		}
		spans := make([]span, len(snap.paths))
		s := scanner{data: raw}
		s.documentInto(snap.root, spans)
		b.Run(e.name, func(b *testing.B) {
			for b.Loop() {
				_, _ = snap.pickBytes(raw, spans, s.present)
			}
		})
	}
}

// BenchmarkScanLarge skips strings of 256 KiB: JSON text escaped in a
// string (a \" every few bytes), and text with an escaped newline every
// hundred bytes.
func BenchmarkScanLarge(b *testing.B) {
	var js, text []byte
	for len(js) < 256<<10 {
		js = fmt.Appendf(js, `{\"orderId\":%d,\"customer\":{\"id\":\"c-%06d\",\"name\":\"Customer\"},\"note\":\"leave at door, \\\"fragile\\\"\"},`, len(js), len(js))
	}
	for len(text) < 256<<10 {
		text = append(text, `2024-06-01T12:00:00.000Z INFO  request accepted from 203.0.113.7 for /v1/orders; queueing for fulfilment\n`...)
	}
	for _, v := range []struct {
		name string
		body []byte
	}{{"json-escaped", js}, {"text", text}} {
		raw := append(append([]byte(`{"Records":[{"body":"`), v.body...), `","eventSource":"aws:sqs"}]}`...)
		snap := compile(builtinRules)
		if src, err := snap.detect(raw); err != nil || src.ID != "aws.sqs" {
			b.Fatal(src, err)
		}
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				_, _ = snap.detect(raw)
			}
		})
	}
}
