// Package ses models the event Amazon SES sends to a Lambda function from
// a receipt rule's Lambda action, and the answer a synchronous
// (RequestResponse) invocation may give to control the mail flow.
//
//	aws.ses  Event  https://docs.aws.amazon.com/ses/latest/dg/receiving-email-action-lambda.html
//
// The members of mail and receipt are those of the SES receiving
// notification (https://docs.aws.amazon.com/ses/latest/dg/receiving-email-notifications-contents.html),
// without the message content: a function reads the email from where an
// S3 action stored it.
package ses

//go:generate go run ../internal/genlossless

import (
	"fmt"
	"strings"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/body"
)

func init() {
	sources.Register[Event]("aws.ses", "Amazon SES receipt rule Lambda action", sources.PriorityRecord,
		registry.All(registry.PathEquals("Records[0].eventSource", EventSource)))
}

// EventSource is the eventSource of every record.
const EventSource = "aws:ses"

// The statuses of a [Verdict].
const (
	VerdictPass             = "PASS"
	VerdictFail             = "FAIL"
	VerdictGray             = "GRAY"              // SES could not decide
	VerdictProcessingFailed = "PROCESSING_FAILED" // an issue prevented SES from deciding
	VerdictDisabled         = "DISABLED"          // the check is turned off for the rule (spam and virus scanning)
)

// The types of a receipt [Action]. A Lambda function's event always has
// ActionLambda; the others appear in the same receipt object when it
// arrives another way (an SNS notification).
const (
	ActionLambda   = "Lambda"
	ActionS3       = "S3"
	ActionSNS      = "SNS"
	ActionBounce   = "Bounce"
	ActionStop     = "Stop"
	ActionWorkMail = "WorkMail"
)

// The invocation types of a Lambda [Action].
const (
	InvocationEvent           = "Event"           // asynchronous: the function's answer is ignored
	InvocationRequestResponse = "RequestResponse" // synchronous: the function may answer a [DispositionResponse]
)

// The DMARC policies of the sending domain ([Receipt].DMARCPolicy), sent
// only when the message fails DMARC.
const (
	DMARCPolicyNone       = "none"
	DMARCPolicyQuarantine = "quarantine"
	DMARCPolicyReject     = "reject"
)

// Event is the event of a receipt rule's Lambda action: one record per
// received message.
type Event struct {
	lossless.Extra
	Records []Record `json:"Records"`
}

// Record is one received message.
type Record struct {
	lossless.Extra
	EventSource  string  `json:"eventSource"`
	EventVersion string  `json:"eventVersion"`
	SES          Message `json:"ses"`
}

// Message holds what SES knows of the email and of its receipt.
type Message struct {
	lossless.Extra
	Mail    Mail    `json:"mail"`
	Receipt Receipt `json:"receipt"`
}

// Mail describes the email. Headers lists every header in the order of
// the message, a name as many times as it appears (Received, ...);
// HeadersTruncated is set when SES cut the list short. Destination holds
// the recipients of the message's headers, Source the envelope sender
// (MAIL FROM).
//
//evplugin:derived Time
type Mail struct {
	lossless.Extra
	Timestamp        string        `json:"timestamp"`
	Source           string        `json:"source"`
	MessageID        string        `json:"messageId"`
	Destination      []string      `json:"destination"`
	HeadersTruncated bool          `json:"headersTruncated"`
	Headers          []Header      `json:"headers"`
	CommonHeaders    CommonHeaders `json:"commonHeaders"`
}

// Header is one header of the email.
type Header struct {
	lossless.Extra
	Name  string `json:"name"`
	Value string `json:"value"`
}

// CommonHeaders are the headers SES parses for every message. The address
// lists are as the message wrote them ("Jane Doe <jane@example.com>");
// CC, BCC, Sender and ReplyTo are absent when the message has none.
type CommonHeaders struct {
	lossless.Extra
	ReturnPath string   `json:"returnPath"`
	From       []string `json:"from"`
	Date       string   `json:"date"`
	To         []string `json:"to"`
	CC         []string `json:"cc"`
	BCC        []string `json:"bcc"`
	Sender     []string `json:"sender"`
	ReplyTo    []string `json:"replyTo"`
	MessageID  string   `json:"messageId"`
	Subject    string   `json:"subject"`
}

// Receipt describes the delivery: the envelope recipients this rule
// matched, the verdicts of the checks SES ran, and the action that invoked
// the function. DMARCPolicy is present only when the message failed DMARC
// (one of the DMARCPolicy constants); DMARCVerdict is absent from events of
// rules that predate DMARC checks.
//
//evplugin:derived Time
type Receipt struct {
	lossless.Extra
	Timestamp            string   `json:"timestamp"`
	ProcessingTimeMillis int64    `json:"processingTimeMillis"`
	Recipients           []string `json:"recipients"`
	SpamVerdict          Verdict  `json:"spamVerdict"`
	VirusVerdict         Verdict  `json:"virusVerdict"`
	SPFVerdict           Verdict  `json:"spfVerdict"`
	DKIMVerdict          Verdict  `json:"dkimVerdict"`
	DMARCVerdict         Verdict  `json:"dmarcVerdict"`
	DMARCPolicy          string   `json:"dmarcPolicy"`
	Action               Action   `json:"action"`
}

