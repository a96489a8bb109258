// Package kinesis models the events Amazon Kinesis Data Streams send to
// Lambda.
//
//	aws.kinesis.stream  Event  https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
//
// The same [Event] carries the tumbling-window form
// (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html):
// its window, state, shardId, eventSourceARN, isFinalInvokeForWindow and
// isWindowTerminatedEarly members are optional fields, as on
// dynamodb.StreamEvent (the [Window] and response types are the same).
//
// A record's data is base64 text in the event: [StreamRecord.DecodedData]
// gives the bytes, [StreamRecord.Text] the text, [StreamRecord.JSONData]
// decodes a JSON document into the caller's value. Records a CloudWatch Logs
// subscription filter wrote (gzip-compressed) decode with
// [StreamRecord.CloudWatchLogs], with the size limit aws.cloudwatch.logs
// applies, into the same [LogsPayload] type as cloudwatch.LogsPayload;
// other compressed data decompresses with [StreamRecord.InflatedData] and
// [StreamRecord.JSONInflatedData], within the same limit.
// Records the Kinesis Producer Library aggregated are not de-aggregated
// here: [StreamRecord.IsAggregated] tells them apart, and the KPL's
// de-aggregation libraries read their data.
//
// A function reporting partial batch failures returns a [BatchResponse];
// one using tumbling windows returns a [TimeWindowResponse].
//
// Detection keys on Records[0].eventSource "aws:kinesis". The last
// invocation of a tumbling window may have an empty Records array; it is
// still detected when its top-level eventSourceARN is a Kinesis ARN (it
// contains ":kinesis:").
package kinesis

//go:generate go run ../internal/genlossless

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/evplugin/evplugin/internal/epoch"
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
	"github.com/evplugin/evplugin/sources/internal/blob"
	"github.com/evplugin/evplugin/sources/internal/cwlogs"
	"github.com/evplugin/evplugin/sources/internal/esm"
	"github.com/evplugin/evplugin/sources/internal/inflate"
)

// The rule is that of the stream sources (esm.StreamRule): records naming
// aws:kinesis, or a window's last invocation with a Kinesis stream ARN.
func init() {
	sources.Register[Event]("aws.kinesis.stream", "Amazon Kinesis Data Streams", sources.PriorityRecord,
		esm.StreamRule("kinesis"))
}

// Event is a batch of Kinesis records. The fields of the embedded
// [TimeWindow] (window, state, shardId, ...) are set only when the event
// source mapping uses tumbling windows.
type Event struct {
	lossless.Extra
	Records []Record `json:"Records"`
	TimeWindow
}

