// Package config models the event AWS Config sends to the Lambda function of
// a custom rule, and the evaluations the function reports back.
//
//	aws.config.rule  RuleEvent  https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_example-events.html
//
// The invoking event and the rule parameters arrive as JSON text in
// strings; the event keeps that text as it came (so it marshals back
// unchanged) and decodes it on demand: [RuleEvent.Notification] returns
// the typed variant of the invoking event (a configuration item change,
// an oversized configuration item change, a scheduled notification, or
// another kind), [RuleEvent.JSONRuleParameters] the parameters.
//
// The function reports with PutEvaluations
// (https://docs.aws.amazon.com/config/latest/APIReference/API_PutEvaluations.html):
// [RuleEvent.NewEvaluations] starts the input with the event's result
// token, and each notification builds the [Evaluation] of its resource.
package config

//go:generate go run ../internal/genlossless

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
	"github.com/evplugin/evplugin/sources/internal/body"
)

func init() {
	// Every rule event has the invoking event, the result token and the
	// rule's ARN; ruleParameters (rules without parameters),
	// executionRoleArn, version and evaluationMode are not required.
	sources.Register[RuleEvent]("aws.config.rule", "AWS Config custom rule", sources.PriorityShape,
		registry.All(
			registry.PathExists("invokingEvent"),
			registry.PathExists("resultToken"),
			registry.PathExists("configRuleArn"),
		))
}

// RuleEvent is the event of a custom AWS Config rule.
//
//evplugin:derived Notification JSONRuleParameters
type RuleEvent struct {
	lossless.Extra
	Version          string `json:"version"`
	InvokingEvent    string `json:"invokingEvent"`  // JSON text; see Notification
	RuleParameters   string `json:"ruleParameters"` // JSON text; see JSONRuleParameters
	ResultToken      string `json:"resultToken"`    // passed back with PutEvaluations
	EventLeftScope   bool   `json:"eventLeftScope"` // the resource left the rule's scope: evaluate it NOT_APPLICABLE
	ExecutionRoleARN string `json:"executionRoleArn"`
	ConfigRuleARN    string `json:"configRuleArn"`
	ConfigRuleName   string `json:"configRuleName"`
	ConfigRuleID     string `json:"configRuleId"`
	AccountID        string `json:"accountId"`
	EvaluationMode   string `json:"evaluationMode"` // DETECTIVE or PROACTIVE; not always sent
}

// The evaluation modes of a rule.
const (
	EvaluationDetective = "DETECTIVE"
	EvaluationProactive = "PROACTIVE"
)

// JSONRuleParameters decodes the rule parameters, a JSON object of the
// parameter values (numbers in free-form values as json.Number), into v.
// A rule without parameters is [body.ErrEmpty].
func (e RuleEvent) JSONRuleParameters(v any) error {
	s := strings.TrimSpace(e.RuleParameters)
	if s == "" {
		return body.ErrEmpty
	}
	if err := body.JSON([]byte(s), v); err != nil {
		return fmt.Errorf("config: rule parameters: %w", err)
	}
	return nil
}

// RuleParameter returns the value of the rule parameter name as text (a
// number or boolean in its JSON form), and whether the rule has it.
// Parameters that are not JSON have none.
func (e RuleEvent) RuleParameter(name string) (string, bool) {
	var m map[string]any
	if e.JSONRuleParameters(&m) != nil {
		return "", false
	}
	return body.Scalar(m[name])
}

// Rule parses ConfigRuleARN
// (arn:partition:config:region:account:config-rule/config-rule-id).
func (e RuleEvent) Rule() (arn.ARN, error) { return arn.Parse(e.ConfigRuleARN) }

// The message types of invoking events.
const (
	MessageConfigurationItemChange          = "ConfigurationItemChangeNotification"
	MessageOversizedConfigurationItemChange = "OversizedConfigurationItemChangeNotification"
	MessageScheduled                        = "ScheduledNotification"
	MessageSnapshotDeliveryCompleted        = "ConfigurationSnapshotDeliveryCompleted"
)

