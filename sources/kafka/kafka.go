// Package kafka models the events Lambda sends for Apache Kafka topics.
//
//	aws.kafka.msk          MSKEvent          https://docs.aws.amazon.com/lambda/latest/dg/with-msk.html
//	aws.kafka.selfmanaged  SelfManagedEvent  https://docs.aws.amazon.com/lambda/latest/dg/with-kafka.html
//
// Both sources send the same batch ([Batch]): records grouped by
// "topic-partition", each with its key and value in base64, its headers as
// arrays of byte numbers, and, when the event source mapping validates
// records against a schema registry, the key's and value's schema metadata.
// They differ in eventSource ("aws:kafka"; "SelfManagedKafka", which
// some tools write "aws:SelfManagedKafka") and in eventSourceArn, which only
// MSK sends. Each has a type of its own, so evplugin.Handle knows the
// source from the handler's type; a function fed by both can decode either
// event into either type, as the members are the same.
//
// The records map has no order across topic-partitions (Lambda reads each
// partition in order; a batch may hold several), and Go maps keep none:
// [Batch.AllRecords] flattens it in a documented order, by topic, then
// partition number, each partition's records in the order Lambda sent them.
package kafka

//go:generate go run ../internal/genlossless

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/blob"
	"github.com/evplugin/evplugin/sources/internal/body"
)

func init() {
	sources.Register[MSKEvent]("aws.kafka.msk", "Amazon MSK (Managed Streaming for Apache Kafka) topic trigger", sources.PriorityExact,
		registry.All(registry.PathEquals("eventSource", EventSourceMSK)))
	sources.Register[SelfManagedEvent]("aws.kafka.selfmanaged", "self-managed Apache Kafka topic trigger", sources.PriorityExact,
		registry.Any(registry.PathEquals("eventSource", EventSourceSelfManaged), registry.PathEquals("eventSource", "aws:"+EventSourceSelfManaged)))
}

// The eventSource values of the two sources. The Lambda guide documents
// "SelfManagedKafka"; some tools and samples write "aws:SelfManagedKafka",
// which aws.kafka.selfmanaged accepts too.
const (
	EventSourceMSK         = "aws:kafka"
	EventSourceSelfManaged = "SelfManagedKafka"
)

// The values of [Record.TimestampType].
const (
	TimestampCreateTime    = "CREATE_TIME"     // set by the producer
	TimestampLogAppendTime = "LOG_APPEND_TIME" // set by the broker
)

// The values of [SchemaMetadata.DataFormat].
const (
	FormatAvro     = "AVRO"
	FormatProtobuf = "PROTOBUF"
	FormatJSON     = "JSON"
)

// MSKEvent is a batch of records from an Amazon MSK cluster.
type MSKEvent struct {
	lossless.Extra
	Batch
}

// SelfManagedEvent is a batch of records from a self-managed Apache Kafka
// cluster (Confluent Cloud, or a cluster of your own).
type SelfManagedEvent struct {
	lossless.Extra
	Batch
}

// Batch holds the members both Kafka sources send. It is embedded, without
// a json name, in [MSKEvent] and [SelfManagedEvent], whose Extra keeps the
// members nobody models.
type Batch struct {
	EventSource      string `json:"eventSource"`
	EventSourceARN   string `json:"eventSourceArn"`   // MSK only: the cluster
	BootstrapServers string `json:"bootstrapServers"` // comma-separated host:port
	// Records holds the records by "topic-partition" ("orders-0");
	// [Batch.AllRecords] lists them in order.
	Records map[string][]Record `json:"records"`
}

// Record is one Kafka record.
//
//evplugin:derived DecodedKey DecodedValue DecodedHeaders Time
type Record struct {
	lossless.Extra
	Topic     string `json:"topic"`
	Partition int64  `json:"partition"`
	Offset    int64  `json:"offset"`
	// Timestamp is in epoch milliseconds; [Record.Time] converts it.
	Timestamp     int64  `json:"timestamp"`
	TimestampType string `json:"timestampType"`
	// Key is the base64 key, nil when the record has none (the member
	// absent or null, as Kafka allows); [Record.DecodedKey] decodes it.
	Key *string `json:"key"`
	// Value is the base64 value; [Record.DecodedValue], [Record.Text] and
	// [Record.JSONValue] decode it.
	Value string `json:"value"`
	// Headers are the record headers in order, each a one-member object
	// whose value is the header's bytes as numbers: signed, as Java writes
	// them, so 0xff arrives as -1. [Record.HeaderList] decodes them.
	Headers []map[string][]int64 `json:"headers"`
	// KeySchemaMetadata and ValueSchemaMetadata are set when the event
	// source mapping validates records with a schema registry.
	KeySchemaMetadata   *SchemaMetadata `json:"keySchemaMetadata"`
	ValueSchemaMetadata *SchemaMetadata `json:"valueSchemaMetadata"`
}

// SchemaMetadata names the schema a key or value was validated against.
type SchemaMetadata struct {
	lossless.Extra
	DataFormat string `json:"dataFormat"` // AVRO, PROTOBUF or JSON
	SchemaID   string `json:"schemaId"`
}

// Header is one record header, decoded.
type Header struct {
	Name  string
	Value []byte
}

