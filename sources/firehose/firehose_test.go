package firehose_test

import (
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/cloudwatch"
	"github.com/evplugin/evplugin/sources/firehose"
	"github.com/evplugin/evplugin/sources/internal/inflate"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

const id = "aws.kinesis.firehose"

func reference(t *testing.T, name string) *firehose.Event {
	return sourcetest.Decode[firehose.Event](t, sourcetest.Reference(t, name))
}

func decode(t *testing.T, name string) *firehose.Event {
	return sourcetest.DecodeTestdata[firehose.Event](t, id, name)
}

func TestData(t *testing.T) {
	e := reference(t, "kinesisFirehosePutEvent.json")
	require.Len(t, e.Records, 2)
	assert.Nil(t, e.Records[0].KinesisRecordMetadata)
	assert.Empty(t, e.SourceKinesisStreamARN)
	text, err := e.Records[0].Text()
	require.NoError(t, err)
	assert.Equal(t, "Hello World", text)
	var v map[string]string
	require.NoError(t, e.Records[1].JSONData(&v))
	assert.Equal(t, map[string]string{"Hello": "World"}, v)
	b, err := e.Records[1].DecodedData()
	require.NoError(t, err)
	assert.Equal(t, `{"Hello": "World"}`, string(b))
	at, err := e.Records[0].ArrivalTime()
	require.NoError(t, err)
	assert.Equal(t, time.UnixMilli(1664029185290).UTC(), at)
	_, err = firehose.Record{}.ArrivalTime()
	assert.Error(t, err)
	_, err = firehose.Record{Data: "SGVsbG8"}.DecodedData()
	assert.Error(t, err, "unpadded base64")
}

// TestSQSMessageInData: records whose data is an SQS message are still
// Firehose events, and the message decodes from the data.
func TestSQSMessageInData(t *testing.T) {
	raw := sourcetest.Reference(t, "kinesisFirehoseSQSEvent.json")
	got, err := registry.Default.Detect(raw)
	require.NoError(t, err)
	assert.Equal(t, id, got)
	e := sourcetest.Decode[firehose.Event](t, raw)
	var m struct {
		MessageID   string `json:"messageId"`
		Body        string `json:"body"`
		EventSource string `json:"eventSource"`
	}
	require.NoError(t, e.Records[0].JSONData(&m))
	assert.Equal(t, "aws:sqs", m.EventSource)
	assert.Equal(t, "Test message.", m.Body)
	p, err := e.Records[0].Payload()
	require.NoError(t, err)
	assert.IsType(t, map[string]any{}, p, "one SQS message is no event: plain values")
}

func TestKinesisSource(t *testing.T) {
	e := reference(t, "kinesisFirehoseKinesisEvent.json")
	assert.Equal(t, "arn:aws:kinesis:us-east-1:123456789012:stream/kinesis-source", e.SourceKinesisStreamARN)
	m := e.Records[0].KinesisRecordMetadata
	require.NotNil(t, m)
	assert.Equal(t, "shardId-000000000000", m.ShardID)
	assert.Equal(t, "49546986683135544286507457936321625675700192471156785154", m.SequenceNumber)
	at, err := m.ArrivalTime()
	require.NoError(t, err)
	assert.Equal(t, time.UnixMilli(1664028820148).UTC(), at)

	own := decode(t, "kinesis-source-govcloud.json")
	assert.Equal(t, int64(1), own.Records[1].KinesisRecordMetadata.SubsequenceNumber)
	b, err := json.Marshal(own.Records[2])
	require.NoError(t, err)
	assert.NotContains(t, string(b), "subsequenceNumber", "absent for records the KPL did not aggregate")
}

// TestWithoutDeliveryStreamARN: events from older tools have no
// deliveryStreamArn; they are Firehose events all the same.
func TestWithoutDeliveryStreamARN(t *testing.T) {
	e := decode(t, "direct-put-without-delivery-stream-arn.json")
	assert.Empty(t, e.DeliveryStreamARN)
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "deliveryStreamArn")
}

