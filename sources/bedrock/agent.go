package bedrock

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/header"
)

func init() {
	// Every event of an action group has messageVersion, agent,
	// actionGroup and sessionId. One defined with an OpenAPI schema names
	// the operation with apiPath; one defined with function details names
	// the function instead (aws.bedrock.agent.function), so the two rules
	// are disjoint. parameters and requestBody come only when the operation
	// has them.
	sources.Register[AgentEvent]("aws.bedrock.agent", "Amazon Bedrock Agents action group (OpenAPI schema)", sources.PriorityShape,
		registry.All(
			registry.PathExists("messageVersion"),
			registry.PathExists("agent"),
			registry.PathExists("actionGroup"),
			registry.PathExists("sessionId"),
			registry.PathExists("apiPath"),
			registry.PathAbsent("function"),
		))
}

// AgentEvent is the input event of an action group defined with an
// OpenAPI schema: the operation the agent chose (APIPath, the path
// template of the schema, and HTTPMethod) with the parameters and request
// body properties it elicited from the user.
//
// Path, query and header parameters all arrive in Parameters; Query gives
// them by name. JSONBody decodes the application/json request body
// properties as a JSON object.
//
//evplugin:derived JSONBody
type AgentEvent struct {
	lossless.Extra
	Invocation
	APIPath                 string            `json:"apiPath"`
	HTTPMethod              string            `json:"httpMethod"`
	Parameters              Parameters        `json:"parameters"`
	RequestBody             *RequestBody      `json:"requestBody"`
	SessionAttributes       map[string]string `json:"sessionAttributes"`
	PromptSessionAttributes map[string]string `json:"promptSessionAttributes"`
}

// RequestBody is the request body of an operation: its properties by
// media type ("application/json"), as the schema defines them.
type RequestBody struct {
	lossless.Extra
	Content map[string]MediaType `json:"content"`
}

// MediaType holds the properties of a request body of one media type.
type MediaType struct {
	lossless.Extra
	Properties Parameters `json:"properties"`
}

// MediaTypeJSON is the media type of JSON request and response bodies.
const MediaTypeJSON = "application/json"

// Properties returns the request body properties of the media type,
// matched case-insensitively, and whether the body has that media type.
// A nil body has none.
func (b *RequestBody) Properties(mediaType string) (Parameters, bool) {
	if b == nil {
		return nil, false
	}
	m, ok := header.Lookup(b.Content, mediaType)
	return m.Properties, ok
}

// Validate reports the members AWS always sends that the event lacks
// (absent or null): messageVersion, agent, inputText, sessionId,
// actionGroup, apiPath, httpMethod. The error wraps [ErrMissing].
func (e *AgentEvent) Validate() error {
	return validate(e, append(e.required(),
		required{"apiPath", e.APIPath == ""},
		required{"httpMethod", e.HTTPMethod == ""},
	)...)
}

// Query returns the values of the parameters by name, verbatim (a value
// holding commas is one value), the first of a repeated name winning; nil
// when there are none.
func (e AgentEvent) Query() map[string]string { return e.Parameters.Map() }

// JSONBody decodes into v the JSON object whose members are the
// application/json request body properties, each value converted by its
// type (see [Parameter.Typed]): {"claimId": 20} for a property claimId of
// type integer and value "20". An event without such a body is
// [body.ErrEmpty] (nothing to decode, which the printer leaves out).
func (e AgentEvent) JSONBody(v any) error {
	props, ok := e.RequestBody.Properties(MediaTypeJSON)
	if !ok {
		return body.ErrEmpty
	}
	m, err := props.Typed()
	if err != nil {
		return err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("bedrock: request body: %w", err)
	}
	return body.JSON(b, v)
}

// AgentResponse is what the function of an action group defined with an
// OpenAPI schema returns: the result of the operation, and the session
// state.
type AgentResponse struct {
	MessageVersion string    `json:"messageVersion"`
	Response       APIResult `json:"response"`
	SessionState
}

// APIResult is the result of an operation: its status code and its body,
// by content type, and, when the operation failed, what the agent does
// about it (ResponseState; the Agents Runtime API's ApiResult documents it
// for API operations as for functions).
type APIResult struct {
	ActionGroup    string                  `json:"actionGroup"`
	APIPath        string                  `json:"apiPath"`
	HTTPMethod     string                  `json:"httpMethod"`
	HTTPStatusCode int                     `json:"httpStatusCode"`
	ResponseBody   map[string]ResponseBody `json:"responseBody"`
	ResponseState  ResponseState           `json:"responseState,omitempty"`
}

// SetState sets the response state: FAILURE or REPROMPT; anything else is
// an error.
func (r *AgentResponse) SetState(s ResponseState) error {
	if err := s.Valid(); err != nil {
		return err
	}
	r.Response.ResponseState = s
	return nil
}

// NewAgentResponse returns the response to e with status and body, text
// of contentType, naming e's action group, path and method, and carrying
// e's session and prompt session attributes over. A status outside
// 100-599 or an empty content type is an error.
func NewAgentResponse(e *AgentEvent, status int, contentType, text string) (AgentResponse, error) {
	if status < 100 || status > 599 {
		return AgentResponse{}, fmt.Errorf("bedrock: invalid HTTP status %d", status)
	}
	if contentType == "" {
		return AgentResponse{}, errors.New("bedrock: response without a content type")
	}
	return AgentResponse{
		MessageVersion: "1.0",
		Response: APIResult{
			ActionGroup:    e.ActionGroup,
			APIPath:        e.APIPath,
			HTTPMethod:     e.HTTPMethod,
			HTTPStatusCode: status,
			ResponseBody:   map[string]ResponseBody{contentType: {Body: text}},
		},
		SessionState: sessionOf(e.SessionAttributes, e.PromptSessionAttributes),
	}, nil
}

// NewAgentJSONResponse is [NewAgentResponse] with v encoded as JSON text
// for the body, of content type application/json.
func NewAgentJSONResponse(e *AgentEvent, status int, v any) (AgentResponse, error) {
	text, err := jsonText(v)
	if err != nil {
		return AgentResponse{}, err
	}
	return NewAgentResponse(e, status, MediaTypeJSON, text)
}
