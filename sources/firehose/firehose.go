// Package firehose models the events Amazon Data Firehose (formerly
// Kinesis Data Firehose) sends to a Lambda function that transforms its
// records, and the response the function returns.
//
//	aws.kinesis.firehose  Event  https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html
//
// A record's data is base64 text in the event: [Record.DecodedData] gives
// the bytes, [Record.Text] the text, [Record.JSONData] decodes a JSON
// document into the caller's value, and [Record.CloudWatchLogs] the log
// events of a CloudWatch Logs subscription delivered through the stream
// (gzip-compressed), with the size limit aws.cloudwatch.logs applies
// ([Record.InflatedData] for other compressed data). When
// the stream reads from a Kinesis data stream, the event names it
// (SourceKinesisStreamARN) and each record carries its
// [KinesisRecordMetadata].
//
// The function answers with a [Response]: one record per record of the
// event, each Ok, Dropped or ProcessingFailed, with the transformed data
// and, for dynamic partitioning, its partition keys ([Metadata]). Its
// methods refuse an unknown result code, a record ID that is empty or
// given twice, and data that is not base64; [Response.Validate] checks it
// against the event, where a missing record would fail the whole batch.
//
// Detection: invocationId and records exist (deliveryStreamArn is absent
// in events from older tools, so it is not required), and applicationArn,
// which the Kinesis Data Analytics events with the same members have, is
// absent.
package firehose

//go:generate go run ../internal/genlossless

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/blob"
	"github.com/evplugin/evplugin/sources/internal/cwlogs"
	"github.com/evplugin/evplugin/sources/internal/inflate"
)

func init() {
	sources.Register[Event]("aws.kinesis.firehose", "Amazon Data Firehose data transformation", sources.PriorityShape,
		registry.All(
			registry.PathExists("invocationId"),
			registry.PathExists("records"),
			registry.PathAbsent("applicationArn"),
		))
}

// Event is a batch of records to transform.
type Event struct {
	lossless.Extra
	InvocationID           string   `json:"invocationId"`
	DeliveryStreamARN      string   `json:"deliveryStreamArn"`
	SourceKinesisStreamARN string   `json:"sourceKinesisStreamArn"` // when the stream reads from Kinesis Data Streams
	Region                 string   `json:"region"`
	Records                []Record `json:"records"`
}

// Record is one record to transform.
type Record struct {
	lossless.Extra
	RecordID                    string                 `json:"recordId"`
	ApproximateArrivalTimestamp int64                  `json:"approximateArrivalTimestamp"` // epoch milliseconds
	Data                        string                 `json:"data"`                        // base64
	KinesisRecordMetadata       *KinesisRecordMetadata `json:"kinesisRecordMetadata"`       // when the stream reads from Kinesis Data Streams
}

// KinesisRecordMetadata is where a record read from a Kinesis data stream
// came from.
//
//evplugin:derived ArrivalTime
type KinesisRecordMetadata struct {
	lossless.Extra
	ShardID                     string `json:"shardId"`
	PartitionKey                string `json:"partitionKey"`
	ApproximateArrivalTimestamp int64  `json:"approximateArrivalTimestamp"` // epoch milliseconds
	SequenceNumber              string `json:"sequenceNumber"`
	// SubsequenceNumber tells apart the user records of one record the
	// Kinesis Producer Library aggregated; absent for others.
	SubsequenceNumber int64 `json:"subsequenceNumber"`
}

// ArrivalTime is ApproximateArrivalTimestamp, when the record reached the
// Kinesis data stream, as a time.
func (m KinesisRecordMetadata) ArrivalTime() (time.Time, error) {
	return millis(m.ApproximateArrivalTimestamp)
}

func millis(ms int64) (time.Time, error) {
	if ms == 0 {
		return time.Time{}, errors.New("firehose: no approximateArrivalTimestamp")
	}
	return time.UnixMilli(ms).UTC(), nil
}

// Derived lists ArrivalTime and, by what the data holds, CloudWatchLogs
// (gzip: the log events, within the printer's budget), Payload (JSON) or
// Text.
func (r Record) Derived() []printer.Derived {
	return blob.Derived(r.Data, printer.Derive("ArrivalTime", r.ArrivalTime))
}

// ArrivalTime is ApproximateArrivalTimestamp, when the record reached
// Firehose, as a time.
func (r Record) ArrivalTime() (time.Time, error) { return millis(r.ApproximateArrivalTimestamp) }

