package config_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/config"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

const id = "aws.config.rule"

func reference(t *testing.T, name string) *config.RuleEvent {
	return sourcetest.Decode[config.RuleEvent](t, sourcetest.Reference(t, name))
}

func own(t *testing.T, name string) *config.RuleEvent {
	return sourcetest.DecodeTestdata[config.RuleEvent](t, id, name)
}

func notification[N config.Notification](t *testing.T, e *config.RuleEvent) N {
	t.Helper()
	n, err := e.Notification()
	require.NoError(t, err)
	v, ok := n.(N)
	require.True(t, ok, "notification %T", n)
	return v
}

func TestConfigurationItemChange(t *testing.T) {
	e := reference(t, "awsConfigRuleConfigurationChanged.json")
	n := notification[*config.ConfigurationItemChange](t, e)
	assert.Equal(t, config.MessageConfigurationItemChange, n.Type())
	created, err := n.CreationTime()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2023, 4, 27, 15, 3, 13, 332e6, time.UTC), created)

	ci := n.ConfigurationItem
	require.NotNil(t, ci)
	assert.Equal(t, "AWS::EC2::Instance", ci.ResourceType)
	assert.Equal(t, "i-042dd005362091826", ci.ResourceID)
	assert.Equal(t, "arn:aws:ec2:us-east-1:0123456789012:instance/i-042dd005362091826", ci.ARN)
	assert.Equal(t, json.Number("1682607791636"), ci.ConfigurationStateID)
	assert.Equal(t, "Minha", ci.Tags["Name"])
	assert.Len(t, ci.Relationships, 7)
	assert.Equal(t, "AWS::EC2::EIP", ci.Relationships[0].ResourceType)
	assert.False(t, ci.Deleted())

	ch := n.ConfigurationItemDiff.ChangedProperties["Configuration.InstanceType"]
	assert.Equal(t, "t2.micro", ch.PreviousValue)
	assert.Equal(t, "t2.medium", ch.UpdatedValue)
	assert.Equal(t, json.Number("2"), n.ConfigurationItemDiff.ChangedProperties["Configuration.CpuOptions.CoreCount"].UpdatedValue)

	var instance struct {
		InstanceType string `json:"instanceType"`
		State        struct {
			Code int64  `json:"code"`
			Name string `json:"name"`
		} `json:"state"`
	}
	require.NoError(t, ci.ConfigurationInto(&instance))
	assert.Equal(t, "t2.medium", instance.InstanceType)
	assert.Equal(t, int64(80), instance.State.Code)
	assert.Equal(t, "stopped", instance.State.Name)

	ev, err := n.Evaluation(config.NonCompliant, "instance type is not t2.micro")
	require.NoError(t, err)
	assert.Equal(t, config.Evaluation{
		ComplianceResourceType: "AWS::EC2::Instance",
		ComplianceResourceID:   "i-042dd005362091826",
		ComplianceType:         config.NonCompliant,
		Annotation:             "instance type is not t2.micro",
		OrderingTimestamp:      time.Date(2023, 4, 27, 15, 3, 11, 636e6, time.UTC),
	}, ev)
	assert.Equal(t, config.EvaluationDetective, e.EvaluationMode)
}

func TestDeletedResource(t *testing.T) {
	e := own(t, "item-deleted-left-scope-china.json")
	assert.True(t, e.EventLeftScope)
	n := notification[*config.ConfigurationItemChange](t, e)
	assert.True(t, n.ConfigurationItem.Deleted())
	assert.Nil(t, n.ConfigurationItem.Configuration)
	assert.Empty(t, n.ConfigurationItem.ResourceName, "null resource name")
	ev, err := n.Evaluation(config.NotApplicable, "")
	require.NoError(t, err)
	assert.Equal(t, "sg-0123456789abcdef0", ev.ComplianceResourceID)

	rule, err := e.Rule()
	require.NoError(t, err)
	assert.Equal(t, "aws-cn", rule.Partition)
	assert.Equal(t, "210987654321", rule.AccountID)
}

