package s3

import (
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/eventbridge"
)

func init() {
	// Every S3 event type's detail-type starts "Object "; CloudTrail
	// events through EventBridge share the source "aws.s3" ("AWS API Call
	// via CloudTrail") but not the detail, and stay aws.eventbridge's.
	sources.Register[EventBridgeEvent]("aws.s3.eventbridge", "Amazon S3 event notification via EventBridge", sources.PrioritySpecific,
		registry.All(registry.PathEquals("source", EventBridgeSource), registry.PathPrefix("detail-type", "Object "),
			registry.PathExists("detail")))
}

// EventBridgeSource is the source of the events S3 sends to EventBridge.
const EventBridgeSource = "aws.s3"

// The detail-types of the events S3 sends to EventBridge.
const (
	DetailTypeObjectCreated            = "Object Created"
	DetailTypeObjectDeleted            = "Object Deleted"
	DetailTypeObjectRestoreInitiated   = "Object Restore Initiated"
	DetailTypeObjectRestoreCompleted   = "Object Restore Completed"
	DetailTypeObjectRestoreExpired     = "Object Restore Expired"
	DetailTypeObjectTagsAdded          = "Object Tags Added"
	DetailTypeObjectTagsDeleted        = "Object Tags Deleted"
	DetailTypeObjectACLUpdated         = "Object ACL Updated"
	DetailTypeObjectStorageClassChange = "Object Storage Class Changed"
	DetailTypeObjectAccessTierChanged  = "Object Access Tier Changed"
)

// The reasons of Object Created and Object Deleted events
// ([EventBridgeDetail].Reason).
const (
	ReasonPutObject               = "PutObject"
	ReasonPOSTObject              = "POST Object"
	ReasonCopyObject              = "CopyObject"
	ReasonCompleteMultipartUpload = "CompleteMultipartUpload"
	ReasonDeleteObject            = "DeleteObject"
	ReasonLifecycleExpiration     = "Lifecycle Expiration"
)

// The deletion types of Object Deleted events
// ([EventBridgeDetail].DeletionType).
const (
	DeletionPermanentlyDeleted  = "Permanently Deleted"
	DeletionDeleteMarkerCreated = "Delete Marker Created"
)

// EventBridgeEvent is an S3 event notification delivered through Amazon
// EventBridge: the EventBridge envelope with S3's typed detail. One type
// serves every S3 detail-type (the DetailType constants); the members of
// the detail each type does not send are absent.
//
// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html.
type EventBridgeEvent struct {
	lossless.Extra
	eventbridge.Envelope
	Detail EventBridgeDetail `json:"detail"`
}

// Derived lists the derived values the printer shows: the envelope's.
func (e EventBridgeEvent) Derived() []printer.Derived { return e.Envelope.Derived() }

// EventBridgeDetail is the detail of an S3 event. Reason says why an
// object was created or deleted (the Reason constants); DeletionType is
// set for deletions; RestoreExpiryTime for completed restores;
// SourceStorageClass for restores and storage class changes;
// DestinationStorageClass for storage class changes;
// DestinationAccessTier for access tier changes. SourceIPAddress is absent
// for requests S3 made itself (lifecycle actions, whose Requester is
// "s3.amazonaws.com").
//
//evplugin:derived RestoreExpiry
type EventBridgeDetail struct {
	lossless.Extra
	Version                 string            `json:"version"`
	EventVersion            string            `json:"event-version"`
	Bucket                  EventBridgeBucket `json:"bucket"`
	Object                  EventBridgeObject `json:"object"`
	RequestID               string            `json:"request-id"`
	Requester               string            `json:"requester"`
	SourceIPAddress         string            `json:"source-ip-address"`
	Reason                  string            `json:"reason"`
	DeletionType            string            `json:"deletion-type"`
	RestoreExpiryTime       string            `json:"restore-expiry-time"`
	SourceStorageClass      string            `json:"source-storage-class"`
	DestinationStorageClass string            `json:"destination-storage-class"`
	DestinationAccessTier   string            `json:"destination-access-tier"`
}

// EventBridgeBucket is the bucket of the event.
type EventBridgeBucket struct {
	lossless.Extra
	Name string `json:"name"`
}

// EventBridgeObject is the object of the event. Key is URL-encoded as a
// form value, as in S3's other notifications ([EventBridgeObject.DecodedKey]
// decodes it); Size and ETag are absent for deletions, VersionID for
// buckets without versioning.
//
//evplugin:derived DecodedKey
type EventBridgeObject struct {
	lossless.Extra
	Key       string `json:"key"`
	Size      int64  `json:"size"`
	ETag      string `json:"etag"`
	VersionID string `json:"version-id"`
	Sequencer string `json:"sequencer"`
}

// DecodedKey is Key decoded as a form value: "+" is a space, "%XX" a
// byte.
func (o EventBridgeObject) DecodedKey() (string, error) { return decodeKey(o.Key) }

// RestoreExpiry is RestoreExpiryTime, when the restored copy of an object
// expires (Object Restore Completed events). An event without one is an
// error the printer leaves out of the view: other event types have
// nothing to derive.
func (d EventBridgeDetail) RestoreExpiry() (time.Time, error) {
	if d.RestoreExpiryTime == "" {
		return time.Time{}, absentError("restore-expiry-time")
	}
	return parseTime("restore-expiry-time", d.RestoreExpiryTime)
}

// absentError is the error of a derived value whose member the event does
// not have; the printer leaves it out (it is nothing to derive, not a
// failure).
type absentError string

func (e absentError) Error() string       { return "s3: the event has no " + string(e) }
func (absentError) NothingToDerive() bool { return true }