// DecodedData is Data decoded from strict base64; nil for no data.
func (r Record) DecodedData() ([]byte, error) { return blob.Decode(r.Data) }

// Text is the decoded data as text; data that is not UTF-8 is an error.
func (r Record) Text() (string, error) { return blob.Text(r.Data) }

// JSONData decodes the decoded data, a JSON document, into v. No data is
// an error, which the printer leaves out of the view.
func (r Record) JSONData(v any) error { return blob.JSON(r.Data, v) }

// Payload is what the decoded data carries: the event a registered source
// detects in it, decoded into its type, or else the JSON document as plain
// values (see [sources.Payload]).
func (r Record) Payload() (any, error) { return blob.Payload(r.Data) }

// CarriedPayload is the decoded data, inflated within limit bytes when it
// is compressed, for [sources.Unwrap] (see [blob.Carried]).
func (r Record) CarriedPayload(limit int64) sources.Carried {
	return blob.Carried("data", r.Data, limit)
}

// InflatedData is the decoded data decompressed, gzip or zlib (as
// compressed JSON producers write it), at most [inflate.DefaultLimit]
// bytes; more is an error wrapping [inflate.ErrTooLarge].
func (r Record) InflatedData() ([]byte, error) { return blob.Inflated(r.Data, inflate.DefaultLimit) }

// JSONInflatedData decodes the decompressed data (see
// [Record.InflatedData]), a JSON document, into v.
func (r Record) JSONInflatedData(v any) error { return blob.JSONInflated(r.Data, v) }

// LogsPayload is the decompressed content of a CloudWatch Logs
// subscription delivery, the same type as cloudwatch.LogsPayload.
type LogsPayload = cwlogs.Payload

// CloudWatchLogs decodes the log events of a CloudWatch Logs subscription
// delivered through the stream: the decoded data is gzip, then JSON. The
// decompressed payload may not exceed [inflate.DefaultLimit], as for
// aws.cloudwatch.logs; a larger one is an error wrapping
// [inflate.ErrTooLarge].
func (r Record) CloudWatchLogs() (*LogsPayload, error) {
	return r.CloudWatchLogsLimit(inflate.DefaultLimit)
}

// CloudWatchLogsLimit is [Record.CloudWatchLogs] with a limit, in bytes,
// on the decompressed payload.
func (r Record) CloudWatchLogsLimit(limit int64) (*LogsPayload, error) {
	return blob.CloudWatchLogs(r.Data, limit)
}

// The results of a transformed record.
const (
	ResultOk               = "Ok"               // transformed
	ResultDropped          = "Dropped"          // dropped on purpose; counts as processed
	ResultProcessingFailed = "ProcessingFailed" // not transformed; Firehose keeps it as failed
)

// ValidResult reports whether result is one of the results Firehose
// accepts.
func ValidResult(result string) bool {
	return result == ResultOk || result == ResultDropped || result == ResultProcessingFailed
}

// Response is what a transformation function returns: one record per
// record of the event. Build it with [Response.Ok], [Response.Drop],
// [Response.Fail] or [Response.Add], and check it with [Response.Validate].
type Response struct {
	Records []ResponseRecord `json:"records"`
}

// ResponseRecord is the result for one record of the event.
type ResponseRecord struct {
	RecordID string    `json:"recordId"`
	Result   string    `json:"result"` // ResultOk, ResultDropped or ResultProcessingFailed
	Data     string    `json:"data"`   // base64
	Metadata *Metadata `json:"metadata,omitempty"`
}

// DecodedData is Data decoded from strict base64; nil for no data.
func (rec ResponseRecord) DecodedData() ([]byte, error) { return blob.Decode(rec.Data) }

// Text is the decoded data as text; data that is not UTF-8 is an error.
func (rec ResponseRecord) Text() (string, error) { return blob.Text(rec.Data) }

// JSONData decodes the decoded data, a JSON document, into v.
func (rec ResponseRecord) JSONData(v any) error { return blob.JSON(rec.Data, v) }

// Metadata is what a transformed record tells Firehose beside its data:
// the partition keys of dynamic partitioning, and, for Apache Iceberg
// destinations, the table to write the record to.
type Metadata struct {
	PartitionKeys map[string]string `json:"partitionKeys,omitempty"`
	OTFMetadata   *OTFMetadata      `json:"otfMetadata,omitempty"`
}

