// Package bedrock models the events Amazon Bedrock Agents send to the
// Lambda function of an action group, and the responses they expect back.
//
//	aws.bedrock.agent           AgentEvent     https://docs.aws.amazon.com/bedrock/latest/userguide/agents-lambda.html
//	aws.bedrock.agent.function  FunctionEvent  https://docs.aws.amazon.com/bedrock/latest/userguide/agents-lambda.html
//
// An action group is defined either with an OpenAPI schema or with
// function details. With a schema, the agent sends an [AgentEvent] naming
// the operation (apiPath, httpMethod) and expects an [AgentResponse]; with
// function details it sends a [FunctionEvent] naming the function and
// expects a [FunctionResponse]. Both carry the agent, the user's input
// text and the session (the [Invocation] they embed), and the parameters
// the agent elicited, each a [Parameter] with a name, a declared type and
// a value, always as text: [Parameter.Typed] converts it by its type.
//
// Nothing in these events is secret by nature; the printer masks session
// and prompt session attributes whose names say they hold credentials
// (token, secret, password, ...), as it does at any depth.
package bedrock

//go:generate go run ../internal/genlossless

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
)

// Agent identifies the agent that invoked the action group.
type Agent struct {
	lossless.Extra
	Name    string `json:"name"`
	ID      string `json:"id"`
	Alias   string `json:"alias"`   // the alias ID, "TSTALIASID" for the test alias
	Version string `json:"version"` // "DRAFT" or a version number
}

// Invocation holds the members every action group event carries: the
// message version, the agent, the user's input text, the session and the
// action group. It is embedded, without a json name, in [AgentEvent] and
// [FunctionEvent], so its members are those of the event (e.SessionID
// works as before); it has no [lossless.Extra] of its own, the event's
// keeps the members nobody models.
type Invocation struct {
	MessageVersion string `json:"messageVersion"` // "1.0"
	Agent          Agent  `json:"agent"`
	InputText      string `json:"inputText"`
	SessionID      string `json:"sessionId"`
	ActionGroup    string `json:"actionGroup"`
}

// required lists the members of i AWS always sends, for validate.
func (i Invocation) required() []required {
	return []required{
		{"messageVersion", i.MessageVersion == ""},
		{"agent", i.Agent.isZero()},
		{"inputText", i.InputText == ""},
		{"sessionId", i.SessionID == ""},
		{"actionGroup", i.ActionGroup == ""},
	}
}

// isZero reports whether a has none of its members set.
func (a Agent) isZero() bool { return a.Name == "" && a.ID == "" && a.Alias == "" && a.Version == "" }

// The parameter types an action group can declare; [Parameter.Typed]
// converts values by them. OpenAPI schemas may also declare "object".
const (
	TypeString  = "string"
	TypeInteger = "integer"
	TypeNumber  = "number"
	TypeBoolean = "boolean"
	TypeArray   = "array"
	TypeObject  = "object"
)