// Notification is the decoded invoking event: a *ConfigurationItemChange,
// an *OversizedConfigurationItemChange, a *ScheduledNotification, or an
// *OtherNotification for any other message type.
type Notification interface {
	// Type returns the message type.
	Type() string
	// CreationTime parses notificationCreationTime.
	CreationTime() (time.Time, error)
	notification()
}

// Notification decodes the invoking event into the variant of its
// messageType. Text that is not a JSON object, or does not fit the
// variant, is an error; an event without one has nothing to decode
// ([body.ErrEmpty]). Unlike the reference library, a message type it does
// not know is not taken for a configuration item change: it is an
// *OtherNotification.
func (e RuleEvent) Notification() (Notification, error) {
	s := strings.TrimSpace(e.InvokingEvent)
	if s == "" {
		return nil, body.ErrEmpty
	}
	var head struct {
		MessageType string `json:"messageType"`
	}
	if !strings.HasPrefix(s, "{") || json.Unmarshal([]byte(s), &head) != nil {
		return nil, fmt.Errorf("config: invoking event: not a JSON object")
	}
	const what = "config: invoking event"
	switch head.MessageType {
	case MessageConfigurationItemChange:
		return body.Object(s, what, func(*ConfigurationItemChange) error { return nil })
	case MessageOversizedConfigurationItemChange:
		return body.Object(s, what, func(*OversizedConfigurationItemChange) error { return nil })
	case MessageScheduled:
		return body.Object(s, what, func(*ScheduledNotification) error { return nil })
	}
	return body.Object(s, what, func(*OtherNotification) error { return nil })
}

// Header holds the members every invoking event has. It is embedded,
// without a json name, in each variant, whose Extra keeps what nobody
// models.
type Header struct {
	MessageType              string `json:"messageType"`
	NotificationCreationTime string `json:"notificationCreationTime"` // RFC 3339, UTC
	RecordVersion            string `json:"recordVersion"`
}

// Type returns the message type.
func (h Header) Type() string { return h.MessageType }

// CreationTime parses notificationCreationTime.
func (h Header) CreationTime() (time.Time, error) {
	return parseTime("notificationCreationTime", h.NotificationCreationTime)
}

func (Header) notification() {}

func parseTime(name, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("config: %s: %w", name, err)
	}
	return t, nil
}

// ConfigurationItemChange is the invoking event of a rule triggered by a
// configuration change: the new configuration item and what changed.
type ConfigurationItemChange struct {
	lossless.Extra
	Header
	ConfigurationItemDiff *ConfigurationItemDiff `json:"configurationItemDiff"` // null for a new resource
	ConfigurationItem     *ConfigurationItem     `json:"configurationItem"`     // null when Config sends none
}

// ConfigurationItemDiff is what changed since the previous configuration item.
type ConfigurationItemDiff struct {
	lossless.Extra
	ChangedProperties map[string]PropertyChange `json:"changedProperties"` // by property path: "Configuration.InstanceType"
	ChangeType        string                    `json:"changeType"`        // CREATE, UPDATE or DELETE
}

// PropertyChange is the change of one property.
type PropertyChange struct {
	lossless.Extra
	PreviousValue any    `json:"previousValue"`
	UpdatedValue  any    `json:"updatedValue"`
	ChangeType    string `json:"changeType"` // CREATE, UPDATE or DELETE
}

// ConfigurationItem is the configuration of a resource at a point in time
// (https://docs.aws.amazon.com/config/latest/developerguide/config-concepts.html#config-items).
type ConfigurationItem struct {
	lossless.Extra
	RelatedEvents              []string          `json:"relatedEvents"` // CloudTrail event IDs
	Relationships              []Relationship    `json:"relationships"`
	Configuration              any               `json:"configuration"` // resource-specific; null for a deleted resource
	SupplementaryConfiguration map[string]any    `json:"supplementaryConfiguration"`
	Tags                       map[string]string `json:"tags"`
	ItemMetadata
}

