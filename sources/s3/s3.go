// Package s3 models the event notifications Amazon S3 sends to Lambda
// (directly, or in the body of an SQS message or SNS notification).
//
//	aws.s3              Event              https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
//	aws.s3.test         TestEvent          the s3:TestEvent on the same page, sent when a notification configuration is created
//	aws.s3.batch        BatchEvent         https://docs.aws.amazon.com/AmazonS3/latest/userguide/batch-ops-invoke-lambda.html
//	aws.s3.objectlambda ObjectLambdaEvent  https://docs.aws.amazon.com/AmazonS3/latest/userguide/olap-event-context.html
//	aws.s3.eventbridge  EventBridgeEvent   https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html
//
// See also https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html.
//
// EventBridgeEvent embeds eventbridge.Envelope, so this package imports
// sources/eventbridge and registers aws.eventbridge too: the generic rule
// (PriorityGeneric) claims the EventBridge events no typed source does.
package s3

//go:generate go run ../internal/genlossless

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/body"
)

func init() {
	sources.Register[Event]("aws.s3", "Amazon S3 event notification", sources.PriorityRecord,
		registry.All(registry.PathEquals("Records[0].eventSource", "aws:s3")))
	sources.Register[TestEvent]("aws.s3.test", "Amazon S3 test event (s3:TestEvent)", sources.PriorityExact,
		registry.All(registry.PathEquals("Event", "s3:TestEvent"), registry.PathEquals("Service", "Amazon S3")))
}

// Event is a batch of S3 event notifications.
type Event struct {
	lossless.Extra
	Records []Record `json:"Records"`
}

// Record returns the first record: S3 sends one per notification. An
// event without records is an error.
func (e Event) Record() (Record, error) { return body.First("s3", e.Records) }

// BucketName is the first record's bucket name.
func (e Event) BucketName() (string, error) {
	r, err := e.Record()
	return r.S3.Bucket.Name, err
}

// ObjectKey is the first record's object key, decoded ([Object.DecodedKey]).
func (e Event) ObjectKey() (string, error) {
	r, err := e.Record()
	if err != nil {
		return "", err
	}
	return r.S3.EventObject().DecodedKey()
}

// ParseEvent decodes s, the text of an S3 event notification that another
// service delivered: the body of an SQS message, or the message of an SNS
// notification. Text that is not a JSON object, or holds no record with
// eventSource "aws:s3", is an error; so is the s3:TestEvent S3 sends when a
// notification is configured (see [ParseTestEvent]).
func ParseEvent(s string) (*Event, error) {
	return body.Object(s, "s3: not an S3 event", func(e *Event) error {
		if len(e.Records) == 0 {
			return errors.New("no Records")
		}
		for i, r := range e.Records {
			if r.EventSource != "aws:s3" {
				return fmt.Errorf("Records[%d].eventSource is %q", i, r.EventSource)
			}
		}
		return nil
	})
}

// ParseTestEvent decodes s, the text of the s3:TestEvent S3 sends to a queue
// or topic when a notification configuration is created; any other text is
// an error.
func ParseTestEvent(s string) (*TestEvent, error) {
	return body.Object(s, "s3: not an S3 test event", func(e *TestEvent) error {
		if e.Event != "s3:TestEvent" {
			return fmt.Errorf("Event is %q", e.Event)
		}
		return nil
	})
}

// Record is one event notification. EventName is the event type without
// its "s3:" prefix ("ObjectCreated:Put"). The *EventData members are present
// only for the events they describe: glacier for ObjectRestore:Completed,
// replication for Replication:*, intelligent tiering for IntelligentTiering,
// lifecycle for LifecycleTransition.
//
//evplugin:derived Time
type Record struct {
	lossless.Extra
	EventVersion                string                       `json:"eventVersion"`
	EventSource                 string                       `json:"eventSource"`
	AWSRegion                   string                       `json:"awsRegion"`
	EventTime                   string                       `json:"eventTime"`
	EventName                   string                       `json:"eventName"`
	UserIdentity                UserIdentity                 `json:"userIdentity"`
	RequestParameters           RequestParameters            `json:"requestParameters"`
	ResponseElements            ResponseElements             `json:"responseElements"`
	S3                          Entity                       `json:"s3"`
	GlacierEventData            *GlacierEventData            `json:"glacierEventData"`
	ReplicationEventData        *ReplicationEventData        `json:"replicationEventData"`
	IntelligentTieringEventData *IntelligentTieringEventData `json:"intelligentTieringEventData"`
	LifecycleEventData          *LifecycleEventData          `json:"lifecycleEventData"`
}

// UserIdentity names the principal that caused the event, or owns the
// bucket.
type UserIdentity struct {
	lossless.Extra
	PrincipalID string `json:"principalId"`
}

// RequestParameters describe the request that caused the event.
type RequestParameters struct {
	lossless.Extra
	SourceIPAddress string `json:"sourceIPAddress"`
}

// ResponseElements identify the request for AWS Support.
type ResponseElements struct {
	lossless.Extra
	RequestID string `json:"x-amz-request-id"`
	HostID    string `json:"x-amz-id-2"`
}

