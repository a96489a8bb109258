// Package sqs models the events Amazon SQS sends to Lambda.
//
//	aws.sqs  Event  https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
//
// A function reporting partial batch failures returns a [BatchResponse].
// A message body holding an S3 event notification decodes with s3.ParseEvent
// (or s3.ParseTestEvent), an SNS envelope with sns.ParseMessage; this package
// imports neither, so an SQS handler links neither.
package sqs

//go:generate go run ../internal/genlossless

import (
	"strconv"
	"strings"
	"time"

	"github.com/evplugin/evplugin/internal/epoch"
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/esm"
)

func init() {
	sources.Register[Event]("aws.sqs", "Amazon SQS queue trigger", sources.PriorityRecord,
		registry.All(registry.PathEquals("Records[0].eventSource", "aws:sqs")))
}

// Event is a batch of SQS messages.
type Event struct {
	lossless.Extra
	Records []Message `json:"Records"`
}

// Message is one SQS message.
//
//evplugin:derived Payload QueueURL
type Message struct {
	lossless.Extra
	MessageID              string                      `json:"messageId"`
	ReceiptHandle          string                      `json:"receiptHandle"`
	Body                   string                      `json:"body"`
	Attributes             Attributes                  `json:"attributes"`
	MessageAttributes      map[string]MessageAttribute `json:"messageAttributes"`
	MD5OfBody              string                      `json:"md5OfBody"`
	MD5OfMessageAttributes string                      `json:"md5OfMessageAttributes"`
	EventSource            string                      `json:"eventSource"`
	EventSourceARN         string                      `json:"eventSourceARN"`
	AWSRegion              string                      `json:"awsRegion"`
}

// Attributes are the system attributes of a message. Timestamps are epoch
// milliseconds as text; the methods parse them.
//
//evplugin:derived ReceiveCount SentTime FirstReceiveTime
type Attributes struct {
	lossless.Extra
	ApproximateReceiveCount          string `json:"ApproximateReceiveCount"`
	SentTimestamp                    string `json:"SentTimestamp"`
	SenderID                         string `json:"SenderId"`
	ApproximateFirstReceiveTimestamp string `json:"ApproximateFirstReceiveTimestamp"`
	AWSTraceHeader                   string `json:"AWSTraceHeader"`
	SequenceNumber                   string `json:"SequenceNumber"`         // FIFO queues
	MessageGroupID                   string `json:"MessageGroupId"`         // FIFO queues
	MessageDeduplicationID           string `json:"MessageDeduplicationId"` // FIFO queues
	DeadLetterQueueSourceARN         string `json:"DeadLetterQueueSourceArn"`
}

// MessageAttribute is a user-defined attribute. Binary values are base64
// text; [MessageAttribute.DecodedBinaryValue] decodes them.
//
//evplugin:derived DecodedBinaryValue
type MessageAttribute struct {
	lossless.Extra
	StringValue      *string  `json:"stringValue"`
	BinaryValue      *string  `json:"binaryValue"`
	StringListValues []string `json:"stringListValues"`
	BinaryListValues []string `json:"binaryListValues"`
	DataType         string   `json:"dataType"`
}

// BatchResponse reports the messages a function failed to process, so
// only those return to the queue (ReportBatchItemFailures). Its Fail method
// takes a [Message] (or any batch item: the type is shared with
// kinesis.BatchResponse and dynamodb.BatchResponse).
type BatchResponse = esm.Response

// BatchItemFailure names one failed message by its ID.
type BatchItemFailure = esm.Failure

// ItemIdentifier is the ID of the message, which a [BatchResponse] names
// it by.
func (m Message) ItemIdentifier() string { return m.MessageID }

// JSONBody decodes the body, a JSON document, into v. An empty body is an
// error, which the printer leaves out of the view.
func (m Message) JSONBody(v any) error { return body.JSON([]byte(m.Body), v) }

// Payload is what the body carries: the event a registered source detects
// in it (an SNS envelope, an S3 notification) decoded into its type, or else
// the JSON document as plain values (see [sources.Payload]).
func (m Message) Payload() (any, error) { return sources.Payload(m.Body) }

// CarriedPayload is the body, for [sources.Unwrap].
func (m Message) CarriedPayload(int64) sources.Carried { return sources.CarriedText("body", m.Body) }

// Redacted shows the body, when it carries an event, as a note pointing
// to Payload, where the event prints with its own masks (see
// [sources.PayloadNote]).
func (m Message) Redacted() map[string]string {
	if s, ok := sources.PayloadNote(m.Body); ok {
		return map[string]string{"body": s}
	}
	return nil
}

// QueueURL is the URL of the queue the message came from, derived from
// EventSourceARN.
func (m Message) QueueURL() (string, error) {
	a, err := arn.Parse(m.EventSourceARN)
	if err != nil {
		return "", err
	}
	return "https://sqs." + a.Region + "." + a.DNSSuffix() + "/" + a.AccountID + "/" + a.Resource, nil
}

// IsFIFO reports whether the message came from a FIFO queue: it has a
// message group, or the queue's name (the end of EventSourceARN) ends in
// ".fifo", as every FIFO queue's does.
func (m Message) IsFIFO() bool {
	return m.Attributes.MessageGroupID != "" || strings.HasSuffix(m.EventSourceARN, ".fifo")
}

// MessageGroup is the message group of a message from a FIFO queue
// (Attributes.MessageGroupID); empty for a standard queue.
func (m Message) MessageGroup() string { return m.Attributes.MessageGroupID }

// ReceiveCount is ApproximateReceiveCount as a number.
func (a Attributes) ReceiveCount() (int, error) { return strconv.Atoi(a.ApproximateReceiveCount) }

// SentTime is SentTimestamp as a time.
func (a Attributes) SentTime() (time.Time, error) { return epoch.Millis(a.SentTimestamp) }

// FirstReceiveTime is ApproximateFirstReceiveTimestamp as a time.
func (a Attributes) FirstReceiveTime() (time.Time, error) {
	return epoch.Millis(a.ApproximateFirstReceiveTimestamp)
}

// DecodedBinaryValue decodes BinaryValue from strict base64; nil when there
// is none or it is empty.
func (a MessageAttribute) DecodedBinaryValue() ([]byte, error) {
	if a.BinaryValue == nil {
		return nil, nil
	}
	return body.Optional(*a.BinaryValue, true)
}
