package ses_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/ses"
)

func decode(t *testing.T, name string) *ses.Event {
	t.Helper()
	return sourcetest.DecodeTestdata[ses.Event](t, "aws.ses", name)
}

func record(t *testing.T, e *ses.Event) ses.Record {
	t.Helper()
	r, err := e.Record()
	require.NoError(t, err)
	return r
}

func TestRecord(t *testing.T) {
	r := record(t, sourcetest.Decode[ses.Event](t, sourcetest.Reference(t, "sesEvent.json")))
	assert.Equal(t, ses.EventSource, r.EventSource)
	assert.Equal(t, "o3vrnil0e2ic28tr", r.SES.Mail.MessageID)
	assert.Equal(t, ses.ActionLambda, r.SES.Receipt.Action.Type)
	assert.Equal(t, ses.InvocationEvent, r.SES.Receipt.Action.InvocationType)

	_, err := ses.Event{}.Record()
	assert.ErrorContains(t, err, "no records")
}

// TestHeaders: headers are a list; lookups ignore case, keep every value
// in the message's order, and never fail on a header that is not there.
func TestHeaders(t *testing.T) {
	m := record(t, decode(t, "request-response-full-headers.json")).SES.Mail

	v, ok := m.Header("message-id")
	assert.True(t, ok)
	assert.Equal(t, "<CAF=4521@mail.example.org>", v)

	v, ok = m.Header("X-CUSTOM-TAG")
	assert.True(t, ok)
	assert.Equal(t, "first", v, "the first of the repeated header")
	assert.Equal(t, []string{"first", "second"}, m.HeaderValues("x-custom-tag"))
	received := m.HeaderValues("received")
	require.Len(t, received, 2)
	assert.Contains(t, received[0], "inbound-smtp.eu-west-1")

	_, ok = m.Header("List-Unsubscribe")
	assert.False(t, ok)
	assert.Nil(t, m.HeaderValues("List-Unsubscribe"))
}

func TestCommonHeaders(t *testing.T) {
	full := record(t, decode(t, "request-response-full-headers.json")).SES.Mail.CommonHeaders
	assert.Equal(t, []string{"sales@example.com"}, full.CC)
	assert.Equal(t, []string{"notifications@example.org"}, full.Sender)
	assert.Equal(t, []string{"helpdesk@example.org"}, full.ReplyTo)
	assert.Nil(t, full.BCC)

	gov := record(t, decode(t, "dmarc-fail-truncated-govcloud.json")).SES.Mail.CommonHeaders
	assert.Equal(t, []string{"audit@agency.example.gov"}, gov.BCC)
	assert.Empty(t, gov.Date, "date is absent, not an error")
}

func TestTimes(t *testing.T) {
	r := record(t, decode(t, "request-response-full-headers.json")).SES
	got, err := r.Mail.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 5, 14, 8, 21, 7, 412e6, time.UTC), got)
	got, err = r.Receipt.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 5, 14, 8, 21, 7, 412e6, time.UTC), got)

	d, err := r.Receipt.ProcessingTime()
	require.NoError(t, err)
	assert.Equal(t, 1208*time.Millisecond, d)

	_, err = ses.Receipt{ProcessingTimeMillis: -1}.ProcessingTime()
	assert.Error(t, err)
	_, err = ses.Mail{Timestamp: "yesterday"}.Time()
	assert.ErrorContains(t, err, "mail.timestamp")
}

// TestVerdicts: a DMARC verdict is optional (older rules), its policy only
// comes with a failure, and a check turned off is no failure.
func TestVerdicts(t *testing.T) {
	tests := []struct {
		file   string
		passed bool
		dmarc  string
		policy string
	}{
		{"request-response-full-headers.json", false, ses.VerdictPass, ""}, // spam GRAY
		{"dmarc-fail-truncated-govcloud.json", false, ses.VerdictFail, ses.DMARCPolicyQuarantine},
		{"no-dmarc-scanning-disabled.json", false, "", ""}, // SPF PROCESSING_FAILED
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := record(t, decode(t, tt.file)).SES.Receipt
			assert.Equal(t, tt.passed, r.Passed())
			assert.Equal(t, tt.dmarc, r.DMARCVerdict.Status)
			assert.Equal(t, tt.policy, r.DMARCPolicy)
		})
	}

	disabled := record(t, decode(t, "no-dmarc-scanning-disabled.json")).SES.Receipt
	assert.Equal(t, ses.VerdictDisabled, disabled.SpamVerdict.Status)
	disabled.SPFVerdict.Status = ses.VerdictPass
	assert.True(t, disabled.Passed(), "DISABLED scans and no DMARC verdict pass")

	ref := record(t, sourcetest.Decode[ses.Event](t, sourcetest.Reference(t, "sesEvent.json"))).SES.Receipt
	assert.True(t, ref.Passed())
	assert.Equal(t, ses.DMARCPolicyReject, ref.DMARCPolicy)
}

// TestActionOfOtherTypes: functionArn and invocationType are absent from
// the receipt of other actions (the Python reference indexes them); they
// read as empty and the action's own members are kept.
func TestActionOfOtherTypes(t *testing.T) {
	raw := []byte(`{"Records":[{"eventSource":"aws:ses","eventVersion":"1.0","ses":{"mail":{"messageId":"m"},
		"receipt":{"action":{"type":"S3","topicArn":"arn:aws:sns:us-east-1:123456789012:t","bucketName":"b","objectKey":"k"}}}}]}`)
	e := sourcetest.Decode[ses.Event](t, raw)
	a := record(t, e).SES.Receipt.Action
	assert.Equal(t, ses.ActionS3, a.Type)
	assert.Empty(t, a.FunctionARN)
	assert.Empty(t, a.InvocationType)
	assert.Equal(t, "arn:aws:sns:us-east-1:123456789012:t", a.TopicARN)
	out, err := json.Marshal(e)
	require.NoError(t, err)
	sourcetest.JSONEqual(t, raw, out)
}

func TestDispositionResponse(t *testing.T) {
	for _, d := range []string{ses.DispositionStopRule, ses.DispositionStopRuleSet, ses.DispositionContinue} {
		r, err := ses.NewDispositionResponse(d)
		require.NoError(t, err)
		out, err := json.Marshal(r)
		require.NoError(t, err)
		assert.JSONEq(t, `{"disposition":"`+d+`"}`, string(out))

		// An answer is no event.
		_, err = registry.Default.Detect(out)
		assert.ErrorIs(t, err, registry.ErrUnknownSource)
	}
	for _, bad := range []string{"", "stop_rule", "STOP", "BOUNCE"} {
		_, err := ses.NewDispositionResponse(bad)
		assert.Error(t, err, bad)
	}
}

func TestRuleNeedsSESRecords(t *testing.T) {
	_, err := registry.Default.Detect([]byte(`{"Records":[{"eventSource":"aws:sns","ses":{}}]}`))
	assert.ErrorIs(t, err, registry.ErrUnknownSource)
	_, err = registry.Default.Detect([]byte(`{"notificationType":"Received","mail":{},"receipt":{}}`))
	assert.ErrorIs(t, err, registry.ErrUnknownSource, "the SNS notification of an SES action is no Lambda event")
}
