package cloudwatch_test

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources/cloudwatch"
	"github.com/evplugin/evplugin/sources/internal/inflate"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

const id = "aws.cloudwatch.logs"

var references = []string{"cloudWatchLogEvent.json", "cloudWatchLogEventWithPolicyLevel.json"}

func decode(t *testing.T, raw []byte) *cloudwatch.LogsEvent {
	return sourcetest.Decode[cloudwatch.LogsEvent](t, raw)
}

func TestParseReference(t *testing.T) {
	for _, name := range references {
		t.Run(name, func(t *testing.T) {
			p, err := decode(t, sourcetest.Reference(t, name)).Parse()
			require.NoError(t, err)
			assert.Equal(t, cloudwatch.DataMessage, p.MessageType)
			assert.False(t, p.IsControlMessage())
			assert.Equal(t, "123456789123", p.Owner)
			assert.Equal(t, "testLogGroup", p.LogGroup)
			assert.Equal(t, "testLogStream", p.LogStream)
			assert.Equal(t, []string{"testFilter"}, p.SubscriptionFilters)
			require.Len(t, p.LogEvents, 2)
			assert.Equal(t, "eventId2", p.LogEvents[1].ID)
			assert.Equal(t, int64(1440442987001), p.LogEvents[1].Timestamp)
			assert.Equal(t, "[ERROR] Second test message", p.LogEvents[1].Message)
			ts, err := p.LogEvents[0].Time()
			require.NoError(t, err)
			assert.Equal(t, time.Date(2015, 8, 24, 19, 3, 7, 0, time.UTC), ts)
		})
	}
	// The second sample is zlib, not gzip, and names its policy level.
	p, err := decode(t, sourcetest.Reference(t, references[1])).Parse()
	require.NoError(t, err)
	assert.Equal(t, "ACCOUNT_LEVEL_POLICY", p.PolicyLevel)
}

func TestParseTestdata(t *testing.T) {
	data := sourcetest.Testdata(t, id)
	p, err := decode(t, data["data-message.json"]).AWSLogs.Parse()
	require.NoError(t, err)
	assert.Equal(t, "210987654321", p.Owner)
	assert.Equal(t, "/aws/lambda/checkout-api", p.LogGroup)
	assert.Equal(t, "2024/03/18/[$LATEST]0b7c3f1e9d2a4c6b8e5f7a1d3c9b2e4f", p.LogStream)
	assert.Equal(t, []string{"checkout-errors-to-lambda"}, p.SubscriptionFilters)
	assert.Equal(t, "LOG_GROUP_LEVEL_POLICY", p.PolicyLevel)
	require.Len(t, p.LogEvents, 2)

	first := p.LogEvents[0]
	assert.Equal(t, "38130527384931705472910983265740152394820385729057243136", first.ID, "56-digit ID kept as text")
	assert.Equal(t, map[string]string{"level": "ERROR", "requestId": "5e0f8a1c-3b7d-4f2e-9a6c-1d4b8e2f7c3a"}, first.ExtractedFields)
	ts, err := first.Time()
	require.NoError(t, err)
	assert.Equal(t, time.UnixMilli(1710756000123).UTC(), ts)
	var msg struct {
		Level     string      `json:"level"`
		LatencyMs json.Number `json:"latencyMs"`
		Msg       string      `json:"msg"`
		OrderID   int         `json:"orderId"`
	}
	require.NoError(t, first.JSONMessage(&msg))
	assert.Equal(t, "ERROR", msg.Level)
	assert.Equal(t, json.Number("1234.50"), msg.LatencyMs, "digits kept")
	assert.Equal(t, "paiement refusé — carte expirée", msg.Msg)
	assert.Equal(t, 90210, msg.OrderID)

	second := p.LogEvents[1]
	assert.Nil(t, second.ExtractedFields)
	var v any
	assert.Error(t, second.JSONMessage(&v), "plain text message")

	c, err := decode(t, data["control-message.json"]).Parse()
	require.NoError(t, err)
	assert.True(t, c.IsControlMessage())
	assert.Equal(t, "CloudwatchLogs", c.Owner)
	assert.NotNil(t, c.SubscriptionFilters)
	assert.Empty(t, c.SubscriptionFilters)
	require.Len(t, c.LogEvents, 1)
	assert.Equal(t, "", c.LogEvents[0].ID)
	assert.Contains(t, c.LogEvents[0].Message, "CWL CONTROL MESSAGE")
}

