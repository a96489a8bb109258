package codedeploy_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/codedeploy"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func TestStatus(t *testing.T) {
	e := sourcetest.DecodeTestdata[codedeploy.HookEvent](t, "aws.codedeploy.hook", "lambda-before-allow-traffic.json")
	for _, tc := range []struct {
		status string
		build  func() (codedeploy.HookStatus, error)
	}{
		{codedeploy.StatusSucceeded, e.Succeeded},
		{codedeploy.StatusFailed, e.Failed},
	} {
		t.Run(tc.status, func(t *testing.T) {
			s, err := tc.build()
			require.NoError(t, err)
			b, err := json.Marshal(s)
			require.NoError(t, err)
			assert.JSONEq(t, `{"deploymentId":"d-2BMNX8LUA","lifecycleEventHookExecutionId":"`+
				e.LifecycleEventHookExecutionID+`","status":"`+tc.status+`"}`, string(b))
		})
	}
}

func TestStatusErrors(t *testing.T) {
	e := codedeploy.HookEvent{DeploymentID: "d-1", LifecycleEventHookExecutionID: "x"}
	for _, bad := range []string{"", "succeeded", "Skipped", "InProgress"} {
		_, err := e.Status(bad)
		assert.ErrorContains(t, err, "codedeploy: hook status", bad)
	}
	_, err := codedeploy.HookEvent{DeploymentID: "d-1"}.Succeeded()
	assert.ErrorIs(t, err, codedeploy.ErrMissing)
	_, err = codedeploy.HookEvent{LifecycleEventHookExecutionID: "x"}.Failed()
	assert.ErrorIs(t, err, codedeploy.ErrMissing)
}

func TestUnknownMemberKept(t *testing.T) {
	raw := sourcetest.Testdata(t, "aws.codedeploy.hook")["future-member.json"]
	e := sourcetest.Decode[codedeploy.HookEvent](t, raw)
	assert.Equal(t, "d-Q1W2E3R4T", e.DeploymentID)
	out, err := json.Marshal(e)
	require.NoError(t, err)
	assert.JSONEq(t, string(raw), string(out))
}