// OTFMetadata routes a record to an Apache Iceberg table.
type OTFMetadata struct {
	DestinationDatabaseName string `json:"destinationDatabaseName"`
	DestinationTableName    string `json:"destinationTableName"`
	Operation               string `json:"operation"` // OperationInsert, OperationUpdate or OperationDelete
}

// The operations of an [OTFMetadata].
const (
	OperationInsert = "insert"
	OperationUpdate = "update"
	OperationDelete = "delete"
)

// Ok adds the record as transformed into data.
func (r *Response) Ok(rec Record, data []byte) error { return r.Add(rec.RecordID, ResultOk, data) }

// OkJSON adds the record as transformed into v, encoded as JSON.
func (r *Response) OkJSON(rec Record, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("firehose: record %s: %w", rec.RecordID, err)
	}
	return r.Ok(rec, b)
}

// Drop adds the record as dropped on purpose.
func (r *Response) Drop(rec Record) error { return r.Add(rec.RecordID, ResultDropped, nil) }

// Fail adds the record as failed, with its data as it arrived, which
// Firehose keeps in its processing-failed output.
func (r *Response) Fail(rec Record) error {
	return r.AddRecord(ResponseRecord{RecordID: rec.RecordID, Result: ResultProcessingFailed, Data: rec.Data})
}

// Add adds the result of the record recordID, with data, which it encodes
// in base64; see [Response.AddRecord] for the errors.
func (r *Response) Add(recordID, result string, data []byte) error {
	return r.AddRecord(ResponseRecord{RecordID: recordID, Result: result, Data: base64.StdEncoding.EncodeToString(data)})
}

// AddRecord adds rec, with its metadata. It is an error, and adds nothing,
// when the result is none of the three Firehose accepts, when the record
// ID is empty or already in the response, or when Data is not base64.
func (r *Response) AddRecord(rec ResponseRecord) error {
	if err := rec.check(); err != nil {
		return err
	}
	if slices.ContainsFunc(r.Records, func(x ResponseRecord) bool { return x.RecordID == rec.RecordID }) {
		return fmt.Errorf("firehose: record %s is in the response twice", rec.RecordID)
	}
	r.Records = append(r.Records, rec)
	return nil
}

// check reports what is wrong with one response record.
func (rec ResponseRecord) check() error {
	if rec.RecordID == "" {
		return errors.New("firehose: a response record without recordId")
	}
	if !ValidResult(rec.Result) {
		return fmt.Errorf("firehose: record %s: result %q is not Ok, Dropped or ProcessingFailed", rec.RecordID, rec.Result)
	}
	if _, err := blob.Decode(rec.Data); err != nil {
		return fmt.Errorf("firehose: record %s: data: %w", rec.RecordID, err)
	}
	return nil
}

// Validate checks the response against the event it answers: every
// record of the event has exactly one result, the response names no other
// record, and each result is valid. Firehose fails the whole batch
// otherwise.
func (r Response) Validate(e Event) error {
	var errs []error
	seen := make(map[string]int, len(r.Records))
	for _, rec := range r.Records {
		if err := rec.check(); err != nil {
			errs = append(errs, err)
		}
		seen[rec.RecordID]++
	}
	for _, rec := range e.Records {
		switch seen[rec.RecordID] {
		case 0:
			errs = append(errs, fmt.Errorf("firehose: record %s of the event is missing from the response", rec.RecordID))
		case 1:
		default:
			errs = append(errs, fmt.Errorf("firehose: record %s is in the response twice", rec.RecordID))
		}
		delete(seen, rec.RecordID)
	}
	for _, id := range slices.Sorted(maps.Keys(seen)) {
		errs = append(errs, fmt.Errorf("firehose: record %s of the response is not in the event", id))
	}
	return errors.Join(errs...)
}

// MarshalJSON writes the records ([] when there are none), and fails on a
// record whose result Firehose would not accept, so that a response built
// by hand with a bad result code is an error of the function rather than
// a failed batch.
func (r Response) MarshalJSON() ([]byte, error) {
	type plain Response
	for _, rec := range r.Records {
		if err := rec.check(); err != nil {
			return nil, err
		}
	}
	if r.Records == nil {
		r.Records = []ResponseRecord{}
	}
	return json.Marshal(plain(r))
}
