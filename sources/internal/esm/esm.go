// Package esm holds what the sources Lambda reads through an event source
// mapping share: the partial batch response (ReportBatchItemFailures) of
// SQS, Kinesis and DynamoDB Streams, the one of Kafka (MSK and
// self-managed), whose items are named by topic-partition and offset, and
// the tumbling windows of Kinesis and DynamoDB Streams. Each source package names these types with aliases
// (sqs.BatchResponse, kinesis.BatchResponse, dynamodb.TimeWindowResponse),
// so a batch built for one is the same Go type as for another, and code
// that processes any of them (a batch processor) needs one response type.
//
//	https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
//	https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html
//	https://docs.aws.amazon.com/lambda/latest/dg/kafka-retry-configurations.html
package esm

//go:generate go run ../genlossless

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
)

// Item is a record of a batch that a [Response] can name: an SQS message
// (its message ID), a Kinesis or DynamoDB stream record (its sequence
// number).
type Item interface {
	ItemIdentifier() string
}

// Failure names one item the function failed to process.
type Failure struct {
	ItemIdentifier string `json:"itemIdentifier"`
}

// Response reports the items a function failed to process
// (ReportBatchItemFailures). An SQS queue returns only those to the queue;
// a stream retries from the lowest sequence number among them. No failure
// (or a nil list) is a fully successful batch. Lambda treats a failure
// with an empty identifier as a failure of the whole batch.
type Response struct {
	BatchItemFailures []Failure `json:"batchItemFailures"`
}

// Fail adds the item to the failures.
func (r *Response) Fail(item Item) {
	r.BatchItemFailures = append(r.BatchItemFailures, Failure{ItemIdentifier: item.ItemIdentifier()})
}

// KafkaItem is a Kafka record a [KafkaResponse] can name.
type KafkaItem interface {
	ItemIdentifier() KafkaID
}

// KafkaID names a Kafka record in a partial batch response: the key of
// the event's records map it came under ("topic-partition", such as
// "orders-0") and its offset. Lambda resumes each topic-partition it
// names from the lowest offset reported for it; a partition or offset the
// event did not hold fails the whole batch.
type KafkaID struct {
	Partition string `json:"partition"`
	Offset    int64  `json:"offset"`
}

// String is the record as Kafka tools write it: "orders-0@15".
func (id KafkaID) String() string { return id.Partition + "@" + strconv.FormatInt(id.Offset, 10) }

// KafkaFailure names one Kafka record the function failed to process.
type KafkaFailure struct {
	ItemIdentifier KafkaID `json:"itemIdentifier"`
}

// KafkaResponse reports the Kafka records a function failed to process
// (ReportBatchItemFailures on a Kafka event source mapping, which Lambda
// offers in provisioned mode). No failure (or a nil list) is a fully
// successful batch.
type KafkaResponse struct {
	BatchItemFailures []KafkaFailure `json:"batchItemFailures"`
}

// Fail adds the record to the failures.
func (r *KafkaResponse) Fail(item KafkaItem) {
	r.BatchItemFailures = append(r.BatchItemFailures, KafkaFailure{ItemIdentifier: item.ItemIdentifier()})
}

// Window is the time window of a tumbling-window event; the bounds are
// RFC 3339 text.
//
//evplugin:derived StartTime EndTime
type Window struct {
	lossless.Extra
	Start string `json:"start"`
	End   string `json:"end"`
}

// StartTime is Start as a time.
func (w Window) StartTime() (time.Time, error) { return time.Parse(time.RFC3339Nano, w.Start) }

// EndTime is End as a time.
func (w Window) EndTime() (time.Time, error) { return time.Parse(time.RFC3339Nano, w.End) }

// TimeWindow holds the members a tumbling-window event adds to a batch of
// stream records; the events of Kinesis and DynamoDB Streams embed it, so
// they are unset (and absent from the JSON) for other batches. Lambda sends
// the last invocation of a window with IsFinalInvokeForWindow, and may send
// it without records.
type TimeWindow struct {
	Window                  *Window        `json:"window"`
	State                   map[string]any `json:"state"`
	ShardID                 string         `json:"shardId"`
	EventSourceARN          string         `json:"eventSourceARN"`
	IsFinalInvokeForWindow  bool           `json:"isFinalInvokeForWindow"`
	IsWindowTerminatedEarly bool           `json:"isWindowTerminatedEarly"`
}

// IsTimeWindow reports whether the event comes from a tumbling window.
func (w TimeWindow) IsTimeWindow() bool { return w.Window != nil }

// WindowResponse is what a function using tumbling windows returns: the
// state to pass to the next invocation of the window, and the failed
// records. Lambda counts a response without state as a failure, so State
// is always written.
type WindowResponse struct {
	State             map[string]any `json:"state"`
	BatchItemFailures []Failure      `json:"batchItemFailures"`
}

// Fail adds the item to the failures.
func (r *WindowResponse) Fail(item Item) {
	r.BatchItemFailures = append(r.BatchItemFailures, Failure{ItemIdentifier: item.ItemIdentifier()})
}

// MarshalJSON writes State as {} rather than null when it is empty, and
// the failures as [].
func (r WindowResponse) MarshalJSON() ([]byte, error) {
	type plain WindowResponse
	if r.State == nil {
		r.State = map[string]any{}
	}
	if r.BatchItemFailures == nil {
		r.BatchItemFailures = []Failure{}
	}
	return json.Marshal(plain(r))
}

// StreamRule is the rule of a stream source whose event source mappings
// use tumbling windows (Kinesis, DynamoDB Streams), for service ("kinesis",
// "dynamodb"): a batch names its source in every record
// (Records[0].eventSource is "aws:<service>"); the last invocation of a
// window may carry no record, and is recognised by its top-level
// eventSourceARN, a stream ARN (arn:<partition>:<service>:...). No resource
// name holds a colon before the service, so two services never overlap.
func StreamRule(service string) registry.Rule {
	return registry.Any(
		registry.PathEquals("Records[0].eventSource", "aws:"+service),
		registry.PathContains("eventSourceARN", ":"+service+":"),
	)
}
