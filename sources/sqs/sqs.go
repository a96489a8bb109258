// Package sqs models the events Amazon SQS sends to Lambda.
//
//	aws.sqs  Event  https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
//
// A function reporting partial batch failures returns a [BatchResponse].
// Messages whose body is an S3 event notification or an SNS envelope decode
// with [Message.S3Event] and [Message.SNSMessage].
package sqs

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/evplugin/evplugin/lossless"

	"github.com/evplugin/evplugin/internal/epoch"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/s3"
	"github.com/evplugin/evplugin/sources/sns"
)

func init() {
	registry.Default.MustRegister(registry.Source{
		ID:       "aws.sqs",
		Title:    "Amazon SQS queue trigger",
		New:      func() any { return new(Event) },
		Rule:     registry.Rule{All: []registry.Cond{{Path: "Records[0].eventSource", Op: registry.Equals, Value: "aws:sqs"}}},
		Priority: sources.PriorityRecord,
	})
}

// Event is a batch of SQS messages.
type Event struct {
	lossless.Extra
	Records []Message `json:"Records"`
}

// UnmarshalJSON decodes losslessly; see [lossless.Unmarshal].
func (e *Event) UnmarshalJSON(b []byte) error { return lossless.Unmarshal(b, e) }

// MarshalJSON encodes the event as it was received, changes included.
func (e Event) MarshalJSON() ([]byte, error) { return lossless.Marshal(&e) }

// Message is one SQS message.
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
type MessageAttribute struct {
	lossless.Extra
	StringValue      *string  `json:"stringValue"`
	BinaryValue      *string  `json:"binaryValue"`
	StringListValues []string `json:"stringListValues"`
	BinaryListValues []string `json:"binaryListValues"`
	DataType         string   `json:"dataType"`
}

// BatchResponse reports the messages a function failed to process, so
// only those return to the queue (ReportBatchItemFailures).
type BatchResponse struct {
	BatchItemFailures []BatchItemFailure `json:"batchItemFailures"`
}

// BatchItemFailure names one failed message by its ID.
type BatchItemFailure struct {
	ItemIdentifier string `json:"itemIdentifier"`
}

// Fail adds the message to the failures.
func (r *BatchResponse) Fail(m Message) {
	r.BatchItemFailures = append(r.BatchItemFailures, BatchItemFailure{ItemIdentifier: m.MessageID})
}

// Derived lists the derived values the printer shows.
func (m Message) Derived() []printer.Derived {
	return []printer.Derived{printer.DeriveInto("JSONBody", m.JSONBody), printer.Derive("QueueURL", m.QueueURL)}
}

// JSONBody decodes the body, a JSON document, into v.
func (m Message) JSONBody(v any) error { return body.JSON([]byte(m.Body), v) }

// QueueURL is the URL of the queue the message came from, derived from
// EventSourceARN.
func (m Message) QueueURL() (string, error) {
	a, err := arn.Parse(m.EventSourceARN)
	if err != nil {
		return "", err
	}
	return "https://sqs." + a.Region + "." + a.DNSSuffix() + "/" + a.AccountID + "/" + a.Resource, nil
}

// IsFIFO reports whether the message came from a FIFO queue.
func (m Message) IsFIFO() bool { return m.Attributes.MessageGroupID != "" }

// Derived lists the derived values the printer shows.
func (a Attributes) Derived() []printer.Derived {
	return []printer.Derived{
		printer.Derive("ReceiveCount", a.ReceiveCount),
		printer.Derive("SentTime", a.SentTime),
		printer.Derive("FirstReceiveTime", a.FirstReceiveTime),
	}
}

// ReceiveCount is ApproximateReceiveCount as a number.
func (a Attributes) ReceiveCount() (int, error) { return strconv.Atoi(a.ApproximateReceiveCount) }

// SentTime is SentTimestamp as a time.
func (a Attributes) SentTime() (time.Time, error) { return epoch.Millis(a.SentTimestamp) }

// FirstReceiveTime is ApproximateFirstReceiveTimestamp as a time.
func (a Attributes) FirstReceiveTime() (time.Time, error) {
	return epoch.Millis(a.ApproximateFirstReceiveTimestamp)
}

// Derived lists the derived values the printer shows.
func (a MessageAttribute) Derived() []printer.Derived {
	return []printer.Derived{printer.Derive("DecodedBinaryValue", a.DecodedBinaryValue)}
}

// DecodedBinaryValue decodes BinaryValue from base64; nil when there is none.
func (a MessageAttribute) DecodedBinaryValue() ([]byte, error) {
	if a.BinaryValue == nil {
		return nil, nil
	}
	return body.Base64(*a.BinaryValue)
}

// S3Event decodes the body as the S3 event notification S3 sends to a
// queue. A body that is not JSON, or holds no record with eventSource
// "aws:s3", is an error; so is the s3:TestEvent S3 sends when the
// notification is configured (see [Message.S3TestEvent]).
func (m Message) S3Event() (*s3.Event, error) {
	var e s3.Event
	if err := unmarshalObject(m.Body, &e); err != nil {
		return nil, fmt.Errorf("sqs: body is not an S3 event: %w", err)
	}
	if len(e.Records) == 0 {
		return nil, errors.New("sqs: body is not an S3 event: no Records")
	}
	for i, r := range e.Records {
		if r.EventSource != "aws:s3" {
			return nil, fmt.Errorf("sqs: body is not an S3 event: Records[%d].eventSource is %q", i, r.EventSource)
		}
	}
	return &e, nil
}

// S3TestEvent decodes the body as the s3:TestEvent S3 sends to a queue when
// a notification configuration is created; any other body is an error.
func (m Message) S3TestEvent() (*s3.TestEvent, error) {
	var e s3.TestEvent
	if err := unmarshalObject(m.Body, &e); err != nil {
		return nil, fmt.Errorf("sqs: body is not an S3 test event: %w", err)
	}
	if e.Event != "s3:TestEvent" {
		return nil, errors.New("sqs: body is not an S3 test event")
	}
	return &e, nil
}

// SNSMessage decodes the body as the JSON envelope SNS delivers to a queue
// subscribed without raw message delivery; the published message is its
// Message member. A body without Type, MessageId and TopicArn (raw delivery,
// any other payload) is an error.
func (m Message) SNSMessage() (*sns.Message, error) {
	var msg sns.Message
	if err := unmarshalObject(m.Body, &msg); err != nil {
		return nil, fmt.Errorf("sqs: body is not an SNS message: %w", err)
	}
	if msg.Type == "" || msg.MessageID == "" || msg.TopicARN == "" {
		return nil, errors.New("sqs: body is not an SNS message: no Type, MessageId or TopicArn")
	}
	return &msg, nil
}

// unmarshalObject decodes a body holding a JSON object into v; anything else
// (plain text, null, an array) is refused up front with a plain error.
func unmarshalObject(b string, v any) error {
	if !strings.HasPrefix(strings.TrimLeft(b, " \t\r\n"), "{") {
		return errors.New("not a JSON object")
	}
	return lossless.Unmarshal([]byte(b), v)
}
