package cloudwatch_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/cloudwatch"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func alarm(t *testing.T, name string) *cloudwatch.AlarmEvent {
	t.Helper()
	return sourcetest.Decode[cloudwatch.AlarmEvent](t, sourcetest.Reference(t, name))
}

func TestAlarmKinds(t *testing.T) {
	// ⚠ the reference indexes metricStat, which an expression has not.
	single := alarm(t, "cloudWatchAlarmEventSingleMetric.json")
	c := single.AlarmData.Configuration
	assert.Equal(t, cloudwatch.MetricMathAlarm, c.Kind())
	require.Len(t, c.Metrics, 3)
	assert.Nil(t, c.Metrics[0].MetricStat)
	assert.Equal(t, "m1/m2", c.Metrics[0].Expression)
	m2, ok := c.Metric("m2")
	require.True(t, ok)
	assert.Equal(t, "Duration", m2.MetricStat.Metric.Name)
	assert.Equal(t, json.Number("60"), m2.MetricStat.Period)
	_, ok = c.Metric("m3")
	assert.False(t, ok)

	composite := alarm(t, "cloudWatchAlarmEventCompositeMetric.json")
	c = composite.AlarmData.Configuration
	assert.Equal(t, cloudwatch.CompositeAlarm, c.Kind())
	assert.Equal(t, json.Number("120"), c.ActionsSuppressorWaitPeriod)
	assert.Equal(t, cloudwatch.SuppressedByWaitPeriod, composite.AlarmData.PreviousState.ActionsSuppressedBy)

	plain := cloudwatch.AlarmConfiguration{Metrics: []cloudwatch.AlarmMetric{{ID: "m1", MetricStat: &cloudwatch.MetricStat{}}}}
	assert.Equal(t, cloudwatch.SingleMetricAlarm, plain.Kind())
}

func TestAlarmTimes(t *testing.T) {
	e := alarm(t, "cloudWatchAlarmEventCompositeMetric.json")
	got, err := e.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2023, 8, 4, 12, 56, 46, 138e6, time.UTC), got)
	got, err = e.AlarmData.PreviousState.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2023, 8, 4, 12, 54, 46, 138e6, time.UTC), got)
	a, err := e.Alarm()
	require.NoError(t, err)
	assert.Equal(t, "alarm:SuppressionDemo.Main", a.Resource)

	got, err = cloudwatch.AlarmEvent{Timestamp: "2024-05-02T10:15:30.5+02:00"}.Time()
	require.NoError(t, err, "RFC 3339 too")
	assert.Equal(t, time.Date(2024, 5, 2, 8, 15, 30, 5e8, time.UTC), got)
	for _, bad := range []string{"", "yesterday", "2024-05-02 08:15:30"} {
		_, err := cloudwatch.AlarmState{Timestamp: bad}.Time()
		assert.Error(t, err, bad)
	}
}

func TestReasonData(t *testing.T) {
	single := alarm(t, "cloudWatchAlarmEventSingleMetric.json")
	r, err := single.AlarmData.State.DecodedReasonData()
	require.NoError(t, err)
	assert.Equal(t, json.Number("10.0"), r.Threshold, "digits kept")
	assert.Equal(t, []json.Number{"1.0"}, r.RecentDatapoints)
	require.Len(t, r.EvaluatedDatapoints, 1)
	assert.Equal(t, json.Number("1.0"), r.EvaluatedDatapoints[0].SampleCount)

	composite := alarm(t, "cloudWatchAlarmEventCompositeMetric.json")
	r, err = composite.AlarmData.State.DecodedReasonData()
	require.NoError(t, err)
	require.Len(t, r.TriggeringAlarms, 1)
	assert.Equal(t, cloudwatch.StateAlarm, r.TriggeringAlarms[0].State.Value)

	_, err = cloudwatch.AlarmState{}.DecodedReasonData()
	assert.True(t, errors.Is(err, body.ErrEmpty), "no reason data is nothing to derive")
	for _, bad := range []string{"not json", "[1]", `{"threshold":`} {
		_, err := cloudwatch.AlarmState{ReasonData: bad}.DecodedReasonData()
		assert.Error(t, err, bad)
	}
}

