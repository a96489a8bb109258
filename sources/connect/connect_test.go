package connect_test

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/sources/connect"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func decode(t *testing.T, raw []byte) connect.ContactFlowEvent {
	t.Helper()
	var e connect.ContactFlowEvent
	require.NoError(t, lossless.Unmarshal(raw, &e))
	return e
}

func TestReferenceSamples(t *testing.T) {
	all := decode(t, sourcetest.Reference(t, "connectContactFlowEventAll.json"))
	assert.Equal(t, connect.EventName, all.Name)
	c := all.Details.ContactData
	assert.Equal(t, connect.ChannelVoice, c.Channel)
	assert.Equal(t, connect.InitiationAPI, c.InitiationMethod)
	require.NotNil(t, c.CustomerEndpoint)
	assert.Equal(t, connect.EndpointTelephoneNumber, c.CustomerEndpoint.Type)
	lang, ok := c.Attribute("Language")
	assert.True(t, ok)
	assert.Equal(t, "en-US", lang)
	require.NotNil(t, c.Queue)
	assert.Equal(t, "QueueOne", c.Queue.Name)
	in, err := c.Instance()
	require.NoError(t, err)
	assert.Equal(t, "eu-central-1", in.Region)
	audio, ok := c.CustomerAudio()
	require.True(t, ok)
	start, err := audio.StartTime()
	require.NoError(t, err)
	assert.Equal(t, time.UnixMilli(1565781909613).UTC(), start)
	p, ok := all.Details.Parameter("ParameterOne")
	assert.True(t, ok)
	assert.Equal(t, "One", p)

	// Null endpoints, queue and media stream members are optional (the
	// reference indexes the media stream members).
	min := decode(t, sourcetest.Reference(t, "connectContactFlowEventMin.json"))
	c = min.Details.ContactData
	assert.Nil(t, c.CustomerEndpoint)
	assert.Nil(t, c.Queue)
	assert.Nil(t, c.SystemEndpoint)
	assert.Empty(t, c.MediaStreams.Customer.Audio.StreamARN)
	_, err = c.MediaStreams.Customer.Audio.StartTime()
	assert.Error(t, err)
	_, ok = c.Attribute("Language")
	assert.False(t, ok)
}

// Q20: the reference looks channels and initiation methods up in enums
// and fails on values AWS added later; here they are kept as they are.
func TestNewValuesDecode(t *testing.T) {
	e := decode(t, []byte(`{"Details":{"ContactData":{"Channel":"EMAIL","ContactId":"c","InitiationMethod":"WEBRTC_API","InstanceARN":"arn:aws:connect:us-east-1:1:instance/i","CustomerEndpoint":{"Address":"a@example.com","Type":"EMAIL_ADDRESS"}},"Parameters":{}},"Name":"ContactFlowEvent"}`))
	c := e.Details.ContactData
	assert.Equal(t, connect.ChannelEmail, c.Channel)
	assert.Equal(t, connect.InitiationWebRTCAPI, c.InitiationMethod)
	assert.Equal(t, connect.EndpointEmailAddress, c.CustomerEndpoint.Type)
	audio, ok := c.CustomerAudio()
	assert.False(t, ok, "no media streams at all")
	_, err := audio.StopTime()
	assert.Error(t, err)
}

func TestJSONParameters(t *testing.T) {
	e := decode(t, []byte(`{"Details":{"ContactData":{"ContactId":"c","InstanceARN":"x"},"Parameters":{"lookup":"balance","retries":3,"options":{"currency":"USD"}}}}`))
	var p struct {
		Lookup  string `json:"lookup"`
		Retries int    `json:"retries"`
		Options struct {
			Currency string `json:"currency"`
		} `json:"options"`
	}
	require.NoError(t, e.Details.ParametersAs(&p))
	assert.Equal(t, 3, p.Retries)
	assert.Equal(t, "USD", p.Options.Currency)
	_, ok := e.Details.Parameter("retries")
	assert.False(t, ok, "a number is no text parameter")
	var wrong struct {
		Retries bool `json:"retries"`
	}
	assert.Error(t, e.Details.ParametersAs(&wrong))
}

func TestResponse(t *testing.T) {
	r, err := connect.NewResponse(map[string]any{
		"name": "Ana", "balance": json.Number("1234.50"), "vip": true, "visits": 12,
		"ratio": 0.25, "big": uint64(math.MaxUint64), "small": int8(-3),
	})
	require.NoError(t, err)
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"Ana","balance":"1234.50","vip":"true","visits":"12","ratio":"0.25","big":"18446744073709551615","small":"-3"}`, string(b))

	for name, v := range map[string]any{
		"object": map[string]any{"a": "b"}, "array": []string{"a"}, "null": nil,
		"struct": struct{ A string }{"a"}, "NaN": math.NaN(), "pointer": new(string),
	} {
		_, err := connect.NewResponse(map[string]any{"k": v})
		assert.True(t, errors.Is(err, connect.ErrNested), "%s: %v", name, err)
	}
	r = connect.Response{}
	assert.Error(t, r.Set("", "x"))
	require.Error(t, r.Set("k", []int{1}))
	assert.Empty(t, r, "a refused value leaves the response unchanged")
}