// CloudWatchLogs decodes the CloudWatch Logs payload of every record, in
// order (see [StreamRecord.CloudWatchLogs]); the first record that holds
// none is an error naming its index.
func (e Event) CloudWatchLogs() ([]*LogsPayload, error) {
	out := make([]*LogsPayload, 0, len(e.Records))
	for i, r := range e.Records {
		p, err := r.Kinesis.CloudWatchLogs()
		if err != nil {
			return nil, fmt.Errorf("kinesis: Records[%d]: %w", i, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// TimeWindow is the members of a tumbling-window event: the window, the
// state, the shard, the final-invocation flags (the same type as
// dynamodb.StreamEvent's).
type TimeWindow = esm.TimeWindow

// Window is the time window of a tumbling-window event; the bounds are
// RFC 3339 text. It is the same type as dynamodb.Window.
type Window = esm.Window

// Record is one Kinesis record with the event source's metadata.
//
//evplugin:derived StreamName
type Record struct {
	lossless.Extra
	Kinesis           StreamRecord `json:"kinesis"`
	EventSource       string       `json:"eventSource"`
	EventVersion      string       `json:"eventVersion"`
	EventID           string       `json:"eventID"` // shardId-000000000006:<sequence number>
	EventName         string       `json:"eventName"`
	InvokeIdentityARN string       `json:"invokeIdentityArn"`
	AWSRegion         string       `json:"awsRegion"`
	EventSourceARN    string       `json:"eventSourceARN"`
}

// ShardID is the ID of the shard the record came from, the part of
// EventID before the colon.
func (r Record) ShardID() (string, error) {
	shard, _, ok := strings.Cut(r.EventID, ":")
	if !ok || shard == "" {
		return "", errors.New("kinesis: no shard ID in eventID " + r.EventID)
	}
	return shard, nil
}

// StreamName is the name of the stream, taken from EventSourceARN
// (arn:aws:kinesis:region:account:stream/NAME, with /consumer/... after it
// for an enhanced fan-out consumer).
func (r Record) StreamName() (string, error) {
	a, err := arn.Parse(r.EventSourceARN)
	if err != nil {
		return "", err
	}
	rest, ok := strings.CutPrefix(a.Resource, "stream/")
	name, _, _ := strings.Cut(rest, "/")
	if a.Service != "kinesis" || !ok || name == "" {
		return "", errors.New("kinesis: not a stream ARN: " + r.EventSourceARN)
	}
	return name, nil
}

// ItemIdentifier is the sequence number of the record, which a
// [BatchResponse] names it by.
func (r Record) ItemIdentifier() string { return r.Kinesis.SequenceNumber }

// StreamRecord is the record as Kinesis stored it.
type StreamRecord struct {
	lossless.Extra
	KinesisSchemaVersion string `json:"kinesisSchemaVersion"`
	PartitionKey         string `json:"partitionKey"`
	SequenceNumber       string `json:"sequenceNumber"`
	Data                 string `json:"data"` // base64
	// ApproximateArrivalTimestamp is epoch seconds with a fraction
	// (1545084650.987); [StreamRecord.ArrivalTime] parses it.
	ApproximateArrivalTimestamp json.Number `json:"approximateArrivalTimestamp"`
	EncryptionType              string      `json:"encryptionType"` // NONE or KMS
}

// The encryption types of a [StreamRecord].
const (
	EncryptionNone = "NONE"
	EncryptionKMS  = "KMS"
)

// Derived lists ArrivalTime and, by what the data holds, CloudWatchLogs
// (gzip: the log events, within the printer's budget), Payload (JSON) or
// Text.
func (r StreamRecord) Derived() []printer.Derived {
	return blob.Derived(r.Data, printer.Derive("ArrivalTime", r.ArrivalTime))
}

// ArrivalTime is ApproximateArrivalTimestamp as a time, exact to the
// digits given; an error when it is absent.
func (r StreamRecord) ArrivalTime() (time.Time, error) {
	if r.ApproximateArrivalTimestamp == "" {
		return time.Time{}, errors.New("kinesis: no approximateArrivalTimestamp")
	}
	return epoch.Seconds(string(r.ApproximateArrivalTimestamp))
}

// DecodedData is Data decoded from strict base64; nil for no data.
func (r StreamRecord) DecodedData() ([]byte, error) { return blob.Decode(r.Data) }

// Text is the decoded data as text; data that is not UTF-8 is an error.
func (r StreamRecord) Text() (string, error) { return blob.Text(r.Data) }

// JSONData decodes the decoded data, a JSON document, into v. No data is
// an error, which the printer leaves out of the view.
func (r StreamRecord) JSONData(v any) error { return blob.JSON(r.Data, v) }

// Payload is what the decoded data carries: the event a registered source
// detects in it, decoded into its type, or else the JSON document as plain
// values (see [sources.Payload]).
func (r StreamRecord) Payload() (any, error) { return blob.Payload(r.Data) }

// CarriedPayload is the decoded data, inflated within limit bytes when it
// is compressed, for [sources.Unwrap] (see [blob.Carried]).
func (r StreamRecord) CarriedPayload(limit int64) sources.Carried {
	return blob.Carried("data", r.Data, limit)
}

// InflatedData is the decoded data decompressed, gzip or zlib (as
// compressed JSON producers write it), at most [inflate.DefaultLimit]
// bytes; more is an error wrapping [inflate.ErrTooLarge].
func (r StreamRecord) InflatedData() ([]byte, error) {
	return blob.Inflated(r.Data, inflate.DefaultLimit)
}

// JSONInflatedData decodes the decompressed data (see
// [StreamRecord.InflatedData]), a JSON document, into v.
func (r StreamRecord) JSONInflatedData(v any) error { return blob.JSONInflated(r.Data, v) }

// LogsPayload is the decompressed content of a CloudWatch Logs
// subscription delivery, the same type as cloudwatch.LogsPayload.
type LogsPayload = cwlogs.Payload

// CloudWatchLogs decodes the log events a CloudWatch Logs subscription
// filter wrote in the record: the decoded data is gzip, then JSON. The
// decompressed payload may not exceed [inflate.DefaultLimit], as for
// aws.cloudwatch.logs; a larger one is an error wrapping
// [inflate.ErrTooLarge].
func (r StreamRecord) CloudWatchLogs() (*LogsPayload, error) {
	return r.CloudWatchLogsLimit(inflate.DefaultLimit)
}

// CloudWatchLogsLimit is [StreamRecord.CloudWatchLogs] with a limit, in
// bytes, on the decompressed payload.
func (r StreamRecord) CloudWatchLogsLimit(limit int64) (*LogsPayload, error) {
	return blob.CloudWatchLogs(r.Data, limit)
}

// IsAggregated reports whether the record is an aggregate of user records
// the Kinesis Producer Library wrote; this package does not de-aggregate
// it.
func (r StreamRecord) IsAggregated() bool { return blob.IsAggregated(r.Data) }

// BatchResponse reports the records a function failed to process
// (ReportBatchItemFailures): Lambda retries from the lowest sequence
// number among them. Fail takes a [Record]; the type is shared with
// sqs.BatchResponse and dynamodb.BatchResponse.
type BatchResponse = esm.Response

// BatchItemFailure names one failed record by its sequence number.
type BatchItemFailure = esm.Failure

// TimeWindowResponse is what a function using tumbling windows returns:
// the state to pass to the next invocation of the window, and the failed
// records (Fail takes a [Record]). Lambda counts a response without state
// as a failure, so State is always written, as {} when empty.
type TimeWindowResponse = esm.WindowResponse
