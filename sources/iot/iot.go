// Package iot models the AWS IoT Core registry events that topic rules
// deliver to Lambda: the registry publishes one message on a reserved topic
// ($aws/events/thing/..., $aws/events/thingGroup/..., ...) when a thing, a
// thing type or a thing group changes, and a rule selecting the message
// (SELECT * FROM '$aws/events/#') hands it to the function unchanged.
//
//	aws.iot.registry.thing                  ThingEvent                 https://docs.aws.amazon.com/iot/latest/developerguide/registry-events.html#registry-events-thing
//	aws.iot.registry.thingtype              ThingTypeEvent             https://docs.aws.amazon.com/iot/latest/developerguide/registry-events.html#registry-events-thingtype
//	aws.iot.registry.thingtypeassociation   ThingTypeAssociationEvent  (same page, thing type associated or dissociated)
//	aws.iot.registry.thinggroup             ThingGroupEvent            https://docs.aws.amazon.com/iot/latest/developerguide/registry-events.html#registry-events-thinggroup
//	aws.iot.registry.thinggroupmembership   ThingGroupMembershipEvent  (same page, thing added to or removed from a group)
//	aws.iot.registry.thinggrouphierarchy    ThingGroupHierarchyEvent   (same page, group added to or removed from a group)
//
// Every event embeds [Registry], the members the six share: eventType,
// eventId, timestamp (epoch milliseconds, [Registry.Time] as a UTC time) and
// operation, a [Operation] (CREATED, UPDATED, DELETED for things, types and
// groups; ADDED, REMOVED for associations, memberships and hierarchy).
// Operations and event types are plain strings with constants: a value AWS
// adds later decodes as it is.
package iot

//go:generate go run ../internal/genlossless

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/evplugin/evplugin/internal/epoch"
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
)

func init() {
	reg[ThingEvent]("aws.iot.registry.thing", "AWS IoT registry event: thing created, updated or deleted", EventTypeThing)
	reg[ThingTypeEvent]("aws.iot.registry.thingtype", "AWS IoT registry event: thing type created, updated, deprecated or deleted", EventTypeThingType)
	reg[ThingTypeAssociationEvent]("aws.iot.registry.thingtypeassociation", "AWS IoT registry event: thing type associated with or dissociated from a thing", EventTypeThingTypeAssociation)
	reg[ThingGroupEvent]("aws.iot.registry.thinggroup", "AWS IoT registry event: thing group created, updated or deleted", EventTypeThingGroup)
	reg[ThingGroupMembershipEvent]("aws.iot.registry.thinggroupmembership", "AWS IoT registry event: thing added to or removed from a thing group", EventTypeThingGroupMembership)
	reg[ThingGroupHierarchyEvent]("aws.iot.registry.thinggrouphierarchy", "AWS IoT registry event: thing group added to or removed from a parent group", EventTypeThingGroupHierarchy)
}

// reg registers E, matched by its exact eventType and an eventId (every
// registry event has one; no other member is required).
func reg[E any](id, title, eventType string) {
	sources.Register[E](id, title, sources.PriorityExact,
		registry.All(registry.PathEquals("eventType", eventType), registry.PathExists("eventId")))
}

// The eventType of each registry event.
const (
	EventTypeThing                = "THING_EVENT"
	EventTypeThingType            = "THING_TYPE_EVENT"
	EventTypeThingTypeAssociation = "THING_TYPE_ASSOCIATION_EVENT"
	EventTypeThingGroup           = "THING_GROUP_EVENT"
	EventTypeThingGroupMembership = "THING_GROUP_MEMBERSHIP_EVENT"
	EventTypeThingGroupHierarchy  = "THING_GROUP_HIERARCHY_EVENT"
)

// Operation is what happened to the registry resource.
type Operation string

// The operations AWS documents. Things, thing types and thing groups are
// CREATED, UPDATED or DELETED (deprecating a thing type is an update);
// type associations, group memberships and the group hierarchy are ADDED
// or REMOVED.
const (
	Created Operation = "CREATED"
	Updated Operation = "UPDATED"
	Deleted Operation = "DELETED"
	Added   Operation = "ADDED"
	Removed Operation = "REMOVED"
)

// Registry holds the members every registry event carries. It is
// embedded, without a json name, in each event type, whose
// [lossless.Extra] keeps the members nobody models.
//
//evplugin:derived Time
type Registry struct {
	EventType string      `json:"eventType"`
	EventID   string      `json:"eventId"`
	Timestamp json.Number `json:"timestamp"` // epoch milliseconds, as sent
	Operation Operation   `json:"operation"`
}

// Time is Timestamp as a UTC time. AWS sends epoch milliseconds; a value
// below 10^10 (before 1970-04-26 in milliseconds, after 2286 in seconds)
// is taken as seconds, as some test tools write it.
func (r Registry) Time() (time.Time, error) {
	t, err := epochTime(r.Timestamp.String())
	if err != nil {
		return time.Time{}, fmt.Errorf("iot: timestamp: %w", err)
	}
	return t, nil
}