// TestParseLogsDataFromKinesis decodes the CloudWatch Logs payloads that a
// subscription filter wrote into a Kinesis stream.
func TestParseLogsDataFromKinesis(t *testing.T) {
	var k struct {
		Records []struct {
			Kinesis struct {
				Data string `json:"data"`
			} `json:"kinesis"`
		}
	}
	require.NoError(t, json.Unmarshal(sourcetest.Reference(t, "kinesisStreamCloudWatchLogsEvent.json"), &k))
	require.Len(t, k.Records, 2)
	streams := []string{
		"2022/11/10/[$LATEST]26b6a45d574f442ea28438923cbf7bf7",
		"2022/11/10/[$LATEST]6749cb3ec3b34895986d592d7421cab2",
	}
	for i, r := range k.Records {
		gz, err := base64.StdEncoding.DecodeString(r.Kinesis.Data)
		require.NoError(t, err)
		p, err := cloudwatch.ParseLogsData(gz, inflate.DefaultLimit)
		require.NoError(t, err)
		assert.Equal(t, cloudwatch.DataMessage, p.MessageType)
		assert.Equal(t, "231436140809", p.Owner)
		assert.Equal(t, "/aws/lambda/pt-1488-DummyLogDataFunction-gnWXPvL6jJyG", p.LogGroup)
		assert.Equal(t, streams[i], p.LogStream)
		assert.Equal(t, []string{"pt-1488-CloudWatchLogsToKinesisSubscriptionFilter-5gkxsK0HpHDI"}, p.SubscriptionFilters)
		require.Len(t, p.LogEvents, 3)
		assert.Contains(t, p.LogEvents[0].Message, "START RequestId: ")
		assert.Contains(t, p.LogEvents[2].Message, "REPORT RequestId: ")
	}
	first, err := base64.StdEncoding.DecodeString(k.Records[0].Kinesis.Data)
	require.NoError(t, err)
	p, err := cloudwatch.ParseLogsData(first, inflate.DefaultLimit)
	require.NoError(t, err)
	assert.Equal(t, "37199717562907174288355125807040114704837640994633613312", p.LogEvents[0].ID)
	assert.Equal(t, int64(1668093027015), p.LogEvents[0].Timestamp)
}

func event(data []byte) cloudwatch.LogsEvent {
	return cloudwatch.LogsEvent{AWSLogs: cloudwatch.LogsData{Data: base64.StdEncoding.EncodeToString(data)}}
}

func TestZlibAndUnknownKeys(t *testing.T) {
	payload := `{"messageType":"DATA_MESSAGE","owner":"444455556666","logGroup":"g","logStream":"s",
		"subscriptionFilters":["f"],"logEvents":[{"id":"1","timestamp":1,"message":"m","futureEventKey":[1.50]}],"futureKey":{"a":null}}`
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	_, err := w.Write([]byte(payload))
	require.NoError(t, err)
	require.NoError(t, w.Close())

	for name, data := range map[string][]byte{"zlib": b.Bytes(), "gzip": sourcetest.Gzip(t, payload)} {
		t.Run(name, func(t *testing.T) {
			p, err := event(data).Parse()
			require.NoError(t, err)
			assert.Equal(t, "444455556666", p.Owner)
			assert.Equal(t, map[string]any{"futureKey": map[string]any{"a": nil}}, p.Unknown)
			assert.Equal(t, map[string]any{"futureEventKey": []any{json.Number("1.50")}}, p.LogEvents[0].Unknown)
			ts, err := p.LogEvents[0].Time()
			require.NoError(t, err)
			assert.Equal(t, time.UnixMilli(1).UTC(), ts)
		})
	}
}

