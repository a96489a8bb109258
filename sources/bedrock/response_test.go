package bedrock_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/bedrock"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func TestAgentResponse(t *testing.T) {
	e := agentEvent(t, "get-path-query-params.json")
	r, err := bedrock.NewAgentJSONResponse(e, 200, map[string]any{"status": "shipped", "eta": "<tomorrow>"})
	require.NoError(t, err)
	r.PromptSessionAttributes = bedrock.Attributes{"lastOrder": "9001"}
	r.KnowledgeBasesConfiguration = []bedrock.KnowledgeBaseConfiguration{{
		KnowledgeBaseID: "KB12345678",
		RetrievalConfiguration: bedrock.RetrievalConfiguration{
			VectorSearchConfiguration: bedrock.VectorSearchConfiguration{
				NumberOfResults:    5,
				OverrideSearchType: "HYBRID",
				Filter:             map[string]any{"equals": map[string]any{"key": "region", "value": "EU"}},
			},
		},
	}}
	b, err := json.Marshal(r)
	require.NoError(t, err)
	sourcetest.JSONEqual(t, []byte(`{
		"messageVersion": "1.0",
		"response": {
			"actionGroup": "OrderLookup", "apiPath": "/orders/{orderId}", "httpMethod": "GET", "httpStatusCode": 200,
			"responseBody": {"application/json": {"body": "{\"eta\":\"<tomorrow>\",\"status\":\"shipped\"}"}}
		},
		"sessionAttributes": {"customerTier": "gold", "accessToken": "eyJhbGciOiJIUzI1NiJ9.session-token-value"},
		"promptSessionAttributes": {"lastOrder": "9001"},
		"knowledgeBasesConfiguration": [{"knowledgeBaseId": "KB12345678", "retrievalConfiguration": {
			"vectorSearchConfiguration": {"numberOfResults": 5, "overrideSearchType": "HYBRID",
				"filter": {"equals": {"key": "region", "value": "EU"}}}}}]
	}`), b)

	plain, err := bedrock.NewAgentResponse(e, 404, "text/plain", "no such order")
	require.NoError(t, err)
	b, err = json.Marshal(plain)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"responseBody":{"text/plain":{"body":"no such order"}}`)
	assert.Contains(t, string(b), `"promptSessionAttributes":{}`, "the event's null attributes give {}")
	assert.NotContains(t, string(b), "knowledgeBasesConfiguration", "left out unless set")
	assert.NotContains(t, string(b), "responseState", "left out unless set")

	require.NoError(t, plain.SetState(bedrock.StateReprompt))
	b, err = json.Marshal(plain)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"responseState":"REPROMPT"`)
	assert.Error(t, plain.SetState("RETRY"))
	assert.Equal(t, bedrock.StateReprompt, plain.Response.ResponseState, "a refused state changes nothing")

	for _, status := range []int{0, 99, 600} {
		_, err := bedrock.NewAgentResponse(e, status, "text/plain", "x")
		assert.ErrorContains(t, err, "invalid HTTP status", status)
	}
	_, err = bedrock.NewAgentResponse(e, 200, "", "x")
	assert.Error(t, err)
	_, err = bedrock.NewAgentJSONResponse(e, 200, func() {})
	assert.Error(t, err)
}

func TestFunctionResponse(t *testing.T) {
	e := functionEvent(t, "typed-parameters.json")
	r, err := bedrock.NewFunctionJSONResponse(e, map[string]any{"approved": true, "days": 3})
	require.NoError(t, err)
	require.NoError(t, r.SetState(bedrock.StateReprompt))
	r.SessionAttributes = bedrock.Attributes{"employeeId": "E-4821", "leaveRequest": "LR-77"}
	b, err := json.Marshal(r)
	require.NoError(t, err)
	sourcetest.JSONEqual(t, []byte(`{
		"messageVersion": "1.0",
		"response": {"actionGroup": "Leave", "function": "requestLeave", "functionResponse": {
			"responseState": "REPROMPT",
			"responseBody": {"TEXT": {"body": "{\"approved\":true,\"days\":3}"}}}},
		"sessionAttributes": {"employeeId": "E-4821", "leaveRequest": "LR-77"},
		"promptSessionAttributes": {"locale": "en-GB"}
	}`), b)

	require.NoError(t, r.SetState(bedrock.StateFailure))
	b, err = json.Marshal(r)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"responseState":"FAILURE"`)

	for _, s := range []bedrock.ResponseState{"failure", "SUCCESS", "", "REPROMPT "} {
		assert.Error(t, r.SetState(s), "state %q", s)
	}
	assert.Equal(t, bedrock.StateFailure, r.Response.FunctionResponse.ResponseState, "a refused state changes nothing")

	r.Response.FunctionResponse.ResponseState = "SUCCESS"
	_, err = json.Marshal(r)
	assert.ErrorContains(t, err, `invalid response state "SUCCESS"`, "never written")

	r.Response.FunctionResponse.ResponseState = ""
	b, err = json.Marshal(r)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "responseState", "no state, no member")

	plain := bedrock.NewFunctionResponse(e, "Leave booked")
	assert.Equal(t, "Leave booked", plain.Response.FunctionResponse.ResponseBody[bedrock.ContentTypeText].Body)
	assert.Equal(t, bedrock.Attributes(e.SessionAttributes), plain.SessionAttributes, "the event's attributes carry over")
}
