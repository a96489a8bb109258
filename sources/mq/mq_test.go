package mq_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/mq"
)

func activeMQ(t *testing.T, name string) *mq.ActiveMQEvent {
	return sourcetest.DecodeTestdata[mq.ActiveMQEvent](t, "aws.mq.activemq", name)
}

func rabbitMQ(t *testing.T, name string) *mq.RabbitMQEvent {
	return sourcetest.DecodeTestdata[mq.RabbitMQEvent](t, "aws.mq.rabbitmq", name)
}

func TestEventSources(t *testing.T) {
	for src, id := range map[string]string{
		"aws:mq": "aws.mq.activemq", "aws:amq": "aws.mq.activemq", "aws:rmq": "aws.mq.rabbitmq",
	} {
		got, err := registry.Default.Detect([]byte(`{"eventSource":"` + src + `","eventSourceArn":"arn:aws:mq:us-east-1:111122223333:broker:b:b-1"}`))
		require.NoError(t, err, src)
		assert.Equal(t, id, got, src)
	}
	for name, id := range map[string]string{"activeMQEvent.json": "aws.mq.activemq", "rabbitMQEvent.json": "aws.mq.rabbitmq"} {
		got, err := registry.Default.Detect(sourcetest.Reference(t, name))
		require.NoError(t, err, name)
		assert.Equal(t, id, got, name)
	}
	_, err := registry.Default.Detect([]byte(`{"eventSource":"aws:MQ","messages":[]}`))
	assert.Error(t, err)
}

func TestActiveMQData(t *testing.T) {
	e := activeMQ(t, "guide.json")
	m := e.Messages[0]
	text, err := m.Text()
	require.NoError(t, err)
	assert.Equal(t, "ABC:AAAA", text)

	bin := e.Messages[1]
	assert.Equal(t, mq.MessageTypeBytes, bin.MessageType)
	b, err := bin.DecodedData()
	require.NoError(t, err)
	assert.Equal(t, []byte{0x2d, 0x06, 0x86, 0x43, 0xcd, 0x92, 0xe3, 0xc9}, b)
	_, err = bin.Text()
	assert.Error(t, err, "binary bodies are not text: the reference forces UTF-8")

	var invoice struct {
		Invoice string `json:"invoice"`
		Amount  string `json:"amount"`
	}
	require.NoError(t, activeMQ(t, "broker-json-cn.json").Messages[0].JSONData(&invoice))
	assert.Equal(t, "INV-7", invoice.Invoice)

	empty := activeMQ(t, "amq-minimal.json").Messages[0]
	b, err = empty.DecodedData()
	require.NoError(t, err)
	assert.Nil(t, b)
	var v any
	var nothing interface{ NothingToDerive() bool }
	assert.ErrorAs(t, empty.JSONData(&v), &nothing)
	_, err = mq.ActiveMQMessage{Data: "QUJD"}.DecodedData()
	require.NoError(t, err)
	_, err = mq.ActiveMQMessage{Data: "QUJ"}.DecodedData()
	assert.Error(t, err, "strict base64")
}

// Brokers and the guide spell several members differently: the helpers
// read either form.
func TestActiveMQSpellings(t *testing.T) {
	guide := activeMQ(t, "guide.json").Messages[0]
	broker := activeMQ(t, "broker-json-cn.json").Messages[0]
	minimal := activeMQ(t, "amq-minimal.json").Messages[0]

	assert.Equal(t, "order-corr-1", guide.Correlation(), "correlationId, as the guide spells it")
	assert.Empty(t, guide.CorrelationID)
	assert.Equal(t, "corr", mq.ActiveMQMessage{CorrelationID: "corr"}.Correlation())
	assert.Empty(t, broker.Correlation())

	assert.Equal(t, "orders", guide.Destination.Name())
	assert.Equal(t, "virtual.topic.queue", minimal.Destination.Name(), "physicalname in lower case")

	assert.Empty(t, guide.ReplyToName(), "null")
	assert.Empty(t, broker.ReplyToName(), `the text "null" brokers send`)
	assert.Equal(t, "replies", minimal.ReplyToName(), "a destination object")
	assert.Equal(t, "q", mq.ActiveMQMessage{ReplyTo: "q"}.ReplyToName())
	assert.Empty(t, mq.ActiveMQMessage{ReplyTo: json.Number("1")}.ReplyToName())

	exp, err := broker.Expires()
	require.NoError(t, err)
	assert.Equal(t, time.UnixMilli(1718003700000).UTC(), exp, "a number")
	exp, err = guide.Expires()
	require.NoError(t, err)
	assert.Equal(t, time.UnixMilli(60000).UTC(), exp, "text")
	exp, err = minimal.Expires()
	require.NoError(t, err)
	assert.True(t, exp.IsZero(), "absent: never")
	exp, err = mq.ActiveMQMessage{Expiration: json.Number("0")}.Expires()
	require.NoError(t, err)
	assert.True(t, exp.IsZero(), "0: never")
	for _, bad := range []any{"soon", json.Number("1.5"), true, map[string]any{}} {
		_, err := mq.ActiveMQMessage{Expiration: bad}.Expires()
		assert.Error(t, err, "%v", bad)
	}
}