// TestRuleIsDisjoint: the Kinesis Data Analytics events share invocationId
// and records; S3 Batch Operations events share invocationId.
func TestRuleIsDisjoint(t *testing.T) {
	for name, raw := range map[string]string{
		"analytics preprocessing": `{"invocationId":"i","applicationArn":"arn:aws:kinesisanalytics:us-east-1:123456789012:application/a","streamArn":"arn:aws:kinesis:us-east-1:123456789012:stream/s","records":[{"recordId":"r","data":"e30="}]}`,
		"analytics output":        `{"invocationId":"i","applicationArn":"arn:aws:kinesisanalytics:us-east-1:123456789012:application/a","records":[{"recordId":"r","lastOutputRecordSequenceNumber":"1","data":"e30="}]}`,
		"s3 batch":                `{"invocationSchemaVersion":"1.0","invocationId":"i","job":{"id":"j"},"tasks":[{"taskId":"t","s3Key":"k","s3BucketArn":"arn:aws:s3:::b"}]}`,
	} {
		assert.Error(t, registry.Default.Match(id, []byte(raw)), name)
	}
	assert.NoError(t, registry.Default.Match(id, []byte(`{"invocationId":"i","records":[]}`)))
}

func TestCloudWatchLogs(t *testing.T) {
	e := decode(t, "cloudwatch-logs.json")
	p, err := e.Records[0].CloudWatchLogs()
	require.NoError(t, err)
	var same *cloudwatch.LogsPayload = p
	assert.Equal(t, "/aws/lambda/payments", same.LogGroup)
	assert.Len(t, p.LogEvents, 2)
	ctrl, err := e.Records[1].CloudWatchLogs()
	require.NoError(t, err)
	assert.True(t, ctrl.IsControlMessage())
	_, err = e.Records[0].CloudWatchLogsLimit(64)
	assert.ErrorIs(t, err, inflate.ErrTooLarge)
	_, err = reference(t, "kinesisFirehosePutEvent.json").Records[0].CloudWatchLogs()
	assert.Error(t, err)
	sourcetest.AssertPrinted(t, e, []string{`"CloudWatchLogs()": {`, `"password\":\"[SENSITIVE]\"`}, []string{"hunter2"})
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestResponse(t *testing.T) {
	e := reference(t, "kinesisFirehoseKinesisEvent.json")
	var r firehose.Response
	require.NoError(t, r.Ok(e.Records[0], []byte("HELLO WORLD")))
	require.NoError(t, r.Drop(e.Records[1]))
	require.NoError(t, r.Validate(*e))
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"records":[
		{"recordId":"record1","result":"Ok","data":"`+b64("HELLO WORLD")+`"},
		{"recordId":"record2","result":"Dropped","data":""}]}`, string(b))

	var f firehose.Response
	require.NoError(t, f.Fail(e.Records[0]))
	require.NoError(t, f.OkJSON(e.Records[1], map[string]any{"hello": "world"}))
	b, err = json.Marshal(f)
	require.NoError(t, err)
	assert.JSONEq(t, `{"records":[
		{"recordId":"record1","result":"ProcessingFailed","data":"SGVsbG8gV29ybGQ="},
		{"recordId":"record2","result":"Ok","data":"`+b64(`{"hello":"world"}`)+`"}]}`, string(b))
	assert.Error(t, f.OkJSON(e.Records[1], func() {}), "not JSON")

	// The response's data reads back as the event's does.
	var v map[string]string
	require.NoError(t, f.Records[1].JSONData(&v))
	assert.Equal(t, map[string]string{"hello": "world"}, v)
	text, err := r.Records[0].Text()
	require.NoError(t, err)
	assert.Equal(t, "HELLO WORLD", text)
	d, err := r.Records[1].DecodedData()
	require.NoError(t, err)
	assert.Empty(t, d)
}

// TestResponseMetadata: dynamic partitioning keys and Iceberg routing.
func TestResponseMetadata(t *testing.T) {
	var r firehose.Response
	require.NoError(t, r.AddRecord(firehose.ResponseRecord{
		RecordID: "record1", Result: firehose.ResultOk, Data: b64(`{"customer_id":"1234"}`),
		Metadata: &firehose.Metadata{PartitionKeys: map[string]string{"customer_id": "1234", "year": "2024"}},
	}))
	require.NoError(t, r.AddRecord(firehose.ResponseRecord{
		RecordID: "record2", Result: firehose.ResultOk, Data: b64(`{"deviceId":"Device1234"}`),
		Metadata: &firehose.Metadata{OTFMetadata: &firehose.OTFMetadata{
			DestinationDatabaseName: "iot", DestinationTableName: "Device1234", Operation: firehose.OperationUpdate,
		}},
	}))
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"records":[
		{"recordId":"record1","result":"Ok","data":"`+b64(`{"customer_id":"1234"}`)+`","metadata":{"partitionKeys":{"customer_id":"1234","year":"2024"}}},
		{"recordId":"record2","result":"Ok","data":"`+b64(`{"deviceId":"Device1234"}`)+`","metadata":{"otfMetadata":{"destinationDatabaseName":"iot","destinationTableName":"Device1234","operation":"update"}}}]}`, string(b))
}

