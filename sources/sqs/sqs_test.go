package sqs_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/s3"
	"github.com/evplugin/evplugin/sources/sns"
	"github.com/evplugin/evplugin/sources/sqs"
)

func decode(t *testing.T, name string) *sqs.Event {
	return sourcetest.DecodeTestdata[sqs.Event](t, "aws.sqs", name)
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
	assert.NotContains(t, out, `"Payload()"`, "a plain-text body carries nothing: not a failure")
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

func referenceEvent(t *testing.T, name string) *sqs.Event {
	t.Helper()
	v, err := registry.Default.Decode(sourcetest.Reference(t, name))
	require.NoError(t, err)
	return v.(*sqs.Event)
}

func TestNestedS3Event(t *testing.T) {
	m := referenceEvent(t, "s3SqsEvent.json").Records[0]
	e, err := s3.ParseEvent(m.Body)
	require.NoError(t, err)
	require.Len(t, e.Records, 1)
	r := e.Records[0]
	assert.Equal(t, "ObjectCreated:Put", r.EventName)
	assert.Equal(t, "xxx", r.S3.Bucket.Name)
	assert.Equal(t, "test.pdf", r.S3.Object.Key)
	assert.Equal(t, int64(104681), r.S3.Object.Size)
	assert.Equal(t, "yd3d4HaWOT2zguDLvIQLU6ptDTwKBnQV", r.S3.Object.VersionID)
	ts, err := r.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2023, 4, 12, 20, 43, 38, 21e6, time.UTC), ts)

	out, err := json.Marshal(e)
	require.NoError(t, err)
	sourcetest.JSONEqual(t, []byte(m.Body), out)

	_, err = sns.ParseMessage(m.Body)
	assert.Error(t, err, "an S3 event is not an SNS envelope")
	_, err = s3.ParseTestEvent(m.Body)
	assert.Error(t, err)
}

func TestNestedSNSMessage(t *testing.T) {
	tests := []struct {
		file, topic, seq string
		time             time.Time
	}{
		{"snsSqsEvent.json", "arn:aws:sns:eu-west-1:231436140809:powertools265", "", time.Date(2021, 1, 19, 10, 7, 7, 287e6, time.UTC)},
		{"snsSqsFifoEvent.json", "arn:aws:sns:eu-west-1:231436140809:Test.fifo", "10000000000000004000", time.Date(2022, 10, 14, 13, 35, 25, 419e6, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := referenceEvent(t, tt.file).Records[0]
			msg, err := sns.ParseMessage(m.Body)
			require.NoError(t, err)
			assert.Equal(t, "Notification", msg.Type)
			assert.Equal(t, tt.topic, msg.TopicARN)
			assert.Equal(t, tt.seq, msg.SequenceNumber)
			assert.Empty(t, msg.Unknown, "every envelope key is modelled")
			assert.Contains(t, msg.UnsubscribeLink(), "Action=Unsubscribe")
			ts, err := msg.Time()
			require.NoError(t, err)
			assert.Equal(t, tt.time, ts)

			var inner struct{ Message, Username string }
			require.NoError(t, msg.JSONMessage(&inner))
			assert.Equal(t, "hello world", inner.Message)
			assert.Equal(t, "lessa", inner.Username)

			out, err := lossless.Marshal(msg)
			require.NoError(t, err)
			sourcetest.JSONEqual(t, []byte(m.Body), out)

			_, err = s3.ParseEvent(m.Body)
			assert.Error(t, err, "an SNS envelope is not an S3 event")
		})
	}
	msg, err := sns.ParseMessage(referenceEvent(t, "snsSqsEvent.json").Records[0].Body)
	require.NoError(t, err)
	assert.Equal(t, "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-010a507c1833636cd94bdb98bd93083a.pem", msg.CertURL())
}

func TestNestedBodies(t *testing.T) {
	e := decode(t, "nested-bodies.json")
	require.Len(t, e.Records, 4)
	testEvent, confirm, viaSNS, raw := e.Records[0], e.Records[1], e.Records[2], e.Records[3]

	te, err := s3.ParseTestEvent(testEvent.Body)
	require.NoError(t, err)
	assert.Equal(t, "milano-uploads", te.Bucket)
	_, err = s3.ParseEvent(testEvent.Body)
	assert.Error(t, err, "the test event has no Records")

	c, err := sns.ParseMessage(confirm.Body)
	require.NoError(t, err)
	assert.Equal(t, "SubscriptionConfirmation", c.Type)
	assert.Contains(t, c.SubscribeURL, "Action=ConfirmSubscription")
	sourcetest.AssertPrinted(t, c, []string{`"Token": "[SENSITIVE]"`}, []string{"2336412f37fb687f5d51e6e2425c464de257ee1f"})

	n, err := sns.ParseMessage(viaSNS.Body)
	require.NoError(t, err)
	assert.Equal(t, "s3", n.MessageAttributes["origin"].Value)
	s3e, err := s3.ParseEvent(n.Message) // S3 → SNS → SQS: the S3 event is the SNS message
	require.NoError(t, err)
	require.Len(t, s3e.Records, 1)
	key, err := s3e.Records[0].S3.Object.DecodedKey()
	require.NoError(t, err)
	assert.Equal(t, "inbox/fattura n. 12.xml", key)

	for _, m := range []sqs.Message{raw, e.Records[0]} {
		_, err = sns.ParseMessage(m.Body)
		assert.Error(t, err)
	}
	_, err = s3.ParseEvent(raw.Body)
	assert.Error(t, err)
	_, err = s3.ParseTestEvent(raw.Body)
	assert.Error(t, err)

	for _, body := range []string{"", "plain text", "null", "[]", `{"Records":[]}`, `{"Records":[{"eventSource":"aws:sqs"}]}`, `{"Records":"x"}`} {
		assert.NotPanics(t, func() {
			_, err := s3.ParseEvent(body)
			assert.Error(t, err, "s3.ParseEvent(%q)", body)
			_, err = sns.ParseMessage(body)
			assert.Error(t, err, "sns.ParseMessage(%q)", body)
			_, err = s3.ParseTestEvent(body)
			assert.Error(t, err, "s3.ParseTestEvent(%q)", body)
		})
	}

	// Nested decoders are not derived values: the view shows the message's
	// derived values and not those.
	assert.Equal(t, []string{"Payload", "QueueURL"}, sourcetest.DerivedNames(e.Records[0]))
	sourcetest.AssertPrinted(t, e, []string{`"QueueURL()": "https://sqs.`}, []string{"S3Event()", "SNSMessage()", "S3TestEvent()"})
}