func TestNewResourceWithoutDiff(t *testing.T) {
	n := notification[*config.ConfigurationItemChange](t, own(t, "item-discovered-gov.json"))
	assert.Nil(t, n.ConfigurationItemDiff)
	assert.Equal(t, []string{"3f6a1c2e-9b8d-4e7f-a6b5-c4d3e2f1a0b9"}, n.ConfigurationItem.RelatedEvents)
	assert.Contains(t, n.ConfigurationItem.SupplementaryConfiguration, "PublicAccessBlockConfiguration")

	_, err := (&config.ConfigurationItemChange{}).Evaluation(config.Compliant, "")
	assert.ErrorContains(t, err, "without a configuration item")
}

func TestOversized(t *testing.T) {
	e := reference(t, "awsConfigRuleOversizedConfiguration.json")
	n := notification[*config.OversizedConfigurationItemChange](t, e)
	s := n.ConfigurationItemSummary
	assert.Equal(t, "UPDATE", s.ChangeType)
	assert.Equal(t, "i-00000000", s.ResourceID)
	assert.False(t, s.Deleted())
	ev, err := n.Evaluation(config.Compliant, "")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2016, 10, 6, 16, 46, 16, 261e6, time.UTC), ev.OrderingTimestamp)
	assert.Empty(t, e.EvaluationMode, "absent in this sample")
	assert.Equal(t, "1.0", e.Version)
}

func TestScheduled(t *testing.T) {
	e := reference(t, "awsConfigRuleScheduled.json")
	n := notification[*config.ScheduledNotification](t, e)
	assert.Equal(t, "0123456789012", n.AWSAccountID)
	ev, err := n.Evaluation(config.ResourceTypeAccount, n.AWSAccountID, config.Compliant, "ok")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2023, 4, 27, 13, 26, 17, 741e6, time.UTC), ev.OrderingTimestamp)

	var params map[string]string
	require.NoError(t, e.JSONRuleParameters(&params))
	assert.Equal(t, map[string]string{"test": "x"}, params)

	// A rule without parameters has none to decode, and that is no failure.
	none := own(t, "scheduled-no-parameters.json")
	assert.ErrorIs(t, none.JSONRuleParameters(&params), body.ErrEmpty)
	assert.NotContains(t, sourcetest.Print(t, none), "JSONRuleParameters")
	_, ok := none.RuleParameter("test")
	assert.False(t, ok)
}

