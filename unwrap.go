package evplugin

import "github.com/evplugin/evplugin/sources"

// Nested is a payload an event carries, found by [Unwrap]: where it lies in
// the payload carrying it, the source it was detected as, and its value.
type Nested = sources.Nested

// Unwrap returns the payloads event, a decoded event, carries at every
// level: the SNS envelope in an SQS body and the S3 notification in its
// Message, the CloudWatch Logs payload or JSON event in Kinesis and
// Firehose data, JSON events in Kafka values and MQ messages, an event in
// an EventBridge detail. Each is detected and decoded through
// [registry.Default] (plugin sources included) and searched in turn, at
// most [sources.UnwrapDepth] levels deep and within
// [sources.UnwrapBudget] bytes of payloads in all; a payload that is no
// known event is plain JSON values, never an error. See [sources.Unwrap].
//
//	for _, n := range evplugin.Unwrap(e) {
//		if s3e, ok := n.Value.(*s3.Event); ok { ... }
//	}
func Unwrap(event any) []Nested {
	return sources.Unwrap(event, sources.UnwrapOptions{})
}
