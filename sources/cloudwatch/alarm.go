package cloudwatch

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
	"github.com/evplugin/evplugin/sources/internal/body"
)

func init() {
	// The Lambda action event has source "aws.cloudwatch" but no
	// detail-type nor detail: the EventBridge "CloudWatch Alarm State
	// Change" event (source, detail-type, detail) stays aws.eventbridge.
	sources.Register[AlarmEvent]("aws.cloudwatch.alarm", "Amazon CloudWatch alarm Lambda action", sources.PriorityExact,
		registry.All(registry.PathEquals("source", AlarmSource), registry.PathExists("alarmArn"), registry.PathExists("alarmData"),
			registry.PathAbsent("detail-type")))
}

// AlarmSource is the source member of an [AlarmEvent].
const AlarmSource = "aws.cloudwatch"

// The values of an alarm's state.
const (
	StateOK               = "OK"
	StateAlarm            = "ALARM"
	StateInsufficientData = "INSUFFICIENT_DATA"
)

// What suppressed a composite alarm's actions (ActionsSuppressedBy).
const (
	SuppressedByAlarm           = "Alarm"
	SuppressedByWaitPeriod      = "WaitPeriod"
	SuppressedByExtensionPeriod = "ExtensionPeriod"
)

// AlarmKind tells the three kinds of alarms apart.
type AlarmKind string

// The kinds of alarms; see [AlarmConfiguration.Kind].
const (
	SingleMetricAlarm AlarmKind = "single metric"
	MetricMathAlarm   AlarmKind = "metric math"
	CompositeAlarm    AlarmKind = "composite"
)

// alarmTimeLayout is how alarms write times: 2023-08-04T12:56:46.138+0000.
const alarmTimeLayout = "2006-01-02T15:04:05.999999999-0700"

// parseAlarmTime parses an alarm timestamp (an RFC 3339 one too) as UTC.
func parseAlarmTime(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("cloudwatch: no %s", name)
	}
	t, err := time.Parse(alarmTimeLayout, s)
	if err != nil {
		var err2 error
		if t, err2 = time.Parse(time.RFC3339Nano, s); err2 != nil {
			return time.Time{}, fmt.Errorf("cloudwatch: %s: %w", name, err)
		}
	}
	return t.UTC(), nil
}

// AlarmEvent is what an alarm whose action is a Lambda function sends it
// on a state change: single-metric, metric math and composite alarms
// alike ([AlarmConfiguration.Kind]).
//
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#Lambda-action-payload
//
//evplugin:derived Time Alarm
type AlarmEvent struct {
	lossless.Extra
	Source    string    `json:"source"` // AlarmSource
	AlarmARN  string    `json:"alarmArn"`
	AccountID string    `json:"accountId"` // the account of the alarm
	Timestamp string    `json:"time"`
	Region    string    `json:"region"`
	AlarmData AlarmData `json:"alarmData"`
}

// Time is the event's time member as a UTC time.
func (e AlarmEvent) Time() (time.Time, error) { return parseAlarmTime("time", e.Timestamp) }

// Alarm is AlarmARN parsed; its resource is "alarm:<name>".
func (e AlarmEvent) Alarm() (arn.ARN, error) { return arn.Parse(e.AlarmARN) }

// AlarmData is the alarm: its name, the state it entered, the state it
// left and its configuration.
type AlarmData struct {
	lossless.Extra
	AlarmName     string             `json:"alarmName"`
	State         AlarmState         `json:"state"`
	PreviousState *AlarmState        `json:"previousState"`
	Configuration AlarmConfiguration `json:"configuration"`
}

// AlarmState is a state of the alarm.
//
//evplugin:derived Time DecodedReasonData
type AlarmState struct {
	lossless.Extra
	Value  string `json:"value"` // StateOK, StateAlarm, StateInsufficientData
	Reason string `json:"reason"`
	// ReasonData is the JSON text of the data behind the reason;
	// [AlarmState.DecodedReasonData] decodes it.
	ReasonData string `json:"reasonData"`
	Timestamp  string `json:"timestamp"`
	// Composite alarms only: what suppresses the actions, and why.
	ActionsSuppressedBy     string `json:"actionsSuppressedBy"`
	ActionsSuppressedReason string `json:"actionsSuppressedReason"`
}

// Time is the state's timestamp as a UTC time.
func (s AlarmState) Time() (time.Time, error) { return parseAlarmTime("timestamp", s.Timestamp) }

