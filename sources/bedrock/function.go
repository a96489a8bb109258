package bedrock

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
)

func init() {
	// An action group defined with function details names the function,
	// never an apiPath (see aws.bedrock.agent); messageVersion, agent,
	// actionGroup and sessionId are in every event.
	sources.Register[FunctionEvent]("aws.bedrock.agent.function", "Amazon Bedrock Agents action group (function details)", sources.PriorityShape,
		registry.All(
			registry.PathExists("messageVersion"),
			registry.PathExists("agent"),
			registry.PathExists("actionGroup"),
			registry.PathExists("sessionId"),
			registry.PathExists("function"),
			registry.PathAbsent("apiPath"),
		))
}

// FunctionEvent is the input event of an action group defined with
// function details: the function the agent chose and the parameters it
// elicited from the user. [FunctionEvent.Validate] checks the members AWS
// always sends; decoding does not, so that any payload can be printed.
type FunctionEvent struct {
	lossless.Extra
	Invocation
	Function                string            `json:"function"`
	Parameters              Parameters        `json:"parameters"`
	SessionAttributes       map[string]string `json:"sessionAttributes"`
	PromptSessionAttributes map[string]string `json:"promptSessionAttributes"`
}

// Validate reports the members AWS always sends that the event lacks
// (absent or null): messageVersion, agent, inputText, sessionId,
// actionGroup, function. The error wraps [ErrMissing]. A member of the
// wrong JSON type fails decoding already.
func (e *FunctionEvent) Validate() error {
	return validate(e, append(e.required(), required{"function", e.Function == ""})...)
}

// Query returns the values of the parameters by name, verbatim, the first
// of a repeated name winning; nil when there are none.
func (e FunctionEvent) Query() map[string]string { return e.Parameters.Map() }

// FunctionResponse is what the function of an action group defined with
// function details returns: the result of the function, and the session
// state.
type FunctionResponse struct {
	MessageVersion string         `json:"messageVersion"`
	Response       FunctionResult `json:"response"`
	SessionState
}

// FunctionResult is the result of a function.
type FunctionResult struct {
	ActionGroup      string         `json:"actionGroup"`
	Function         string         `json:"function"`
	FunctionResponse FunctionOutput `json:"functionResponse"`
}

// FunctionOutput is the body of a function's result by content type
// (only TEXT is supported) and, optionally, a state telling the agent
// what to do next.
type FunctionOutput struct {
	ResponseState ResponseState           `json:"responseState,omitempty"`
	ResponseBody  map[string]ResponseBody `json:"responseBody"`
}

// ContentTypeText is the content type of a function's result body.
const ContentTypeText = "TEXT"

// ResponseState tells the agent what to do with a function's result.
type ResponseState string

// The response states.
const (
	// StateFailure makes the agent fail the session with a
	// DependencyFailedException.
	StateFailure ResponseState = "FAILURE"
	// StateReprompt makes the agent pass the result to the model to
	// reprompt it.
	StateReprompt ResponseState = "REPROMPT"
)

// Valid reports an error for a state other than FAILURE and REPROMPT.
func (s ResponseState) Valid() error {
	switch s {
	case StateFailure, StateReprompt:
		return nil
	}
	return fmt.Errorf("bedrock: invalid response state %q (FAILURE or REPROMPT)", string(s))
}

// MarshalJSON encodes a valid state; any other is an error, so a response
// with a state the agent would refuse is never written.
func (s ResponseState) MarshalJSON() ([]byte, error) {
	if err := s.Valid(); err != nil {
		return nil, err
	}
	return json.Marshal(string(s))
}

// NewFunctionResponse returns the response to e with text as the TEXT
// body, naming e's action group and function, and carrying e's session
// and prompt session attributes over (set the fields of SessionState to
// change them).
func NewFunctionResponse(e *FunctionEvent, text string) FunctionResponse {
	return FunctionResponse{
		MessageVersion: "1.0",
		Response: FunctionResult{
			ActionGroup: e.ActionGroup,
			Function:    e.Function,
			FunctionResponse: FunctionOutput{
				ResponseBody: map[string]ResponseBody{ContentTypeText: {Body: text}},
			},
		},
		SessionState: sessionOf(e.SessionAttributes, e.PromptSessionAttributes),
	}
}

// NewFunctionJSONResponse is [NewFunctionResponse] with v encoded as JSON
// text for the body.
func NewFunctionJSONResponse(e *FunctionEvent, v any) (FunctionResponse, error) {
	text, err := jsonText(v)
	if err != nil {
		return FunctionResponse{}, err
	}
	return NewFunctionResponse(e, text), nil
}

// SetState sets the response state: FAILURE or REPROMPT; anything else is
// an error.
func (r *FunctionResponse) SetState(s ResponseState) error {
	if err := s.Valid(); err != nil {
		return err
	}
	r.Response.FunctionResponse.ResponseState = s
	return nil
}
