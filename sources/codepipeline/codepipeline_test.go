package codepipeline_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/codepipeline"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

const id = "aws.codepipeline.job"

func reference(t *testing.T, name string) *codepipeline.JobEvent {
	return sourcetest.Decode[codepipeline.JobEvent](t, sourcetest.Reference(t, name))
}

func own(t *testing.T, name string) *codepipeline.JobEvent {
	return sourcetest.DecodeTestdata[codepipeline.JobEvent](t, id, name)
}

func TestUserParameters(t *testing.T) {
	t.Run("JSON", func(t *testing.T) {
		e := reference(t, "codePipelineEventData.json")
		var m map[string]string
		require.NoError(t, e.JSONUserParameters(&m))
		assert.Equal(t, map[string]string{"KEY": "VALUE"}, m)

		var v struct {
			Stage   string      `json:"stage"`
			Retries int         `json:"retries"`
			Ratio   json.Number `json:"ratio"`
			Targets []string    `json:"targets"`
		}
		require.NoError(t, own(t, "json-parameters-kms-china.json").JSONUserParameters(&v))
		assert.Equal(t, "prod", v.Stage)
		assert.Equal(t, 3, v.Retries)
		assert.Equal(t, json.Number("0.25"), v.Ratio)
		assert.Equal(t, []string{"api", "web"}, v.Targets)
	})
	t.Run("plain text is its own error, and kept raw", func(t *testing.T) {
		// The reference raises on plain text (Q27); here it is an error
		// the printer leaves out, and the text is at hand.
		e := reference(t, "codePipelineEvent.json")
		var v any
		assert.ErrorIs(t, e.JSONUserParameters(&v), codepipeline.ErrPlainText)
		assert.Equal(t, "some-input-such-as-a-URL", e.UserParameters())
		assert.ErrorIs(t, own(t, "plain-text-continuation-gov.json").JSONUserParameters(&v), codepipeline.ErrPlainText)
		out := sourcetest.Print(t, e)
		assert.NotContains(t, out, "JSONUserParameters")
		assert.NotContains(t, out, printer.Undecodable)
	})
	t.Run("absent", func(t *testing.T) {
		e := reference(t, "codePipelineEventEmptyUserParameters.json")
		var v any
		assert.ErrorIs(t, e.JSONUserParameters(&v), body.ErrEmpty)
		assert.Empty(t, e.UserParameters())
	})
	t.Run("broken JSON fails", func(t *testing.T) {
		e := own(t, "malformed-json-parameters.json")
		var v any
		err := e.JSONUserParameters(&v)
		require.Error(t, err)
		assert.NotErrorIs(t, err, codepipeline.ErrPlainText)
		assert.ErrorContains(t, err, "codepipeline: user parameters")
		assert.Contains(t, sourcetest.Print(t, e), `"JSONUserParameters()": "`+printer.Undecodable+`"`)
	})
	t.Run("scalars", func(t *testing.T) {
		for text, want := range map[string]any{`42`: json.Number("42"), `"quoted"`: "quoted", `true`: true, ` [1] `: []any{json.Number("1")}} {
			var v any
			require.NoError(t, codepipeline.Configuration{UserParameters: text}.JSONUserParameters(&v), text)
			assert.Equal(t, want, v, text)
		}
		var v any
		assert.ErrorContains(t, codepipeline.Configuration{UserParameters: `"unterminated`}.JSONUserParameters(&v), "user parameters")
	})
}

func TestArtifacts(t *testing.T) {
	e := reference(t, "codePipelineEventData.json")
	in, ok := e.InputArtifact("my-pipeline-SourceArtifact")
	require.True(t, ok)
	assert.Equal(t, "e0c7xmpl2308ca3071aa7bab414de234ab52eea", *in.Revision)
	loc, err := in.S3()
	require.NoError(t, err)
	assert.Equal(t, "s3://us-west-2-123456789012-my-pipeline/my-pipeline/test-api-2/TdOSFRV", loc.URI())

	out, ok := e.OutputArtifact("invokeOutput")
	require.True(t, ok)
	assert.Nil(t, out.Revision)
	loc, err = out.S3()
	require.NoError(t, err)
	assert.Equal(t, "my-pipeline/invokeOutp/D0YHsJn", loc.ObjectKey)

	_, ok = e.OutputArtifact("my-pipeline-SourceArtifact")
	assert.False(t, ok, "input and output artifacts are apart")
	_, ok = e.InputArtifact("nope")
	assert.False(t, ok)

	first, err := e.InputLocation()
	require.NoError(t, err)
	assert.Equal(t, "us-west-2-123456789012-my-pipeline", first.BucketName)

	two := own(t, "json-parameters-kms-china.json")
	b, ok := two.InputArtifact("BuildArtifact")
	require.True(t, ok)
	bl, err := b.S3()
	require.NoError(t, err)
	assert.Equal(t, "release-pipe/BuildArtif/Zp7LwR3", bl.ObjectKey)
	assert.Equal(t, "arn:aws-cn:kms:cn-north-1:210987654321:alias/codepipeline-artifacts", two.Job.Data.EncryptionKey.ID)
}

