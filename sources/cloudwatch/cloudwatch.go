// Package cloudwatch models the events Amazon CloudWatch sends to Lambda.
//
//	aws.cloudwatch.logs    LogsEvent    https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html
//	aws.cloudwatch.alarm   AlarmEvent   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#Lambda-action-payload
//	aws.cloudwatch.widget  WidgetEvent  https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/add_custom_widget_dashboard_about.html
//
// An alarm whose action is a Lambda function sends it an [AlarmEvent] on
// each state change; [AlarmConfiguration.Kind] tells single-metric, metric
// math and composite alarms apart, and [AlarmState.DecodedReasonData]
// decodes the JSON text behind a state's reason. An alarm that notifies an
// SNS topic publishes a differently shaped message: [ParseAlarmSNS] decodes
// it from the SNS message text (sns.Message.Message). Numbers of alarms
// (thresholds, periods, datapoints) keep their digits as json.Number.
//
// A dashboard's custom widget sends a [WidgetEvent] with the dashboard's
// context and time range ([TimeRange.StartTime], [TimeRange.Shown]); the
// function answers with a [WidgetResponse]: HTML or markdown.
//
// A CloudWatch Logs subscription delivers its log events compressed and
// base64-encoded in awslogs.data; [LogsData.Parse] decodes them into a
// [LogsPayload], refusing payloads that inflate beyond a limit. Kinesis
// records fed by a subscription filter carry the same compressed payload:
// [ParseLogsData] decodes it from the record's decoded data, and
// kinesis.StreamRecord.CloudWatchLogs and firehose.Record.CloudWatchLogs do
// it for a record, through the same code (sources/internal/cwlogs).
package cloudwatch

//go:generate go run ../internal/genlossless

import (
	"fmt"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/blob"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/cwlogs"
	"github.com/evplugin/evplugin/sources/internal/inflate"
)

func init() {
	sources.Register[LogsEvent]("aws.cloudwatch.logs", "Amazon CloudWatch Logs subscription filter", sources.PriorityExact,
		registry.All(registry.PathExists("awslogs.data")))
}

// LogsEvent is a batch of log events from a subscription filter.
type LogsEvent struct {
	lossless.Extra
	AWSLogs LogsData `json:"awslogs"`
}

// Parse decodes the log events; see [LogsData.Parse].
func (e LogsEvent) Parse() (*LogsPayload, error) { return e.AWSLogs.Parse() }

// ParseLimit decodes the log events; see [LogsData.ParseLimit].
func (e LogsEvent) ParseLimit(limit int64) (*LogsPayload, error) { return e.AWSLogs.ParseLimit(limit) }

// LogsData holds the log events, gzip-compressed and base64-encoded.
type LogsData struct {
	lossless.Extra
	Data string `json:"data"`
}

// Parse decodes Data: base64, then gzip (or zlib), then JSON. The
// decompressed payload may not exceed [inflate.DefaultLimit]; a larger one
// is an error wrapping [ErrTooLarge].
func (d LogsData) Parse() (*LogsPayload, error) { return d.ParseLimit(inflate.DefaultLimit) }

// ParseLimit is [LogsData.Parse] with a limit, in bytes, on the
// decompressed payload.
func (d LogsData) ParseLimit(limit int64) (*LogsPayload, error) {
	b, err := d.compressed()
	if err != nil {
		return nil, err
	}
	return ParseLogsData(b, limit)
}

// Decompressed returns Data decoded from base64 and decompressed: the JSON
// text of the payload, for callers that hand it to their own decoder. It
// may not exceed limit bytes; more is an error wrapping [ErrTooLarge].
func (d LogsData) Decompressed(limit int64) ([]byte, error) {
	b, err := d.compressed()
	if err != nil {
		return nil, err
	}
	raw, err := inflate.Bytes(b, limit)
	if err != nil {
		return nil, fmt.Errorf("cloudwatch: %w", err)
	}
	return raw, nil
}

// compressed returns Data decoded from base64.
func (d LogsData) compressed() ([]byte, error) {
	b, err := body.Base64(d.Data)
	if err != nil {
		return nil, fmt.Errorf("cloudwatch: %w", err)
	}
	return b, nil
}

// ErrTooLarge is wrapped by the errors of Parse, ParseLimit, Decompressed
// and ParseLogsData when the decompressed payload exceeds its limit (a
// gzip bomb, or a limit set too low).
var ErrTooLarge = inflate.ErrTooLarge

// ParseLogsData decodes a compressed subscription payload: data is gzip
// (or zlib) bytes, already decoded from base64 (as the data of a Kinesis or
// Firehose record fed by a subscription filter). The decompressed payload
// may not exceed limit bytes; more is an error wrapping
// [ErrTooLarge].
func ParseLogsData(data []byte, limit int64) (*LogsPayload, error) { return cwlogs.Parse(data, limit) }

// CarriedPayload is the log events, inflated within limit bytes, for
// [sources.Unwrap] (see [blob.Carried]).
func (d LogsData) CarriedPayload(limit int64) sources.Carried {
	return blob.Carried("data", d.Data, limit)
}

// Derived lists Parse, which the printer shows within its budget: the log
// events it has room for, then how many it left out, decoding no more than
// it shows (a payload inflating to 63 MiB prints in a few MiB of memory).
func (d LogsData) Derived() []printer.Derived {
	return []printer.Derived{printer.DeriveWithin("Parse", d.parseWithin)}
}

// parseWithin is Parse for the printer: see [cwlogs.ParseWithin].
func (d LogsData) parseWithin(limit int) (*cwlogs.View, error) {
	b, err := body.Base64(d.Data)
	if err != nil {
		return nil, fmt.Errorf("cloudwatch: %w", err)
	}
	return cwlogs.ParseWithin(b, limit)
}

// The message types of a [LogsPayload].
const (
	DataMessage    = cwlogs.DataMessage
	ControlMessage = cwlogs.ControlMessage
)

// LogsPayload is the decompressed content of a subscription delivery
// (the same type as kinesis.LogsPayload and firehose.LogsPayload).
type LogsPayload = cwlogs.Payload

// LogEvent is one log event of a [LogsPayload].
type LogEvent = cwlogs.LogEvent
