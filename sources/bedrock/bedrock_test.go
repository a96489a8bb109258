package bedrock_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/bedrock"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func agentEvent(t *testing.T, name string) *bedrock.AgentEvent {
	return sourcetest.DecodeTestdata[bedrock.AgentEvent](t, "aws.bedrock.agent", name)
}

func functionEvent(t *testing.T, name string) *bedrock.FunctionEvent {
	return sourcetest.DecodeTestdata[bedrock.FunctionEvent](t, "aws.bedrock.agent.function", name)
}

func TestRulesOnNearMisses(t *testing.T) {
	const common = `"messageVersion":"1.0","agent":{"name":"a","id":"b","alias":"c","version":"1"},"actionGroup":"g","sessionId":"s"`
	tests := []struct{ name, event, want string }{
		{"openapi minimal", `{` + common + `,"apiPath":"/a","httpMethod":"GET"}`, "aws.bedrock.agent"},
		{"openapi without inputText nor parameters", `{` + common + `,"apiPath":"/a"}`, "aws.bedrock.agent"},
		{"function minimal", `{` + common + `,"function":"f"}`, "aws.bedrock.agent.function"},
		{"function with null attributes", `{` + common + `,"function":"f","sessionAttributes":null,"promptSessionAttributes":null}`, "aws.bedrock.agent.function"},
		{"both apiPath and function", `{` + common + `,"apiPath":"/a","function":"f"}`, ""},
		{"neither", `{` + common + `,"inputText":"hi"}`, ""},
		{"no agent", `{"messageVersion":"1.0","actionGroup":"g","sessionId":"s","function":"f"}`, ""},
		{"no sessionId", `{"messageVersion":"1.0","agent":{},"actionGroup":"g","function":"f"}`, ""},
		{"lex v2", `{"messageVersion":"1.0","invocationSource":"DialogCodeHook","sessionId":"s","bot":{"id":"b"},"sessionState":{}}`, ""},
		{"a response", `{"messageVersion":"1.0","response":{"actionGroup":"g","function":"f","functionResponse":{"responseBody":{"TEXT":{"body":"x"}}}}}`, ""},
	}
	for _, tt := range tests {
		sourcetest.Detects(t, registry.Default, tt.name, tt.event, tt.want)
	}
}

// TestValuesVerbatim: a value holding commas is one value (the reference
// split parameters on "," as if they were query strings, #6520).
func TestValuesVerbatim(t *testing.T) {
	e := agentEvent(t, "get-path-query-params.json")
	v, ok := e.Parameters.Value("destination")
	require.True(t, ok)
	assert.Equal(t, "Lyon, France", v)
	assert.Equal(t, "Lyon, France", e.Query()["destination"])
	assert.Equal(t, map[string]string{
		"orderId": "9001", "destination": "Lyon, France", "giftWrap": "True", "fields": "[status, carrier, eta]",
	}, e.Query())

	f := functionEvent(t, "typed-parameters.json")
	p, ok := f.Parameters.Get("comment")
	require.True(t, ok)
	typed, err := p.Typed()
	require.NoError(t, err)
	assert.Equal(t, "Blue, Green", typed)
	assert.Equal(t, "Blue, Green", f.Query()["comment"])

	var got struct {
		Notes string `json:"notes"`
	}
	require.NoError(t, agentEvent(t, "post-json-body.json").JSONBody(&got))
	assert.Equal(t, "near the lift, quiet floor", got.Notes)

	_, ok = e.Parameters.Get("missing")
	assert.False(t, ok)
}

