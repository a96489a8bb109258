package sqs_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/sqs"
)

func TestPayloads(t *testing.T) {
	payloads := sourcetest.Payloads(t, "aws.sqs",
		"sqsEvent.json", "sqsDlqTriggerEvent.json", "s3SqsEvent.json", "snsSqsEvent.json", "snsSqsFifoEvent.json")
	for _, name := range sourcetest.Sorted(payloads) {
		t.Run(name, func(t *testing.T) {
			v := sourcetest.Check(t, registry.Default, "aws.sqs", payloads[name])
			e, ok := v.(*sqs.Event)
			require.True(t, ok, "decoded %T", v)
			require.NotEmpty(t, e.Records)
			for _, m := range e.Records {
				assert.NotEmpty(t, m.MessageID)
				assert.Equal(t, "aws:sqs", m.EventSource)
			}
		})
	}
}

func decode(t *testing.T, name string) *sqs.Event {
	t.Helper()
	v, err := registry.Default.Decode(sourcetest.Testdata(t, "aws.sqs")[name])
	require.NoError(t, err)
	return v.(*sqs.Event)
}

func TestFIFOHelpers(t *testing.T) {
	m := decode(t, "fifo-json-body.json").Records[0]
	assert.True(t, m.IsFIFO())
	assert.Equal(t, "orders-eu", m.Attributes.MessageGroupID)

	var body struct {
		OrderID int         `json:"orderId"`
		Total   json.Number `json:"total"`
		Items   []string    `json:"items"`
	}
	require.NoError(t, m.JSONBody(&body))
	assert.Equal(t, 1042, body.OrderID)
	assert.Equal(t, json.Number("19.90"), body.Total, "digits kept")
	assert.Equal(t, []string{"book", "pen"}, body.Items)

	url, err := m.QueueURL()
	require.NoError(t, err)
	assert.Equal(t, "https://sqs.eu-west-1.amazonaws.com/111122223333/orders.fifo", url)

	n, err := m.Attributes.ReceiveCount()
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	sent, err := m.Attributes.SentTime()
	require.NoError(t, err)
	assert.Equal(t, time.UnixMilli(1700000000123).UTC(), sent)

	bin, err := m.MessageAttributes["signature"].DecodedBinaryValue()
	require.NoError(t, err)
	assert.Equal(t, "signed-by-acme", string(bin))
	assert.Equal(t, "7", *m.MessageAttributes["priority"].StringValue)
}

func TestBadValuesAreErrorsNotPanics(t *testing.T) {
	e := decode(t, "dlq-plain-body.json")
	var v any
	assert.Error(t, e.Records[0].JSONBody(&v), "plain text body")
	assert.Error(t, e.Records[1].JSONBody(&v), "empty body")
	_, err := e.Records[1].MessageAttributes["broken"].DecodedBinaryValue()
	assert.Error(t, err)

	url, err := e.Records[0].QueueURL()
	require.NoError(t, err)
	assert.Equal(t, "https://sqs.cn-north-1.amazonaws.com.cn/111122223333/jobs-dlq", url)
	_, err = sqs.Message{EventSourceARN: "not-an-arn"}.QueueURL()
	assert.Error(t, err)

	out := printer.Sprint(e)
	assert.Contains(t, out, `"JSONBody()": "[Cannot be deserialized]"`)
	assert.Contains(t, out, `"DecodedBinaryValue()": "[Cannot be deserialized]"`)
	assert.Contains(t, out, `"futureField": {`, "unknown members print inline")
}

func TestBatchResponse(t *testing.T) {
	e := decode(t, "dlq-plain-body.json")
	var r sqs.BatchResponse
	r.Fail(e.Records[1])
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"batchItemFailures":[{"itemIdentifier":"d90f9132-b81b-43d8-b581-8a7f2297e864"}]}`, string(b))
}