// Entity is the bucket and object the event is about. S3 names the object
// "object", except in S3 Intelligent-Tiering events, which name it
// "get_object"; [Entity.EventObject] returns whichever is present.
type Entity struct {
	lossless.Extra
	S3SchemaVersion string  `json:"s3SchemaVersion"`
	ConfigurationID string  `json:"configurationId"`
	Bucket          Bucket  `json:"bucket"`
	Object          Object  `json:"object"`
	GetObject       *Object `json:"get_object"`
}

// Bucket is the bucket of the event.
type Bucket struct {
	lossless.Extra
	Name          string       `json:"name"`
	OwnerIdentity UserIdentity `json:"ownerIdentity"`
	ARN           string       `json:"arn"`
}

// Object is the object of the event. Key is URL-encoded as a form value
// ("red flower.jpg" arrives as "red+flower.jpg"); [Object.DecodedKey]
// decodes it. Size is absent for deletions, VersionID null or absent in
// buckets without versioning, Sequencer present for PUTs and deletions.
//
//evplugin:derived DecodedKey
type Object struct {
	lossless.Extra
	Key       string `json:"key"`
	Size      int64  `json:"size"`
	ETag      string `json:"eTag"`
	VersionID string `json:"versionId"`
	Sequencer string `json:"sequencer"`
}

// GlacierEventData describes a completed restore (ObjectRestore:Completed).
type GlacierEventData struct {
	lossless.Extra
	RestoreEventData RestoreEventData `json:"restoreEventData"`
}

// RestoreEventData is when the restored copy expires and the storage class
// it was restored from.
//
//evplugin:derived ExpiryTime
type RestoreEventData struct {
	lossless.Extra
	LifecycleRestorationExpiryTime string `json:"lifecycleRestorationExpiryTime"`
	LifecycleRestoreStorageClass   string `json:"lifecycleRestoreStorageClass"`
}

// ReplicationEventData describes a replication event. Times are ISO 8601
// text; FailureReason is one of the documented replication failure reasons.
type ReplicationEventData struct {
	lossless.Extra
	ReplicationRuleID string `json:"replicationRuleId"`
	DestinationBucket string `json:"destinationBucket"`
	S3Operation       string `json:"s3Operation"`
	RequestTime       string `json:"requestTime"`
	FailureReason     string `json:"failureReason"`
	Threshold         string `json:"threshold"`
	ReplicationTime   string `json:"replicationTime"`
}

// IntelligentTieringEventData names the archive tier an object moved to
// (ARCHIVE_ACCESS, DEEP_ARCHIVE_ACCESS).
type IntelligentTieringEventData struct {
	lossless.Extra
	DestinationAccessTier string `json:"destinationAccessTier"`
}

// LifecycleEventData describes a lifecycle transition.
type LifecycleEventData struct {
	lossless.Extra
	TransitionEventData *TransitionEventData `json:"transitionEventData"`
}

// TransitionEventData names the storage class an object moved to.
type TransitionEventData struct {
	lossless.Extra
	DestinationStorageClass string `json:"destinationStorageClass"`
}

// Time is EventTime, when S3 finished processing the request.
func (r Record) Time() (time.Time, error) { return parseTime("eventTime", r.EventTime) }

// URI is the object's address, s3://bucket/key, with the key decoded.
func (r Record) URI() (string, error) {
	key, err := r.S3.EventObject().DecodedKey()
	if err != nil {
		return "", err
	}
	if r.S3.Bucket.Name == "" {
		return "", fmt.Errorf("s3: record has no bucket name")
	}
	return "s3://" + r.S3.Bucket.Name + "/" + key, nil
}

// EventObject is the object the event is about: Object, or GetObject
// when present (S3 Intelligent-Tiering events).
func (e Entity) EventObject() Object {
	if e.GetObject != nil {
		return *e.GetObject
	}
	return e.Object
}

// DecodedKey is Key decoded as a form value: "+" is a space, "%XX" a byte
// ("a+b%2Bc" is "a b+c").
func (o Object) DecodedKey() (string, error) { return decodeKey(o.Key) }

// decodeKey decodes key, an object key S3 sent URL-encoded as a form value.
func decodeKey(key string) (string, error) {
	k, err := url.QueryUnescape(key)
	if err != nil {
		return "", fmt.Errorf("s3: object key: %w", err)
	}
	return k, nil
}

// ExpiryTime is LifecycleRestorationExpiryTime, when the restored copy
// expires.
func (d RestoreEventData) ExpiryTime() (time.Time, error) {
	return parseTime("lifecycleRestorationExpiryTime", d.LifecycleRestorationExpiryTime)
}

// TestEvent is the message S3 sends to a destination when a notification
// configuration is created (Event "s3:TestEvent"). It has no Records.
//
//evplugin:derived ParsedTime
type TestEvent struct {
	lossless.Extra
	Service   string `json:"Service"`
	Event     string `json:"Event"`
	Time      string `json:"Time"`
	Bucket    string `json:"Bucket"`
	RequestID string `json:"RequestId"`
	HostID    string `json:"HostId"`
}

// ParsedTime is Time as a time.
func (e TestEvent) ParsedTime() (time.Time, error) { return parseTime("Time", e.Time) }

// parseTime parses an ISO 8601 timestamp such as 2024-03-01T10:00:00.000Z.
func parseTime(key, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("s3: %s: %w", key, err)
	}
	return t, nil
}