func TestNoInputArtifact(t *testing.T) {
	// The reference raises IndexError here (Q27).
	e := own(t, "plain-text-continuation-gov.json")
	_, err := e.InputLocation()
	assert.ErrorIs(t, err, codepipeline.ErrNoInputArtifact)
	assert.True(t, e.IsContinuation())
	assert.False(t, reference(t, "codePipelineEventData.json").IsContinuation())
}

func TestNotS3(t *testing.T) {
	for _, a := range []codepipeline.Artifact{
		{Name: "a"},
		{Name: "b", Location: codepipeline.Location{Type: "GitHub", S3Location: &codepipeline.S3Location{BucketName: "x"}}},
	} {
		_, err := a.S3()
		assert.ErrorContains(t, err, `artifact "`+a.Name+`" is not stored in S3`)
	}
}

func TestDecodedKey(t *testing.T) {
	e := own(t, "malformed-json-parameters.json")
	loc, err := e.InputLocation()
	require.NoError(t, err)
	k, err := loc.DecodedKey()
	require.NoError(t, err)
	assert.Equal(t, "infra/Templates/a b c.zip", k)
	_, err = codepipeline.S3Location{ObjectKey: "bad%zz"}.DecodedKey()
	assert.ErrorContains(t, err, "codepipeline: object key")
}

func TestCredentials(t *testing.T) {
	e := reference(t, "codePipelineEventData.json")
	exp, err := e.Job.Data.ArtifactCredentials.Expiration()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2019, 12, 4, 21, 3, 38, 0, time.UTC), exp)

	_, err = reference(t, "codePipelineEvent.json").Job.Data.ArtifactCredentials.Expiration()
	assert.ErrorContains(t, err, "expirationTime: absent")

	// All three values are masked, in the event and in the credentials
	// printed alone, where accessKeyId is not under a name like a secret.
	c := own(t, "json-parameters-kms-china.json").Job.Data.ArtifactCredentials
	secrets := []string{c.AccessKeyID, c.SecretAccessKey, c.SessionToken}
	sourcetest.AssertPrinted(t, e, []string{"artifactCredentials"}, []string{"AKIAIOSFODNN7EXAMPLE", "6CGtmAa3lzWtV7a", "IQoJb3JpZ2luX2VjEA"})
	sourcetest.AssertPrinted(t, own(t, "json-parameters-kms-china.json"), nil, secrets)
	sourcetest.AssertPrinted(t, c, []string{`"accessKeyId": "` + printer.Sensitive + `"`, "2026-01-02T00:00:00Z"}, secrets)
}

func TestResults(t *testing.T) {
	e := reference(t, "codePipelineEventData.json")
	s, err := e.Success(map[string]string{"version": "1.4.2"})
	require.NoError(t, err)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"jobId":"c0d76431-b0e7-xmpl-97e3-e8ee786eb6f6","outputVariables":{"version":"1.4.2"}}`, string(b))

	c, err := e.Continue("step-2")
	require.NoError(t, err)
	b, err = json.Marshal(c)
	require.NoError(t, err)
	assert.JSONEq(t, `{"jobId":"c0d76431-b0e7-xmpl-97e3-e8ee786eb6f6","continuationToken":"step-2"}`, string(b))

	f, err := e.Failure(codepipeline.FailureConfigurationError, "UserParameters lacks KEY2")
	require.NoError(t, err)
	b, err = json.Marshal(f)
	require.NoError(t, err)
	assert.JSONEq(t, `{"jobId":"c0d76431-b0e7-xmpl-97e3-e8ee786eb6f6","failureDetails":{"type":"ConfigurationError","message":"UserParameters lacks KEY2"}}`, string(b))

	for name, call := range map[string]func() error{
		"empty token":   func() error { _, err := e.Continue(""); return err },
		"long token":    func() error { _, err := e.Continue(string(make([]byte, 2049))); return err },
		"unknown type":  func() error { _, err := e.Failure("Oops", "x"); return err },
		"empty message": func() error { _, err := e.Failure(codepipeline.FailureJobFailed, ""); return err },
		"long message": func() error {
			_, err := e.Failure(codepipeline.FailureJobFailed, string(make([]byte, 5001)))
			return err
		},
		"no job success": func() error { _, err := (&codepipeline.JobEvent{}).Success(nil); return err },
		"no job failure": func() error {
			_, err := (&codepipeline.JobEvent{}).Failure(codepipeline.FailureJobFailed, "x")
			return err
		},
	} {
		assert.Error(t, call(), name)
	}
}

func TestDetection(t *testing.T) {
	// The member name has a dot: the rule quotes it, on both detection
	// paths (bytes and decoded maps).
	for _, tc := range []struct{ name, event, want string }{
		{"minimal", `{"CodePipeline.job":{"id":"j","data":{}}}`, id},
		{"no data", `{"CodePipeline.job":{"id":"j"}}`, ""},
		{"nested names are not the dotted one", `{"CodePipeline":{"job":{"id":"j","data":{}}}}`, ""},
	} {
		sourcetest.Detects(t, registry.Default, tc.name, tc.event, tc.want)
		t.Run(tc.name+" map", func(t *testing.T) {
			got, err := registry.Default.DetectMap(sourcetest.DecodeUseNumber(t, []byte(tc.event)).(map[string]any))
			if tc.want == "" {
				assert.ErrorIs(t, err, registry.ErrUnknownSource)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