// Parameter is a parameter of the operation or function, or a property
// of a request body: its name and type as the schema or function details
// declare them, and the value the agent elicited, as text. The value is
// kept verbatim; one holding commas is one value.
type Parameter struct {
	lossless.Extra
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Typed is the value converted by the declared type (matched
// case-insensitively): a string for "string", an int64 for "integer", a
// json.Number for "number", a bool for "boolean", a []any for "array" and
// a map[string]any for "object" (see the methods of the same names). A
// value that does not convert is an error naming the parameter; a type this
// package does not know gives the value as text.
func (p Parameter) Typed() (any, error) {
	switch strings.ToLower(p.Type) {
	case TypeInteger:
		return boxed(p.Int64())
	case TypeNumber:
		return boxed(p.Number())
	case TypeBoolean:
		return boxed(p.Bool())
	case TypeArray:
		return boxed(p.Array())
	case TypeObject:
		return boxed(p.Object())
	}
	return p.Value, nil
}

// boxed returns v as an any, or nil with err.
func boxed[T any](v T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

// Derived lists the derived value the printer shows: the value converted
// by the declared type, under the name of the method converting it
// (Int64, Number, Bool, Array, Object); none for text.
func (p Parameter) Derived() []printer.Derived {
	switch strings.ToLower(p.Type) {
	case TypeInteger:
		return []printer.Derived{printer.Derive("Int64", p.Int64)}
	case TypeNumber:
		return []printer.Derived{printer.Derive("Number", p.Number)}
	case TypeBoolean:
		return []printer.Derived{printer.Derive("Bool", p.Bool)}
	case TypeArray:
		return []printer.Derived{printer.Derive("Array", p.Array)}
	case TypeObject:
		return []printer.Derived{printer.Derive("Object", p.Object)}
	}
	return nil
}

// Int64 parses the value as a decimal integer.
func (p Parameter) Int64() (int64, error) {
	n, err := strconv.ParseInt(p.Value, 10, 64)
	if err != nil {
		return 0, p.errorf("not an integer: %w", err)
	}
	return n, nil
}

// Number returns the value as a JSON number, digits kept: "2.50" stays
// "2.50". Anything else ("NaN", "1,5", "") is an error.
func (p Parameter) Number() (json.Number, error) {
	var n json.Number
	if err := decodeExact(p.Value, &n); err != nil || n.String() != p.Value {
		return "", p.errorf("not a number: %q", p.Value)
	}
	return n, nil
}

// Bool parses the value as "true" or "false", in any case. Anything else
// is an error (not false).
func (p Parameter) Bool() (bool, error) {
	switch {
	case strings.EqualFold(p.Value, "true"):
		return true, nil
	case strings.EqualFold(p.Value, "false"):
		return false, nil
	}
	return false, p.errorf("not a boolean: %q", p.Value)
}

// Array parses the value as a list: a JSON array (numbers as
// json.Number), or, as models also write lists, a bracketed list of
// unquoted items, "[red, green]", whose items are the trimmed texts
// between commas ("[]" is empty). Anything else is an error.
func (p Parameter) Array() ([]any, error) {
	var a []any
	if err := decodeExact(p.Value, &a); err == nil && a != nil {
		return a, nil
	}
	s := strings.TrimSpace(p.Value)
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, p.errorf("not an array: %q", p.Value)
	}
	a = []any{}
	if inner := strings.TrimSpace(s[1 : len(s)-1]); inner != "" {
		for _, item := range strings.Split(inner, ",") {
			a = append(a, strings.TrimSpace(item))
		}
	}
	return a, nil
}

// Object parses the value as a JSON object (numbers as json.Number).
func (p Parameter) Object() (map[string]any, error) {
	var m map[string]any
	if err := decodeExact(p.Value, &m); err != nil || m == nil {
		return nil, p.errorf("not a JSON object: %q", p.Value)
	}
	return m, nil
}

func (p Parameter) errorf(format string, args ...any) error {
	return fmt.Errorf("bedrock: parameter %q: "+format, append([]any{p.Name}, args...)...)
}

// decodeExact decodes s, one JSON value and nothing else, into v, numbers
// as json.Number.
func decodeExact(s string, v any) error {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() || dec.InputOffset() != int64(len(s)) {
		return errors.New("data after the value")
	}
	return nil
}

// Parameters is a list of parameters, in the order the agent sent them.
type Parameters []Parameter

// Get returns the first parameter called name (names match exactly).
func (ps Parameters) Get(name string) (Parameter, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return Parameter{}, false
}

// Value returns the value of the first parameter called name, verbatim.
func (ps Parameters) Value(name string) (string, bool) {
	p, ok := ps.Get(name)
	return p.Value, ok
}

// Map returns the values by name, verbatim, the first of a repeated name
// winning; nil when there are none.
func (ps Parameters) Map() map[string]string {
	if len(ps) == 0 {
		return nil
	}
	m := make(map[string]string, len(ps))
	for _, p := range ps {
		if _, ok := m[p.Name]; !ok {
			m[p.Name] = p.Value
		}
	}
	return m
}

// Typed returns the values by name converted by their types (see
// [Parameter.Typed]), the first of a repeated name winning; the first
// value that does not convert is an error.
func (ps Parameters) Typed() (map[string]any, error) {
	m := make(map[string]any, len(ps))
	for _, p := range ps {
		if _, ok := m[p.Name]; ok {
			continue
		}
		v, err := p.Typed()
		if err != nil {
			return nil, err
		}
		m[p.Name] = v
	}
	return m, nil
}

// memberStater is a decoded source type: it knows how its members arrived.
type memberStater interface {
	MemberState(name string) (present, isNull bool)
}

// required is a member an event must have, and whether its value is zero.
type required struct {
	name string
	zero bool
}

// validate returns [ErrMissing] naming the members of req that are zero
// and did not arrive (absent, or null), in order; a member that arrived as
// "" is there.
func validate(s memberStater, req ...required) error {
	var names []string
	for _, r := range req {
		if present, null := s.MemberState(r.name); r.zero && (!present || null) {
			names = append(names, r.name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrMissing, strings.Join(names, ", "))
}

// ErrMissing reports an event lacking a member AWS always sends; see
// [AgentEvent.Validate] and [FunctionEvent.Validate].
var ErrMissing = errors.New("bedrock: missing member")

// ResponseBody is the body of an action's result for one content type.
type ResponseBody struct {
	Body string `json:"body"`
}

// SessionState is what a response sets of the session: its session
// attributes, which persist across the session, its prompt session
// attributes, which persist for the turn, and, optionally, how the agent
// queries its knowledge bases. The response constructors start from the
// event's attributes, so that they carry over unless changed.
type SessionState struct {
	SessionAttributes           Attributes                   `json:"sessionAttributes"`
	PromptSessionAttributes     Attributes                   `json:"promptSessionAttributes"`
	KnowledgeBasesConfiguration []KnowledgeBaseConfiguration `json:"knowledgeBasesConfiguration,omitempty"`
}

// sessionOf starts a response's session state from an event's attributes.
func sessionOf(session, prompt map[string]string) SessionState {
	return SessionState{SessionAttributes: session, PromptSessionAttributes: prompt}
}

// Attributes are session or prompt session attributes. Nil encodes as {}.
type Attributes map[string]string

// MarshalJSON encodes a as a JSON object, {} when a is nil.
func (a Attributes) MarshalJSON() ([]byte, error) {
	if a == nil {
		return []byte("{}"), nil
	}
	return json.Marshal(map[string]string(a))
}

// KnowledgeBaseConfiguration sets how the agent queries one of its
// knowledge bases for the rest of the session.
type KnowledgeBaseConfiguration struct {
	KnowledgeBaseID        string                 `json:"knowledgeBaseId"`
	RetrievalConfiguration RetrievalConfiguration `json:"retrievalConfiguration"`
}

// RetrievalConfiguration is the query configuration of a knowledge base.
type RetrievalConfiguration struct {
	VectorSearchConfiguration VectorSearchConfiguration `json:"vectorSearchConfiguration"`
}

// VectorSearchConfiguration sets the number of results, the search type
// ("HYBRID" or "SEMANTIC") and the metadata filter (a RetrievalFilter
// object, such as {"equals": {"key": "year", "value": 2024}}) of the
// knowledge base queries; zero values are left out.
type VectorSearchConfiguration struct {
	NumberOfResults    int    `json:"numberOfResults,omitempty"`
	OverrideSearchType string `json:"overrideSearchType,omitempty"`
	Filter             any    `json:"filter,omitempty"`
}

// jsonText encodes v as JSON text, without HTML escaping.
func jsonText(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("bedrock: response body: %w", err)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
