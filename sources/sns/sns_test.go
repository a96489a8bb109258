package sns_test

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
	"github.com/evplugin/evplugin/sources/sns"
)

func decode(t *testing.T, name string) *sns.Event {
	return sourcetest.DecodeTestdata[sns.Event](t, "aws.sns", name)
}

func TestReferenceSample(t *testing.T) {
	v, err := registry.Default.Decode(sourcetest.Reference(t, "snsEvent.json"))
	require.NoError(t, err)
	r := v.(*sns.Event).Records[0]
	assert.Equal(t, "1.0", r.EventVersion)
	m := r.SNS
	assert.Equal(t, "Notification", m.Type)
	assert.Equal(t, "TestInvoke", m.Subject)
	assert.Equal(t, "Hello from SNS!", m.Message)
	assert.Equal(t, "https://sns.us-east-2.amazonaws.com/SimpleNotification", m.CertURL())
	assert.Equal(t, "https://sns.us-east-2.amazonaws.com/?Action=Unsubscribe", m.UnsubscribeLink())
	assert.Equal(t, "TestString", m.MessageAttributes["Test"].Value)
	ts, err := m.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2019, 1, 2, 12, 45, 7, 0, time.UTC), ts)
	var x any
	assert.Error(t, m.JSONMessage(&x), "plain text message")
}

func TestMessageHelpers(t *testing.T) {
	m := decode(t, "json-message-attributes.json").Records[0].SNS

	var order struct {
		OrderID string      `json:"orderId"`
		Amount  json.Number `json:"amount"`
		Items   []struct {
			SKU string `json:"sku"`
			Qty int    `json:"qty"`
		} `json:"items"`
	}
	require.NoError(t, m.JSONMessage(&order))
	assert.Equal(t, "A-7731", order.OrderID)
	assert.Equal(t, json.Number("129.950"), order.Amount, "digits kept")
	require.Len(t, order.Items, 1)
	assert.Equal(t, 2, order.Items[0].Qty)

	ts, err := m.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 5, 17, 8, 30, 12, 345e6, time.UTC), ts)

	topic, err := m.Topic()
	require.NoError(t, err)
	assert.Equal(t, "ap-southeast-2", topic.Region)
	assert.Equal(t, "444455556666", topic.AccountID)
	assert.Equal(t, "orders-topic", topic.Resource)

	assert.Equal(t, "https://sns.ap-southeast-2.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem", m.CertURL())

	attrs := m.MessageAttributes
	bin, err := attrs["payload"].DecodedBinaryValue()
	require.NoError(t, err)
	assert.Equal(t, "hello 🌍", string(bin))

	n, err := attrs["priority"].Number()
	require.NoError(t, err)
	assert.Equal(t, json.Number("3.50"), n)

	list, err := attrs["regions"].StringArray()
	require.NoError(t, err)
	assert.Equal(t, []any{"au", "nz", json.Number("7"), true, nil}, list)

	// Helpers of the wrong type: nothing to decode, or an error.
	bin, err = attrs["tenant"].DecodedBinaryValue()
	require.NoError(t, err)
	assert.Nil(t, bin)
	_, err = attrs["tenant"].Number()
	assert.Error(t, err)
	_, err = attrs["tenant"].StringArray()
	assert.Error(t, err)

	sourcetest.AssertPrinted(t, m, []string{
		`"Payload()": {`,
		`"orderId": "A-7731"`,
		`"DecodedBinaryValue()": "hello 🌍"`,
		`"Number()": 3.50`,
		`"StringArray()": [`,
		`"Time()": "2024-05-17T08:30:12.345Z"`,
	}, nil)
}