// The EventBridge alarm state change has source aws.cloudwatch too, with
// detail-type and detail: it is no Lambda action event.
func TestAlarmRuleDisjointFromEventBridge(t *testing.T) {
	reg := registry.New()
	for _, s := range registry.Default.Sources() {
		if s.ID == "aws.cloudwatch.alarm" {
			require.NoError(t, reg.Register(s))
		}
	}
	_, err := reg.Detect([]byte(`{"version":"0","id":"1","detail-type":"CloudWatch Alarm State Change","source":"aws.cloudwatch","account":"1","time":"2024-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{"alarmName":"a","state":{"value":"ALARM"}}}`))
	assert.ErrorIs(t, err, registry.ErrUnknownSource)
	_, err = reg.Detect([]byte(`{"source":"aws.cloudwatch","alarmArn":"arn:aws:cloudwatch:us-east-1:1:alarm:a","alarmData":{},"detail-type":"x"}`))
	assert.ErrorIs(t, err, registry.ErrUnknownSource)
	id, err := reg.Detect(sourcetest.Reference(t, "cloudWatchAlarmEventSingleMetric.json"))
	require.NoError(t, err)
	assert.Equal(t, "aws.cloudwatch.alarm", id)
}

const snsAlarm = `{"AlarmName":"orders-api-5xx","AlarmDescription":null,"AWSAccountId":"210987654321","AlarmConfigurationUpdatedTimestamp":"2024-05-01T09:00:00.000+0000","NewStateValue":"ALARM","NewStateReason":"Threshold Crossed: 1 out of the last 1 datapoints [7.0 (02/05/24 08:14:00)] was greater than the threshold (5.0).","StateChangeTime":"2024-05-02T08:15:30.512+0000","Region":"US East (N. Virginia)","AlarmArn":"arn:aws:cloudwatch:us-east-1:210987654321:alarm:orders-api-5xx","OldStateValue":"OK","OKActions":[],"AlarmActions":["arn:aws:sns:us-east-1:210987654321:oncall"],"InsufficientDataActions":[],"Trigger":{"MetricName":"5XXError","Namespace":"AWS/ApiGateway","StatisticType":"Statistic","Statistic":"SUM","Unit":null,"Dimensions":[{"value":"orders","name":"ApiName"}],"Period":60,"EvaluationPeriods":1,"DatapointsToAlarm":1,"ComparisonOperator":"GreaterThanThreshold","Threshold":5.0,"TreatMissingData":"missing","EvaluateLowSampleCountPercentile":""}}`

const snsMathAlarm = `{"AlarmName":"error-rate","AWSAccountId":"210987654321","NewStateValue":"OK","NewStateReason":"back to normal","StateChangeTime":"2024-05-03T11:00:00.000+0000","Region":"EU (Ireland)","AlarmArn":"arn:aws:cloudwatch:eu-west-1:210987654321:alarm:error-rate","OldStateValue":"ALARM","Trigger":{"Period":60,"EvaluationPeriods":3,"ComparisonOperator":"GreaterThanThreshold","Threshold":10.25,"TreatMissingData":"notBreaching","Metrics":[{"Expression":"100*(e/r)","Id":"rate","Label":"Error rate","ReturnData":true},{"Id":"e","MetricStat":{"Metric":{"Dimensions":[{"value":"checkout","name":"FunctionName"}],"MetricName":"Errors","Namespace":"AWS/Lambda"},"Period":60,"Stat":"Sum"},"ReturnData":false}]}}`

func TestParseAlarmSNS(t *testing.T) {
	m, err := cloudwatch.ParseAlarmSNS(snsAlarm)
	require.NoError(t, err)
	assert.Equal(t, cloudwatch.StateAlarm, m.NewStateValue)
	assert.Equal(t, cloudwatch.StateOK, m.OldStateValue)
	require.NotNil(t, m.Trigger)
	assert.Equal(t, json.Number("5.0"), m.Trigger.Threshold, "no float: the digits are kept")
	assert.Equal(t, "ApiName", m.Trigger.Dimensions[0].Name)
	got, err := m.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 5, 2, 8, 15, 30, 512e6, time.UTC), got)
	a, err := m.Alarm()
	require.NoError(t, err)
	assert.Equal(t, "us-east-1", a.Region)
	out, err := json.Marshal(m)
	require.NoError(t, err)
	assert.JSONEq(t, snsAlarm, string(out), "lossless: nulls and unknowns kept")

	m, err = cloudwatch.ParseAlarmSNS(snsMathAlarm)
	require.NoError(t, err)
	require.Len(t, m.Trigger.Metrics, 2)
	assert.Nil(t, m.Trigger.Metrics[0].MetricStat)
	assert.Equal(t, "Errors", m.Trigger.Metrics[1].MetricStat.Metric.MetricName)
	assert.Equal(t, json.Number("10.25"), m.Trigger.Threshold)

	for _, bad := range []string{"", "plain text", "[]", `{"Type":"Notification"}`, `{"AlarmName":"a"}`, `{"AlarmName":"a","NewStateValue":"OK","Trigger":[]}`} {
		_, err := cloudwatch.ParseAlarmSNS(bad)
		assert.Error(t, err, bad)
	}
}