func TestTypedValues(t *testing.T) {
	tests := []struct {
		typ, value string
		want       any
		fails      bool
	}{
		{"string", "a, b", "a, b", false},
		{"integer", "42", int64(42), false},
		{"integer", "-7", int64(-7), false},
		{"integer", "4.0", nil, true},
		{"integer", "twelve", nil, true},
		{"integer", "", nil, true},
		{"integer", "99999999999999999999", nil, true},
		{"number", "240.50", json.Number("240.50"), false},
		{"number", "1e3", json.Number("1e3"), false},
		{"number", "-0.5", json.Number("-0.5"), false},
		{"number", "NaN", nil, true},
		{"number", "1,5", nil, true},
		{"number", " 2", nil, true},
		{"number", "", nil, true},
		{"boolean", "true", true, false},
		{"boolean", "TRUE", true, false},
		{"boolean", "False", false, false},
		{"boolean", "yes", nil, true},
		{"boolean", "", nil, true},
		{"array", `["a", "b, c"]`, []any{"a", "b, c"}, false},
		{"array", `[1, 2.5]`, []any{json.Number("1"), json.Number("2.5")}, false},
		{"array", `[red, green ,blue]`, []any{"red", "green", "blue"}, false},
		{"array", `[]`, []any{}, false},
		{"array", `[ ]`, []any{}, false},
		{"array", `red, green`, nil, true},
		{"array", `null`, nil, true},
		{"array", ``, nil, true},
		{"object", `{"a": 1}`, map[string]any{"a": json.Number("1")}, false},
		{"object", `[1]`, nil, true},
		{"object", `null`, nil, true},
		{"Integer", "3", int64(3), false},
		{"uuid", "x, y", "x, y", false},
		{"", "plain", "plain", false},
	}
	for _, tt := range tests {
		t.Run(tt.typ+" "+tt.value, func(t *testing.T) {
			p := bedrock.Parameter{Name: "p", Type: tt.typ, Value: tt.value}
			got, err := p.Typed()
			if tt.fails {
				require.Error(t, err)
				assert.Contains(t, err.Error(), `bedrock: parameter "p"`)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParametersTyped(t *testing.T) {
	f := functionEvent(t, "typed-parameters.json")
	m, err := f.Parameters.Typed()
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"startDate": "2024-07-15", "days": int64(3), "payRatio": json.Number("0.5"), "halfPay": true,
		"teams": []any{"Blue", "Green"}, "comment": "Blue, Green",
	}, m)

	_, err = functionEvent(t, "bad-values-future-key.json").Parameters.Typed()
	assert.ErrorContains(t, err, `parameter "truck": not an integer`)

	dup := bedrock.Parameters{{Name: "a", Type: "integer", Value: "1"}, {Name: "a", Type: "integer", Value: "x"}}
	m, err = dup.Typed()
	require.NoError(t, err, "the first of a repeated name wins")
	assert.Equal(t, map[string]any{"a": int64(1)}, m)
	assert.Equal(t, map[string]string{"a": "1"}, dup.Map())
	assert.Nil(t, bedrock.Parameters(nil).Map())
}

func TestJSONBody(t *testing.T) {
	var got struct {
		Hotel     string      `json:"hotel"`
		Nights    int         `json:"nights"`
		Budget    json.Number `json:"budget"`
		Breakfast bool        `json:"breakfast"`
		Guests    []string    `json:"guests"`
	}
	e := agentEvent(t, "post-json-body.json")
	require.NoError(t, e.JSONBody(&got))
	assert.Equal(t, "Harbour Hotel", got.Hotel)
	assert.Equal(t, 2, got.Nights)
	assert.Equal(t, json.Number("240.50"), got.Budget, "digits kept")
	assert.False(t, got.Breakfast)
	assert.Equal(t, []string{"Ana Ruiz", "Tom Berg"}, got.Guests)

	props, ok := e.RequestBody.Properties("Application/JSON")
	require.True(t, ok, "media types match case-insensitively")
	assert.Len(t, props, 6)

	var v any
	noJSON := agentEvent(t, "put-text-body-no-parameters.json")
	assert.ErrorIs(t, noJSON.JSONBody(&v), body.ErrEmpty, "a text/plain body is no JSON body")
	text, ok := noJSON.RequestBody.Properties("text/plain")
	require.True(t, ok)
	assert.Equal(t, "call the bank, then the landlord", text[0].Value)

	get := agentEvent(t, "get-path-query-params.json")
	require.Nil(t, get.RequestBody)
	assert.ErrorIs(t, get.JSONBody(&v), body.ErrEmpty)
	_, ok = get.RequestBody.Properties(bedrock.MediaTypeJSON)
	assert.False(t, ok, "nil body is safe")
	assert.NotContains(t, printer.Sprint(get), "JSONBody()")

	bad := agentEvent(t, "bad-typed-values.json")
	assert.ErrorContains(t, bad.JSONBody(&v), `parameter "quantity": not an integer`)

	var empty map[string]any
	e.RequestBody.Content[bedrock.MediaTypeJSON] = bedrock.MediaType{}
	require.NoError(t, e.JSONBody(&empty))
	assert.Empty(t, empty, "a JSON body without properties is {}")
}

func TestReferenceSamples(t *testing.T) {
	e := sourcetest.Decode[bedrock.AgentEvent](t, sourcetest.Reference(t, "bedrockAgentPostEvent.json"))
	require.NoError(t, e.Validate())
	var body map[string]any
	require.NoError(t, e.JSONBody(&body))
	assert.Equal(t, map[string]any{"claimId": "20", "pendingDocuments": "social number and vat"}, body)

	p := sourcetest.Decode[bedrock.AgentEvent](t, sourcetest.Reference(t, "bedrockAgentEventWithPathParams.json"))
	assert.Equal(t, map[string]string{"claim_id": "123"}, p.Query())

	f := sourcetest.Decode[bedrock.FunctionEvent](t, sourcetest.Reference(t, "bedrockAgentFunctionEvent.json"))
	require.NoError(t, f.Validate())
	assert.Equal(t, "submitVacationRequest", f.Function)
	assert.Equal(t, "EMP123", f.SessionAttributes["employeeId"])
}

func TestValidate(t *testing.T) {
	const agent = `"agent":{"name":"a","id":"b","alias":"c","version":"1"}`
	tests := []struct {
		name, event string
		missing     string // "" when valid
	}{
		{"complete", `{"messageVersion":"1.0",` + agent + `,"inputText":"hi","sessionId":"s","actionGroup":"g","function":"f"}`, ""},
		{"empty input text arrived", `{"messageVersion":"1.0",` + agent + `,"inputText":"","sessionId":"s","actionGroup":"g","function":"f"}`, ""},
		{"all absent", `{}`, "messageVersion, agent, inputText, sessionId, actionGroup, function"},
		{"null members", `{"messageVersion":null,"agent":null,"inputText":"hi","sessionId":null,"actionGroup":"g","function":"f"}`, "messageVersion, agent, sessionId"},
		{"no function", `{"messageVersion":"1.0",` + agent + `,"inputText":"hi","sessionId":"s","actionGroup":"g"}`, "function"},
		{"empty agent object arrived", `{"messageVersion":"1.0","agent":{},"inputText":"hi","sessionId":"s","actionGroup":"g","function":"f"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e bedrock.FunctionEvent
			require.NoError(t, json.Unmarshal([]byte(tt.event), &e), "decoding never validates")
			err := e.Validate()
			if tt.missing == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, bedrock.ErrMissing)
			assert.EqualError(t, err, "bedrock: missing member: "+tt.missing)
		})
	}

	var wrong bedrock.FunctionEvent
	assert.Error(t, json.Unmarshal([]byte(`{"function":7}`), &wrong), "a member of the wrong type fails decoding")

	built := bedrock.FunctionEvent{Invocation: bedrock.Invocation{
		MessageVersion: "1.0", Agent: bedrock.Agent{ID: "A"}, InputText: "hi", SessionID: "s",
		ActionGroup: "g",
	}, Function: "f"}
	assert.NoError(t, built.Validate(), "an event built by hand with every member set")

	var api bedrock.AgentEvent
	require.NoError(t, json.Unmarshal([]byte(`{"messageVersion":"1.0",`+agent+`,"sessionId":"s","actionGroup":"g","apiPath":"/a"}`), &api))
	assert.EqualError(t, api.Validate(), "bedrock: missing member: inputText, httpMethod")
}

func TestNullAttributesAreSafe(t *testing.T) {
	f := functionEvent(t, "no-parameters-null-attributes.json")
	assert.Nil(t, f.SessionAttributes)
	assert.Empty(t, f.SessionAttributes["anything"], "a nil map reads as empty")
	assert.Nil(t, f.Query())
	_, ok := f.Parameters.Get("x")
	assert.False(t, ok)

	r := bedrock.NewFunctionResponse(f, "sunny")
	b, err := json.Marshal(r)
	require.NoError(t, err)
	sourcetest.JSONEqual(t, []byte(`{"messageVersion":"1.0","response":{"actionGroup":"Forecast","function":"currentWeather",
		"functionResponse":{"responseBody":{"TEXT":{"body":"sunny"}}}},"sessionAttributes":{},"promptSessionAttributes":{}}`), b)

	raw, err := lossless.Marshal(f)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"sessionAttributes":null`, "null kept on the round trip")
}
