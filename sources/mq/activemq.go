package mq

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/blob"
	"github.com/evplugin/evplugin/sources/internal/body"
)

// The values of [ActiveMQMessage.MessageType].
const (
	MessageTypeText  = "jms/text-message"
	MessageTypeBytes = "jms/bytes-message"
)

// ActiveMQEvent is a batch of messages from an Amazon MQ for ActiveMQ queue.
type ActiveMQEvent struct {
	lossless.Extra
	EventSource    string            `json:"eventSource"` // "aws:mq" (or "aws:amq")
	EventSourceARN string            `json:"eventSourceArn"`
	Messages       []ActiveMQMessage `json:"messages"`
}

// ActiveMQMessage is one JMS message. Times are epoch milliseconds; the
// methods [ActiveMQMessage.Time], [ActiveMQMessage.BrokerInAt] and
// [ActiveMQMessage.BrokerOutAt] convert them.
//
//evplugin:derived DecodedData Time BrokerInAt BrokerOutAt Expires
type ActiveMQMessage struct {
	lossless.Extra
	MessageID     string      `json:"messageID"`
	MessageType   string      `json:"messageType"` // jms/text-message, jms/bytes-message, ...
	Data          string      `json:"data"`        // base64
	ConnectionID  string      `json:"connectionId"`
	Redelivered   bool        `json:"redelivered"`
	Persistent    bool        `json:"persistent"`
	Destination   Destination `json:"destination"`
	Timestamp     int64       `json:"timestamp"`
	BrokerInTime  int64       `json:"brokerInTime"`
	BrokerOutTime int64       `json:"brokerOutTime"`
	// Properties are the JMS message properties, absent when there are
	// none; [ActiveMQMessage.Property] reads one as text.
	Properties   map[string]any `json:"properties"`
	DeliveryMode int64          `json:"deliveryMode"` // 1 non-persistent, 2 persistent
	// CorrelationID is JMSCorrelationID as brokers spell the member;
	// [ActiveMQMessage.Correlation] also reads the guide's "correlationId".
	CorrelationID string `json:"correlationID"`
	// ReplyTo is JMSReplyTo: null, the text "null", or a destination;
	// [ActiveMQMessage.ReplyToName] reads it.
	ReplyTo any    `json:"replyTo"`
	Type    string `json:"type"` // JMSType
	// Expiration is JMSExpiration in epoch milliseconds, 0 for never: a
	// number from brokers, text in the guide; [ActiveMQMessage.Expires]
	// reads either.
	Expiration any   `json:"expiration"`
	Priority   int64 `json:"priority"` // 0 to 9
}

// Destination is the queue a message was sent to.
type Destination struct {
	lossless.Extra
	PhysicalName string `json:"physicalName"`
}

// Name is the queue name: PhysicalName, or the member "physicalname" some
// documentation samples spell in lower case.
func (d Destination) Name() string {
	if d.PhysicalName != "" {
		return d.PhysicalName
	}
	s, _ := d.Unknown["physicalname"].(string)
	return s
}

// DecodedData decodes the body from strict base64; nil when it is empty.
func (m ActiveMQMessage) DecodedData() ([]byte, error) { return decodeData(m.Data) }

// Text decodes the body as UTF-8 text (a jms/text-message); bytes that are
// not UTF-8 are an error.
func (m ActiveMQMessage) Text() (string, error) { return dataText(m.Data) }

// JSONData decodes the body, a JSON document, into v. An empty body is an
// error that says there was nothing to decode.
func (m ActiveMQMessage) JSONData(v any) error { return dataJSON(m.Data, v) }

// CarriedPayload is the decoded body, for [sources.Unwrap].
func (m ActiveMQMessage) CarriedPayload(limit int64) sources.Carried {
	return blob.Carried("data", m.Data, limit)
}

// Time is Timestamp (JMSTimestamp, when the message was sent) as a UTC
// time; the zero time when it is not set.
func (m ActiveMQMessage) Time() (time.Time, error) { return millis(m.Timestamp), nil }

// BrokerInAt is BrokerInTime, when the broker received the message, as a
// UTC time.
func (m ActiveMQMessage) BrokerInAt() (time.Time, error) { return millis(m.BrokerInTime), nil }

// BrokerOutAt is BrokerOutTime, when the broker delivered the message to
// Lambda, as a UTC time.
func (m ActiveMQMessage) BrokerOutAt() (time.Time, error) { return millis(m.BrokerOutTime), nil }

// Expires is Expiration as a UTC time: the zero time when the message
// never expires (0, absent or null). Expiration arrives as a number or as
// text; anything else is an error.
func (m ActiveMQMessage) Expires() (time.Time, error) {
	var s string
	switch x := m.Expiration.(type) {
	case nil:
		return time.Time{}, nil
	case json.Number:
		s = x.String()
	case string:
		s = x
	default:
		return time.Time{}, fmt.Errorf("mq: expiration is %T, not epoch milliseconds", x)
	}
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("mq: expiration: %w", err)
	}
	return millis(ms), nil
}

// Correlation is the JMSCorrelationID: CorrelationID, or the member
// "correlationId" as the Lambda guide spells it.
func (m ActiveMQMessage) Correlation() string {
	if m.CorrelationID != "" {
		return m.CorrelationID
	}
	s, _ := m.Unknown["correlationId"].(string)
	return s
}

// ReplyToName is the destination of JMSReplyTo: "" when there is none
// (null, or the text "null" brokers send), the text itself, or the
// physicalName of a destination object.
func (m ActiveMQMessage) ReplyToName() string {
	switch x := m.ReplyTo.(type) {
	case string:
		if x == "null" {
			return ""
		}
		return x
	case map[string]any:
		for _, k := range []string{"physicalName", "physicalname"} {
			if s, ok := x[k].(string); ok {
				return s
			}
		}
	}
	return ""
}

// Property returns the JMS property name as text (numbers and booleans
// formatted as JSON writes them); ok is false when there is none or it is
// not a scalar.
func (m ActiveMQMessage) Property(name string) (value string, ok bool) {
	v, ok := m.Properties[name]
	if !ok {
		return "", false
	}
	return body.Scalar(v)
}
