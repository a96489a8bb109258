// Package bench measures evplugin against aws-lambda-go's events package
// decoded with encoding/json, the baseline every Lambda developer has. See
// README.md; ./run prints the ratios.
package bench

import (
	"bytes"
	stdjson "encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	jsonv2 "github.com/go-json-experiment/json"
	goccy "github.com/goccy/go-json"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/registry"
	_ "github.com/evplugin/evplugin/sources/all" // Decode and Detect of every benchmarked event
)

// eventsDir holds the reference samples, read at run time and never copied
// into the repository. EVPLUGIN_EVENTS overrides it.
func eventsDir() string {
	if d := os.Getenv("EVPLUGIN_EVENTS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "events", "powertools")
}

// event is one benchmarked event: a reference sample, the source ID evplugin
// should detect, and the aws-lambda-go type that decodes it fully.
type event struct {
	name string
	file string
	id   string
	base func() any
	// fix, if set, adjusts the sample to what the baseline can decode.
	fix func([]byte) []byte
}

var benchEvents = []event{
	// The sample's binaryValue "base64Str" is not base64, which
	// aws-lambda-go's []byte field rejects: use the base64 of that text.
	{"sqs", "sqsEvent.json", "aws.sqs", func() any { return new(events.SQSEvent) }, fixSQS},
	{"sns", "snsEvent.json", "aws.sns", func() any { return new(events.SNSEvent) }, nil},
	{"s3", "s3Event.json", "aws.s3", func() any { return new(events.S3Event) }, nil},
	{"apigw-rest", "apiGatewayProxyEvent.json", "aws.apigateway.rest", func() any { return new(events.APIGatewayProxyRequest) }, nil},
	{"apigw-http", "apiGatewayProxyV2Event.json", "aws.apigateway.http", func() any { return new(events.APIGatewayV2HTTPRequest) }, nil},
	{"dynamodb", "dynamoStreamEvent.json", "aws.dynamodb.stream", func() any { return new(events.DynamoDBEvent) }, nil},
	{"cloudwatch-logs", "cloudWatchLogEvent.json", "aws.cloudwatch.logs", func() any { return new(events.CloudwatchLogsEvent) }, nil},
	{"eventbridge", "eventBridgeEvent.json", "aws.eventbridge", func() any { return new(events.CloudWatchEvent) }, nil},
	{"cognito-presignup", "cognitoPreSignUpEvent.json", "aws.cognito.presignup", func() any { return new(events.CognitoEventUserPoolsPreSignup) }, nil},
}

// load reads an event's sample; a missing sample fails the benchmark.
func load(b *testing.B, e event) []byte {
	b.Helper()
	raw, err := readSample(e)
	if err != nil {
		b.Fatalf("reading the sample (set EVPLUGIN_EVENTS to the powertools events folder): %v", err)
	}
	return raw
}

// readSample reads an event's sample, fixed for the baseline.
func readSample(e event) ([]byte, error) {
	raw, err := os.ReadFile(filepath.Join(eventsDir(), e.file))
	if err != nil {
		return nil, err
	}
	if e.fix != nil {
		raw = e.fix(raw)
	}
	return raw, nil
}

func fixSQS(raw []byte) []byte {
	return bytes.ReplaceAll(raw, []byte(`"base64Str"`), []byte(`"YmFzZTY0U3Ry"`))
}

// ready skips the benchmark unless evplugin detects raw as the event's
// source and decodes it: the sources are written by several hands and some
// may not be registered yet.
func ready(b *testing.B, e event, raw []byte) {
	b.Helper()
	id, err := evplugin.Detect(raw)
	if err != nil {
		b.Skipf("source not ready: %v", err)
	}
	if id != e.id {
		b.Skipf("detected %s, want %s", id, e.id)
	}
	if _, err := evplugin.Decode(raw); err != nil {
		b.Skipf("source not ready: %v", err)
	}
}

func BenchmarkBaseline(b *testing.B) {
	for _, e := range benchEvents {
		b.Run(e.name, func(b *testing.B) {
			raw := load(b, e)
			if err := stdjson.Unmarshal(raw, e.base()); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				if err := stdjson.Unmarshal(raw, e.base()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, e := range benchEvents {
		b.Run(e.name, func(b *testing.B) {
			raw := load(b, e)
			ready(b, e, raw)
			measure(b, raw, func() error { _, err := evplugin.Decode(raw); return err })
		})
	}
}

func BenchmarkDecodeMap(b *testing.B) {
	for _, e := range benchEvents {
		b.Run(e.name, func(b *testing.B) {
			raw := load(b, e)
			ready(b, e, raw)
			m := toMap(b, raw)
			if _, err := evplugin.DecodeMap(m); err != nil {
				b.Skipf("map path not ready: %v", err)
			}
			measure(b, raw, func() error { _, err := evplugin.DecodeMap(m); return err })
		})
	}
}

// measure runs fn in the benchmark loop, reporting allocations and the
// event's size as throughput.
func measure(b *testing.B, raw []byte, fn func() error) {
	b.Helper()
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if err := fn(); err != nil {
			b.Fatal(err)
		}
	}
}

func toMap(b *testing.B, raw []byte) map[string]any {
	b.Helper()
	d := stdjson.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		b.Fatal(err)
	}
	return m
}

func BenchmarkDetect(b *testing.B) {
	for _, e := range benchEvents {
		b.Run(e.name, func(b *testing.B) {
			raw := load(b, e)
			ready(b, e, raw)
			measure(b, raw, func() error { _, err := evplugin.Detect(raw); return err })
		})
	}
}

// BenchmarkDetectStrict is Detect validating every byte, as Detect did
// before it skipped the values no rule's path reaches (what the CLI's
// detect pays).
func BenchmarkDetectStrict(b *testing.B) {
	for _, e := range benchEvents {
		b.Run(e.name, func(b *testing.B) {
			raw := load(b, e)
			ready(b, e, raw)
			measure(b, raw, func() error { _, err := registry.Default.DetectStrict(raw); return err })
		})
	}
}

// TestDetectAllocs holds Detect to its promise of no allocation, for every
// ready event and the large bodies.
func TestDetectAllocs(t *testing.T) {
	check := func(t *testing.T, raw []byte) {
		if _, err := evplugin.Detect(raw); err != nil {
			t.Skipf("source not ready: %v", err)
		}
		if n := testing.AllocsPerRun(100, func() { _, _ = evplugin.Detect(raw) }); n != 0 {
			t.Errorf("Detect: %v allocs/op, want 0", n)
		}
	}
	for _, e := range benchEvents {
		t.Run(e.name, func(t *testing.T) {
			raw, err := readSample(e)
			if err != nil {
				t.Fatal(err)
			}
			check(t, raw)
		})
	}
	for _, v := range largeBodies() {
		t.Run("large-"+v.name, func(t *testing.T) { check(t, v.raw) })
	}
}

// largeBody is an SQS event, in aws-lambda-go's shape, whose first record
// carries a 256 KiB body before its eventSource: the worst case for a
// detector that must find Records[0].eventSource.
type largeBody struct {
	name string
	raw  []byte
}

const bodySize = 256 << 10

func largeBodies() []largeBody {
	return []largeBody{
		{"json-escaped", largeSQS(jsonBody())},
		{"text", largeSQS(textBody())},
	}
}

// largeSQS puts body into the first record of the SQS sample, marshalled
// by encoding/json in aws-lambda-go's field order (body before
// eventSource).
func largeSQS(body string) []byte {
	raw, err := os.ReadFile(filepath.Join(eventsDir(), "sqsEvent.json"))
	if err != nil {
		panic(err)
	}
	var e events.SQSEvent
	if err := stdjson.Unmarshal(fixSQS(raw), &e); err != nil {
		panic(err)
	}
	e.Records[0].Body = body
	var buf bytes.Buffer
	enc := stdjson.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		panic(err)
	}
	out := buf.Bytes()
	if bytes.Index(out, []byte(`"body"`)) > bytes.Index(out, []byte(`"eventSource"`)) {
		panic("large body: body is not before eventSource")
	}
	return out
}

// jsonBody is a JSON document of about 256 KiB (orders with nested items),
// which becomes JSON text escaped inside the body string: many \" escapes.
func jsonBody() string {
	var sb strings.Builder
	sb.WriteString(`{"batch":"2024-06-01T12:00:00Z","orders":[`)
	for i := 0; ; i++ {
		order := fmt.Sprintf(`{"orderId":%d,"customer":{"id":"c-%06d","name":"Customer %d","email":"customer%d@example.com"},`+
			`"items":[{"sku":"SKU-%04d","qty":%d,"price":%d.99},{"sku":"SKU-%04d","qty":1,"price":4.50}],`+
			`"shipping":{"street":"%d Main St","city":"Seattle","zip":"98101"},"note":"leave at door, \"fragile\""}`,
			10000+i, i, i, i, i%9999, 1+i%5, 5+i%50, (i*7)%9999, 100+i%900)
		if sb.Len()+len(order)+3 > bodySize {
			break
		}
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(order)
	}
	sb.WriteString(`]}`)
	if !stdjson.Valid([]byte(sb.String())) {
		panic("large body: invalid JSON")
	}
	return sb.String()
}

// textBody is 256 KiB of plain log text: lines of prose separated by
// newlines (escaped as \n), otherwise no escapes.
func textBody() string {
	lines := []string{
		"2024-06-01T12:00:00.000Z INFO  request accepted from 203.0.113.7 for /v1/orders; queueing for fulfilment",
		"2024-06-01T12:00:00.015Z DEBUG inventory lookup for warehouse eu-west-1b returned 42 items in 13 ms",
		"2024-06-01T12:00:00.031Z WARN  payment provider answered slowly (812 ms); retry budget left: 2 of 3",
		"2024-06-01T12:00:00.047Z INFO  order 10042 confirmed; customer notified by e-mail and push message",
	}
	var sb strings.Builder
	for i := 0; sb.Len() < bodySize; i++ {
		sb.WriteString(lines[i%len(lines)])
		sb.WriteByte('\n')
	}
	return sb.String()[:bodySize]
}

func BenchmarkLargeBody(b *testing.B) {
	bodies := largeBodies()
	for _, v := range bodies {
		if id, err := evplugin.Detect(v.raw); err != nil || id != "aws.sqs" {
			b.Fatalf("large body %s: detected %q, %v", v.name, id, err)
		}
	}
	b.Run("detect", func(b *testing.B) {
		for _, v := range bodies {
			b.Run(v.name, func(b *testing.B) {
				measure(b, v.raw, func() error { _, err := evplugin.Detect(v.raw); return err })
			})
		}
	})
	b.Run("baseline", func(b *testing.B) {
		for _, v := range bodies {
			b.Run(v.name, func(b *testing.B) {
				measure(b, v.raw, func() error { var e events.SQSEvent; return stdjson.Unmarshal(v.raw, &e) })
			})
		}
	})
	b.Run("decode", func(b *testing.B) {
		for _, v := range bodies {
			b.Run(v.name, func(b *testing.B) {
				measure(b, v.raw, func() error { _, err := evplugin.Decode(v.raw); return err })
			})
		}
	})
}

// candidates are the JSON libraries considered for the bytes path, each
// unmarshalling into aws-lambda-go's types with its default options.
var candidates = []struct {
	name      string
	unmarshal func([]byte, any) error
}{
	{"encoding-json", stdjson.Unmarshal},
	{"go-json-experiment", func(b []byte, v any) error { return jsonv2.Unmarshal(b, v) }},
	{"goccy-go-json", goccy.Unmarshal},
}

func BenchmarkCandidates(b *testing.B) {
	for _, c := range candidates {
		b.Run(c.name, func(b *testing.B) {
			for _, e := range benchEvents {
				b.Run(e.name, func(b *testing.B) {
					raw := load(b, e)
					if err := c.unmarshal(raw, e.base()); err != nil {
						b.Skipf("%s cannot decode %s: %v", c.name, e.file, err)
					}
					b.ReportAllocs()
					b.SetBytes(int64(len(raw)))
					for b.Loop() {
						if err := c.unmarshal(raw, e.base()); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