// epochTime parses epoch milliseconds, or seconds below 10^10.
func epochTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("no timestamp")
	}
	if strings.ContainsAny(s, ".eE") {
		return epoch.Seconds(s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	if n > -1e10 && n < 1e10 {
		return time.Unix(n, 0).UTC(), nil
	}
	return time.UnixMilli(n).UTC(), nil
}

// ThingEvent is published when a thing is created, updated or deleted.
type ThingEvent struct {
	lossless.Extra
	Registry
	AccountID     string            `json:"accountId"`
	ThingID       string            `json:"thingId"`
	ThingName     string            `json:"thingName"`
	VersionNumber int64             `json:"versionNumber"` // 1 on creation, +1 on each update
	ThingTypeName string            `json:"thingTypeName"` // null without a thing type
	Attributes    map[string]string `json:"attributes"`
}

// ThingTypeEvent is published when a thing type is created, updated,
// deprecated, undeprecated or deleted.
type ThingTypeEvent struct {
	lossless.Extra
	Registry
	AccountID             string                 `json:"accountId"`
	ThingTypeID           string                 `json:"thingTypeId"`
	ThingTypeName         string                 `json:"thingTypeName"`
	IsDeprecated          bool                   `json:"isDeprecated"`
	DeprecationDate       any                    `json:"deprecationDate"` // null unless deprecated
	SearchableAttributes  []string               `json:"searchableAttributes"`
	PropagatingAttributes []PropagatingAttribute `json:"propagatingAttributes"`
	Description           string                 `json:"description"`
}

// Derived lists Time and DeprecationTime.
func (e ThingTypeEvent) Derived() []printer.Derived {
	return append(e.Registry.Derived(), printer.Derive("DeprecationTime", e.DeprecationTime))
}

// errNotDeprecated is DeprecationTime's error for a thing type that is not
// deprecated: nothing to derive, which the printer leaves out.
var errNotDeprecated error = nothingError("iot: the thing type has no deprecationDate")

type nothingError string

func (e nothingError) Error() string       { return string(e) }
func (nothingError) NothingToDerive() bool { return true }

// DeprecationTime is DeprecationDate as a UTC time: epoch milliseconds (or
// seconds, as for [Registry.Time]) or an RFC 3339 timestamp. A thing type
// that is not deprecated (null or absent) has none, an error the printer
// leaves out.
func (e ThingTypeEvent) DeprecationTime() (time.Time, error) {
	var t time.Time
	var err error
	switch d := e.DeprecationDate.(type) {
	case nil:
		return time.Time{}, errNotDeprecated
	case json.Number:
		t, err = epochTime(d.String())
	case string:
		if t, err = time.Parse(time.RFC3339Nano, d); err != nil {
			t, err = epochTime(d)
		}
	default:
		err = fmt.Errorf("a %T, not a time", d)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("iot: deprecationDate: %w", err)
	}
	return t.UTC(), nil
}

// PropagatingAttribute maps a thing or connection attribute to an MQTT 5
// user property of the messages things of the type publish.
type PropagatingAttribute struct {
	lossless.Extra
	UserPropertyKey     string `json:"userPropertyKey"`
	ThingAttribute      string `json:"thingAttribute"`      // or ConnectionAttribute
	ConnectionAttribute string `json:"connectionAttribute"` // iot:ClientId, iot:Thing.ThingName
}

// ThingTypeAssociationEvent is published when a thing type is associated
// with a thing (ADDED) or dissociated from it (REMOVED).
type ThingTypeAssociationEvent struct {
	lossless.Extra
	Registry
	ThingID       string `json:"thingId"`
	ThingName     string `json:"thingName"`
	ThingTypeName string `json:"thingTypeName"`
}

// ThingGroupEvent is published when a thing group (static or dynamic) is
// created, updated or deleted.
type ThingGroupEvent struct {
	lossless.Extra
	Registry
	AccountID               string            `json:"accountId"`
	ThingGroupID            string            `json:"thingGroupId"`
	ThingGroupName          string            `json:"thingGroupName"`
	VersionNumber           int64             `json:"versionNumber"`
	ParentGroupName         string            `json:"parentGroupName"` // absent or null for a root group
	ParentGroupID           string            `json:"parentGroupId"`
	Description             string            `json:"description"`
	RootToParentThingGroups []GroupRef        `json:"rootToParentThingGroups"` // from the root down to the parent
	Attributes              map[string]string `json:"attributes"`
	DynamicGroupMappingID   string            `json:"dynamicGroupMappingId"` // dynamic groups only
}

// GroupRef names a thing group.
//
//evplugin:derived ARN
type GroupRef struct {
	lossless.Extra
	GroupARN string `json:"groupArn"`
	GroupID  string `json:"groupId"`
}

// ARN is GroupARN parsed.
func (g GroupRef) ARN() (arn.ARN, error) { return arn.Parse(g.GroupARN) }

// ThingGroupMembershipEvent is published when a thing is added to a thing
// group (ADDED) or removed from it (REMOVED).
type ThingGroupMembershipEvent struct {
	lossless.Extra
	Registry
	AccountID    string `json:"accountId"`
	GroupARN     string `json:"groupArn"`
	GroupID      string `json:"groupId"`
	ThingARN     string `json:"thingArn"`
	ThingID      string `json:"thingId"`
	MembershipID string `json:"membershipId"`
}

// Derived lists Time, Group and Thing.
func (e ThingGroupMembershipEvent) Derived() []printer.Derived {
	return append(e.Registry.Derived(), printer.Derive("Group", e.Group), printer.Derive("Thing", e.Thing))
}

// Group is GroupARN parsed; its resource is "thinggroup/<name>".
func (e ThingGroupMembershipEvent) Group() (arn.ARN, error) { return arn.Parse(e.GroupARN) }

// Thing is ThingARN parsed; its resource is "thing/<name>".
func (e ThingGroupMembershipEvent) Thing() (arn.ARN, error) { return arn.Parse(e.ThingARN) }

// ThingGroupHierarchyEvent is published when a thing group is added to a
// parent group (ADDED) or removed from it (REMOVED). ThingGroupID and
// ThingGroupName name the parent.
type ThingGroupHierarchyEvent struct {
	lossless.Extra
	Registry
	AccountID      string `json:"accountId"`
	ThingGroupID   string `json:"thingGroupId"`
	ThingGroupName string `json:"thingGroupName"`
	ChildGroupID   string `json:"childGroupId"`
	ChildGroupName string `json:"childGroupName"`
}
