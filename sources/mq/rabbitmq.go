package mq

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/blob"
	"github.com/evplugin/evplugin/sources/internal/body"
)

// RabbitMQEvent is a batch of messages from Amazon MQ for RabbitMQ queues.
type RabbitMQEvent struct {
	lossless.Extra
	EventSource    string `json:"eventSource"` // "aws:rmq"
	EventSourceARN string `json:"eventSourceArn"`
	// MessagesByQueue holds the messages by "queue::virtual-host"
	// ("pizzaQueue::/"); [RabbitMQEvent.Queues] splits the keys and orders
	// them.
	MessagesByQueue map[string][]RabbitMQMessage `json:"rmqMessagesByQueue"`
}

// RabbitMQMessage is one AMQP message.
//
//evplugin:derived DecodedData
type RabbitMQMessage struct {
	lossless.Extra
	BasicProperties BasicProperties `json:"basicProperties"`
	Redelivered     bool            `json:"redelivered"`
	Data            string          `json:"data"` // base64
}

// BasicProperties are the AMQP basic properties of a message. Lambda sends
// every member, null when the publisher did not set it: a null reads as the
// zero value, and marshals back as null.
//
//evplugin:derived DecodedHeaders Time
type BasicProperties struct {
	lossless.Extra
	ContentType     string `json:"contentType"`
	ContentEncoding string `json:"contentEncoding"`
	// Headers is the application headers table: numbers, booleans, text,
	// lists, tables, and byte strings as {"bytes": [numbers]} (signed, as
	// Java writes them). [BasicProperties.DecodedHeaders] decodes the byte
	// strings.
	Headers       map[string]any `json:"headers"`
	DeliveryMode  int64          `json:"deliveryMode"` // 1 non-persistent, 2 persistent
	Priority      int64          `json:"priority"`
	CorrelationID string         `json:"correlationId"`
	ReplyTo       string         `json:"replyTo"`
	// Expiration is the message TTL in milliseconds, as text;
	// [BasicProperties.TTL] parses it.
	Expiration string `json:"expiration"`
	MessageID  string `json:"messageId"`
	// Timestamp is the AMQP timestamp as Lambda formats it, "Jan 1, 1970,
	// 12:33:41 AM"; [BasicProperties.Time] parses it.
	Timestamp string `json:"timestamp"`
	Type      string `json:"type"`
	UserID    string `json:"userId"`
	AppID     string `json:"appId"`
	ClusterID string `json:"clusterId"`
	BodySize  int64  `json:"bodySize"`
}

// Queue is the messages of one queue of a [RabbitMQEvent].
type Queue struct {
	Key         string // the key of MessagesByQueue: "queue::virtual-host"
	Name, VHost string
	Messages    []RabbitMQMessage
}

// SplitQueueKey splits a key of [RabbitMQEvent.MessagesByQueue],
// "queue::virtual-host", at its last "::" ("pizzaQueue::/" is queue
// "pizzaQueue" of the virtual host "/"). Queue names may hold "::"; a
// virtual host holding it splits wrongly, as nothing in the key tells.
func SplitQueueKey(key string) (queue, vhost string, err error) {
	i := strings.LastIndex(key, "::")
	if i < 0 {
		return "", "", fmt.Errorf("mq: %q is not queue::virtual-host", key)
	}
	return key[:i], key[i+2:], nil
}

// Queues returns the queues of the event with their names split from the
// keys, by key; a key without "::" gives its whole text as Name.
func (e RabbitMQEvent) Queues() []Queue {
	keys := make([]string, 0, len(e.MessagesByQueue))
	for k := range e.MessagesByQueue {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]Queue, 0, len(keys))
	for _, k := range keys {
		q := Queue{Key: k, Name: k, Messages: e.MessagesByQueue[k]}
		if name, vhost, err := SplitQueueKey(k); err == nil {
			q.Name, q.VHost = name, vhost
		}
		out = append(out, q)
	}
	return out
}

// AllMessages returns the messages of every queue in one list, queues in
// the order of [RabbitMQEvent.Queues], each queue's messages in the order
// Lambda sent them.
func (e RabbitMQEvent) AllMessages() []RabbitMQMessage {
	var out []RabbitMQMessage
	for _, q := range e.Queues() {
		out = append(out, q.Messages...)
	}
	return out
}

// DecodedData decodes the body from strict base64; nil when it is empty.
func (m RabbitMQMessage) DecodedData() ([]byte, error) { return decodeData(m.Data) }

