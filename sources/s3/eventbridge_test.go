package s3_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/s3"
)

func viaEventBridge(t *testing.T, name string) *s3.EventBridgeEvent {
	t.Helper()
	return sourcetest.DecodeTestdata[s3.EventBridgeEvent](t, "aws.s3.eventbridge", name)
}

func TestEventBridgeDetail(t *testing.T) {
	tests := []struct {
		file, detailType, key, versionID string
		check                            func(t *testing.T, d s3.EventBridgeDetail)
	}{
		{"object-created-multipart-china.json", s3.DetailTypeObjectCreated, "uploads/2024/夏天 photo + copy.jpg", "Ilu5rW8k2tZpRpD.Wmle6Ymm0ADyMLqr", func(t *testing.T, d s3.EventBridgeDetail) {
			assert.Equal(t, s3.ReasonCompleteMultipartUpload, d.Reason)
			assert.Equal(t, "1.0", d.EventVersion)
			assert.Equal(t, int64(5242880), d.Object.Size)
		}},
		{"object-deleted-permanently.json", s3.DetailTypeObjectDeleted, "tmp/run-42/output.parquet", "3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", func(t *testing.T, d s3.EventBridgeDetail) {
			assert.Equal(t, s3.DeletionPermanentlyDeleted, d.DeletionType)
			assert.Equal(t, "2001:db8::1", d.SourceIPAddress)
			assert.Zero(t, d.Object.Size)
			assert.Empty(t, d.Object.ETag)
		}},
		{"object-restore-initiated.json", s3.DetailTypeObjectRestoreInitiated, "tapes/2001/vol 42.tar", "null", func(t *testing.T, d s3.EventBridgeDetail) {
			assert.Equal(t, "DEEP_ARCHIVE", d.SourceStorageClass)
		}},
		{"object-restore-expired.json", s3.DetailTypeObjectRestoreExpired, "tapes/2001/vol 42.tar", "Exp1red.RestoreVersionId", func(t *testing.T, d s3.EventBridgeDetail) {
			assert.Equal(t, "s3.amazonaws.com", d.Requester)
			assert.Empty(t, d.SourceIPAddress)
		}},
		{"object-storage-class-changed-govcloud.json", s3.DetailTypeObjectStorageClassChange, "2019/ledger.csv", "xYz0.ExampleVersionIdForGov", func(t *testing.T, d s3.EventBridgeDetail) {
			assert.Equal(t, "GLACIER_IR", d.DestinationStorageClass)
		}},
		{"object-access-tier-changed.json", s3.DetailTypeObjectAccessTierChanged, "events/2022/01/part-0000.json.gz", "T1eR.ChangeVersionIdExample", func(t *testing.T, d s3.EventBridgeDetail) {
			assert.Equal(t, "DEEP_ARCHIVE_ACCESS", d.DestinationAccessTier)
		}},
		{"object-tags-added-future-key.json", s3.DetailTypeObjectTagsAdded, "2024/INV-0042.pdf", "Tag.AddedVersionIdExample", func(t *testing.T, d s3.EventBridgeDetail) {
			assert.Equal(t, "0c78aef83f66abc1fa1e8477f296d394", d.Object.ETag)
		}},
		{"object-acl-updated.json", s3.DetailTypeObjectACLUpdated, "index.html", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			e := viaEventBridge(t, tt.file)
			assert.Equal(t, s3.EventBridgeSource, e.Source)
			assert.Equal(t, tt.detailType, e.DetailType)
			key, err := e.Detail.Object.DecodedKey()
			require.NoError(t, err)
			assert.Equal(t, tt.key, key)
			assert.Equal(t, tt.versionID, e.Detail.Object.VersionID)
			if tt.check != nil {
				tt.check(t, e.Detail)
			}
		})
	}
}

// TestEventBridgeOptionalMembers: version-id and replay-name are absent
// from all four reference samples (the Python reference fails on both);
// they read as empty and print nothing undecodable.
func TestEventBridgeOptionalMembers(t *testing.T) {
	for _, name := range []string{
		"s3EventBridgeNotificationObjectCreatedEvent.json", "s3EventBridgeNotificationObjectDeletedEvent.json",
		"s3EventBridgeNotificationObjectExpiredEvent.json", "s3EventBridgeNotificationObjectRestoreCompletedEvent.json",
	} {
		t.Run(name, func(t *testing.T) {
			e := sourcetest.Decode[s3.EventBridgeEvent](t, sourcetest.Reference(t, name))
			assert.Empty(t, e.Detail.Object.VersionID)
			assert.Empty(t, e.ReplayName)
			assert.False(t, e.IsReplay())
			_, err := e.Time()
			assert.NoError(t, err)
			assert.NotContains(t, sourcetest.Print(t, e), printer.Undecodable)
		})
	}
	expired := sourcetest.Decode[s3.EventBridgeEvent](t, sourcetest.Reference(t, "s3EventBridgeNotificationObjectExpiredEvent.json"))
	assert.Equal(t, s3.ReasonLifecycleExpiration, expired.Detail.Reason)
	assert.Equal(t, s3.DeletionDeleteMarkerCreated, expired.Detail.DeletionType)
}

func TestRestoreExpiry(t *testing.T) {
	e := sourcetest.Decode[s3.EventBridgeEvent](t, sourcetest.Reference(t, "s3EventBridgeNotificationObjectRestoreCompletedEvent.json"))
	got, err := e.Detail.RestoreExpiry()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2021, 11, 13, 0, 0, 0, 0, time.UTC), got)
	assert.Contains(t, sourcetest.Print(t, e), `"RestoreExpiry()": "2021-11-13T00:00:00Z"`)

	_, err = viaEventBridge(t, "object-created-multipart-china.json").Detail.RestoreExpiry()
	var nothing interface{ NothingToDerive() bool }
	require.True(t, errors.As(err, &nothing), "no expiry is nothing to derive: %v", err)
	assert.True(t, nothing.NothingToDerive())

	_, err = s3.EventBridgeDetail{RestoreExpiryTime: "tomorrow"}.RestoreExpiry()
	assert.ErrorContains(t, err, "restore-expiry-time")
	assert.False(t, errors.As(err, &nothing), "a bad time is a failure")
}

// TestEventBridgeRule: only S3's own event types are aws.s3.eventbridge;
// CloudTrail calls to S3 through EventBridge share the source and stay
// generic EventBridge events, as do other sources' "Object ..." types.
func TestEventBridgeRule(t *testing.T) {
	tests := []struct{ event, want string }{
		{`{"source":"aws.s3","detail-type":"Object Created","detail":{}}`, "aws.s3.eventbridge"},
		{`{"source":"aws.s3","detail-type":"Object Intelligent-Tiering Moved","detail":{}}`, "aws.s3.eventbridge"},
		{`{"source":"aws.s3","detail-type":"AWS API Call via CloudTrail","detail":{"eventSource":"s3.amazonaws.com"}}`, ""},
		{`{"source":"com.example","detail-type":"Object Created","detail":{}}`, ""},
		{`{"source":"aws.s3","detail-type":"Object Created"}`, ""},
	}
	for _, tt := range tests {
		id, err := registry.Default.Detect([]byte(tt.event))
		if tt.want == "" {
			assert.NotEqual(t, "aws.s3.eventbridge", id, tt.event)
			continue
		}
		require.NoError(t, err, tt.event)
		assert.Equal(t, tt.want, id, tt.event)
	}
}
