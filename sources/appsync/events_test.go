package appsync_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/sources/appsync"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// The reference sample holds the text "None" where AWS sends null: it
// decodes, round-trips, and its identity is no object.
func TestChannelEventPlaceholders(t *testing.T) {
	raw := sourcetest.Reference(t, "appSyncEventsEvent.json")
	e := sourcetest.Decode[appsync.ChannelEvent](t, raw)
	assert.Equal(t, "None", e.Identity)
	assert.Equal(t, "None", e.Result)
	assert.Equal(t, "None", e.DomainName())
	_, err := e.CallerIdentity()
	assert.ErrorContains(t, err, "not an object")
	assert.Equal(t, appsync.AuthUnknown, e.AuthType())
	assert.Nil(t, e.PrevResult(), `prev: "None"`)
	e.Prev = map[string]any{"result": []any{"x"}}
	assert.Equal(t, []any{"x"}, e.PrevResult())
	e.Prev = "None"
	out, err := lossless.Marshal(e)
	require.NoError(t, err)
	sourcetest.JSONEqual(t, raw, out)

	assert.True(t, e.IsPublish())
	assert.False(t, e.IsSubscribe())
	assert.Equal(t, "/default/channel", e.ChannelPath())
	assert.Equal(t, []string{"default", "channel"}, e.Info.Channel.Segments)
	assert.Equal(t, "default", e.Namespace())
	require.Len(t, e.Events, 2)
	assert.Equal(t, "96bc1d46-5b01-40ae-9859-173a5bb3a46a", e.Events[0].ID)
	assert.Equal(t, map[string]any{"event_1": "data_1"}, e.Events[0].Payload)
	ua, ok := e.Header("User-Agent")
	assert.True(t, ok)
	assert.Contains(t, ua, "Mozilla")
}

// A subscribe carries no events: none, where the reference makes up one
// empty event.
func TestChannelEventWithoutEvents(t *testing.T) {
	e := sourcetest.DecodeTestdata[appsync.ChannelEvent](t, "aws.appsync.events", "subscribe-cognito.json")
	assert.True(t, e.IsSubscribe())
	assert.Empty(t, e.Events)
	present, _ := e.MemberState("events")
	assert.False(t, present)
	out, err := json.Marshal(e.Forward())
	require.NoError(t, err)
	assert.JSONEq(t, `{"events":[]}`, string(out))

	id, err := e.CallerIdentity()
	require.NoError(t, err)
	assert.Equal(t, appsync.AuthCognito, id.AuthType())
	assert.True(t, id.InGroup("subscribers"))
	assert.Equal(t, "bob", id.Username)
	assert.Equal(t, "events.example.com", e.DomainName())
}

func TestChannelEventIdentities(t *testing.T) {
	apiKey := sourcetest.DecodeTestdata[appsync.ChannelEvent](t, "aws.appsync.events", "publish-apikey.json")
	id, err := apiKey.CallerIdentity()
	require.NoError(t, err)
	assert.Nil(t, id)
	assert.Equal(t, appsync.AuthAPIKey, apiKey.AuthType())

	lambda := sourcetest.DecodeTestdata[appsync.ChannelEvent](t, "aws.appsync.events", "publish-lambda-authorizer.json")
	assert.Equal(t, appsync.AuthLambda, lambda.AuthType())
	sourcetest.AssertPrinted(t, lambda, []string{`"tenant": "[SENSITIVE]"`, `"Authorization": "[SENSITIVE]"`}, []string{"acme", "opaque-publisher-token"})
}

func TestPublishResponse(t *testing.T) {
	e := sourcetest.Decode[appsync.ChannelEvent](t, sourcetest.Reference(t, "appSyncEventsEvent.json"))
	out, err := json.Marshal(e.Forward())
	require.NoError(t, err)
	assert.JSONEq(t, `{"events":[
	  {"id":"96bc1d46-5b01-40ae-9859-173a5bb3a46a","payload":{"event_1":"data_1"}},
	  {"id":"48cde766-afe9-4c2c-9708-2fed930efe56","payload":{"event_2":"data_2"}}]}`, string(out))

	var r appsync.PublishResponse
	r.Publish("1", map[string]any{"n": 1})
	require.NoError(t, r.Fail("2", "invalid payload"))
	r.Publish("3", nil)
	assert.Error(t, r.Fail("4", ""), "an error needs a message")
	out, err = json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"events":[{"id":"1","payload":{"n":1}},{"id":"2","error":"invalid payload"},{"id":"3","payload":null}]}`, string(out))

	failed, err := appsync.FailPublish("rate limited")
	require.NoError(t, err)
	out, err = json.Marshal(failed)
	require.NoError(t, err)
	assert.JSONEq(t, `{"error":"rate limited"}`, string(out))
	_, err = appsync.FailPublish("")
	assert.Error(t, err)
}

func TestSubscribeResponse(t *testing.T) {
	var ok *appsync.SubscribeResponse
	out, err := json.Marshal(ok)
	require.NoError(t, err)
	assert.Equal(t, "null", string(out), "a nil response lets the subscription proceed")

	refused, err := appsync.RefuseSubscribe("not on this channel")
	require.NoError(t, err)
	out, err = json.Marshal(refused)
	require.NoError(t, err)
	assert.JSONEq(t, `{"error":"not on this channel"}`, string(out))
	_, err = appsync.RefuseSubscribe("")
	assert.Error(t, err)
}

// aws-lambda-go names an invocation's errorType after the error's type
// (the element type of a pointer): that name is UnauthorizedException.
func TestUnauthorizedException(t *testing.T) {
	var err error = &appsync.UnauthorizedException{Message: "no"}
	assert.Equal(t, "no", err.Error())
	assert.Equal(t, "UnauthorizedException", reflect.TypeOf(err).Elem().Name())
}
