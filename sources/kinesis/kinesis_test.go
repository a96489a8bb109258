package kinesis_test

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/cloudwatch"
	"github.com/evplugin/evplugin/sources/dynamodb"
	"github.com/evplugin/evplugin/sources/internal/blob"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/inflate"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/kinesis"
	"github.com/evplugin/evplugin/sources/sqs"
)

const id = "aws.kinesis.stream"

func reference(t *testing.T, name string) *kinesis.Event {
	return sourcetest.Decode[kinesis.Event](t, sourcetest.Reference(t, name))
}

func decode(t *testing.T, name string) *kinesis.Event {
	return sourcetest.DecodeTestdata[kinesis.Event](t, id, name)
}

func TestData(t *testing.T) {
	e := reference(t, "kinesisStreamEvent.json")
	require.Len(t, e.Records, 2)
	r := e.Records[0].Kinesis
	b, err := r.DecodedData()
	require.NoError(t, err)
	assert.Equal(t, "Hello, this is a test.", string(b))
	text, err := e.Records[1].Kinesis.Text()
	require.NoError(t, err)
	assert.Equal(t, "This is only a test.", text)
	assert.False(t, r.IsAggregated())

	var v struct {
		Message  string `json:"message"`
		Username string `json:"username"`
	}
	one := reference(t, "kinesisStreamEventOneRecord.json")
	require.NoError(t, one.Records[0].Kinesis.JSONData(&v))
	assert.Equal(t, "test message", v.Message)
	assert.Equal(t, "test", v.Username)
	p, err := one.Records[0].Kinesis.Payload()
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"message": "test message", "username": "test"}, p)

	assert.Error(t, r.JSONData(&v), "text is not JSON")
	var none kinesis.StreamRecord
	assert.ErrorIs(t, none.JSONData(&v), body.ErrEmpty, "no data: nothing to decode")
	b, err = none.DecodedData()
	assert.NoError(t, err)
	assert.Empty(t, b)
}

// TestStrictBase64: data that is not padded, canonical base64 is an error,
// not bytes decoded from part of it.
func TestStrictBase64(t *testing.T) {
	for _, bad := range []string{"SGVsbG8", "TestBinary", "SGVsbG9=", "%%%%"} {
		r := kinesis.StreamRecord{Data: bad}
		_, err := r.DecodedData()
		assert.Error(t, err, bad)
		_, err = r.Text()
		assert.Error(t, err, bad)
		assert.Error(t, r.JSONData(new(any)), bad)
		sourcetest.AssertPrinted(t, r, []string{`"DecodedData()": "` + printer.Undecodable + `"`}, nil)
	}
}

func TestText(t *testing.T) {
	r := kinesis.StreamRecord{Data: base64.StdEncoding.EncodeToString([]byte{0xff, 0xfe, 0})}
	_, err := r.Text()
	assert.ErrorIs(t, err, blob.ErrNotText)
	b, err := r.DecodedData()
	require.NoError(t, err)
	assert.Equal(t, []byte{0xff, 0xfe, 0}, b)
}

// TestArrivalTime: approximateArrivalTimestamp is epoch seconds with a
// fraction, kept digit for digit and parsed exactly.
func TestArrivalTime(t *testing.T) {
	e := reference(t, "kinesisStreamEvent.json")
	assert.Equal(t, json.Number("1545084650.987"), e.Records[0].Kinesis.ApproximateArrivalTimestamp)
	got, err := e.Records[0].Kinesis.ArrivalTime()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2018, 12, 17, 22, 10, 50, 987e6, time.UTC), got)

	own := decode(t, "kms-json-text-empty.json")
	got, err = own.Records[0].Kinesis.ArrivalTime()
	require.NoError(t, err)
	assert.Equal(t, 123456*time.Microsecond, time.Duration(got.Nanosecond()))
	got, err = own.Records[1].Kinesis.ArrivalTime()
	require.NoError(t, err, "a whole number of seconds")
	assert.Equal(t, int64(1716201601), got.Unix())

	_, err = kinesis.StreamRecord{}.ArrivalTime()
	assert.Error(t, err)
	_, err = kinesis.StreamRecord{ApproximateArrivalTimestamp: "soon"}.ArrivalTime()
	assert.Error(t, err)
}

