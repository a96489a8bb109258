package s3_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/s3"
)

// TestRulesLeaveSiblingsAlone: aws.s3.test, which has no reference sample,
// needs both its Service and its Event. (That each rule claims its own
// reference samples and no other is checked in sources/all.)
func TestRulesLeaveSiblingsAlone(t *testing.T) {
	_, err := registry.Default.Detect([]byte(`{"Service":"Amazon S3","Event":"s3:ObjectCreated:Put"}`))
	assert.ErrorIs(t, err, registry.ErrUnknownSource)
	_, err = registry.Default.Detect([]byte(`{"Service":"Amazon SQS","Event":"s3:TestEvent"}`))
	assert.ErrorIs(t, err, registry.ErrUnknownSource)
}

func decode(t *testing.T, name string) *s3.Event {
	return sourcetest.DecodeTestdata[s3.Event](t, "aws.s3", name)
}

func reference(t *testing.T, name string) *s3.Event {
	return sourcetest.Decode[s3.Event](t, sourcetest.Reference(t, name))
}

func TestDecodedKey(t *testing.T) {
	tests := []struct {
		file, want string
		record     int
	}{
		{"put-encoded-keys-multi.json", "reports/Q1 2024 (final) ✓.pdf", 0},
		{"put-encoded-keys-multi.json", "a b+c&d=e.txt", 1},
		{"delete-marker.json", "été/plage à Québec.jpg", 0},
		{"replication-and-lifecycle.json", "東京/データ.csv", 0},
		{"restore-completed.json", "tapes/2001/vol 42.tar", 0},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			r := decode(t, tt.file).Records[tt.record]
			got, err := r.S3.Object.DecodedKey()
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}

	got, err := reference(t, "s3EventDecodedKey.json").Records[0].S3.Object.DecodedKey()
	require.NoError(t, err)
	assert.Equal(t, "Happy Face.jpg", got)

	_, err = s3.Object{Key: "bad%zzkey"}.DecodedKey()
	assert.Error(t, err)
	_, err = s3.Object{Key: "cut%E2%9"}.DecodedKey()
	assert.Error(t, err)
}

