package iot_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/iot"
)

// Q21: the reference turns timestamp into a local, naive datetime; Time is
// UTC whatever the local zone, and the raw number is kept.
func TestTimeIsUTC(t *testing.T) {
	local := time.Local
	time.Local = time.FixedZone("far", 11*3600)
	t.Cleanup(func() { time.Local = local })
	var e iot.ThingEvent
	require.NoError(t, lossless.Unmarshal(sourcetest.Reference(t, "iotRegistryEventsThingEvent.json"), &e))
	got, err := e.Time()
	require.NoError(t, err)
	assert.Equal(t, time.UTC, got.Location())
	assert.Equal(t, time.Date(2009, 2, 13, 23, 31, 30, 123e6, time.UTC), got)
	assert.Equal(t, json.Number("1234567890123"), e.Timestamp)

	for in, want := range map[string]time.Time{
		"1603995417409": time.UnixMilli(1603995417409).UTC(),
		"1603995417":    time.Unix(1603995417, 0).UTC(), // seconds, as test tools write it
		"1603995417.5":  time.Unix(1603995417, 5e8).UTC(),
		"0":             time.Unix(0, 0).UTC(),
	} {
		got, err := iot.Registry{Timestamp: json.Number(in)}.Time()
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "soon", "99999999999999999999"} {
		_, err := iot.Registry{Timestamp: json.Number(bad)}.Time()
		assert.Error(t, err, bad)
	}
}

// Q22: the reference types the association's operation as its event type;
// the values are ADDED and REMOVED.
func TestOperations(t *testing.T) {
	for name, want := range map[string]iot.Operation{
		"iotRegistryEventsThingTypeAssociationEvent.json":      iot.Added,
		"iotRegistryEventsAddOrRemoveFromThingGroupEvent.json": iot.Added,
		"iotRegistryEventsAddOrDeleteFromThingGroupEvent.json": iot.Added,
		"iotRegistryEventsThingGroupEvent.json":                iot.Updated,
		"iotRegistryEventsThingTypeEvent.json":                 iot.Created,
	} {
		var r iot.Registry
		require.NoError(t, json.Unmarshal(sourcetest.Reference(t, name), &r), name)
		assert.Equal(t, want, r.Operation, name)
	}
	var e iot.ThingTypeAssociationEvent
	require.NoError(t, lossless.Unmarshal(sourcetest.Reference(t, "iotRegistryEventsThingTypeAssociationEvent.json"), &e))
	assert.Equal(t, iot.EventTypeThingTypeAssociation, e.EventType)
	assert.Equal(t, "MyThingType", e.ThingTypeName)
}

func TestDeprecationTime(t *testing.T) {
	want := time.Date(2024, 6, 11, 10, 0, 0, 0, time.UTC)
	for _, d := range []any{json.Number("1718100000000"), json.Number("1718100000"), "2024-06-11T10:00:00Z", "2024-06-11T12:00:00+02:00", "1718100000000"} {
		got, err := iot.ThingTypeEvent{DeprecationDate: d}.DeprecationTime()
		require.NoError(t, err, d)
		assert.Equal(t, want, got, d)
	}
	_, err := iot.ThingTypeEvent{}.DeprecationTime()
	var nothing interface{ NothingToDerive() bool }
	require.ErrorAs(t, err, &nothing, "not deprecated is nothing to derive")
	for _, bad := range []any{true, "yesterday", map[string]any{}} {
		_, err := iot.ThingTypeEvent{DeprecationDate: bad}.DeprecationTime()
		require.Error(t, err, bad)
		assert.False(t, errorsAsNothing(err), "%v is a failure, not nothing", bad)
	}
}

func errorsAsNothing(err error) bool {
	n, ok := err.(interface{ NothingToDerive() bool })
	return ok && n.NothingToDerive()
}

func TestGroupARNs(t *testing.T) {
	var e iot.ThingGroupMembershipEvent
	require.NoError(t, lossless.Unmarshal(sourcetest.Reference(t, "iotRegistryEventsAddOrRemoveFromThingGroupEvent.json"), &e))
	g, err := e.Group()
	require.NoError(t, err)
	assert.Equal(t, "thinggroup/MyChildThingGroup", g.Resource)
	th, err := e.Thing()
	require.NoError(t, err)
	assert.Equal(t, "thing/MyThing", th.Resource)
	_, err = iot.ThingGroupMembershipEvent{GroupARN: "MyGroup"}.Group()
	assert.Error(t, err)

	var ge iot.ThingGroupEvent
	require.NoError(t, lossless.Unmarshal(sourcetest.Reference(t, "iotRegistryEventsThingGroupEvent.json"), &ge))
	require.Len(t, ge.RootToParentThingGroups, 5)
	a, err := ge.RootToParentThingGroups[4].ARN()
	require.NoError(t, err)
	assert.Equal(t, "thinggroup/Tg_level4", a.Resource)
	assert.Equal(t, ge.ParentGroupID, ge.RootToParentThingGroups[4].GroupID)
}