// Text decodes the body as UTF-8 text; bytes that are not UTF-8 are an
// error.
func (m RabbitMQMessage) Text() (string, error) { return dataText(m.Data) }

// JSONData decodes the body, a JSON document, into v. An empty body is an
// error that says there was nothing to decode.
func (m RabbitMQMessage) JSONData(v any) error { return dataJSON(m.Data, v) }

// CarriedPayload is the decoded body, for [sources.Unwrap].
func (m RabbitMQMessage) CarriedPayload(limit int64) sources.Carried {
	return blob.Carried("data", m.Data, limit)
}

// timestampLayouts are the forms of Timestamp: Java's default date format
// with a comma after the year (Java 9 on), and without it (Java 8).
var timestampLayouts = []string{"Jan 2, 2006, 3:04:05 PM", "Jan 2, 2006 3:04:05 PM"}

// Time parses Timestamp, read as UTC (the time zone of Lambda's pollers;
// the text names none); the zero time when it is empty or null. The narrow
// and no-break spaces newer Java versions put before AM and PM are read as
// spaces.
func (p BasicProperties) Time() (time.Time, error) {
	if p.Timestamp == "" {
		return time.Time{}, nil
	}
	s := strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(p.Timestamp)
	var err error
	for _, layout := range timestampLayouts {
		var t time.Time
		if t, err = time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("mq: timestamp %q: %w", p.Timestamp, err)
}

// TTL parses Expiration, the per-message time to live in milliseconds;
// 0 when it is empty or null.
func (p BasicProperties) TTL() (time.Duration, error) {
	if p.Expiration == "" {
		return 0, nil
	}
	ms, err := strconv.ParseInt(p.Expiration, 10, 64)
	if err != nil || ms < 0 {
		return 0, fmt.Errorf("mq: expiration %q is not milliseconds", p.Expiration)
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// DecodedHeaders returns Headers with every byte string ({"bytes":
// [numbers]}, at any depth) decoded into []byte; the other values as they
// came. It is nil when there are no headers.
func (p BasicProperties) DecodedHeaders() (map[string]any, error) {
	if len(p.Headers) == 0 {
		return nil, nil
	}
	out := make(map[string]any, len(p.Headers))
	for k, v := range p.Headers {
		d, err := decodeHeader(v)
		if err != nil {
			return nil, fmt.Errorf("mq: header %q: %w", k, err)
		}
		out[k] = d
	}
	return out, nil
}

// Header returns the header name, decoded as [BasicProperties.DecodedHeaders]
// does; ok is false when there is none. AMQP header names are
// case-sensitive.
func (p BasicProperties) Header(name string) (value any, ok bool, err error) {
	v, ok := p.Headers[name]
	if !ok {
		return nil, false, nil
	}
	d, err := decodeHeader(v)
	if err != nil {
		return nil, false, fmt.Errorf("mq: header %q: %w", name, err)
	}
	return d, true, nil
}

// HeaderText returns the header name as text: a byte string as its bytes,
// text as it is, numbers and booleans formatted as JSON writes them. ok is
// false when there is none, or it is a list, a table or null.
func (p BasicProperties) HeaderText(name string) (value string, ok bool, err error) {
	v, ok, err := p.Header(name)
	if !ok || err != nil {
		return "", false, err
	}
	if b, isBytes := v.([]byte); isBytes {
		return string(b), true, nil
	}
	value, ok = body.Scalar(v)
	return value, ok, nil
}

// decodeHeader decodes the byte strings in a header value.
func decodeHeader(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		if nums, ok := x["bytes"].([]any); ok && len(x) == 1 {
			return byteString(nums)
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			d, err := decodeHeader(e)
			if err != nil {
				return nil, err
			}
			out[k] = d
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			d, err := decodeHeader(e)
			if err != nil {
				return nil, err
			}
			out[i] = d
		}
		return out, nil
	}
	return v, nil
}

// byteString decodes the numbers of {"bytes": [...]}.
func byteString(nums []any) ([]byte, error) {
	ns := make([]int64, len(nums))
	for i, e := range nums {
		n, ok := e.(json.Number)
		if !ok {
			return nil, errors.New("bytes: not a list of numbers")
		}
		var err error
		if ns[i], err = n.Int64(); err != nil {
			return nil, fmt.Errorf("bytes: [%d] %s is no byte", i, n)
		}
	}
	return body.SignedBytes(ns)
}