func TestEncryptionTypeAndFutureMembers(t *testing.T) {
	e := decode(t, "kms-json-text-empty.json")
	assert.Equal(t, kinesis.EncryptionKMS, e.Records[0].Kinesis.EncryptionType)
	assert.Equal(t, kinesis.EncryptionNone, e.Records[1].Kinesis.EncryptionType)
	assert.Contains(t, e.Records[1].Kinesis.Unknown, "futureMember")
	b, err := json.Marshal(e.Records[2])
	require.NoError(t, err)
	assert.NotContains(t, string(b), "encryptionType", "absent stays absent")
	assert.Contains(t, string(b), `"futureTopLevel":null`)
}

func TestRecordNames(t *testing.T) {
	r := reference(t, "kinesisStreamEvent.json").Records[0]
	shard, err := r.ShardID()
	require.NoError(t, err)
	assert.Equal(t, "shardId-000000000006", shard)
	name, err := r.StreamName()
	require.NoError(t, err)
	assert.Equal(t, "lambda-stream", name)

	for arn, want := range map[string]string{
		"arn:aws-cn:kinesis:cn-northwest-1:555566667777:stream/orders":                    "orders",
		"arn:aws:kinesis:us-east-1:123456789012:stream/clicks/consumer/fanout:1716201600": "clicks",
	} {
		got, err := kinesis.Record{EventSourceARN: arn}.StreamName()
		require.NoError(t, err, arn)
		assert.Equal(t, want, got)
	}
	for _, bad := range []string{"", "stream-ARN", "arn:aws:sqs:us-east-1:123456789012:stream/x", "arn:aws:kinesis:us-east-1:123456789012:stream/"} {
		_, err := kinesis.Record{EventSourceARN: bad}.StreamName()
		assert.Error(t, err, bad)
	}
	_, err = kinesis.Record{EventID: "no-colon"}.ShardID()
	assert.Error(t, err)
	_, err = kinesis.Record{}.ShardID()
	assert.Error(t, err)
}

// TestCloudWatchLogs: records a subscription filter wrote hold the gzip
// payload directly (not base64 in JSON); they decode with the same limit
// as aws.cloudwatch.logs, into the same type.
func TestCloudWatchLogs(t *testing.T) {
	raw := sourcetest.Reference(t, "kinesisStreamCloudWatchLogsEvent.json")
	got, err := registry.Default.Detect(raw)
	require.NoError(t, err)
	assert.Equal(t, id, got)

	e := sourcetest.Decode[kinesis.Event](t, raw)
	logs, err := e.CloudWatchLogs()
	require.NoError(t, err)
	require.Len(t, logs, 2)
	var p *cloudwatch.LogsPayload = logs[0] // the same type
	assert.Equal(t, cloudwatch.DataMessage, p.MessageType)
	assert.NotEmpty(t, p.LogGroup)
	assert.NotEmpty(t, p.LogEvents)
	one, err := e.Records[1].Kinesis.CloudWatchLogs()
	require.NoError(t, err)
	assert.Equal(t, logs[1], one)

	_, err = e.Records[0].Kinesis.CloudWatchLogsLimit(100)
	assert.ErrorIs(t, err, inflate.ErrTooLarge)

	own := decode(t, "cloudwatch-logs.json")
	logs, err = own.CloudWatchLogs()
	require.NoError(t, err)
	assert.True(t, logs[0].IsControlMessage())
	assert.Equal(t, "ACCOUNT_LEVEL_POLICY", logs[1].PolicyLevel)
	var msg map[string]any
	require.NoError(t, logs[1].LogEvents[0].JSONMessage(&msg))
	assert.Equal(t, "paid", msg["msg"])

	text := reference(t, "kinesisStreamEvent.json")
	_, err = text.Records[0].Kinesis.CloudWatchLogs()
	assert.ErrorContains(t, err, "neither gzip nor zlib")
	mixed := kinesis.Event{Records: []kinesis.Record{own.Records[0], text.Records[0]}}
	_, err = mixed.CloudWatchLogs()
	assert.ErrorContains(t, err, "kinesis: Records[1]: ")
	_, err = kinesis.StreamRecord{Data: gzipped(t, "not JSON")}.CloudWatchLogs()
	assert.Error(t, err)
}