// TestResponseErrors: the reference only warns on a bad result code
// ("Bogus" is accepted and Firehose fails the batch); here it is an error,
// and so are the other mistakes Firehose would fail the batch for.
func TestResponseErrors(t *testing.T) {
	var r firehose.Response
	for name, err := range map[string]error{
		"bad result":   r.Add("record1", "Bogus", nil),
		"lower case":   r.Add("record1", "ok", nil),
		"no record ID": r.Add("", firehose.ResultOk, nil),
		"not base64":   r.AddRecord(firehose.ResponseRecord{RecordID: "record1", Result: firehose.ResultOk, Data: "SGVsbG8"}),
	} {
		assert.Error(t, err, name)
	}
	assert.Empty(t, r.Records, "nothing added on error")
	require.NoError(t, r.Add("record1", firehose.ResultOk, nil))
	assert.ErrorContains(t, r.Add("record1", firehose.ResultDropped, nil), "twice")

	// Built by hand: MarshalJSON refuses what Firehose would refuse.
	bad := firehose.Response{Records: []firehose.ResponseRecord{{RecordID: "record1", Result: "TRANSFORMED_STATE_OK"}}}
	_, err := json.Marshal(bad)
	assert.ErrorContains(t, err, `"TRANSFORMED_STATE_OK" is not Ok, Dropped or ProcessingFailed`)
	b, err := json.Marshal(firehose.Response{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"records":[]}`, string(b))
	assert.True(t, firehose.ValidResult(firehose.ResultProcessingFailed))
	assert.False(t, firehose.ValidResult(""))
}

// TestValidate: a record of the event missing from the response fails the
// whole batch in Firehose; Validate names it.
func TestValidate(t *testing.T) {
	e := reference(t, "kinesisFirehoseKinesisEvent.json")
	var r firehose.Response
	require.NoError(t, r.Ok(e.Records[0], nil))
	err := r.Validate(*e)
	assert.EqualError(t, err, "firehose: record record2 of the event is missing from the response")

	require.NoError(t, r.Add("record3", firehose.ResultOk, nil))
	err = r.Validate(*e)
	assert.ErrorContains(t, err, "record record2 of the event is missing")
	assert.ErrorContains(t, err, "record record3 of the response is not in the event")

	twice := firehose.Response{Records: []firehose.ResponseRecord{
		{RecordID: "record1", Result: "Ok"}, {RecordID: "record1", Result: "Ok"}, {RecordID: "record2", Result: "Nope"},
	}}
	err = twice.Validate(*e)
	assert.ErrorContains(t, err, "record record1 is in the response twice")
	assert.ErrorContains(t, err, `record record2: result "Nope"`)
	assert.NoError(t, firehose.Response{}.Validate(firehose.Event{}))
}