// BootstrapServerList splits BootstrapServers at its commas, without
// blanks; nil when there are none.
func (b Batch) BootstrapServerList() []string {
	var out []string
	for s := range strings.SplitSeq(b.BootstrapServers, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// TopicPartitions returns the keys of Records in the order of
// [Batch.AllRecords]: by topic, then partition number (see
// [SplitTopicPartition]; a key that does not split sorts by its text after
// those that do).
func (b Batch) TopicPartitions() []string {
	keys := make([]string, 0, len(b.Records))
	for k := range b.Records {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareTopicPartitions)
	return keys
}

func compareTopicPartitions(a, b string) int {
	ta, pa, erra := SplitTopicPartition(a)
	tb, pb, errb := SplitTopicPartition(b)
	switch {
	case erra != nil && errb != nil:
		return strings.Compare(a, b)
	case erra != nil:
		return 1
	case errb != nil:
		return -1
	}
	return cmp.Or(strings.Compare(ta, tb), cmp.Compare(pa, pb))
}

// AllRecords returns the records of every topic-partition in one list:
// topic-partitions in the order of [Batch.TopicPartitions] ("orders-2"
// before "orders-10"), each one's records in the order Lambda sent them,
// which is offset order. The order is the same for every call on the same
// batch; nothing else orders records across partitions.
func (b Batch) AllRecords() []Record {
	var out []Record
	for _, k := range b.TopicPartitions() {
		out = append(out, b.Records[k]...)
	}
	return out
}

// SplitTopicPartition splits a key of [Batch.Records], "topic-partition",
// at its last hyphen: topic names may hold hyphens, partition numbers may
// not ("user-events-3" is topic "user-events", partition 3).
func SplitTopicPartition(key string) (topic string, partition int64, err error) {
	i := strings.LastIndexByte(key, '-')
	if i > 0 && i+1 < len(key) && strings.Trim(key[i+1:], "0123456789") == "" {
		if partition, err = strconv.ParseInt(key[i+1:], 10, 32); err == nil {
			return key[:i], partition, nil
		}
	}
	return "", 0, fmt.Errorf("kafka: %q is not topic-partition", key)
}

// TopicPartition is the key of [Batch.Records] the record belongs under:
// "topic-partition".
func (r Record) TopicPartition() string {
	return r.Topic + "-" + strconv.FormatInt(r.Partition, 10)
}

// HasKey reports whether the record has a key, which may be empty.
func (r Record) HasKey() bool { return r.Key != nil }

// DecodedKey decodes the key from strict base64: nil, and no error, when
// the record has none ([Record.HasKey]); an empty, non-nil slice when the
// key is empty.
func (r Record) DecodedKey() ([]byte, error) {
	if r.Key == nil {
		return nil, nil
	}
	if *r.Key == "" {
		return []byte{}, nil
	}
	return body.Base64(*r.Key)
}

// DecodedValue decodes the value from strict base64; nil when it is empty.
func (r Record) DecodedValue() ([]byte, error) { return body.Optional(r.Value, true) }

// Text decodes the value as UTF-8 text; bytes that are not UTF-8 are an
// error.
func (r Record) Text() (string, error) { return body.Base64Text(r.Value) }

// JSONValue decodes the value, a JSON document in base64, into v. An empty
// value is an error that says there was nothing to decode.
func (r Record) JSONValue(v any) error { return body.DecodeJSON(r.Value, true, v) }

// CarriedPayload is the decoded value, for [sources.Unwrap].
func (r Record) CarriedPayload(limit int64) sources.Carried {
	return blob.Carried("value", r.Value, limit)
}

// Time is Timestamp as a UTC time; the zero time when the record has no
// timestamp (Kafka's -1).
func (r Record) Time() (time.Time, error) {
	if r.Timestamp < 0 {
		return time.Time{}, nil
	}
	return time.UnixMilli(r.Timestamp).UTC(), nil
}

// HeaderList decodes the headers into name and bytes, in the order they came,
// duplicate names kept (Kafka allows them). A header object with several
// members (Lambda sends one each) gives them in name order.
func (r Record) HeaderList() ([]Header, error) {
	var out []Header
	for i, h := range r.Headers {
		names := make([]string, 0, len(h))
		for name := range h {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			v, err := body.SignedBytes(h[name])
			if err != nil {
				return nil, fmt.Errorf("kafka: headers[%d] %q: %w", i, name, err)
			}
			out = append(out, Header{Name: name, Value: v})
		}
	}
	return out, nil
}

// Header returns the value of the last header named name, as Kafka's
// Headers.lastHeader does; a name that matches no header exactly matches
// one equal to it but for case. ok is false when there is none.
func (r Record) Header(name string) (value []byte, ok bool, err error) {
	hs, err := r.HeaderList()
	if err != nil {
		return nil, false, err
	}
	for _, exact := range []bool{true, false} {
		for i := len(hs) - 1; i >= 0; i-- {
			if hs[i].Name == name || !exact && strings.EqualFold(hs[i].Name, name) {
				return hs[i].Value, true, nil
			}
		}
	}
	return nil, false, nil
}

// DecodedHeaders decodes the headers into a map of name to every value of
// that name, in order; nil when there are none. [Record.HeaderList] keeps
// the order across names too.
func (r Record) DecodedHeaders() (map[string][][]byte, error) {
	hs, err := r.HeaderList()
	if err != nil || len(hs) == 0 {
		return nil, err
	}
	out := make(map[string][][]byte, len(hs))
	for _, h := range hs {
		out[h.Name] = append(out[h.Name], h.Value)
	}
	return out, nil
}
