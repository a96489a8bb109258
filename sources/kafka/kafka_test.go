package kafka_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/kafka"
)

func msk(t *testing.T, name string) *kafka.MSKEvent {
	return sourcetest.DecodeTestdata[kafka.MSKEvent](t, "aws.kafka.msk", name)
}

func selfManaged(t *testing.T, name string) *kafka.SelfManagedEvent {
	return sourcetest.DecodeTestdata[kafka.SelfManagedEvent](t, "aws.kafka.selfmanaged", name)
}

// offsets lists "topic-partition@offset" of records.
func offsets(rs []kafka.Record) []string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s@%d", r.TopicPartition(), r.Offset))
	}
	return out
}

func TestAllRecordsOrder(t *testing.T) {
	e := msk(t, "multi-partition.json")
	assert.Equal(t, []string{"order-events-0", "orders-2", "orders-10"}, e.TopicPartitions(),
		"by topic, then partition number: orders-2 before orders-10, which text order would swap")
	assert.Equal(t, []string{
		"order-events-0@0", "orders-2@41", "orders-2@42", "orders-2@43", "orders-10@7",
	}, offsets(e.AllRecords()))
	for range 20 {
		assert.Equal(t, e.AllRecords(), e.AllRecords(), "the same order every time, whatever the map's")
	}

	s := selfManaged(t, "confluent-schema.json")
	assert.Equal(t, []string{"user-events-3@500", "user-events-3@501", "user-events-12@3"}, offsets(s.AllRecords()))

	// Keys that are not topic-partition sort last, by their text.
	b := kafka.Batch{Records: map[string][]kafka.Record{
		"zeta": {{Topic: "z"}}, "alpha": {{Topic: "a"}}, "t-1": {{Topic: "t", Partition: 1}},
	}}
	assert.Equal(t, []string{"t-1", "alpha", "zeta"}, b.TopicPartitions())
	assert.Empty(t, kafka.Batch{}.AllRecords())
}

func TestSplitTopicPartition(t *testing.T) {
	for key, want := range map[string]struct {
		topic     string
		partition int64
	}{
		"orders-0":         {"orders", 0},
		"user-events-12":   {"user-events", 12},
		"a-b-c-2147483647": {"a-b-c", 2147483647},
		"trailing--1":      {"trailing-", 1}, // a topic may end in a hyphen
	} {
		topic, p, err := kafka.SplitTopicPartition(key)
		require.NoError(t, err, key)
		assert.Equal(t, want.topic, topic, key)
		assert.Equal(t, want.partition, p, key)
	}
	for _, bad := range []string{"", "orders", "orders-", "-1", "orders-x", "orders-2147483648", "orders-+1"} {
		_, _, err := kafka.SplitTopicPartition(bad)
		assert.Error(t, err, bad)
	}
}

// The reference crashes on a record without a key (#6508) and on null:
// here the key is optional, and absent, null and empty are told apart.
func TestOptionalKey(t *testing.T) {
	rs := msk(t, "multi-partition.json").Records["orders-2"]
	require.Len(t, rs, 3)
	for i, tc := range []struct {
		present, null bool
		want          []byte
	}{
		{false, false, nil},     // absent
		{true, true, nil},       // null
		{true, false, []byte{}}, // ""
	} {
		r := rs[i]
		present, isNull := r.MemberState("key")
		assert.Equal(t, tc.present, present, i)
		assert.Equal(t, tc.null, isNull, i)
		assert.Equal(t, tc.present && !tc.null, r.HasKey(), i)
		k, err := r.DecodedKey()
		require.NoError(t, err, i)
		assert.Equal(t, tc.want, k, i)
	}
	k, err := msk(t, "multi-partition.json").Records["orders-10"][0].DecodedKey()
	require.NoError(t, err)
	assert.Equal(t, "order-1042", string(k))

	bad := "not base64!"
	_, err = kafka.Record{Key: &bad}.DecodedKey()
	assert.Error(t, err)
}