func TestPutRecords(t *testing.T) {
	e := decode(t, "put-encoded-keys-multi.json")
	require.Len(t, e.Records, 2)
	first, second := e.Records[0], e.Records[1]

	assert.Equal(t, int64(5368709120), first.S3.Object.Size, "sizes beyond 32 bits")
	assert.Empty(t, first.S3.Object.VersionID)
	assert.Equal(t, "2001:db8::42", first.RequestParameters.SourceIPAddress)
	assert.Equal(t, "7QK2M4N6P8R0T2V4", first.ResponseElements.RequestID)
	assert.Equal(t, "AWS:AROAZ3EXAMPLEROLE:ingest-worker", first.UserIdentity.PrincipalID)
	assert.Equal(t, "A2QW3ER4TY5UI6", first.S3.Bucket.OwnerIdentity.PrincipalID)

	ts, err := first.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 2, 29, 23, 59, 58, 5e8, time.UTC), ts)

	uri, err := first.URI()
	require.NoError(t, err)
	assert.Equal(t, "s3://acme-finance-reports-paris/reports/Q1 2024 (final) ✓.pdf", uri)

	assert.Equal(t, int64(0), second.S3.Object.Size)
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"versionId":null`, "null stays null")
	assert.Contains(t, string(b), `"size":0`, "a present zero stays")
}

func TestDeleteMarkerHasNoSize(t *testing.T) {
	for _, e := range []*s3.Event{decode(t, "delete-marker.json"), reference(t, "s3EventDeleteObject.json")} {
		o := e.Records[0].S3.Object
		assert.Zero(t, o.Size)
		assert.Empty(t, o.ETag)
		b, err := json.Marshal(e)
		require.NoError(t, err)
		assert.NotContains(t, string(b), `"size"`, "absent stays absent")
		assert.NotContains(t, string(b), `"eTag"`)
	}
	o := decode(t, "delete-marker.json").Records[0].S3.Object
	assert.Equal(t, "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", o.VersionID)
	assert.Equal(t, "0064A40A00D5E3C1F7", o.Sequencer)
}

func TestEventData(t *testing.T) {
	tier := decode(t, "intelligent-tiering.json").Records[0]
	require.NotNil(t, tier.IntelligentTieringEventData)
	assert.Equal(t, "DEEP_ARCHIVE_ACCESS", tier.IntelligentTieringEventData.DestinationAccessTier)
	assert.Empty(t, tier.S3.Object.Key, "no \"object\" member")
	require.NotNil(t, tier.S3.GetObject)
	assert.Equal(t, "logs/2019/app.log.gz", tier.S3.EventObject().Key)
	assert.Equal(t, int64(73400320), tier.S3.EventObject().Size)
	uri, err := tier.URI()
	require.NoError(t, err)
	assert.Equal(t, "s3://cold-archive-sf/logs/2019/app.log.gz", uri)
	b, err := lossless.Marshal(&tier)
	require.NoError(t, err)
	assert.NotContains(t, string(b), `"object"`, "absent stays absent")

	e := decode(t, "replication-and-lifecycle.json")
	repl := e.Records[0].ReplicationEventData
	require.NotNil(t, repl)
	assert.Equal(t, "DstBucketNotFound", repl.FailureReason)
	assert.Equal(t, "arn:aws:s3:::osaka-replica", repl.DestinationBucket)
	assert.Nil(t, e.Records[0].LifecycleEventData)
	life := e.Records[1].LifecycleEventData
	require.NotNil(t, life)
	require.NotNil(t, life.TransitionEventData)
	assert.Equal(t, "GLACIER_IR", life.TransitionEventData.DestinationStorageClass)

	for _, g := range []struct {
		e     *s3.Event
		want  time.Time
		class string
	}{
		{decode(t, "restore-completed.json"), time.Date(2022, 12, 19, 0, 0, 0, 0, time.UTC), "DEEP_ARCHIVE"},
		{reference(t, "s3EventGlacier.json"), time.Date(1970, 1, 1, 0, 1, 0, 0, time.UTC), "standard"},
	} {
		r := g.e.Records[0]
		require.NotNil(t, r.GlacierEventData)
		d := r.GlacierEventData.RestoreEventData
		got, err := d.ExpiryTime()
		require.NoError(t, err)
		assert.Equal(t, g.want, got)
		assert.Equal(t, g.class, d.LifecycleRestoreStorageClass)
	}
	assert.Equal(t, int64(107374182400), decode(t, "restore-completed.json").Records[0].S3.Object.Size)
}

func TestReferenceRecord(t *testing.T) {
	r := reference(t, "s3Event.json").Records[0]
	assert.Equal(t, "ObjectCreated:Put", r.EventName)
	assert.Equal(t, "lambda-artifacts-deafc19498e3f2df", r.S3.Bucket.Name)
	assert.Equal(t, "arn:aws:s3:::lambda-artifacts-deafc19498e3f2df", r.S3.Bucket.ARN)
	assert.Equal(t, int64(1305107), r.S3.Object.Size)
	assert.Equal(t, "b21b84d653bb07b05b1e6b33684dc11b", r.S3.Object.ETag)
	ts, err := r.Time()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2019, 9, 3, 19, 37, 27, 192e6, time.UTC), ts)

	k := reference(t, "s3EventDecodedKey.json").Records[0].S3.Object
	assert.Equal(t, "Happy Face.jpg", k.Unknown["urlDecodedKey"], "keys S3 does not send are kept")
}

func TestTestEvent(t *testing.T) {
	v, err := registry.Default.Decode(sourcetest.Testdata(t, "aws.s3.test")["test-event.json"])
	require.NoError(t, err)
	e := v.(*s3.TestEvent)
	assert.Equal(t, "uploads-staging-eu", e.Bucket)
	assert.Equal(t, "K3M5P7R9T1V3X5Z7", e.RequestID)
	ts, err := e.ParsedTime()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 6, 1, 9, 10, 11, 123e6, time.UTC), ts)

	v, err = registry.Default.Decode(sourcetest.Testdata(t, "aws.s3.test")["test-event-empty-ids.json"])
	require.NoError(t, err)
	e = v.(*s3.TestEvent)
	assert.Equal(t, "my.dotted.bucket-2019", e.Bucket)
	assert.Contains(t, e.Unknown, "FutureKey")
	ts, err = e.ParsedTime()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), ts)
}

func TestBadValuesAreErrorsNotPanics(t *testing.T) {
	r := s3.Record{EventTime: "yesterday", S3: s3.Entity{Object: s3.Object{Key: "%"}}}
	_, err := r.Time()
	assert.Error(t, err)
	_, err = r.URI()
	assert.Error(t, err, "bad key")
	_, err = s3.Record{S3: s3.Entity{Object: s3.Object{Key: "k"}}}.URI()
	assert.Error(t, err, "no bucket")
	_, err = s3.RestoreEventData{}.ExpiryTime()
	assert.Error(t, err)
	_, err = s3.TestEvent{Time: "2014-10-13"}.ParsedTime()
	assert.Error(t, err)

	out := printer.Sprint(r)
	assert.Contains(t, out, `"Time()": "[Cannot be deserialized]"`)
	assert.Contains(t, out, `"DecodedKey()": "[Cannot be deserialized]"`)

	sourcetest.AssertPrinted(t, decode(t, "put-encoded-keys-multi.json"), []string{
		`"DecodedKey()": "reports/Q1 2024 (final) ✓.pdf"`,
		`"Time()": "2024-02-29T23:59:58.5Z"`,
	}, nil)
}

// TestFirstRecordShortcuts reads the bucket and the decoded key of the first
// record, and fails on an event without records.
func TestFirstRecordShortcuts(t *testing.T) {
	ref := reference(t, "s3Event.json")
	bucket, err := ref.BucketName()
	require.NoError(t, err)
	assert.Equal(t, "lambda-artifacts-deafc19498e3f2df", bucket)
	key, err := ref.ObjectKey()
	require.NoError(t, err)
	assert.Equal(t, "b21b84d653bb07b05b1e6b33684dc11b", key)

	e := decode(t, "put-encoded-keys-multi.json")
	key, err = e.ObjectKey()
	require.NoError(t, err)
	assert.Equal(t, "reports/Q1 2024 (final) ✓.pdf", key)
	r, err := e.Record()
	require.NoError(t, err)
	assert.Equal(t, e.Records[0].S3.Object.Key, r.S3.Object.Key)

	var empty s3.Event
	_, err = empty.BucketName()
	assert.EqualError(t, err, "s3: the event has no records")
	_, err = empty.ObjectKey()
	assert.EqualError(t, err, "s3: the event has no records")
}