// TestMessageAloneThroughEncodingJSON: one message, decoded and marshalled
// by encoding/json on its own (forwarding or logging one record), keeps an
// unknown member, a null, absent members and a number's digits: every
// modelled type has generated MarshalJSON and UnmarshalJSON methods.
func TestMessageAloneThroughEncodingJSON(t *testing.T) {
	const in = `{"messageId":"m1","receiptHandle":null,"body":"{\"n\":1.50}",` +
		`"attributes":{"SentTimestamp":"1","Custom":[1.50,null]},"eventSource":"aws:sqs","futureMember":{"x":1.0e3}}`
	var m sqs.Message
	require.NoError(t, json.Unmarshal([]byte(in), &m))
	assert.Equal(t, "m1", m.MessageID)
	assert.Contains(t, m.Unknown, "futureMember")

	for name, v := range map[string]any{"value": m, "pointer": &m} {
		out, err := json.Marshal(v)
		require.NoError(t, err, name)
		assert.Equal(t, in, string(out), name)
	}

	// The same message inside an event: marshalled alone, in a slice, and
	// the attributes alone.
	var e sqs.Event
	require.NoError(t, json.Unmarshal([]byte(`{"Records":[`+in+`]}`), &e))
	out, err := json.Marshal(e.Records[0])
	require.NoError(t, err)
	assert.Equal(t, in, string(out))
	out, err = json.Marshal(e.Records)
	require.NoError(t, err)
	assert.Equal(t, "["+in+"]", string(out))
	out, err = json.Marshal(e.Records[0].Attributes)
	require.NoError(t, err)
	assert.Equal(t, `{"SentTimestamp":"1","Custom":[1.50,null]}`, string(out))
}

// TestPayloadIsTyped: a body that carries an event decodes into that
// event's type, at every level (S3 in SNS in SQS), so that it prints with
// its own masks: a SubscriptionConfirmation's SubscribeURL and Token are
// masked whole inside an SQS body. Other JSON stays plain values.
func TestPayloadIsTyped(t *testing.T) {
	e := decode(t, "nested-bodies.json")
	require.Len(t, e.Records, 4)

	p, err := e.Records[0].Payload()
	require.NoError(t, err)
	assert.IsType(t, &s3.TestEvent{}, p)

	p, err = e.Records[1].Payload()
	require.NoError(t, err)
	confirm, ok := p.(*sns.Message)
	require.True(t, ok, "%T", p)
	assert.Equal(t, "SubscriptionConfirmation", confirm.Type)
	out := printer.Sprint(e.Records[1])
	assert.Contains(t, out, `"SubscribeURL": "[SENSITIVE]"`)
	assert.Contains(t, out, `"Token": "[SENSITIVE]"`)
	assert.NotContains(t, out, confirm.Token)
	assert.NotContains(t, out, confirm.Token[:16], "nor in the body text")

	p, err = e.Records[2].Payload()
	require.NoError(t, err)
	note, ok := p.(*sns.Message)
	require.True(t, ok, "%T", p)
	inner, err := note.Payload()
	require.NoError(t, err)
	s3e, ok := inner.(*s3.Event)
	require.True(t, ok, "%T", inner)
	assert.Equal(t, "aws:s3", s3e.Records[0].EventSource)

	p, err = e.Records[3].Payload()
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"hello": "raw delivery", "n": json.Number("1")}, p)
}

func TestIsFIFOAndGroup(t *testing.T) {
	groups := decode(t, "fifo-groups.json").Records
	require.Len(t, groups, 5)
	assert.True(t, groups[0].IsFIFO())
	assert.Equal(t, "cart-7", groups[0].MessageGroup())
	assert.Equal(t, "cart-9", groups[1].MessageGroup())

	std := decode(t, "dlq-plain-body.json").Records[0]
	assert.False(t, std.IsFIFO())
	assert.Empty(t, std.MessageGroup())

	// A FIFO queue's name ends in .fifo even when the group is missing.
	byARN := sqs.Message{EventSourceARN: "arn:aws:sqs:us-east-2:123456789012:jobs.fifo"}
	assert.True(t, byARN.IsFIFO())
	assert.False(t, sqs.Message{EventSourceARN: "arn:aws:sqs:us-east-2:123456789012:fifo-jobs"}.IsFIFO())
}