func TestActiveMQTimesAndProperties(t *testing.T) {
	m := activeMQ(t, "broker-json-cn.json").Messages[0]
	at, err := m.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 6, 10, 6, 15, 0, 0, time.UTC), at)
	in, err := m.BrokerInAt()
	require.NoError(t, err)
	out, err := m.BrokerOutAt()
	require.NoError(t, err)
	assert.Equal(t, 8*time.Millisecond, out.Sub(in))
	assert.True(t, m.Redelivered)
	assert.Equal(t, int64(2), m.DeliveryMode)

	for name, want := range map[string]string{"tenant": "acme", "attempt": "3", "urgent": "true"} {
		got, ok := m.Property(name)
		assert.True(t, ok, name)
		assert.Equal(t, want, got, name)
	}
	_, ok := m.Property("missing")
	assert.False(t, ok)

	minimal := activeMQ(t, "amq-minimal.json").Messages[0]
	assert.Nil(t, minimal.Properties, "properties are optional (the reference raises)")
	_, ok = minimal.Property("x")
	assert.False(t, ok)
	at, err = minimal.Time()
	require.NoError(t, err)
	assert.True(t, at.IsZero(), "timestamp 0 is unset")
}

func TestRabbitMQQueues(t *testing.T) {
	e := rabbitMQ(t, "vhosts-govcloud.json")
	qs := e.Queues()
	require.Len(t, qs, 3)
	var got [][3]string
	for _, q := range qs {
		got = append(got, [3]string{q.Key, q.Name, q.VHost})
	}
	assert.Equal(t, [][3]string{
		{"a::b::/", "a::b", "/"},
		{"orders.dlq::shop", "orders.dlq", "shop"},
		{"orders::shop", "orders", "shop"},
	}, got)
	all := e.AllMessages()
	require.Len(t, all, 3)
	assert.Equal(t, "m-1", all[2].BasicProperties.MessageID)

	q, vhost, err := mq.SplitQueueKey("pizzaQueue::/")
	require.NoError(t, err)
	assert.Equal(t, [2]string{"pizzaQueue", "/"}, [2]string{q, vhost})
	_, _, err = mq.SplitQueueKey("no-separator")
	assert.Error(t, err)
	odd := mq.RabbitMQEvent{MessagesByQueue: map[string][]mq.RabbitMQMessage{"plain": {{}}}}.Queues()
	assert.Equal(t, "plain", odd[0].Name)
	assert.Empty(t, odd[0].VHost)
	assert.Empty(t, mq.RabbitMQEvent{}.AllMessages())
}