func gzipped(t *testing.T, s string) string {
	return base64.StdEncoding.EncodeToString(sourcetest.Gzip(t, s))
}

// TestInflatedData: compressed JSON that is not CloudWatch Logs, gzip or
// zlib, bounded as CloudWatch Logs are.
func TestInflatedData(t *testing.T) {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	_, err := w.Write([]byte(`{"n":1.50}`))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	for name, data := range map[string]string{
		"gzip": gzipped(t, `{"n":1.50}`),
		"zlib": base64.StdEncoding.EncodeToString(z.Bytes()),
	} {
		r := kinesis.StreamRecord{Data: data}
		b, err := r.InflatedData()
		require.NoError(t, err, name)
		assert.Equal(t, `{"n":1.50}`, string(b), name)
		var v map[string]any
		require.NoError(t, r.JSONInflatedData(&v), name)
		assert.Equal(t, map[string]any{"n": json.Number("1.50")}, v, name)
	}
	plain := kinesis.StreamRecord{Data: base64.StdEncoding.EncodeToString([]byte(`{"n":1}`))}
	_, err = plain.InflatedData()
	assert.Error(t, err)
	assert.Error(t, plain.JSONInflatedData(new(any)))
	bomb := kinesis.StreamRecord{Data: gzipped(t, strings.Repeat(" ", inflate.DefaultLimit+1))}
	_, err = bomb.InflatedData()
	assert.ErrorIs(t, err, inflate.ErrTooLarge)
}

// TestPrintedLogsWithinBudget: the log events print within the printer's
// budget, as aws.cloudwatch.logs's do, with a count of those left out.
func TestPrintedLogsWithinBudget(t *testing.T) {
	var events []string
	for i := range 2000 {
		events = append(events, `{"id":"`+strings.Repeat("9", 56)+`","timestamp":1716202001000,"message":"line `+string(rune('a'+i%26))+`"}`)
	}
	payload := `{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/g","logStream":"s","subscriptionFilters":["f"],"logEvents":[` + strings.Join(events, ",") + `]}`
	r := kinesis.StreamRecord{Data: gzipped(t, payload), ApproximateArrivalTimestamp: "1716202000.5"}
	out := printer.Sprint(r, printer.Budget(4096))
	assert.Contains(t, out, `"CloudWatchLogs()": {`)
	assert.Contains(t, out, "more log events]")
	assert.Less(t, len(out), 3*len(r.Data)/2+8192, "bounded by the budget, not by the payload")
	full := printer.Sprint(r, printer.Unbounded())
	assert.Equal(t, 2000, strings.Count(full, `"Time()"`))
}

func TestPrintedMasks(t *testing.T) {
	e := decode(t, "kms-json-text-empty.json")
	sourcetest.AssertPrinted(t, e, []string{`"apiKey": "[SENSITIVE]"`, `"Text()": "plain text line`, `"StreamName()": "orders"`},
		[]string{"sk_live_not_a_real_key"})
	logs := decode(t, "cloudwatch-logs.json")
	sourcetest.AssertPrinted(t, logs, []string{`"CloudWatchLogs()": {`, `CWL CONTROL MESSAGE`}, []string{"hunter2"})
}

// TestAggregated: records the KPL aggregated are recognised (and left as
// they are: nothing de-aggregates them).
func TestAggregated(t *testing.T) {
	e := decode(t, "binary-and-aggregated.json")
	assert.False(t, e.Records[0].Kinesis.IsAggregated())
	assert.True(t, e.Records[1].Kinesis.IsAggregated())
	out := printer.Sprint(e)
	assert.Contains(t, out, `"IsAggregated()": true`)
	assert.NotContains(t, out, printer.Undecodable, "binary data is no failure")
}

