package cloudformation_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources/cloudformation"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

const id = "aws.cloudformation.customresource"

func reference(t *testing.T, name string) cloudformation.CustomResourceEvent {
	return *sourcetest.Decode[cloudformation.CustomResourceEvent](t, sourcetest.Reference(t, name))
}

func own(t *testing.T, name string) cloudformation.CustomResourceEvent {
	return *sourcetest.DecodeTestdata[cloudformation.CustomResourceEvent](t, id, name)
}

func TestRequestTypes(t *testing.T) {
	for name, want := range map[string]cloudformation.RequestType{
		"cloudformationCustomResourceCreate.json": cloudformation.RequestCreate,
		"cloudformationCustomResourceUpdate.json": cloudformation.RequestUpdate,
		"cloudformationCustomResourceDelete.json": cloudformation.RequestDelete,
	} {
		e := reference(t, name)
		assert.Equal(t, want, e.RequestType, name)
		assert.Equal(t, want == cloudformation.RequestCreate, e.PhysicalResourceID == "", "%s: a physical ID on Update and Delete only", name)
		assert.Equal(t, want == cloudformation.RequestUpdate, e.OldResourceProperties != nil, "%s: old properties on Update only", name)
	}
}

func TestProperties(t *testing.T) {
	e := own(t, "create-service-timeout.json")
	v, ok := e.Property("TTL")
	require.True(t, ok)
	assert.Equal(t, "300", v)
	_, ok = e.Property("Targets")
	assert.False(t, ok, "a list is no scalar")
	_, ok = e.OldProperty("TTL")
	assert.False(t, ok, "no old properties on Create")

	var p struct {
		Zone    string            `json:"Zone"`
		TTL     string            `json:"TTL"`
		Targets []string          `json:"Targets"`
		Tags    map[string]string `json:"Tags"`
	}
	require.NoError(t, e.PropertiesInto(&p))
	assert.Equal(t, "example.com", p.Zone)
	assert.Equal(t, "300", p.TTL)
	assert.Equal(t, []string{"192.0.2.10", "192.0.2.11"}, p.Targets)
	assert.Equal(t, map[string]string{"team": "edge"}, p.Tags)

	var wrong struct {
		Targets int `json:"Targets"`
	}
	assert.ErrorContains(t, e.PropertiesInto(&wrong), "cloudformation: resource properties")

	u := own(t, "update-replacement-china.json")
	var old struct {
		Bucket string `json:"Bucket"`
	}
	require.NoError(t, u.OldPropertiesInto(&old))
	assert.Equal(t, "seed-data-v1", old.Bucket)
	legacy, ok := u.OldProperty("Legacy")
	assert.True(t, ok)
	assert.Equal(t, "true", legacy)
	assert.Equal(t, []string{"Bucket", "Legacy"}, u.ChangedProperties())
	assert.Equal(t, []string{"MyProps", "ServiceToken"}, reference(t, "cloudformationCustomResourceUpdate.json").ChangedProperties())
	assert.Nil(t, e.ChangedProperties())
}

func TestStack(t *testing.T) {
	u := own(t, "update-replacement-china.json")
	a, err := u.Stack()
	require.NoError(t, err)
	assert.Equal(t, "aws-cn", a.Partition)
	assert.Equal(t, "cn-north-1", a.Region)
	assert.Equal(t, "seed", u.StackName())
	assert.Equal(t, "edge-dns", own(t, "create-service-timeout.json").StackName())
	assert.Empty(t, cloudformation.CustomResourceEvent{StackID: "not an ARN"}.StackName())
	assert.Empty(t, cloudformation.CustomResourceEvent{StackID: "arn:aws:s3:::bucket"}.StackName())
}

func TestServiceTimeout(t *testing.T) {
	d, err := own(t, "create-service-timeout.json").ServiceTimeout()
	require.NoError(t, err)
	assert.Equal(t, 10*time.Minute, d)

	d, err = reference(t, "cloudformationCustomResourceCreate.json").ServiceTimeout()
	require.NoError(t, err)
	assert.Equal(t, cloudformation.DefaultServiceTimeout, d)

	for _, bad := range []any{"0", "3601", "ten", "1.5", []any{"60"}} {
		_, err := cloudformation.CustomResourceEvent{ResourceProperties: map[string]any{"ServiceTimeout": bad}}.ServiceTimeout()
		assert.ErrorContains(t, err, "ServiceTimeout", "%v", bad)
	}
	d, err = cloudformation.CustomResourceEvent{ResourceProperties: map[string]any{"ServiceTimeout": json.Number("3600")}}.ServiceTimeout()
	require.NoError(t, err)
	assert.Equal(t, time.Hour, d)
}

