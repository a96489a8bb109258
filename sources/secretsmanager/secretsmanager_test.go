package secretsmanager_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/secretsmanager"
)

func decode(t *testing.T, name string) *secretsmanager.RotationEvent {
	t.Helper()
	return sourcetest.DecodeTestdata[secretsmanager.RotationEvent](t, "aws.secretsmanager.rotation", name)
}

func TestSteps(t *testing.T) {
	tests := []struct {
		file, step, partition string
		rotationToken         bool
	}{
		{"create-secret-cross-account.json", secretsmanager.StepCreateSecret, "aws", true},
		{"set-secret-future-key.json", secretsmanager.StepSetSecret, "aws-cn", false},
		{"test-secret.json", secretsmanager.StepTestSecret, "aws", false},
		{"finish-secret-govcloud.json", secretsmanager.StepFinishSecret, "aws-us-gov", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			e := decode(t, tt.file)
			assert.Equal(t, tt.step, e.Step)
			assert.True(t, e.KnownStep())
			assert.Equal(t, e.ClientRequestToken, e.VersionID())
			assert.NotEmpty(t, e.VersionID())
			assert.Equal(t, tt.rotationToken, e.RotationToken != "")
			a, err := e.SecretARN()
			require.NoError(t, err)
			assert.Equal(t, tt.partition, a.Partition)
			assert.Equal(t, "secretsmanager", a.Service)
		})
	}

	ref := sourcetest.Decode[secretsmanager.RotationEvent](t, sourcetest.Reference(t, "secretsManagerEvent.json"))
	assert.Equal(t, secretsmanager.StepCreateSecret, ref.Step)
	assert.Equal(t, "550e8400-e29b-41d4-a716-446655440000", ref.VersionID())
	assert.Empty(t, ref.RotationToken, "RotationToken is optional")

	assert.False(t, secretsmanager.RotationEvent{Step: "create_secret"}.KnownStep())
	_, err := secretsmanager.RotationEvent{SecretID: "MyTestDatabaseSecret"}.SecretARN()
	assert.ErrorContains(t, err, "MyTestDatabaseSecret")
}

func TestTokensPrintMasked(t *testing.T) {
	e := decode(t, "create-secret-cross-account.json")
	sourcetest.AssertPrinted(t, e, []string{`"Step": "createSecret"`, `"RotationToken": "[SENSITIVE]"`},
		[]string{e.RotationToken, e.ClientRequestToken})
}

// TestRule: the three documented members are required, RotationToken is
// not, and a step AWS may add is still detected.
func TestRule(t *testing.T) {
	tests := []struct {
		event string
		want  bool
	}{
		{`{"Step":"createSecret","SecretId":"s","ClientRequestToken":"t"}`, true},
		{`{"Step":"rollbackSecret","SecretId":"s","ClientRequestToken":"t"}`, true},
		{`{"Step":"createSecret","SecretId":"s"}`, false},
		{`{"SecretId":"s","ClientRequestToken":"t"}`, false},
		{`{"Step":"createSecret","ClientRequestToken":"t","RotationToken":"r"}`, false},
	}
	for _, tt := range tests {
		id, err := registry.Default.Detect([]byte(tt.event))
		if tt.want {
			assert.NoError(t, err, tt.event)
			assert.Equal(t, "aws.secretsmanager.rotation", id)
		} else {
			assert.ErrorIs(t, err, registry.ErrUnknownSource, tt.event)
		}
	}
}
