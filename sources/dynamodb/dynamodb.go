// Package dynamodb models the events Amazon DynamoDB Streams send to Lambda.
//
//	aws.dynamodb.stream  StreamEvent  https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
//
// The same [StreamEvent] carries the tumbling-window form
// (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html):
// its window, state, shardId, eventSourceARN, isFinalInvokeForWindow and
// isWindowTerminatedEarly members are optional fields.
//
// Item images stay in DynamoDB's JSON form ([AttributeValue]), digit for
// digit. [Record.NewImage], [Record.OldImage] and [Record.Keys] turn them into
// plain Go values, and [Record.UnmarshalNewImage] (and its siblings) decode
// them into the caller's struct, named by its json tags.
//
// A function reporting partial batch failures returns a [BatchResponse];
// one using tumbling windows returns a [TimeWindowResponse].
//
// Detection keys on Records[0].eventSource "aws:dynamodb". The last
// invocation of a tumbling window may have an empty Records array; it is
// still detected when its top-level eventSourceARN is a DynamoDB stream
// ARN (it contains ":dynamodb:"), and is unknown otherwise (the Lambda
// documentation's example writes a placeholder there).
package dynamodb

//go:generate go run ../internal/genlossless

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/evplugin/evplugin/internal/epoch"
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
	"github.com/evplugin/evplugin/sources/internal/esm"
)

// The rule is that of the stream sources (esm.StreamRule): records naming
// aws:dynamodb, or a window's last invocation with a DynamoDB stream ARN.
func init() {
	sources.Register[StreamEvent]("aws.dynamodb.stream", "Amazon DynamoDB Streams", sources.PriorityRecord,
		esm.StreamRule("dynamodb"))
}

// StreamEvent is a batch of DynamoDB stream records. The fields of the
// embedded [TimeWindow] (window, state, shardId, ...) are set only when the
// event source mapping uses tumbling windows.
type StreamEvent struct {
	lossless.Extra
	Records []Record `json:"Records"`
	TimeWindow
}

// TimeWindow is the members of a tumbling-window event: the window, the
// state, the shard, the final-invocation flags (the same type as
// kinesis.Event's).
type TimeWindow = esm.TimeWindow

// Window is the time window of a tumbling-window event; the bounds are
// RFC 3339 text. It is the same type as kinesis.Window.
type Window = esm.Window

// Record is one change to an item of the table.
//
//evplugin:derived Keys NewImage OldImage TableName
type Record struct {
	lossless.Extra
	EventID        string       `json:"eventID"`
	EventName      string       `json:"eventName"` // INSERT, MODIFY or REMOVE
	EventVersion   string       `json:"eventVersion"`
	EventSource    string       `json:"eventSource"`
	AWSRegion      string       `json:"awsRegion"`
	EventSourceARN string       `json:"eventSourceARN"`
	UserIdentity   *Identity    `json:"userIdentity"` // set for deletions by Time to Live
	DynamoDB       StreamRecord `json:"dynamodb"`
}

// The event names of a [Record].
const (
	EventInsert = "INSERT"
	EventModify = "MODIFY"
	EventRemove = "REMOVE"
)

// Identity is who made a change. DynamoDB sets it only when Time to Live
// deleted the item: Type "Service", PrincipalID "dynamodb.amazonaws.com".
type Identity struct {
	lossless.Extra
	Type        string `json:"type"`
	PrincipalID string `json:"principalId"`
}

// StreamRecord is the change itself. Which images it holds depends on
// StreamViewType: KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES.
type StreamRecord struct {
	lossless.Extra
	// ApproximateCreationDateTime is epoch seconds, possibly written as a
	// float (1.479499740E9); [StreamRecord.CreationTime] parses it.
	ApproximateCreationDateTime json.Number               `json:"ApproximateCreationDateTime"`
	Keys                        map[string]AttributeValue `json:"Keys"`
	NewImage                    map[string]AttributeValue `json:"NewImage"`
	OldImage                    map[string]AttributeValue `json:"OldImage"`
	SequenceNumber              string                    `json:"SequenceNumber"`
	SizeBytes                   int64                     `json:"SizeBytes"`
	StreamViewType              string                    `json:"StreamViewType"`
}