func TestOtherNotification(t *testing.T) {
	e := own(t, "snapshot-delivery-completed.json")
	n := notification[*config.OtherNotification](t, e)
	assert.Equal(t, config.MessageSnapshotDeliveryCompleted, n.Type())
	out, err := json.Marshal(n)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"configSnapshotId":"2b7c9e4a-1f3d-4c5b-8a6e-9d0f1e2a3b4c"`, "unmodelled members kept")
	v, ok := e.RuleParameter("threshold")
	assert.True(t, ok)
	assert.Equal(t, "5", v)
}

func TestRuleParameters(t *testing.T) {
	e := own(t, "item-discovered-gov.json")
	v, ok := e.RuleParameter("maxAgeDays")
	require.True(t, ok)
	assert.Equal(t, "30", v, "a number in its JSON form")
	v, ok = e.RuleParameter("requiredSse")
	require.True(t, ok)
	assert.Equal(t, "aws:kms", v)
	_, ok = e.RuleParameter("absent")
	assert.False(t, ok)

	bad := config.RuleEvent{RuleParameters: "{not json"}
	var m map[string]any
	assert.ErrorContains(t, bad.JSONRuleParameters(&m), "config: rule parameters")
}

func TestNotificationErrors(t *testing.T) {
	for name, tc := range map[string]struct{ text, want string }{
		"plain text":    {"scheduled", "not a JSON object"},
		"array":         {`[{"messageType":"ScheduledNotification"}]`, "not a JSON object"},
		"broken":        {`{"messageType":`, "not a JSON object"},
		"wrong shape":   {`{"messageType":"ConfigurationItemChangeNotification","configurationItem":"x"}`, "config: invoking event"},
		"wrong summary": {`{"messageType":"OversizedConfigurationItemChangeNotification","configurationItemSummary":[]}`, "config: invoking event"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := config.RuleEvent{InvokingEvent: tc.text}.Notification()
			assert.ErrorContains(t, err, tc.want)
		})
	}
	_, err := config.RuleEvent{}.Notification()
	assert.ErrorIs(t, err, body.ErrEmpty)

	// A notification time that does not parse is an error, not a zero time.
	n, err := config.RuleEvent{InvokingEvent: `{"messageType":"ScheduledNotification","notificationCreationTime":"yesterday"}`}.Notification()
	require.NoError(t, err)
	_, err = n.CreationTime()
	assert.ErrorContains(t, err, "notificationCreationTime")
	_, err = n.(*config.ScheduledNotification).Evaluation(config.ResourceTypeAccount, "1", config.Compliant, "")
	assert.ErrorContains(t, err, "notificationCreationTime")
}

func TestEvaluations(t *testing.T) {
	e := reference(t, "awsConfigRuleScheduled.json")
	r := e.NewEvaluations()
	assert.Equal(t, e.ResultToken, r.ResultToken)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	good := config.Evaluation{ComplianceResourceType: "AWS::S3::Bucket", ComplianceResourceID: "b", ComplianceType: config.Compliant, OrderingTimestamp: at}
	require.NoError(t, r.Add(good))

	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"Evaluations":[{"ComplianceResourceType":"AWS::S3::Bucket","ComplianceResourceId":"b","ComplianceType":"COMPLIANT","OrderingTimestamp":"2026-01-02T03:04:05Z"}],"ResultToken":"`+e.ResultToken+`"}`, string(b))

	for name, tc := range map[string]struct {
		change func(*config.Evaluation)
		want   string
	}{
		"no resource type":    {func(e *config.Evaluation) { e.ComplianceResourceType = "" }, "no resource type or ID"},
		"no resource ID":      {func(e *config.Evaluation) { e.ComplianceResourceID = "" }, "no resource type or ID"},
		"unknown compliance":  {func(e *config.Evaluation) { e.ComplianceType = "compliant" }, `compliance type "compliant"`},
		"long annotation":     {func(e *config.Evaluation) { e.Annotation = strings.Repeat("é", 257) }, "annotation of 257 characters"},
		"no ordering time":    {func(e *config.Evaluation) { e.OrderingTimestamp = time.Time{} }, "no ordering timestamp"},
		"annotation at limit": {func(e *config.Evaluation) { e.Annotation = strings.Repeat("é", 256) }, ""},
	} {
		t.Run(name, func(t *testing.T) {
			ev := good
			tc.change(&ev)
			err := ev.Validate()
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tc.want)
			before := len(r.Evaluations)
			assert.Error(t, r.Add(good, ev))
			assert.Len(t, r.Evaluations, before, "nothing added")
		})
	}

	many := make([]config.Evaluation, config.MaxEvaluations)
	for i := range many {
		many[i] = good
	}
	assert.ErrorContains(t, r.Add(many...), "101 evaluations")
	require.NoError(t, r.Add(many[1:]...))
	assert.Len(t, r.Evaluations, config.MaxEvaluations)
}

func TestResultTokenMasked(t *testing.T) {
	e := reference(t, "awsConfigRuleConfigurationChanged.json")
	sourcetest.AssertPrinted(t, e, []string{`"resultToken": "[SENSITIVE]"`, `"Notification()"`}, []string{e.ResultToken[:40]})
}
