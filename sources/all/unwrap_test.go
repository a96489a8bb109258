package all_test

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/cloudwatch"
	"github.com/evplugin/evplugin/sources/eventbridge"
	"github.com/evplugin/evplugin/sources/kinesis"
	"github.com/evplugin/evplugin/sources/s3"
	"github.com/evplugin/evplugin/sources/sns"
	"github.com/evplugin/evplugin/sources/sqs"
)

// allChains returns the chain of every payload ns holds, in order.
func allChains(ns []sources.Nested) []string {
	out := make([]string, len(ns))
	for i := range ns {
		out[i] = sources.Chain(ns, i)
	}
	return out
}

// unwrapFile decodes a payload of testdata/events and unwraps it.
func unwrapFile(t *testing.T, name string) (any, []sources.Nested) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("../../testdata/events", name))
	require.NoError(t, err)
	v, err := registry.Default.Decode(raw)
	require.NoError(t, err)
	return v, sources.Unwrap(v, sources.UnwrapOptions{})
}

// The nested chains tested, each from a payload of testdata/events.
func TestUnwrapChains(t *testing.T) {
	for name, want := range map[string][]string{
		// SQS body > SNS envelope > S3, CloudWatch alarm, a JSON message
		// that is no event (CloudWatch's own alarm notification); an
		// invalid JSON body is left out.
		"aws.sqs/sns-s3-chain.json": {
			"Records[0].body: aws.sns.envelope",
			"Records[0].body: aws.sns.envelope > Message: aws.s3",
			"Records[1].body: aws.sns.envelope",
			"Records[1].body: aws.sns.envelope > Message: aws.cloudwatch.alarm",
			"Records[2].body: aws.sns.envelope",
			"Records[2].body: aws.sns.envelope > Message: json",
		},
		// An S3 test event, a subscription confirmation whose Message is
		// text, and a plain JSON body.
		"aws.sqs/nested-bodies.json": {
			"Records[0].body: aws.s3.test",
			"Records[1].body: aws.sns.envelope",
			"Records[2].body: aws.sns.envelope",
			"Records[2].body: aws.sns.envelope > Message: aws.s3",
			"Records[3].body: json",
		},
		// SNS message > anything.
		"aws.sns/event-messages.json": {
			"Records[0].Sns.Message: aws.s3",
			"Records[1].Sns.Message: aws.s3.eventbridge",
			"Records[2].Sns.Message: aws.cloudwatch.alarm",
		},
		"aws.sns.envelope/notification-fifo-attributes.json": {"Message: json"},
		// Kinesis data > EventBridge (whose detail carries S3), and gzip
		// data that is no CloudWatch Logs payload.
		"aws.kinesis.stream/eventbridge-events.json": {
			"Records[0].kinesis.data: aws.eventbridge",
			"Records[1].kinesis.data: aws.eventbridge",
			"Records[1].kinesis.data: aws.eventbridge > detail: aws.s3",
			"Records[2].kinesis.data: aws.s3.eventbridge",
		},
		// Kinesis and Firehose data > CloudWatch Logs.
		"aws.kinesis.stream/cloudwatch-logs.json": {
			"Records[0].kinesis.data: aws.cloudwatch.logs.payload",
			"Records[1].kinesis.data: aws.cloudwatch.logs.payload",
		},
		"aws.kinesis.firehose/cloudwatch-logs.json": {
			"records[0].data: aws.cloudwatch.logs.payload",
			"records[1].data: aws.cloudwatch.logs.payload",
		},
		"aws.kinesis.firehose/kinesis-source-govcloud.json": {"records[0].data: json", "records[1].data: json"},
		"aws.cloudwatch.logs/data-message.json":             {"awslogs.data: aws.cloudwatch.logs.payload"},
		// Kafka values > SNS envelope > S3, EventBridge; a value that is
		// not JSON is left out.
		"aws.kafka.selfmanaged/event-values.json": {
			"records.invoices-0[0].value: aws.sns.envelope",
			"records.invoices-0[0].value: aws.sns.envelope > Message: aws.s3",
			"records.invoices-0[1].value: aws.eventbridge",
		},
		// RabbitMQ bodies > SQS > S3, EventBridge; the queue name quoted.
		"aws.mq.rabbitmq/event-bodies.json": {
			`rmqMessagesByQueue["invoices.events::/billing"][0].data: aws.sqs`,
			`rmqMessagesByQueue["invoices.events::/billing"][0].data: aws.sqs > Records[0].body: aws.s3`,
			`rmqMessagesByQueue["invoices.events::/billing"][1].data: aws.eventbridge`,
		},
		"aws.mq.activemq/broker-json-cn.json": {"messages[0].data: json"},
		// An EventBridge detail that is no event; S3 in EventBridge is
		// its own source, carrying nothing.
		"aws.eventbridge/custom-bus-order.json": nil,
		"aws.s3.eventbridge/":                   nil,
		"aws.sqs/dlq-plain-body.json":           nil,
	} {
		t.Run(name, func(t *testing.T) {
			files := []string{name}
			if strings.HasSuffix(name, "/") {
				matches, err := filepath.Glob(filepath.Join("../../testdata/events", name, "*.json"))
				require.NoError(t, err)
				require.NotEmpty(t, matches)
				files = files[:0]
				for _, m := range matches {
					files = append(files, name+filepath.Base(m))
				}
			}
			for _, f := range files {
				_, ns := unwrapFile(t, f)
				assert.Equal(t, want, nilIfEmpty(allChains(ns)), f)
			}
		})
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestUnwrapValues(t *testing.T) {
	_, ns := unwrapFile(t, "aws.sqs/sns-s3-chain.json")
	require.Len(t, ns, 6)
	assert.Equal(t, sources.Nested{Parent: -1, Depth: 1, Path: "Records[0].body", ID: "aws.sns.envelope", Value: ns[0].Value}, ns[0])
	assert.IsType(t, &sns.Message{}, ns[0].Value)
	assert.Equal(t, 0, ns[1].Parent)
	assert.Equal(t, 2, ns[1].Depth)
	require.IsType(t, &s3.Event{}, ns[1].Value)
	key, err := ns[1].Value.(*s3.Event).Records[0].S3.Object.DecodedKey()
	require.NoError(t, err)
	assert.Equal(t, "2024/06/Rechnung Nr. 17.pdf", key)
	assert.IsType(t, &cloudwatch.AlarmEvent{}, ns[3].Value)
	assert.IsType(t, map[string]any{}, ns[5].Value)
	assert.Equal(t, json.Number("60"), ns[5].Value.(map[string]any)["Trigger"].(map[string]any)["Period"])

	_, ns = unwrapFile(t, "aws.kinesis.firehose/cloudwatch-logs.json")
	require.NotEmpty(t, ns)
	logs, ok := ns[0].Value.(*cloudwatch.LogsPayload)
	require.True(t, ok, "%T", ns[0].Value)
	assert.NotEmpty(t, logs.LogEvents)

	_, ns = unwrapFile(t, "aws.kinesis.stream/eventbridge-events.json")
	require.Len(t, ns, 4)
	assert.IsType(t, &eventbridge.Event{}, ns[1].Value)
	assert.IsType(t, &s3.Event{}, ns[2].Value)
	assert.IsType(t, &s3.EventBridgeEvent{}, ns[3].Value)
}

// wrapper is a source of the test's own, as a user or a plugin adds one:
// a plain struct whose inner member carries a payload.
type wrapper struct {
	Kind  string `json:"kind"`
	Inner string `json:"inner"`
}

func (w *wrapper) CarriedPayload(int64) sources.Carried { return sources.CarriedText("inner", w.Inner) }

const wrapperID = "test.wrapper"

// registerWrapper adds wrapper to registry.Default for the test.
func registerWrapper(t *testing.T) {
	t.Helper()
	require.NoError(t, registry.Default.Register(registry.Source{
		ID: wrapperID, Title: "a wrapper", Priority: 1000,
		New:  func() any { return new(wrapper) },
		Rule: registry.All(registry.PathEquals("kind", wrapperID)),
	}))
	t.Cleanup(func() { registry.Default.Unregister(wrapperID) })
}

// wrap returns payload wrapped n times.
func wrap(payload string, n int) string {
	for range n {
		b, _ := json.Marshal(wrapper{Kind: wrapperID, Inner: payload})
		payload = string(b)
	}
	return payload
}

// sqsEvent returns an SQS event whose one message has body.
func sqsEvent(t *testing.T, body string) *sqs.Event {
	t.Helper()
	raw, err := json.Marshal(map[string]any{"Records": []any{map[string]any{
		"messageId": "m-1", "body": body, "eventSource": "aws:sqs",
		"eventSourceARN": "arn:aws:sqs:eu-central-1:123456789012:q",
	}}})
	require.NoError(t, err)
	v, err := registry.Default.DecodeAs("aws.sqs", raw)
	require.NoError(t, err)
	return v.(*sqs.Event)
}

func TestUnwrapOwnSource(t *testing.T) {
	registerWrapper(t)
	sqsChain, err := os.ReadFile("../../testdata/events/aws.sqs/sns-s3-chain.json")
	require.NoError(t, err)
	var e struct{ Records []struct{ Body string } }
	require.NoError(t, json.Unmarshal(sqsChain, &e))

	// SQS body > the source of the test > SNS envelope > S3.
	ns := sources.Unwrap(sqsEvent(t, wrap(e.Records[0].Body, 1)), sources.UnwrapOptions{})
	assert.Equal(t, []string{
		"Records[0].body: test.wrapper",
		"Records[0].body: test.wrapper > inner: aws.sns.envelope",
		"Records[0].body: test.wrapper > inner: aws.sns.envelope > Message: aws.s3",
	}, allChains(ns))
	assert.IsType(t, &wrapper{}, ns[0].Value)

	// The test's source unwrapped itself.
	ns = sources.Unwrap(&wrapper{Kind: wrapperID, Inner: e.Records[0].Body}, sources.UnwrapOptions{})
	assert.Equal(t, []string{"inner: aws.sns.envelope", "inner: aws.sns.envelope > Message: aws.s3"}, allChains(ns))

	// Gone with its registration: the wrapper is plain JSON.
	registry.Default.Unregister(wrapperID)
	ns = sources.Unwrap(sqsEvent(t, wrap(e.Records[0].Body, 1)), sources.UnwrapOptions{})
	assert.Equal(t, []string{"Records[0].body: json"}, allChains(ns))
}

func TestUnwrapDepthBound(t *testing.T) {
	registerWrapper(t)
	e := sqsEvent(t, wrap(`{"end":true}`, 12)) // escaping doubles the text at each level
	for _, depth := range []int{0, 1, 3, 8, 30} {
		ns := sources.Unwrap(e, sources.UnwrapOptions{MaxDepth: depth})
		want := depth
		switch depth {
		case 0:
			want = sources.UnwrapDepth
		case 30:
			want = 13 // 12 wrappers and the JSON inside them
		}
		require.Len(t, ns, want, "depth %d", depth)
		for i, n := range ns {
			assert.Equal(t, i+1, n.Depth)
			assert.Equal(t, i-1, n.Parent)
		}
		if depth == 30 {
			assert.Equal(t, map[string]any{"end": true}, ns[len(ns)-1].Value)
		}
	}
}

// gzipped returns b compressed.
func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, err := w.Write(b)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// kinesisEvent returns a Kinesis event with a record for each data.
func kinesisEvent(t *testing.T, data ...[]byte) *kinesis.Event {
	t.Helper()
	var records []any
	for i, d := range data {
		records = append(records, map[string]any{
			"eventSource": "aws:kinesis", "eventID": fmt.Sprint("shardId-000000000000:", i),
			"kinesis": map[string]any{"partitionKey": "k", "data": base64.StdEncoding.EncodeToString(d)},
		})
	}
	raw, err := json.Marshal(map[string]any{"Records": records})
	require.NoError(t, err)
	v, err := registry.Default.DecodeAs("aws.kinesis.stream", raw)
	require.NoError(t, err)
	return v.(*kinesis.Event)
}

func TestUnwrapBudget(t *testing.T) {
	const mib = 1 << 20
	event := []byte(`{"Records":[{"eventSource":"aws:s3","s3":{"object":{"key":"a"}}}]}`)
	// A bomb: 4 MiB of JSON whitespace in 4 KiB.
	bomb := gzipped(t, append(bytes.Repeat([]byte(" "), 4*mib), event...))
	require.Less(t, len(bomb), 8<<10)

	// Within the budget the bomb is read whole, and its event found.
	e := kinesisEvent(t, bomb, event)
	assert.Equal(t, []string{"Records[0].kinesis.data: aws.s3", "Records[1].kinesis.data: aws.s3"},
		allChains(sources.Unwrap(e, sources.UnwrapOptions{})))

	// Over the budget it is no payload and stops the walk, however many
	// bombs follow: inflating stops at the budget left.
	e = kinesisEvent(t, bomb, bomb, bomb, event)
	assert.Empty(t, sources.Unwrap(e, sources.UnwrapOptions{Budget: 3 * mib}))
	assert.Equal(t, []string{"Records[0].kinesis.data: aws.s3"},
		allChains(sources.Unwrap(e, sources.UnwrapOptions{Budget: 5 * mib})))
	// Not JSON, once inflated: counted, and left out.
	zeros := gzipped(t, make([]byte, 2*mib))
	e = kinesisEvent(t, zeros, zeros, event)
	assert.Empty(t, sources.Unwrap(e, sources.UnwrapOptions{Budget: 4 * mib}))
	assert.Len(t, sources.Unwrap(e, sources.UnwrapOptions{Budget: 5 * mib}), 1)
}

// Bodies that are no JSON, or broken JSON, or JSON that is no event, are
// never an error: left out, or plain values.
func TestUnwrapOddPayloads(t *testing.T) {
	for body, want := range map[string][]string{
		"":                 nil,
		"plain text":       nil,
		`{"a":`:            nil,
		`{"a":1} trailing`: nil,
		`[1,2]`:            {"Records[0].body: json"},
		`"a string"`:       {"Records[0].body: json"},
		`{"Records":[{"eventSource":"aws:s3","s3":7}]}`: {"Records[0].body: json"}, // detected, does not decode
	} {
		assert.Equal(t, want, nilIfEmpty(allChains(sources.Unwrap(sqsEvent(t, body), sources.UnwrapOptions{}))), body)
	}
	assert.Empty(t, sources.Unwrap(nil, sources.UnwrapOptions{}))
	assert.Empty(t, sources.Unwrap((*sqs.Event)(nil), sources.UnwrapOptions{}))
	assert.Empty(t, sources.Unwrap(42, sources.UnwrapOptions{}))
}

// Every registered source's payloads unwrap without a panic, through the
// registry's own decoding, whatever they carry.
func TestUnwrapEverySource(t *testing.T) {
	files, err := filepath.Glob("../../testdata/events/*/*.json")
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		id, err := registry.Default.Detect(raw)
		if err != nil {
			continue // a plugin's payload
		}
		v, err := registry.Default.DecodeAs(id, raw)
		require.NoError(t, err, f)
		for _, n := range sources.Unwrap(v, sources.UnwrapOptions{}) {
			assert.NotNil(t, n.Value, f)
			seen[n.ID] = true
		}
	}
	for _, id := range []string{"", "aws.sns.envelope", "aws.s3", "aws.cloudwatch.alarm", "aws.eventbridge", "aws.sqs",
		"aws.s3.eventbridge", "aws.s3.test", "aws.cloudwatch.logs.payload"} {
		assert.True(t, seen[id], id)
	}
}