// DecodedReasonData decodes ReasonData. A state without reason data (a
// state set by hand) is [body.ErrEmpty], which the printer leaves out;
// text that is not a JSON object is an error.
func (s AlarmState) DecodedReasonData() (*ReasonData, error) {
	if s.ReasonData == "" {
		return nil, body.ErrEmpty
	}
	return body.Object(s.ReasonData, "cloudwatch: reasonData", func(*ReasonData) error { return nil })
}

// ReasonData is the data behind an alarm state: for a metric alarm, the
// datapoints it evaluated and the threshold; for a composite alarm, the
// alarms that triggered it.
type ReasonData struct {
	lossless.Extra
	Version             string               `json:"version"`
	QueryDate           string               `json:"queryDate"`
	StartDate           string               `json:"startDate"`
	Statistic           string               `json:"statistic"`
	Unit                string               `json:"unit"`
	Period              json.Number          `json:"period"`
	RecentDatapoints    []json.Number        `json:"recentDatapoints"`
	Threshold           json.Number          `json:"threshold"`
	EvaluatedDatapoints []EvaluatedDatapoint `json:"evaluatedDatapoints"`
	TriggeringAlarms    []TriggeringAlarm    `json:"triggeringAlarms"` // composite alarms
}

// EvaluatedDatapoint is a datapoint the alarm evaluated; Value is absent
// for a missing datapoint.
type EvaluatedDatapoint struct {
	lossless.Extra
	Timestamp   string      `json:"timestamp"`
	SampleCount json.Number `json:"sampleCount"`
	Value       json.Number `json:"value"`
	Threshold   json.Number `json:"threshold"`
}

// TriggeringAlarm is a child alarm whose state changed a composite alarm.
type TriggeringAlarm struct {
	lossless.Extra
	ARN   string               `json:"arn"`
	State TriggeringAlarmState `json:"state"`
}

// TriggeringAlarmState is the state of a child alarm.
type TriggeringAlarmState struct {
	lossless.Extra
	Value     string `json:"value"`
	Timestamp string `json:"timestamp"`
}

// AlarmConfiguration is how the alarm is defined: metrics for a metric
// alarm, an alarm rule for a composite alarm.
type AlarmConfiguration struct {
	lossless.Extra
	Description string `json:"description"`
	// AlarmRule is the rule of a composite alarm over other alarms:
	// "ALARM(a) OR ALARM(b)".
	AlarmRule string `json:"alarmRule"`
	// Composite alarms: the alarm that suppresses actions, and the
	// periods, in seconds, it is waited for and extended by.
	ActionsSuppressor                string      `json:"actionsSuppressor"`
	ActionsSuppressorWaitPeriod      json.Number `json:"actionsSuppressorWaitPeriod"`
	ActionsSuppressorExtensionPeriod json.Number `json:"actionsSuppressorExtensionPeriod"`
	// Metrics are the metric of a single-metric alarm, or the metrics and
	// expressions of a metric math alarm.
	Metrics []AlarmMetric `json:"metrics"`
}

// Kind is CompositeAlarm for an alarm with a rule, MetricMathAlarm for one
// whose metrics include an expression, SingleMetricAlarm otherwise.
func (c AlarmConfiguration) Kind() AlarmKind {
	if c.AlarmRule != "" {
		return CompositeAlarm
	}
	for _, m := range c.Metrics {
		if m.Expression != "" {
			return MetricMathAlarm
		}
	}
	return SingleMetricAlarm
}

// Metric returns the metric of the alarm with id.
func (c AlarmConfiguration) Metric(id string) (AlarmMetric, bool) {
	for _, m := range c.Metrics {
		if m.ID == id {
			return m, true
		}
	}
	return AlarmMetric{}, false
}

// AlarmMetric is a metric of an alarm, or a metric math expression over
// its other metrics (then it has no MetricStat).
type AlarmMetric struct {
	lossless.Extra
	ID         string      `json:"id"`
	Expression string      `json:"expression"`
	Label      string      `json:"label"`
	ReturnData bool        `json:"returnData"` // the metric the alarm watches
	Period     json.Number `json:"period"`
	MetricStat *MetricStat `json:"metricStat"`
}

// MetricStat is a metric and the statistic the alarm takes of it.
type MetricStat struct {
	lossless.Extra
	Metric *Metric     `json:"metric"`
	Period json.Number `json:"period"` // seconds
	Stat   string      `json:"stat"`
	Unit   string      `json:"unit"`
}

// Metric names a metric.
type Metric struct {
	lossless.Extra
	Namespace  string            `json:"namespace"`
	Name       string            `json:"name"`
	Dimensions map[string]string `json:"dimensions"`
}