// TestTumblingWindow: the window members are typed on the same event; the
// last invocation of a window may carry no record at all.
func TestTumblingWindow(t *testing.T) {
	e := decode(t, "tumbling-window.json")
	assert.True(t, e.IsTimeWindow())
	assert.Equal(t, "shardId-000000000006", e.ShardID)
	assert.Equal(t, map[string]any{"/checkout": json.Number("41"), "/cart": json.Number("7")}, e.State)
	start, err := e.Window.StartTime()
	require.NoError(t, err)
	end, err := e.Window.EndTime()
	require.NoError(t, err)
	assert.Equal(t, 2*time.Minute, end.Sub(start))
	assert.False(t, e.IsFinalInvokeForWindow)
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"isWindowTerminatedEarly":false`, "false written back")
	assert.Contains(t, string(b), `"approximateArrivalTimestamp":1607497475.000`, "digits kept")

	final := decode(t, "tumbling-window-final-empty.json")
	assert.True(t, final.IsFinalInvokeForWindow)
	assert.NotNil(t, final.Records)
	assert.Empty(t, final.Records)

	plain := reference(t, "kinesisStreamEvent.json")
	assert.False(t, plain.IsTimeWindow())
	var w *dynamodb.Window = e.Window // the same type as DynamoDB's
	assert.NotNil(t, w)
}

// TestDynamoDBWindowsAreNotClaimed: DynamoDB's tumbling windows share the
// members and the top-level eventSourceARN; they are not Kinesis events.
func TestDynamoDBWindowsAreNotClaimed(t *testing.T) {
	for name, raw := range map[string]string{
		"dynamodb window, final and empty": `{"Records":[],"window":{"start":"2024-03-18T10:23:00Z","end":"2024-03-18T10:24:00Z"},
			"state":{},"shardId":"shardId-1","eventSourceARN":"arn:aws:dynamodb:us-east-1:123456789012:table/Clicks/stream/2024-01-05T12:00:00.000",
			"isFinalInvokeForWindow":true,"isWindowTerminatedEarly":false}`,
		"dynamodb records": `{"Records":[{"eventSource":"aws:dynamodb","eventSourceARN":"arn:aws:dynamodb:us-east-1:123456789012:table/kinesis/stream/x"}]}`,
		"sqs":              `{"Records":[{"eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:kinesis"}]}`,
	} {
		err := registry.Default.Match(id, []byte(raw))
		assert.Error(t, err, name)
	}
}

func TestResponses(t *testing.T) {
	e := reference(t, "kinesisStreamEvent.json")
	var r kinesis.BatchResponse
	r.Fail(e.Records[1])
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"batchItemFailures":[{"itemIdentifier":"49590338271490256608559692540925702759324208523137515618"}]}`, string(b))
	var shared sqs.BatchResponse = r // one type for every batch source
	assert.Len(t, shared.BatchItemFailures, 1)

	var w kinesis.TimeWindowResponse
	b, err = json.Marshal(w)
	require.NoError(t, err)
	assert.JSONEq(t, `{"state":{},"batchItemFailures":[]}`, string(b), "state is required")
	w.State = map[string]any{"/checkout": 42}
	w.Fail(e.Records[0])
	b, err = json.Marshal(w)
	require.NoError(t, err)
	assert.JSONEq(t, `{"state":{"/checkout":42},"batchItemFailures":[{"itemIdentifier":"49590338271490256608559692538361571095921575989136588898"}]}`, string(b))
}

func TestNoPanicOnZeroValues(t *testing.T) {
	var e kinesis.Event
	logs, err := e.CloudWatchLogs()
	assert.NoError(t, err)
	assert.Empty(t, logs)
	assert.False(t, e.IsTimeWindow())
	var r kinesis.Record
	assert.Equal(t, "", r.ItemIdentifier())
	_, err = r.StreamName()
	assert.Error(t, err)
	_, err = r.Kinesis.CloudWatchLogs()
	assert.True(t, err != nil && !errors.Is(err, inflate.ErrTooLarge))
	assert.NotPanics(t, func() { printer.Sprint(e); printer.Sprint(r) })
}