// Verdict is the outcome of one check: Status is one of the Verdict
// constants.
type Verdict struct {
	lossless.Extra
	Status string `json:"status"`
}

// Action is the receipt rule action that delivered the event. For a
// Lambda action (Type [ActionLambda]) FunctionARN and InvocationType are
// set; TopicARN names the SNS topic the action also notifies, if any.
// Members of other action types (bucketName, objectKey, encoding, ...)
// are kept as they came.
type Action struct {
	lossless.Extra
	Type           string `json:"type"`
	FunctionARN    string `json:"functionArn"`
	InvocationType string `json:"invocationType"`
	TopicARN       string `json:"topicArn"`
}

// Record returns the event's record: SES sends one per invocation. An
// event without records is an error.
func (e Event) Record() (Record, error) { return body.First("ses", e.Records) }

// Time is Timestamp, when SES received the message.
func (m Mail) Time() (time.Time, error) { return parseTime("mail.timestamp", m.Timestamp) }

// Header returns the value of the first header named name, matched
// case-insensitively ("message-id" finds "Message-ID"), and whether there
// is one.
func (m Mail) Header(name string) (string, bool) {
	for _, h := range m.Headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}

// HeaderValues returns the values of every header named name, matched
// case-insensitively, in the order of the message (the Received headers,
// newest first); nil when there is none.
func (m Mail) HeaderValues(name string) []string {
	var out []string
	for _, h := range m.Headers {
		if strings.EqualFold(h.Name, name) {
			out = append(out, h.Value)
		}
	}
	return out
}

// Time is Timestamp, when the action ran.
func (r Receipt) Time() (time.Time, error) { return parseTime("receipt.timestamp", r.Timestamp) }

// ProcessingTime is ProcessingTimeMillis, from when SES received the
// message to when it ran the action.
func (r Receipt) ProcessingTime() (time.Duration, error) {
	if r.ProcessingTimeMillis < 0 {
		return 0, fmt.Errorf("ses: processingTimeMillis is negative (%d)", r.ProcessingTimeMillis)
	}
	return time.Duration(r.ProcessingTimeMillis) * time.Millisecond, nil
}

// Passed reports whether every check SES ran passed: the spam, virus, SPF
// and DKIM verdicts, and the DMARC verdict when there is one, are
// [VerdictPass]. A check turned off ([VerdictDisabled]) does not count
// against it.
func (r Receipt) Passed() bool {
	for _, v := range []Verdict{r.SpamVerdict, r.VirusVerdict, r.SPFVerdict, r.DKIMVerdict} {
		if v.Status != VerdictPass && v.Status != VerdictDisabled {
			return false
		}
	}
	return r.DMARCVerdict.Status == "" || r.DMARCVerdict.Status == VerdictPass
}

// parseTime parses an ISO 8601 timestamp such as 2024-03-01T10:00:00.000Z.
func parseTime(key, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("ses: %s: %w", key, err)
	}
	return t, nil
}

// The dispositions a synchronous function answers with, telling SES what
// to do with the rest of the receipt rules.
const (
	// DispositionStopRule: run no further action of this receipt rule; the
	// next rules still apply.
	DispositionStopRule = "STOP_RULE"
	// DispositionStopRuleSet: run no further action and no further rule.
	DispositionStopRuleSet = "STOP_RULE_SET"
	// DispositionContinue: go on as if the function had not answered.
	DispositionContinue = "CONTINUE"
)

// DispositionResponse is the answer of a function invoked with
// [InvocationRequestResponse]: {"disposition": "STOP_RULE_SET"}. SES
// ignores it for [InvocationEvent] invocations, and takes anything other
// than the three dispositions (or no answer) as [DispositionContinue].
type DispositionResponse struct {
	Disposition string `json:"disposition"`
}

// NewDispositionResponse returns the answer with disposition d, one of the
// Disposition constants; any other value is an error rather than the
// CONTINUE SES would silently make of it.
func NewDispositionResponse(d string) (DispositionResponse, error) {
	switch d {
	case DispositionStopRule, DispositionStopRuleSet, DispositionContinue:
		return DispositionResponse{Disposition: d}, nil
	}
	return DispositionResponse{}, fmt.Errorf("ses: disposition %q is none of STOP_RULE, STOP_RULE_SET, CONTINUE", d)
}
