package transfer_test

import (
	"encoding/json"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/transfer"
)

const role = "arn:aws:iam::123456789012:role/sftp-users"

func TestEvent(t *testing.T) {
	var e transfer.AuthorizerEvent
	require.NoError(t, lossless.Unmarshal(sourcetest.Reference(t, "TransferFamilyAuthorizer.json"), &e))
	assert.True(t, e.HasPassword())
	assert.Equal(t, transfer.ProtocolSFTP, e.Protocol)
	assert.Equal(t, "s-abcd123456", e.ServerID)
	a, err := e.SourceAddr()
	require.NoError(t, err)
	assert.Equal(t, netip.MustParseAddr("192.168.0.100"), a)
	assert.Contains(t, printer.Sprint(e), `"password": "[SENSITIVE]"`, "the password is masked")

	// Key authentication: no password member at all, which is no error
	// (the reference indexes it), and stays absent on the way back.
	raw := []byte(`{"username":"u","protocol":"SFTP","serverId":"s-1","sourceIp":"::1"}`)
	var k transfer.AuthorizerEvent
	require.NoError(t, lossless.Unmarshal(raw, &k))
	assert.False(t, k.HasPassword())
	out, err := json.Marshal(k)
	require.NoError(t, err)
	assert.JSONEq(t, string(raw), string(out))

	_, err = transfer.AuthorizerEvent{SourceIP: "not-an-ip"}.SourceAddr()
	assert.Error(t, err)
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// Q12: the reference's EFS response writes the GID into Uid, takes one
// mapping and one key; here uid and gid have their own fields, and there
// may be several mappings and keys.
func TestEFSLogicalResponse(t *testing.T) {
	r, err := transfer.NewLogicalResponse(role,
		transfer.HomeDirectoryMapping{Entry: "/", Target: "/fs-0123456789abcdef0/home/jdoe"},
		transfer.HomeDirectoryMapping{Entry: "/shared", Target: "/fs-0123456789abcdef0/shared"},
		transfer.HomeDirectoryMapping{Entry: "/motd.txt", Target: "/fs-0123456789abcdef0/etc/motd", Type: "FILE"})
	require.NoError(t, err)
	require.NoError(t, r.SetPosixProfile(5000, 1000, 2000, 2001))
	require.NoError(t, r.AddPublicKeys("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJdoe jdoe@laptop", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ"))
	require.NoError(t, r.Validate())

	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(marshal(t, r)), &got))
	assert.Equal(t, map[string]any{"Uid": 5000.0, "Gid": 1000.0, "SecondaryGids": []any{2000.0, 2001.0}}, got["PosixProfile"])
	assert.Len(t, got["PublicKeys"], 2)
	assert.Equal(t, "LOGICAL", got["HomeDirectoryType"])
	details, ok := got["HomeDirectoryDetails"].(string)
	require.True(t, ok, "HomeDirectoryDetails is JSON text, as Transfer Family reads it")
	assert.JSONEq(t, `[{"Entry":"/","Target":"/fs-0123456789abcdef0/home/jdoe"},{"Entry":"/shared","Target":"/fs-0123456789abcdef0/shared"},{"Entry":"/motd.txt","Target":"/fs-0123456789abcdef0/etc/motd","Type":"FILE"}]`, details)
	assert.NotContains(t, got, "HomeDirectory")
	assert.NotContains(t, got, "Policy")

	m, err := r.HomeDirectoryMappings()
	require.NoError(t, err)
	assert.Len(t, m, 3)
}

func TestS3PathResponse(t *testing.T) {
	r, err := transfer.NewPathResponse(role, "/my-bucket/home/jdoe")
	require.NoError(t, err)
	require.NoError(t, r.SetPolicy(map[string]any{"Version": "2012-10-17", "Statement": []any{}}))
	assert.JSONEq(t, `{"Role":"`+role+`","HomeDirectoryType":"PATH","HomeDirectory":"/my-bucket/home/jdoe","Policy":"{\"Statement\":[],\"Version\":\"2012-10-17\"}"}`, marshal(t, r))
	require.NoError(t, r.SetPolicy(`{"Version":"2012-10-17"}`))
	assert.Equal(t, `{"Version":"2012-10-17"}`, r.Policy)
	assert.Error(t, r.SetPolicy("allow everything"))
	assert.Error(t, r.SetPolicy(`["not","an","object"]`))
	assert.Error(t, r.SetPolicy(func() {}))
	m, err := r.HomeDirectoryMappings()
	require.NoError(t, err)
	assert.Nil(t, m)

	// Other partitions keep their role ARNs.
	_, err = transfer.NewPathResponse("arn:aws-cn:iam::123456789012:role/sftp", "/b/home")
	assert.NoError(t, err)
}

func TestDeny(t *testing.T) {
	assert.Equal(t, "{}", marshal(t, transfer.Deny()))
	assert.NoError(t, transfer.Deny().Validate())
}

func TestInvalidResponses(t *testing.T) {
	_, err := transfer.NewPathResponse(role, "")
	assert.ErrorContains(t, err, "needs HomeDirectory")
	_, err = transfer.NewPathResponse(role, "relative/home")
	assert.Error(t, err)
	_, err = transfer.NewPathResponse("sftp-users", "/b/home")
	assert.ErrorContains(t, err, "no IAM role ARN")
	_, err = transfer.NewPathResponse("arn:aws:s3:::bucket", "/b/home")
	assert.ErrorContains(t, err, "no IAM role ARN")
	_, err = transfer.NewLogicalResponse(role)
	assert.ErrorContains(t, err, "at least one mapping")
	_, err = transfer.NewLogicalResponse(role, transfer.HomeDirectoryMapping{Entry: "/", Target: "bucket/home"})
	assert.Error(t, err)
	_, err = transfer.NewLogicalResponse(role, transfer.HomeDirectoryMapping{Entry: "/", Target: "/b", Type: "LINK"})
	assert.Error(t, err)

	for name, r := range map[string]transfer.Response{
		"keys without role": {PublicKeys: []string{"ssh-rsa AAAA"}},
		"other type":        {Role: role, HomeDirectoryType: "VIRTUAL"},
		"details on PATH":   {Role: role, HomeDirectoryType: "PATH", HomeDirectory: "/b", HomeDirectoryDetails: `[{"Entry":"/","Target":"/b"}]`},
		"details not JSON":  {Role: role, HomeDirectoryType: "LOGICAL", HomeDirectoryDetails: `{"Entry":"/"}`},
		"policy not JSON":   {Role: role, HomeDirectoryType: "PATH", HomeDirectory: "/b", Policy: "x"},
	} {
		assert.Error(t, r.Validate(), name)
	}

	var r transfer.Response
	assert.Error(t, r.SetPosixProfile(-1, 0))
	assert.Error(t, r.SetPosixProfile(0, 1<<32))
	assert.Error(t, r.SetPosixProfile(0, 0, -5))
	assert.Nil(t, r.PosixProfile)
	assert.Error(t, r.AddPublicKeys("ssh-rsa AAAA", ""))
	assert.Error(t, r.AddPublicKeys("AAAAB3NzaC1yc2E"))
	assert.Empty(t, r.PublicKeys, "no key is added when one is wrong")
}