func TestParseErrors(t *testing.T) {
	valid := sourcetest.Gzip(t, `{"messageType":"DATA_MESSAGE","logEvents":[]}`)
	tests := []struct {
		name string
		data string
	}{
		{"corrupt base64", "H4sI!!!not-base64"},
		{"empty", ""},
		{"not compressed", base64.StdEncoding.EncodeToString([]byte(`{"messageType":"DATA_MESSAGE"}`))},
		{"truncated gzip", base64.StdEncoding.EncodeToString(valid[:len(valid)-10])},
		{"gzip header only", base64.StdEncoding.EncodeToString(valid[:10])},
		{"gzip of text", base64.StdEncoding.EncodeToString(sourcetest.Gzip(t, "Task timed out"))},
		{"gzip of two documents", base64.StdEncoding.EncodeToString(sourcetest.Gzip(t, `{"owner":"1"} {"owner":"2"}`))},
		{"gzip of wrong types", base64.StdEncoding.EncodeToString(sourcetest.Gzip(t, `{"logEvents":[{"timestamp":"soon"}]}`))},
		{"gzip of an array", base64.StdEncoding.EncodeToString(sourcetest.Gzip(t, `[]`))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := cloudwatch.LogsEvent{AWSLogs: cloudwatch.LogsData{Data: tt.data}}
			p, err := e.Parse()
			assert.Error(t, err)
			assert.Nil(t, p)
			assert.Contains(t, err.Error(), "cloudwatch: ")
			if tt.data != "" { // the printer leaves an empty LogsData out
				assert.Contains(t, printer.Sprint(e), `"Parse()": "[Cannot be deserialized]"`)
			}
		})
	}
	_, err := cloudwatch.ParseLogsData(nil, inflate.DefaultLimit)
	assert.Error(t, err)
	_, err = cloudwatch.LogEvent{Message: "x"}.Time()
	assert.Error(t, err, "no timestamp")
}

// zeros compresses n zero bytes with a streaming writer, never holding
// them in memory.
func zeros(t *testing.T, n int64) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	require.NoError(t, err)
	chunk := make([]byte, 1<<20)
	for n > 0 {
		c := min(n, int64(len(chunk)))
		_, err := w.Write(chunk[:c])
		require.NoError(t, err)
		n -= c
	}
	require.NoError(t, w.Close())
	return b.Bytes()
}

func TestCompressionBomb(t *testing.T) {
	bomb := zeros(t, 256<<20) // 256 MiB of zeros in a few hundred KiB
	require.Less(t, len(bomb), 1<<20)
	e := event(bomb)

	_, err := e.AWSLogs.ParseLimit(1 << 20)
	assert.ErrorIs(t, err, inflate.ErrTooLarge)
	_, err = e.ParseLimit(1 << 20)
	assert.ErrorIs(t, err, inflate.ErrTooLarge)
	_, err = cloudwatch.ParseLogsData(bomb, 4096)
	assert.ErrorIs(t, err, inflate.ErrTooLarge)
	assert.Contains(t, printer.Sprint(event(zeros(t, 1<<20))), `"Parse()": "[Cannot be deserialized]"`)

	// One byte over the default limit is refused by Parse. (Inflating the
	// default 64 MiB is the slow part: inflate.Bytes buffers its output.)
	_, err = event(zeros(t, inflate.DefaultLimit+1)).Parse()
	assert.ErrorIs(t, err, inflate.ErrTooLarge)
}

func TestPrinted(t *testing.T) {
	e := decode(t, sourcetest.Testdata(t, id)["data-message.json"])
	sourcetest.AssertPrinted(t, e, []string{
		`"Parse()": {`,
		`"logGroup": "/aws/lambda/checkout-api"`,
		`"Time()": "2024-03-18T10:00:00.123Z"`,
		`"level": "ERROR"`,
	}, nil)
}

// TestDecompressed returns the payload's JSON text, which decodes to what
// Parse gives, and stops a bomb at the limit with the exported error.
func TestDecompressed(t *testing.T) {
	e := decode(t, sourcetest.Reference(t, references[0]))
	raw, err := e.AWSLogs.Decompressed(1 << 20)
	require.NoError(t, err)
	var p cloudwatch.LogsPayload
	require.NoError(t, lossless.Unmarshal(raw, &p))
	want, err := e.Parse()
	require.NoError(t, err)
	assert.True(t, lossless.Equal(want, &p))
	assert.Contains(t, string(raw), `"logGroup":"testLogGroup"`)

	_, err = e.AWSLogs.Decompressed(int64(len(raw) - 1))
	assert.ErrorIs(t, err, cloudwatch.ErrTooLarge)
	_, err = event(zeros(t, 8<<20)).AWSLogs.Decompressed(1 << 20)
	assert.ErrorIs(t, err, cloudwatch.ErrTooLarge)
	_, err = cloudwatch.LogsData{Data: "not base64!"}.Decompressed(1 << 20)
	assert.ErrorContains(t, err, "cloudwatch: ")
}