// The reference crashes on negative header bytes (#6862): Java writes a
// byte[] signed, so 0xff arrives as -1.
func TestSignedHeaderBytes(t *testing.T) {
	r := msk(t, "multi-partition.json").Records["orders-2"][1]
	hs, err := r.HeaderList()
	require.NoError(t, err)
	assert.Equal(t, []kafka.Header{{Name: "checksum", Value: []byte{0xde, 0xad, 0xbe, 0xef, 0x00, 0x80, 0xff}}}, hs)

	r = selfManaged(t, "aws-prefix.json").Records["audit-1"][0]
	v, ok, err := r.Header("sig")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, []byte{0x80, 0x81, 0xff, 0x7f}, v)
	v, ok, err = r.Header("note")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "café", string(v))

	_, err = kafka.Record{Headers: []map[string][]int64{{"x": {1, 300}}}}.HeaderList()
	assert.EqualError(t, err, `kafka: headers[0] "x": bytes: [1] 300 is no byte`)
	_, err = kafka.Record{Headers: []map[string][]int64{{"x": {-129}}}}.DecodedHeaders()
	assert.Error(t, err)
	_, _, err = kafka.Record{Headers: []map[string][]int64{{"x": {-129}}}}.Header("x")
	assert.Error(t, err)
}

func TestHeadersKeepOrderAndDuplicates(t *testing.T) {
	r := msk(t, "multi-partition.json").Records["orders-10"][0]
	hs, err := r.HeaderList()
	require.NoError(t, err)
	var names []string
	for _, h := range hs {
		names = append(names, h.Name)
	}
	assert.Equal(t, []string{"traceparent", "retry", "retry", "Authorization"}, names)

	v, ok, err := r.Header("retry")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, []byte{2}, v, "the last, as Kafka's lastHeader")
	v, ok, err = r.Header("AUTHORIZATION")
	require.NoError(t, err)
	assert.True(t, ok, "a name matching none exactly matches one equal but for case")
	assert.Equal(t, "Bearer kafka-secret", string(v))
	_, ok, err = r.Header("missing")
	require.NoError(t, err)
	assert.False(t, ok)

	m, err := r.DecodedHeaders()
	require.NoError(t, err)
	assert.Equal(t, [][]byte{{1}, {2}}, m["retry"])
	m, err = msk(t, "multi-partition.json").Records["orders-2"][0].DecodedHeaders()
	require.NoError(t, err)
	assert.Nil(t, m, "no headers, nothing to show")

	// Several members in one header object: in name order.
	hs, err = kafka.Record{Headers: []map[string][]int64{{"b": {98}, "a": {97}}, {"c": {}}}}.HeaderList()
	require.NoError(t, err)
	assert.Equal(t, []kafka.Header{{"a", []byte("a")}, {"b", []byte("b")}, {"c", []byte{}}}, hs)
}

func TestValue(t *testing.T) {
	r := msk(t, "multi-partition.json").Records["orders-10"][0]
	var order struct {
		OrderID int    `json:"orderId"`
		Total   string `json:"total"`
	}
	require.NoError(t, r.JSONValue(&order))
	assert.Equal(t, 1042, order.OrderID)
	assert.Equal(t, "19.90", order.Total)
	text, err := r.Text()
	require.NoError(t, err)
	assert.Contains(t, text, `"orderId": 1042`)

	bin := msk(t, "govcloud-binary.json").Records["metrics-5"][0]
	b, err := bin.DecodedValue()
	require.NoError(t, err)
	assert.Equal(t, []byte{0x08, 0x96, 0x01, 0x12, 0x04, 0xff, 0xfe, 0x00, 0x80}, b)
	_, err = bin.Text()
	assert.Error(t, err, "not UTF-8")
	var v any
	assert.Error(t, bin.JSONValue(&v))

	empty := selfManaged(t, "aws-prefix.json").Records["audit-1"][0]
	b, err = empty.DecodedValue()
	require.NoError(t, err)
	assert.Nil(t, b)
	err = empty.JSONValue(&v)
	var nothing interface{ NothingToDerive() bool }
	require.ErrorAs(t, err, &nothing, "an empty value is nothing to decode")
	_, err = kafka.Record{Value: "%%%"}.DecodedValue()
	assert.Error(t, err)
}

func TestTimeAndSchema(t *testing.T) {
	r := msk(t, "schema-registry-cn.json").Records["telemetry-0"][0]
	tm, err := r.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 6, 10, 6, 13, 21, 0, time.UTC), tm)
	assert.Equal(t, kafka.TimestampCreateTime, r.TimestampType)
	require.NotNil(t, r.KeySchemaMetadata)
	assert.Equal(t, kafka.FormatJSON, r.KeySchemaMetadata.DataFormat)
	assert.Equal(t, kafka.FormatAvro, r.ValueSchemaMetadata.DataFormat)
	assert.Equal(t, "1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6", r.ValueSchemaMetadata.SchemaID)
	assert.Equal(t, int64(1234567890123), r.Offset)

	none := msk(t, "govcloud-binary.json").Records["metrics-5"][0]
	tm, err = none.Time()
	require.NoError(t, err)
	assert.True(t, tm.IsZero(), "-1 is no timestamp")
	assert.Nil(t, none.KeySchemaMetadata)
	assert.Equal(t, kafka.FormatProtobuf, none.ValueSchemaMetadata.DataFormat)

	assert.Nil(t, selfManaged(t, "guide.json").Records["clicks-0"][0].ValueSchemaMetadata, "optional")
}

