// Package sns models the events Amazon SNS sends to Lambda.
//
//	aws.sns  Event  https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
//
// [Message] is also the JSON envelope SNS delivers to SQS queues and HTTP
// endpoints when raw message delivery is off
// (https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html);
// [ParseMessage] decodes it from a queue message body.
package sns

//go:generate go run ../internal/genlossless

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
	"github.com/evplugin/evplugin/sources/internal/body"
)

func init() {
	sources.Register[Event]("aws.sns", "Amazon SNS subscription", sources.PriorityRecord,
		registry.All(registry.PathEquals("Records[0].EventSource", "aws:sns")))
	// Every message type (Notification, SubscriptionConfirmation,
	// UnsubscribeConfirmation) has these; Subject, Token and the URLs are
	// optional or per type.
	sources.Register[Message]("aws.sns.envelope", "Amazon SNS message envelope (SQS and HTTP/S deliveries)", sources.PriorityExact,
		registry.All(registry.PathExists("Type"), registry.PathExists("MessageId"), registry.PathExists("TopicArn"),
			registry.PathExists("Message"), registry.PathExists("Timestamp")))
}

// Event is a batch of SNS notifications (Lambda delivers one at a time).
type Event struct {
	lossless.Extra
	Records []Record `json:"Records"`
}

// Record returns the first record: Lambda delivers one notification per
// invocation. An event without records is an error.
func (e Event) Record() (Record, error) { return body.First("sns", e.Records) }

// Message returns the first record's message; its Message member is the
// text that was published.
func (e Event) Message() (Message, error) {
	r, err := e.Record()
	return r.SNS, err
}

// Record is one delivery of a message to the subscribed function. Unlike
// most sources, SNS capitalises its keys (EventSource, not eventSource).
type Record struct {
	lossless.Extra
	EventVersion         string  `json:"EventVersion"`
	EventSubscriptionARN string  `json:"EventSubscriptionArn"`
	EventSource          string  `json:"EventSource"`
	SNS                  Message `json:"Sns"`
}

// Message is an SNS message: a Notification, or, in an SQS or HTTP
// delivery, a SubscriptionConfirmation or UnsubscribeConfirmation.
//
// SNS spells two keys differently by delivery: Lambda events carry
// SigningCertUrl and UnsubscribeUrl, the envelope of SQS and HTTP deliveries
// SigningCertURL and UnsubscribeURL. Each spelling has its own field, so a
// message marshals back as it came; [Message.CertURL] and
// [Message.UnsubscribeLink] return whichever is set.
//
//evplugin:derived Payload Time
type Message struct {
	lossless.Extra
	Type              string                      `json:"Type"`
	MessageID         string                      `json:"MessageId"`
	TopicARN          string                      `json:"TopicArn"`
	Subject           string                      `json:"Subject"` // null when the publisher set none
	Message           string                      `json:"Message"`
	Timestamp         string                      `json:"Timestamp"`
	SignatureVersion  string                      `json:"SignatureVersion"`
	Signature         string                      `json:"Signature"`
	SigningCertURL    string                      `json:"SigningCertUrl"` // Lambda spelling
	UnsubscribeURL    string                      `json:"UnsubscribeUrl"` // Lambda spelling
	MessageAttributes map[string]MessageAttribute `json:"MessageAttributes"`
	SequenceNumber    string                      `json:"SequenceNumber"` // FIFO topics

	// SQS and HTTP spelling of SigningCertUrl and UnsubscribeUrl.
	SigningCertURLEnvelope string `json:"SigningCertURL"`
	UnsubscribeURLEnvelope string `json:"UnsubscribeURL"`

	// SubscriptionConfirmation and UnsubscribeConfirmation messages: the
	// token (also inside SubscribeURL) confirms the subscription.
	SubscribeURL string `json:"SubscribeURL" sensitive:"true"`
	Token        string `json:"Token" sensitive:"true"`
}

// ParseMessage decodes s, the JSON envelope SNS delivers to an SQS queue (the
// message body) or an HTTP endpoint when raw message delivery is off; the
// published message is its Message member. Text without Type, MessageId and
// TopicArn (raw delivery, any other payload) is an error.
func ParseMessage(s string) (*Message, error) {
	return body.Object(s, "sns: not an SNS message", func(m *Message) error {
		if m.Type == "" || m.MessageID == "" || m.TopicARN == "" {
			return errors.New("no Type, MessageId or TopicArn")
		}
		return nil
	})
}