// CreationTime is ApproximateCreationDateTime as a time; an error when it
// is absent.
func (s StreamRecord) CreationTime() (time.Time, error) {
	if s.ApproximateCreationDateTime == "" {
		return time.Time{}, errors.New("dynamodb: no ApproximateCreationDateTime")
	}
	return epoch.Seconds(string(s.ApproximateCreationDateTime))
}

// IsTTLDelete reports whether Time to Live deleted the item, rather than
// a user.
func (r Record) IsTTLDelete() bool {
	return r.EventName == EventRemove && r.UserIdentity != nil &&
		r.UserIdentity.Type == "Service" && r.UserIdentity.PrincipalID == "dynamodb.amazonaws.com"
}

// Keys is the key attributes of the item as Go values (see
// [AttributeValue.Value]).
func (r Record) Keys() (map[string]any, error) { return values("Keys", r.DynamoDB.Keys) }

// NewImage is the item after the change as Go values (see
// [AttributeValue.Value]), nil when the record has none (a REMOVE, or a
// stream view without new images).
func (r Record) NewImage() (map[string]any, error) { return values("NewImage", r.DynamoDB.NewImage) }

// OldImage is the item before the change as Go values, nil when the
// record has none (an INSERT, or a stream view without old images).
func (r Record) OldImage() (map[string]any, error) { return values("OldImage", r.DynamoDB.OldImage) }

// UnmarshalKeys decodes the key attributes into v; see [UnmarshalMap].
func (r Record) UnmarshalKeys(v any) error { return unmarshalMap("Keys", r.DynamoDB.Keys, v) }

// UnmarshalNewImage decodes the item after the change into v; see
// [UnmarshalMap]. A record without a new image is [ErrNoImage].
func (r Record) UnmarshalNewImage(v any) error {
	return unmarshalMap("NewImage", r.DynamoDB.NewImage, v)
}

// UnmarshalOldImage decodes the item before the change into v; see
// [UnmarshalMap]. A record without an old image is [ErrNoImage].
func (r Record) UnmarshalOldImage(v any) error {
	return unmarshalMap("OldImage", r.DynamoDB.OldImage, v)
}

// TableName is the name of the table, taken from EventSourceARN
// (arn:aws:dynamodb:region:account:table/NAME/stream/LABEL).
func (r Record) TableName() (string, error) {
	a, err := arn.Parse(r.EventSourceARN)
	if err != nil {
		return "", err
	}
	rest, ok := strings.CutPrefix(a.Resource, "table/")
	name, _, _ := strings.Cut(rest, "/")
	if a.Service != "dynamodb" || !ok || name == "" {
		return "", errors.New("dynamodb: not a table ARN: " + r.EventSourceARN)
	}
	return name, nil
}

// BatchResponse reports the records a function failed to process
// (ReportBatchItemFailures): Lambda retries from the first of them. Its
// Fail method takes a [Record] (or any batch item: the type is shared with
// sqs.BatchResponse and kinesis.BatchResponse).
type BatchResponse = esm.Response

// BatchItemFailure names one failed record by its sequence number.
type BatchItemFailure = esm.Failure

// TimeWindowResponse is what a function using tumbling windows returns:
// the state to pass to the next invocation of the window, and the failed
// records (Fail takes a [Record]). Lambda counts a response without state
// as a failure, so State is always written, as {} when empty.
type TimeWindowResponse = esm.WindowResponse

// ItemIdentifier is the sequence number of the record, which a
// [BatchResponse] names it by.
func (r Record) ItemIdentifier() string { return r.DynamoDB.SequenceNumber }
