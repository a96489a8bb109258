package s3_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/s3"
)

func objectLambda(t *testing.T, name string) *s3.ObjectLambdaEvent {
	t.Helper()
	return sourcetest.DecodeTestdata[s3.ObjectLambdaEvent](t, "aws.s3.objectlambda", name)
}

func TestObjectLambdaOperation(t *testing.T) {
	tests := []struct{ file, op, urlPrefix string }{
		{"get-object-range-part.json", s3.OperationGetObject, "https://reports-ap-123456789012.s3-accesspoint.eu-west-1"},
		{"head-object-assumed-role-govcloud.json", s3.OperationHeadObject, "https://records-ap-123456789012.s3-accesspoint.us-gov-west-1"},
		{"list-objects-v1.json", s3.OperationListObjects, "https://legacy-ap-111122223333"},
		{"list-objects-v2-service.json", s3.OperationListObjectsV2, "https://media-ap-210987654321.s3-accesspoint.cn-north-1.amazonaws.com.cn"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			e := objectLambda(t, tt.file)
			op, err := e.Operation()
			require.NoError(t, err)
			assert.Equal(t, tt.op, op)
			u, err := e.InputS3URL()
			require.NoError(t, err)
			assert.Contains(t, u, tt.urlPrefix)
		})
	}

	_, err := s3.ObjectLambdaEvent{}.Operation()
	assert.ErrorContains(t, err, "no operation context")
	_, err = s3.ObjectLambdaEvent{GetObjectContext: &s3.GetObjectContext{}, HeadObjectContext: &s3.ObjectContext{}}.Operation()
	assert.ErrorContains(t, err, "GetObject, HeadObject")
	_, err = s3.ObjectLambdaEvent{HeadObjectContext: &s3.ObjectContext{}}.InputS3URL()
	assert.ErrorContains(t, err, "inputS3Url")
}

func TestWriteGetObjectRoute(t *testing.T) {
	e := objectLambda(t, "get-object-range-part.json")
	r, err := e.WriteGetObjectRoute()
	require.NoError(t, err)
	assert.Equal(t, s3.WriteGetObjectRoute{RequestRoute: "io-euw1-003", RequestToken: "AAEAAZWtb3BhcXVlLW91dHB1dC10b2tlbg=="}, r)
	sourcetest.AssertPrinted(t, r, []string{`"RequestRoute": "io-euw1-003"`}, []string{r.RequestToken})

	ref := sourcetest.Decode[s3.ObjectLambdaEvent](t, sourcetest.Reference(t, "s3ObjectEventTempCredentials.json"))
	r, err = ref.WriteGetObjectRoute()
	require.NoError(t, err)
	assert.Equal(t, "io-use1-001", r.RequestRoute)
	assert.Equal(t, "OutputToken", r.RequestToken)

	_, err = objectLambda(t, "head-object-assumed-role-govcloud.json").WriteGetObjectRoute()
	assert.ErrorContains(t, err, "no GetObject request")
	_, err = s3.ObjectLambdaEvent{GetObjectContext: &s3.GetObjectContext{OutputRoute: "r"}}.WriteGetObjectRoute()
	assert.Error(t, err)
}

// TestObjectLambdaMasks: the presigned URLs, the output token, credential
// headers and the credentials in the user's URL (a path here, which the
// printer's URL masks do not reach) print masked.
func TestObjectLambdaMasks(t *testing.T) {
	e := objectLambda(t, "get-object-range-part.json")
	sourcetest.AssertPrinted(t, e,
		[]string{
			`"url": "/q3/summary.csv?partNumber=2&X-Amz-Signature=[SENSITIVE]&versionId=abc"`,
			`"inputS3Url": "[SENSITIVE]"`, `"outputToken": "[SENSITIVE]"`, `"Authorization": "[SENSITIVE]"`,
			`"Range": "bytes=0-1023"`,
		},
		[]string{"leakedsignatureexample", "IQoJb3JpZ2luX2VjEXAMPLE", "AAEAAZWtb3BhcXVlLW91dHB1dC10b2tlbg", "Signature=deadbeef"})

	head := objectLambda(t, "head-object-assumed-role-govcloud.json")
	sourcetest.AssertPrinted(t, head, []string{`"inputS3Url": "[SENSITIVE]"`}, []string{"FwoGZXIvYXdzEXAMPLE"})

	assert.Nil(t, s3.UserRequest{URL: "/a?partNumber=1"}.Redacted())
	assert.Nil(t, s3.UserRequest{URL: "/a"}.Redacted())
	assert.Equal(t, map[string]string{"url": "/a?token=" + printer.Sensitive + "#frag"},
		s3.UserRequest{URL: "/a?token=x#frag"}.Redacted())
}