// AlarmSNSMessage is an alarm's state change as CloudWatch publishes it
// to an SNS topic: the Message of the notification, which
// [ParseAlarmSNS] decodes. It is shaped unlike [AlarmEvent].
//
//evplugin:derived Time Alarm
type AlarmSNSMessage struct {
	lossless.Extra
	AlarmName                          string        `json:"AlarmName"`
	AlarmDescription                   string        `json:"AlarmDescription"` // null without one
	AWSAccountID                       string        `json:"AWSAccountId"`
	AlarmConfigurationUpdatedTimestamp string        `json:"AlarmConfigurationUpdatedTimestamp"`
	NewStateValue                      string        `json:"NewStateValue"`
	NewStateReason                     string        `json:"NewStateReason"`
	StateChangeTime                    string        `json:"StateChangeTime"`
	Region                             string        `json:"Region"` // a name: "US East (N. Virginia)"
	AlarmARN                           string        `json:"AlarmArn"`
	OldStateValue                      string        `json:"OldStateValue"`
	OKActions                          []string      `json:"OKActions"`
	AlarmActions                       []string      `json:"AlarmActions"`
	InsufficientDataActions            []string      `json:"InsufficientDataActions"`
	AlarmRule                          string        `json:"AlarmRule"` // composite alarms
	Trigger                            *AlarmTrigger `json:"Trigger"`   // metric alarms
}

// ParseAlarmSNS decodes message, the Message of an SNS notification an
// alarm published. Text that is no JSON object, or has no AlarmName or
// NewStateValue, is an error.
func ParseAlarmSNS(message string) (*AlarmSNSMessage, error) {
	return body.Object(message, "cloudwatch: not an alarm notification", func(m *AlarmSNSMessage) error {
		if m.AlarmName == "" || m.NewStateValue == "" {
			return errors.New("no AlarmName or NewStateValue")
		}
		return nil
	})
}

// Time is StateChangeTime as a UTC time.
func (m AlarmSNSMessage) Time() (time.Time, error) {
	return parseAlarmTime("StateChangeTime", m.StateChangeTime)
}

// Alarm is AlarmARN parsed.
func (m AlarmSNSMessage) Alarm() (arn.ARN, error) { return arn.Parse(m.AlarmARN) }

// AlarmTrigger is the condition of a metric alarm: one metric (MetricName,
// Namespace, Statistic, Dimensions) or, for metric math, Metrics.
type AlarmTrigger struct {
	lossless.Extra
	MetricName                       string          `json:"MetricName"`
	Namespace                        string          `json:"Namespace"`
	StatisticType                    string          `json:"StatisticType"`
	Statistic                        string          `json:"Statistic"`
	Unit                             string          `json:"Unit"`
	Dimensions                       []Dimension     `json:"Dimensions"`
	Period                           json.Number     `json:"Period"`
	EvaluationPeriods                json.Number     `json:"EvaluationPeriods"`
	DatapointsToAlarm                json.Number     `json:"DatapointsToAlarm"`
	ComparisonOperator               string          `json:"ComparisonOperator"`
	Threshold                        json.Number     `json:"Threshold"`
	TreatMissingData                 string          `json:"TreatMissingData"`
	EvaluateLowSampleCountPercentile string          `json:"EvaluateLowSampleCountPercentile"`
	Metrics                          []TriggerMetric `json:"Metrics"`
}

// Dimension is a name and value of a metric.
type Dimension struct {
	lossless.Extra
	Name  string `json:"name"`
	Value string `json:"value"`
}

// TriggerMetric is a metric or an expression of a metric math alarm.
type TriggerMetric struct {
	lossless.Extra
	ID         string             `json:"Id"`
	Expression string             `json:"Expression"`
	Label      string             `json:"Label"`
	ReturnData bool               `json:"ReturnData"`
	Period     json.Number        `json:"Period"`
	MetricStat *TriggerMetricStat `json:"MetricStat"`
}

// TriggerMetricStat is a metric and its statistic in an [AlarmTrigger].
type TriggerMetricStat struct {
	lossless.Extra
	Metric *TriggerMetricName `json:"Metric"`
	Period json.Number        `json:"Period"`
	Stat   string             `json:"Stat"`
	Unit   string             `json:"Unit"`
}

// TriggerMetricName names a metric in an [AlarmTrigger].
type TriggerMetricName struct {
	lossless.Extra
	Dimensions []Dimension `json:"Dimensions"`
	MetricName string      `json:"MetricName"`
	Namespace  string      `json:"Namespace"`
}