// ItemMetadata holds the members a configuration item and its summary
// share. It is embedded, without a json name, in both; their Extra keeps
// what nobody models.
type ItemMetadata struct {
	ConfigurationItemVersion     string      `json:"configurationItemVersion"`
	ConfigurationItemCaptureTime string      `json:"configurationItemCaptureTime"`
	ConfigurationStateID         json.Number `json:"configurationStateId"`
	AWSAccountID                 string      `json:"awsAccountId"`
	ConfigurationItemStatus      string      `json:"configurationItemStatus"`
	ResourceType                 string      `json:"resourceType"` // AWS::EC2::Instance
	ResourceID                   string      `json:"resourceId"`
	ResourceName                 string      `json:"resourceName"`
	ARN                          string      `json:"ARN"`
	AWSRegion                    string      `json:"awsRegion"`
	AvailabilityZone             string      `json:"availabilityZone"`
	ConfigurationStateMD5Hash    string      `json:"configurationStateMd5Hash"`
	ResourceCreationTime         string      `json:"resourceCreationTime"`
}

// The statuses of a configuration item.
const (
	StatusOK                         = "OK"
	StatusResourceDiscovered         = "ResourceDiscovered"
	StatusResourceNotRecorded        = "ResourceNotRecorded"
	StatusResourceDeleted            = "ResourceDeleted"
	StatusResourceDeletedNotRecorded = "ResourceDeletedNotRecorded"
)

// CaptureTime parses configurationItemCaptureTime.
func (m ItemMetadata) CaptureTime() (time.Time, error) {
	return parseTime("configurationItemCaptureTime", m.ConfigurationItemCaptureTime)
}

// Deleted reports whether the resource was deleted
// (ResourceDeleted or ResourceDeletedNotRecorded).
func (m ItemMetadata) Deleted() bool {
	return m.ConfigurationItemStatus == StatusResourceDeleted || m.ConfigurationItemStatus == StatusResourceDeletedNotRecorded
}

// Relationship is a relationship of the resource to another.
type Relationship struct {
	lossless.Extra
	ResourceID   string `json:"resourceId"`
	ResourceName string `json:"resourceName"`
	ResourceType string `json:"resourceType"`
	Name         string `json:"name"` // "Is attached to ElasticIp"
}

// ConfigurationInto decodes the resource configuration into v, your
// struct, its fields named by their json tags (see lossless.Into).
func (c ConfigurationItem) ConfigurationInto(v any) error {
	if err := lossless.Into(c.Configuration, v); err != nil {
		return fmt.Errorf("config: configuration: %w", err)
	}
	return nil
}

// OversizedConfigurationItemChange is the invoking event of a change whose
// configuration item is too large to send: a summary of it. The function
// reads the full item with GetResourceConfigHistory.
type OversizedConfigurationItemChange struct {
	lossless.Extra
	Header
	ConfigurationItemSummary ConfigurationItemSummary `json:"configurationItemSummary"`
}

// ConfigurationItemSummary summarises an oversized configuration item.
type ConfigurationItemSummary struct {
	lossless.Extra
	ChangeType string `json:"changeType"` // CREATE, UPDATE or DELETE
	ItemMetadata
}

// ScheduledNotification is the invoking event of a periodic rule.
type ScheduledNotification struct {
	lossless.Extra
	Header
	AWSAccountID string `json:"awsAccountId"`
}

// OtherNotification is an invoking event of another message type
// (ConfigurationSnapshotDeliveryCompleted, or one added later): its common
// members, and the rest kept in Extra.
type OtherNotification struct {
	lossless.Extra
	Header
	AWSAccountID string `json:"awsAccountId"`
}