func TestNullSubjectAndUnknownKeys(t *testing.T) {
	e := decode(t, "plain-text-null-subject.json")
	m := e.Records[0].SNS
	assert.Empty(t, m.Subject)
	assert.Equal(t, "Déploiement terminé ✅ — build #4821", m.Message)
	assert.Empty(t, m.MessageAttributes)
	assert.Equal(t, "evplugin-test", e.Unknown["replayedBy"])
	assert.Contains(t, m.Unknown, "futureSnsKey")

	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"Subject":null`, "null stays null")

	topic, err := m.Topic()
	require.NoError(t, err)
	assert.Equal(t, "aws-us-gov", topic.Partition)
	ts, err := m.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2023, 11, 30, 23, 59, 59, 999e6, time.UTC), ts)
}

func TestBadValuesAreErrorsNotPanics(t *testing.T) {
	m := decode(t, "malformed-values.json").Records[0].SNS
	var v any
	assert.Error(t, m.JSONMessage(&v), "empty message")
	_, err := m.Time()
	assert.Error(t, err)
	_, err = m.MessageAttributes["broken"].DecodedBinaryValue()
	assert.Error(t, err)
	_, err = m.MessageAttributes["count"].Number()
	assert.Error(t, err)
	_, err = m.MessageAttributes["list"].StringArray()
	assert.Error(t, err)
	_, err = sns.MessageAttribute{Type: "String.Array", Value: "null"}.StringArray()
	assert.Error(t, err)
	_, err = sns.MessageAttribute{Type: "Number", Value: `"12"`}.Number()
	assert.Error(t, err, "a JSON string is not a number")
	_, err = sns.Message{TopicARN: "orders"}.Topic()
	assert.Error(t, err)
	assert.Empty(t, sns.Message{}.CertURL())

	out := printer.Sprint(m)
	assert.NotContains(t, out, `"Payload()"`, "no message is nothing to decode, not a failure")
	assert.Contains(t, out, `"Time()": "[Cannot be deserialized]"`)
	assert.Contains(t, out, `"DecodedBinaryValue()": "[Cannot be deserialized]"`)
	assert.Contains(t, out, `"Number()": "[Cannot be deserialized]"`)
	assert.Contains(t, out, `"StringArray()": "[Cannot be deserialized]"`)
}

func TestCustomTypeSuffix(t *testing.T) {
	n, err := sns.MessageAttribute{Type: "Number.float", Value: "-1.5e3"}.Number()
	require.NoError(t, err)
	assert.Equal(t, json.Number("-1.5e3"), n)
	assert.Equal(t, []string{"Number"}, sourcetest.DerivedNames(sns.MessageAttribute{Type: "Number.float"}))
	assert.Nil(t, sourcetest.DerivedNames(sns.MessageAttribute{Type: "String"}))
	assert.Nil(t, sourcetest.DerivedNames(sns.MessageAttribute{Type: "Numbers"}), "a prefix is not a suffix")
}

func TestEnvelopeSpellingAndSecrets(t *testing.T) {
	raw := []byte(`{"Type":"SubscriptionConfirmation","MessageId":"m-1","Token":"tok-secret-123",` +
		`"TopicArn":"arn:aws:sns:eu-west-1:111122223333:t","Message":"confirm",` +
		`"SubscribeURL":"https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=tok-secret-123",` +
		`"Timestamp":"2024-01-01T00:00:00.000Z","SignatureVersion":"1","Signature":"c2ln",` +
		`"SigningCertURL":"https://sns.eu-west-1.amazonaws.com/cert.pem","UnsubscribeURL":"https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe"}`)
	var m sns.Message
	require.NoError(t, lossless.Unmarshal(raw, &m))
	assert.Empty(t, m.Unknown, "both spellings are modelled")
	assert.Empty(t, m.SigningCertURL)
	assert.Equal(t, "https://sns.eu-west-1.amazonaws.com/cert.pem", m.CertURL())
	assert.Equal(t, "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe", m.UnsubscribeLink())
	out, err := lossless.Marshal(&m)
	require.NoError(t, err)
	sourcetest.JSONEqual(t, raw, out)

	sourcetest.AssertPrinted(t, m, []string{`"Token": "[SENSITIVE]"`, `"SubscribeURL": "[SENSITIVE]"`}, []string{"tok-secret-123"})
}

// TestFirstRecordShortcuts: Record and Message read the one delivery of an
// invocation; no records is an error.
func TestFirstRecordShortcuts(t *testing.T) {
	v, err := registry.Default.Decode(sourcetest.Reference(t, "snsEvent.json"))
	require.NoError(t, err)
	e := v.(*sns.Event)
	r, err := e.Record()
	require.NoError(t, err)
	assert.Equal(t, "aws:sns", r.EventSource)
	m, err := e.Message()
	require.NoError(t, err)
	assert.Equal(t, "Hello from SNS!", m.Message)
	assert.Equal(t, "95df01b4-ee98-5cb9-9903-4c221d41eb5e", m.MessageID)

	_, err = (&sns.Event{}).Message()
	assert.EqualError(t, err, "sns: the event has no records")
}