// Every basic property is nullable: the reference raises on the nulls of
// its own sample; here they read as zero values and marshal back as null.
func TestRabbitMQNullProperties(t *testing.T) {
	e := rabbitMQ(t, "nulls-binary.json")
	m := e.MessagesByQueue["telemetry::/"][0]
	p := m.BasicProperties
	assert.Empty(t, p.ContentType)
	assert.Zero(t, p.Priority)
	present, isNull := p.MemberState("priority")
	assert.True(t, present && isNull)
	tm, err := p.Time()
	require.NoError(t, err)
	assert.True(t, tm.IsZero())
	ttl, err := p.TTL()
	require.NoError(t, err)
	assert.Zero(t, ttl)
	h, err := p.DecodedHeaders()
	require.NoError(t, err)
	assert.Nil(t, h)

	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"priority":null`)
	var back mq.RabbitMQEvent
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, lossless.Equal(e, &back))

	data, err := m.DecodedData()
	require.NoError(t, err)
	assert.Equal(t, []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0xff}, data)
	_, err = m.Text()
	assert.Error(t, err)
}

func TestRabbitMQProperties(t *testing.T) {
	m := rabbitMQ(t, "vhosts-govcloud.json").MessagesByQueue["orders::shop"][0]
	p := m.BasicProperties
	assert.Equal(t, "application/json", p.ContentType)
	assert.Equal(t, int64(2), p.DeliveryMode)
	assert.Equal(t, int64(61), p.BodySize)
	tm, err := p.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 6, 10, 6, 13, 20, 0, time.UTC), tm, "a narrow no-break space before AM")
	ttl, err := p.TTL()
	require.NoError(t, err)
	assert.Equal(t, 30*time.Second, ttl)

	var order struct {
		Order int `json:"order"`
	}
	require.NoError(t, m.JSONData(&order))
	assert.Equal(t, 7, order.Order)

	dlq := rabbitMQ(t, "vhosts-govcloud.json").MessagesByQueue["orders.dlq::shop"][0].BasicProperties
	tm, err = dlq.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 6, 10, 18, 14, 0, 0, time.UTC), tm, "Java 8's form, without the comma")
	guide := rabbitMQ(t, "guide.json").MessagesByQueue["pizzaQueue::/"][0].BasicProperties
	tm, err = guide.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(1970, 1, 1, 0, 33, 41, 0, time.UTC), tm)

	_, err = mq.BasicProperties{Timestamp: "2024-06-10T06:13:20Z"}.Time()
	assert.Error(t, err)
	for _, bad := range []string{"soon", "-1", "1.5"} {
		_, err := mq.BasicProperties{Expiration: bad}.TTL()
		assert.Error(t, err, bad)
	}
}

func TestRabbitMQHeaders(t *testing.T) {
	p := rabbitMQ(t, "vhosts-govcloud.json").MessagesByQueue["orders::shop"][0].BasicProperties
	h, err := p.DecodedHeaders()
	require.NoError(t, err)
	assert.Equal(t, []byte{0xff, 0x00, 0x80, 0x7f}, h["x-signature"], "signed Java bytes")
	assert.Equal(t, []any{"eu", []byte("west")}, h["x-route"], "in lists")
	assert.Equal(t, map[string]any{"team": "shop", "raw": []byte("ok")}, h["x-meta"], "in tables")
	assert.Equal(t, json.Number("2"), h["x-retries"])
	assert.Nil(t, h["x-none"])
	assert.Contains(t, p.Headers["x-signature"], "bytes", "the raw headers are left as they came")

	for name, want := range map[string]string{"x-route": "", "x-retries": "2", "x-flag": "true", "x-text": "plain"} {
		got, ok, err := p.HeaderText(name)
		require.NoError(t, err, name)
		assert.Equal(t, want != "", ok, name)
		assert.Equal(t, want, got, name)
	}
	guide := rabbitMQ(t, "guide.json").MessagesByQueue["pizzaQueue::/"][0].BasicProperties
	got, ok, err := guide.HeaderText("header1")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "value1", got)
	_, ok, err = guide.HeaderText("Header1")
	require.NoError(t, err)
	assert.False(t, ok, "AMQP header names are case-sensitive")
	v, ok, err := guide.Header("numberInHeader")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, json.Number("10"), v)

	for name, raw := range map[string]any{
		"out of range": map[string]any{"bytes": []any{json.Number("300")}},
		"not a number": map[string]any{"bytes": []any{"x"}},
		"a fraction":   []any{map[string]any{"bytes": []any{json.Number("1.5")}}},
		"deep":         map[string]any{"t": map[string]any{"bytes": []any{json.Number("-200")}}},
	} {
		bad := mq.BasicProperties{Headers: map[string]any{"h": raw}}
		_, err := bad.DecodedHeaders()
		assert.Error(t, err, name)
		_, _, err = bad.Header("h")
		assert.Error(t, err, name)
		_, _, err = bad.HeaderText("h")
		assert.Error(t, err, name)
	}
	// An object with more than "bytes" is a table, not a byte string.
	h, err = mq.BasicProperties{Headers: map[string]any{"h": map[string]any{"bytes": []any{json.Number("1")}, "n": "x"}}}.DecodedHeaders()
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"bytes": []any{json.Number("1")}, "n": "x"}, h["h"])
}

func TestHandleAndPrint(t *testing.T) {
	var queues []string
	h := evplugin.Handle(func(_ context.Context, e *mq.RabbitMQEvent) (int, error) {
		for _, q := range e.Queues() {
			queues = append(queues, q.Name+" @ "+q.VHost)
		}
		return len(e.AllMessages()), nil
	})
	n, err := h(context.Background(), sourcetest.Reference(t, "rabbitMQEvent.json"))
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{"pizzaQueue @ /"}, queues)
	_, err = h(context.Background(), sourcetest.Reference(t, "activeMQEvent.json"))
	assert.ErrorContains(t, err, "aws.mq.rabbitmq")

	out := printer.Sprint(rabbitMQ(t, "vhosts-govcloud.json"))
	assert.NotContains(t, out, "p@ss", "secrets in JSON bodies are masked")
	assert.Contains(t, out, `"raw": "ok"`, "byte strings decoded in the view")
	out = printer.Sprint(activeMQ(t, "broker-json-cn.json"))
	assert.NotContains(t, out, "sk_live_abc")
	assert.Contains(t, out, `"Expires()": "2024-06-10T07:15:00Z"`)
}