func TestResponseURLMasked(t *testing.T) {
	for _, name := range []string{"create-service-timeout.json", "update-replacement-china.json", "delete-after-failed-create-gov.json"} {
		e := own(t, name)
		q := e.ResponseURL[strings.Index(e.ResponseURL, "?")+1:]
		sourcetest.AssertPrinted(t, &e, []string{`"ResponseURL": "` + printer.Sensitive + `"`}, []string{e.ResponseURL, q, "Signature="})
	}
	e := reference(t, "cloudformationCustomResourceCreate.json")
	sourcetest.AssertPrinted(t, &e, nil, []string{e.ResponseURL})
}

func TestSuccess(t *testing.T) {
	create := reference(t, "cloudformationCustomResourceCreate.json")
	r, err := create.Success("zone-123", map[string]any{"Arn": "arn:aws:x:::zone-123"})
	require.NoError(t, err)
	assert.Equal(t, &cloudformation.Response{
		Status:             cloudformation.StatusSuccess,
		PhysicalResourceID: "zone-123",
		StackID:            create.StackID,
		RequestID:          create.RequestID,
		LogicalResourceID:  create.LogicalResourceID,
		Data:               map[string]any{"Arn": "arn:aws:x:::zone-123"},
	}, r)

	t.Run("Create without an ID gets a stable generated one", func(t *testing.T) {
		r, err := create.Success("", nil)
		require.NoError(t, err)
		assert.Regexp(t, `^xxxxxxxxx-[0-9a-f]{16}$`, r.PhysicalResourceID)
		again, err := create.Success("", nil)
		require.NoError(t, err)
		assert.Equal(t, r.PhysicalResourceID, again.PhysicalResourceID, "the same request, the same ID")
		other := create
		other.RequestID = "another"
		assert.NotEqual(t, r.PhysicalResourceID, cloudformation.GeneratedPhysicalResourceID(other))
		long := create
		long.LogicalResourceID = strings.Repeat("L", 2000)
		assert.Len(t, cloudformation.GeneratedPhysicalResourceID(long), cloudformation.MaxPhysicalResourceID)
	})
	t.Run("Update keeps the ID, or replaces", func(t *testing.T) {
		u := reference(t, "cloudformationCustomResourceUpdate.json")
		r, err := u.Success("", nil)
		require.NoError(t, err)
		assert.Equal(t, u.PhysicalResourceID, r.PhysicalResourceID)
		r, err = u.Success("replacement", nil)
		require.NoError(t, err)
		assert.Equal(t, "replacement", r.PhysicalResourceID)
	})
	t.Run("Delete keeps the ID", func(t *testing.T) {
		d := reference(t, "cloudformationCustomResourceDelete.json")
		r, err := d.Success("", nil)
		require.NoError(t, err)
		assert.Equal(t, d.PhysicalResourceID, r.PhysicalResourceID)
		r, err = d.Success(d.PhysicalResourceID, nil)
		require.NoError(t, err)
		assert.Equal(t, d.PhysicalResourceID, r.PhysicalResourceID)
		_, err = d.Success("other", nil)
		assert.ErrorContains(t, err, "must keep the PhysicalResourceId")
	})
	t.Run("unknown request type", func(t *testing.T) {
		odd := create
		odd.RequestType = "Import"
		_, err := odd.Success("x", nil)
		assert.ErrorContains(t, err, `request type "Import"`)
	})
}

