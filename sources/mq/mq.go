// Package mq models the events Lambda sends for Amazon MQ brokers.
//
//	aws.mq.activemq  ActiveMQEvent  https://docs.aws.amazon.com/lambda/latest/dg/with-mq.html
//	aws.mq.rabbitmq  RabbitMQEvent  https://docs.aws.amazon.com/lambda/latest/dg/with-mq.html
//
// Message bodies arrive in base64 ("data"): DecodedData gives the bytes,
// Text the UTF-8 text, JSONData decodes a JSON body into the caller's value.
// The printer shows DecodedData as text (JSON with members named like
// secrets masked) or, for binary bodies, as base64.
//
// Brokers and the documentation disagree on a few members: ActiveMQ events
// carry eventSource "aws:mq" (the Lambda guide, and brokers) or "aws:amq"
// (older samples), "correlationID" (brokers) or "correlationId" (the
// guide), "expiration" as a number (brokers) or text (the guide), and
// "replyTo" as null or the text "null". The types follow what brokers
// send and the methods read either form; RabbitMQ basic properties are
// typed, each of them nullable.
package mq

//go:generate go run ../internal/genlossless

import (
	"time"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/body"
)

func init() {
	sources.Register[ActiveMQEvent]("aws.mq.activemq", "Amazon MQ for ActiveMQ queue trigger", sources.PriorityExact,
		registry.Any(registry.PathEquals("eventSource", EventSourceActiveMQ), registry.PathEquals("eventSource", "aws:amq")))
	sources.Register[RabbitMQEvent]("aws.mq.rabbitmq", "Amazon MQ for RabbitMQ queue trigger", sources.PriorityExact,
		registry.All(registry.PathEquals("eventSource", EventSourceRabbitMQ)))
}

// The eventSource values. ActiveMQ events from older tools and samples
// carry "aws:amq", which aws.mq.activemq accepts too.
const (
	EventSourceActiveMQ = "aws:mq"
	EventSourceRabbitMQ = "aws:rmq"
)

// decodeData, dataText and dataJSON serve the Data member of both kinds of
// message: base64 text, empty for an empty body.
func decodeData(s string) ([]byte, error) { return body.Optional(s, true) }
func dataText(s string) (string, error)   { return body.Base64Text(s) }
func dataJSON(s string, v any) error      { return body.DecodeJSON(s, true, v) }

// millis is epoch milliseconds as a UTC time; the zero time for 0 or less,
// which brokers send for a time they did not set.
func millis(ms int64) time.Time {
	if ms <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}