// MessageAttribute is a user-defined attribute. Type is String, String.Array,
// Number or Binary; Value is text in each case: a JSON array for
// String.Array, a decimal number for Number, base64 for Binary.
type MessageAttribute struct {
	lossless.Extra
	Type  string `json:"Type"`
	Value string `json:"Value"`
}

// JSONMessage decodes the message, a JSON document, into v.
func (m Message) JSONMessage(v any) error { return body.JSON([]byte(m.Message), v) }

// Payload is what the message carries: the event a registered source
// detects in it (an S3 notification, a CloudWatch alarm) decoded into its
// type, or else the JSON document as plain values (see [sources.Payload]).
func (m Message) Payload() (any, error) { return sources.Payload(m.Message) }

// CarriedPayload is the message, for [sources.Unwrap].
func (m Message) CarriedPayload(int64) sources.Carried {
	return sources.CarriedText("Message", m.Message)
}

// Redacted shows the Message, when it carries an event, as a note pointing
// to Payload, where the event prints with its own masks (see
// [sources.PayloadNote]).
func (m Message) Redacted() map[string]string {
	if s, ok := sources.PayloadNote(m.Message); ok {
		return map[string]string{"Message": s}
	}
	return nil
}

// Time is Timestamp, the time SNS published the message.
func (m Message) Time() (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, m.Timestamp)
	if err != nil {
		return time.Time{}, fmt.Errorf("sns: Timestamp: %w", err)
	}
	return t, nil
}

// Topic is TopicARN parsed.
func (m Message) Topic() (arn.ARN, error) { return arn.Parse(m.TopicARN) }

// CertURL is the URL of the certificate that signed the message, whichever
// way the delivery spells its key.
func (m Message) CertURL() string {
	if m.SigningCertURL != "" {
		return m.SigningCertURL
	}
	return m.SigningCertURLEnvelope
}

// UnsubscribeLink is the URL that ends the subscription, whichever way the
// delivery spells its key.
func (m Message) UnsubscribeLink() string {
	if m.UnsubscribeURL != "" {
		return m.UnsubscribeURL
	}
	return m.UnsubscribeURLEnvelope
}

// Derived lists the derived value the printer shows: the one that fits the
// attribute's type.
func (a MessageAttribute) Derived() []printer.Derived {
	switch {
	case a.isType("Binary"):
		return []printer.Derived{printer.Derive("DecodedBinaryValue", a.DecodedBinaryValue)}
	case a.isType("Number"):
		return []printer.Derived{printer.Derive("Number", a.Number)}
	case a.isType("String.Array"):
		return []printer.Derived{printer.Derive("StringArray", a.StringArray)}
	}
	return nil
}

// isType reports whether the attribute has data type t, with or without a
// custom suffix ("Number.float").
func (a MessageAttribute) isType(t string) bool {
	return a.Type == t || strings.HasPrefix(a.Type, t+".")
}

// DecodedBinaryValue decodes the Value of a Binary attribute from strict
// base64; nil for an empty Value and for attributes of other types.
func (a MessageAttribute) DecodedBinaryValue() ([]byte, error) {
	if !a.isType("Binary") {
		return nil, nil
	}
	b, err := body.Optional(a.Value, true)
	if err != nil {
		return nil, fmt.Errorf("sns: binary attribute: %w", err)
	}
	return b, nil
}

// Number is the Value of a Number attribute, digits kept.
func (a MessageAttribute) Number() (json.Number, error) {
	if !a.isType("Number") {
		return "", fmt.Errorf("sns: attribute of type %q is not a Number", a.Type)
	}
	var v any
	err := body.JSON([]byte(a.Value), &v)
	n, ok := v.(json.Number)
	if err != nil || !ok {
		return "", fmt.Errorf("sns: Number attribute %q is not a number", a.Value)
	}
	return n, nil
}

// StringArray decodes the Value of a String.Array attribute, a JSON array of
// strings, numbers, booleans and nulls (numbers as json.Number).
func (a MessageAttribute) StringArray() ([]any, error) {
	if !a.isType("String.Array") {
		return nil, fmt.Errorf("sns: attribute of type %q is not a String.Array", a.Type)
	}
	var v []any
	if err := body.JSON([]byte(a.Value), &v); err != nil {
		return nil, fmt.Errorf("sns: String.Array attribute: %w", err)
	}
	if v == nil {
		return nil, errors.New("sns: String.Array attribute is null")
	}
	return v, nil
}