func TestBootstrapServers(t *testing.T) {
	assert.Equal(t, []string{"kafka-1.internal.example.com:9092", "kafka-2.internal.example.com:9092"},
		selfManaged(t, "guide.json").BootstrapServerList())
	assert.Equal(t, []string{"a:1", "b:2"}, kafka.Batch{BootstrapServers: " a:1, ,b:2,"}.BootstrapServerList())
	assert.Nil(t, kafka.Batch{}.BootstrapServerList())
}

func TestEventSources(t *testing.T) {
	assert.Equal(t, kafka.EventSourceMSK, msk(t, "multi-partition.json").EventSource)
	assert.Empty(t, selfManaged(t, "guide.json").EventSourceARN, "self-managed clusters have no ARN")
	for name, id := range map[string]string{
		"kafkaEventMsk.json":         "aws.kafka.msk",
		"kafkaEventSelfManaged.json": "aws.kafka.selfmanaged", // "aws:SelfManagedKafka"
	} {
		got, err := registry.Default.Detect(sourcetest.Reference(t, name))
		require.NoError(t, err, name)
		assert.Equal(t, id, got, name)
	}
	for src, id := range map[string]string{
		"aws:kafka": "aws.kafka.msk", "SelfManagedKafka": "aws.kafka.selfmanaged", "aws:SelfManagedKafka": "aws.kafka.selfmanaged",
	} {
		got, err := registry.Default.Detect([]byte(`{"eventSource":"` + src + `","bootstrapServers":"b:9092","records":{}}`))
		require.NoError(t, err, src)
		assert.Equal(t, id, got, src)
	}
	for _, src := range []string{"aws:Kafka", "selfmanagedkafka", "aws:kinesis"} {
		got, err := registry.Default.Detect([]byte(`{"eventSource":"` + src + `","records":{}}`))
		assert.Error(t, err, "%s detected as %s", src, got)
	}
}

// Each source has a type of its own, so Handle finds the source from the
// handler's type; the other source's events are refused.
func TestHandle(t *testing.T) {
	var got []string
	h := evplugin.Handle(func(_ context.Context, e *kafka.SelfManagedEvent) (int, error) {
		got = offsets(e.AllRecords())
		return len(got), nil
	})
	n, err := h(context.Background(), sourcetest.Reference(t, "kafkaEventSelfManaged.json"))
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{"mytopic-0@15"}, got)
	_, err = h(context.Background(), sourcetest.Reference(t, "kafkaEventMsk.json"))
	assert.ErrorContains(t, err, "aws.kafka.selfmanaged")
}

func TestPrintedView(t *testing.T) {
	out := printer.Sprint(msk(t, "multi-partition.json"))
	assert.NotContains(t, out, "hunter2", "secrets in JSON values are masked")
	assert.NotContains(t, out, "kafka-secret", "credential headers are masked, raw and decoded")
	assert.Contains(t, out, `"DecodedKey()": "order-1042"`)
	assert.Contains(t, out, `"DecodedKey()": ""`, "an empty key shows")
	assert.Contains(t, out, `"base64:3q2+7wCA/w=="`, "binary header bytes")

	// Round trip keeps absent, null and empty keys apart.
	e := msk(t, "multi-partition.json")
	b, err := json.Marshal(e)
	require.NoError(t, err)
	var back kafka.MSKEvent
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, lossless.Equal(e, &back))
	assert.Contains(t, string(b), `"key":null`)
	assert.Contains(t, string(b), `"key":""`)
}

func TestBatchResponse(t *testing.T) {
	e := msk(t, "multi-partition.json")
	recs := e.AllRecords()
	require.Len(t, recs, 5)
	assert.Equal(t, kafka.ItemIdentifier{Partition: "orders-2", Offset: 42}, recs[2].ItemIdentifier())
	assert.Equal(t, "orders-2@42", recs[2].ItemIdentifier().String())

	var r kafka.BatchResponse
	r.Fail(recs[2])
	r.Fail(recs[4])
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"batchItemFailures":[
		{"itemIdentifier":{"partition":"orders-2","offset":42}},
		{"itemIdentifier":{"partition":"orders-10","offset":7}}]}`, string(b))
}