// TestObjectLambdaIdentity: userName is absent for assumed roles (the
// Python reference fails on it); the session context is there instead.
func TestObjectLambdaIdentity(t *testing.T) {
	ref := sourcetest.Decode[s3.ObjectLambdaEvent](t, sourcetest.Reference(t, "s3ObjectEventTempCredentials.json"))
	id := ref.UserIdentity
	assert.Equal(t, "AssumedRole", id.Type)
	assert.Empty(t, id.UserName)
	require.NotNil(t, id.SessionContext)
	require.NotNil(t, id.SessionContext.SessionIssuer)
	assert.Equal(t, "Admin", id.SessionContext.SessionIssuer.UserName)
	assert.Equal(t, "false", id.SessionContext.Attributes.MFAAuthenticated)
	assert.NotContains(t, sourcetest.Print(t, ref), printer.Undecodable)

	svc := objectLambda(t, "list-objects-v2-service.json").UserIdentity
	assert.Equal(t, "athena.amazonaws.com", svc.InvokedBy)
	assert.Nil(t, svc.SessionContext)
}

func TestUserRequest(t *testing.T) {
	r := objectLambda(t, "get-object-range-part.json").UserRequest
	v, ok := r.Header("range")
	assert.True(t, ok)
	assert.Equal(t, "bytes=0-1023", v)
	assert.Equal(t, []string{"text/csv", "application/json"}, r.HeaderValues("ACCEPT"))
	_, ok = r.Header("If-Match")
	assert.False(t, ok)

	u, err := r.ParsedURL()
	require.NoError(t, err)
	assert.Equal(t, "/q3/summary.csv", u.Path)
	assert.Equal(t, "2", u.Query().Get("partNumber"))

	_, err = s3.UserRequest{URL: "http://[::1"}.ParsedURL()
	assert.Error(t, err)
}

func TestJSONPayload(t *testing.T) {
	var cfg struct {
		Columns []string `json:"columns"`
		Mask    string   `json:"mask"`
	}
	require.NoError(t, objectLambda(t, "get-object-range-part.json").Configuration.JSONPayload(&cfg))
	assert.Equal(t, []string{"email", "phone"}, cfg.Columns)

	var v any
	assert.ErrorIs(t, objectLambda(t, "head-object-assumed-role-govcloud.json").Configuration.JSONPayload(&v), body.ErrEmpty)
	assert.Error(t, objectLambda(t, "list-objects-v1.json").Configuration.JSONPayload(&v), "plain text is no JSON")
}

// TestObjectLambdaRule: one of the four operation contexts is required
// besides the members every event has.
func TestObjectLambdaRule(t *testing.T) {
	_, err := registry.Default.Detect([]byte(`{"xAmzRequestId":"r","configuration":{},"userRequest":{},"protocolVersion":"1.00"}`))
	assert.ErrorIs(t, err, registry.ErrUnknownSource)
	id, err := registry.Default.Detect([]byte(`{"xAmzRequestId":"r","headObjectContext":{"inputS3Url":"u"},"configuration":{},"userRequest":{}}`))
	require.NoError(t, err)
	assert.Equal(t, "aws.s3.objectlambda", id)
}