func TestFailure(t *testing.T) {
	t.Setenv("AWS_LAMBDA_LOG_STREAM_NAME", "2026/03/01/[$LATEST]0123456789abcdef")
	create := own(t, "create-service-timeout.json")
	r := create.Failure("")
	assert.Equal(t, cloudformation.StatusFailed, r.Status)
	assert.Equal(t, "See the details in CloudWatch Log Stream: 2026/03/01/[$LATEST]0123456789abcdef", r.Reason)
	assert.Equal(t, cloudformation.GeneratedPhysicalResourceID(create), r.PhysicalResourceID, "a failed Create still needs an ID")
	require.NoError(t, r.Validate())

	d := own(t, "delete-after-failed-create-gov.json")
	r = d.Failure("certificate still in use")
	assert.Equal(t, "ImportedCert-c0ffee00deadbeef", r.PhysicalResourceID)
	assert.Equal(t, "certificate still in use", r.Reason)

	long := strings.Repeat("é", cloudformation.MaxReason) // 2 bytes each
	r = d.Failure(long)
	assert.LessOrEqual(t, len(r.Reason), cloudformation.MaxReason)
	assert.True(t, strings.HasSuffix(r.Reason, "…"))
	assert.True(t, strings.HasPrefix(long, strings.TrimSuffix(r.Reason, "…")), "cut at a rune boundary")

	t.Setenv("AWS_LAMBDA_LOG_STREAM_NAME", "")
	assert.Equal(t, "See the details in the function's CloudWatch Logs", d.Failure("").Reason)
}

func TestValidate(t *testing.T) {
	ok := func() *cloudformation.Response {
		return &cloudformation.Response{Status: cloudformation.StatusSuccess, PhysicalResourceID: "p", StackID: "s", RequestID: "r", LogicalResourceID: "l"}
	}
	require.NoError(t, ok().Validate())
	for name, tc := range map[string]struct {
		change func(*cloudformation.Response)
		want   string
	}{
		"status":         {func(r *cloudformation.Response) { r.Status = "success" }, `status "success"`},
		"failed, no why": {func(r *cloudformation.Response) { r.Status = cloudformation.StatusFailed }, "without a Reason"},
		"no physical ID": {func(r *cloudformation.Response) { r.PhysicalResourceID = "" }, "PhysicalResourceId of 0 bytes"},
		"long physical":  {func(r *cloudformation.Response) { r.PhysicalResourceID = strings.Repeat("p", 1025) }, "PhysicalResourceId of 1025 bytes"},
		"no stack":       {func(r *cloudformation.Response) { r.StackID = "" }, "no StackId"},
		"no request":     {func(r *cloudformation.Response) { r.RequestID = "" }, "no StackId, RequestId"},
		"no logical":     {func(r *cloudformation.Response) { r.LogicalResourceID = "" }, "LogicalResourceId"},
	} {
		t.Run(name, func(t *testing.T) {
			r := ok()
			tc.change(r)
			assert.ErrorContains(t, r.Validate(), tc.want)
			_, err := r.Body()
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestBody(t *testing.T) {
	e := reference(t, "cloudformationCustomResourceUpdate.json")
	r, err := e.Success("", map[string]any{"Endpoint": "db.example.com"})
	require.NoError(t, err)
	r.NoEcho = true
	b, err := r.Body()
	require.NoError(t, err)
	assert.JSONEq(t, `{"Status":"SUCCESS","PhysicalResourceId":"xxxxxxxxx","StackId":"`+e.StackID+`","RequestId":"`+e.RequestID+
		`","LogicalResourceId":"xxxxxxxxx","NoEcho":true,"Data":{"Endpoint":"db.example.com"}}`, string(b))

	f := e.Failure("boom")
	b, err = f.Body()
	require.NoError(t, err)
	assert.JSONEq(t, `{"Status":"FAILED","Reason":"boom","PhysicalResourceId":"xxxxxxxxx","StackId":"`+e.StackID+`","RequestId":"`+e.RequestID+
		`","LogicalResourceId":"xxxxxxxxx"}`, string(b))

	// The limit counts the whole body: exactly 4096 bytes pass, one more fails.
	r.Data = map[string]any{"k": ""}
	b, err = r.Body()
	require.NoError(t, err)
	r.Data["k"] = strings.Repeat("x", cloudformation.MaxResponseBody-len(b))
	b, err = r.Body()
	require.NoError(t, err)
	assert.Len(t, b, cloudformation.MaxResponseBody)
	r.Data["k"] = r.Data["k"].(string) + "x"
	_, err = r.Body()
	assert.ErrorIs(t, err, cloudformation.ErrTooLarge)
	assert.ErrorContains(t, err, "4097 bytes")
}
