package appsync

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
)

func init() {
	// The channel, its namespace and the operation; a GraphQL resolver's
	// event has info too, but with fieldName, and always has arguments.
	sources.Register[ChannelEvent]("aws.appsync.events", "AWS AppSync Events API channel namespace handler", sources.PriorityShape,
		registry.All(
			registry.PathExists("info.channel.path"),
			registry.PathExists("info.channelNamespace.name"),
			registry.PathExists("info.operation"),
			registry.PathAbsent("arguments"),
		))
}

// Operation is what a client asks of an Event API's channel.
type Operation string

// The operations an Event API handler is invoked for.
const (
	OperationPublish   Operation = "PUBLISH"
	OperationSubscribe Operation = "SUBSCRIBE"
)

// ChannelEvent is what an Event API's channel namespace handler (a direct
// Lambda integration of onPublish or onSubscribe) passes to the function:
// the caller, the request's headers, the channel and operation, and, for
// a publish, the events published.
//
// Identity, Result, Error and Prev are free-form: AWS sends null for all
// but Identity (an object as [Identity] describes, or null for API key
// callers); [ChannelEvent.CallerIdentity] decodes it. They keep whatever
// came, so an event holding placeholders (the reference sample has the
// text "None" in each) decodes and round-trips too.
type ChannelEvent struct {
	lossless.Extra
	Identity  any             `json:"identity"`
	Result    any             `json:"result"`
	Request   *Request        `json:"request"`
	Info      ChannelInfo     `json:"info"`
	Error     any             `json:"error"`
	Prev      any             `json:"prev"`
	Stash     map[string]any  `json:"stash"`
	OutErrors []any           `json:"outErrors"`
	Events    []IncomingEvent `json:"events"` // PUBLISH only; none (not one empty event) when absent
}

// ChannelInfo names the channel, its namespace and the operation.
type ChannelInfo struct {
	lossless.Extra
	Channel          Channel          `json:"channel"`
	ChannelNamespace ChannelNamespace `json:"channelNamespace"`
	Operation        Operation        `json:"operation"`
}

// Channel is a channel: its path ("/default/channel") and the path's
// segments (["default", "channel"]).
type Channel struct {
	lossless.Extra
	Path     string   `json:"path"`
	Segments []string `json:"segments"`
}

// ChannelNamespace is the namespace the channel belongs to, named after
// the channel path's first segment.
type ChannelNamespace struct {
	lossless.Extra
	Name string `json:"name"`
}

// IncomingEvent is one event a client published.
type IncomingEvent struct {
	lossless.Extra
	ID      string `json:"id"`
	Payload any    `json:"payload"`
}

// ChannelPath returns the path of the channel, "/default/channel".
func (e ChannelEvent) ChannelPath() string { return e.Info.Channel.Path }

// Namespace returns the name of the channel namespace.
func (e ChannelEvent) Namespace() string { return e.Info.ChannelNamespace.Name }

// IsPublish reports whether the handler runs for a publish.
func (e ChannelEvent) IsPublish() bool { return e.Info.Operation == OperationPublish }

// IsSubscribe reports whether the handler runs for a subscribe.
func (e ChannelEvent) IsSubscribe() bool { return e.Info.Operation == OperationSubscribe }

// Header returns the value of a request header, its name matched
// case-insensitively.
func (e ChannelEvent) Header(name string) (string, bool) { return e.Request.Header(name) }

// DomainName returns the custom domain name the request was sent to, ""
// without one.
func (e ChannelEvent) DomainName() string { return e.Request.domain() }

// PrevResult returns prev.result when Prev is an object, nil otherwise
// (AWS sends null).
func (e ChannelEvent) PrevResult() any {
	if m, ok := e.Prev.(map[string]any); ok {
		return m["result"]
	}
	return nil
}

// CallerIdentity decodes Identity: nil for an API key caller (null or
// absent); an error when it is no object.
func (e ChannelEvent) CallerIdentity() (*Identity, error) {
	switch x := e.Identity.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		id := new(Identity)
		if err := lossless.FromValue(x, id); err != nil {
			return nil, fmt.Errorf("appsync: identity: %w", err)
		}
		return id, nil
	}
	return nil, fmt.Errorf("appsync: identity is a %T, not an object", e.Identity)
}

// AuthType tells which authorization mode the caller used; see
// [Identity.AuthType]. It is [AuthUnknown] when Identity is no object.
func (e ChannelEvent) AuthType() AuthType {
	id, err := e.CallerIdentity()
	if err != nil {
		return AuthUnknown
	}
	return id.AuthType()
}

// SensitivePaths names, for the printer, the credential headers of the
// request (any casing) and every value of the caller's claims and of a
// Lambda authorizer's resolverContext, keeping their names.
func (e ChannelEvent) SensitivePaths() []string {
	paths := e.Request.secretPaths("request")
	if id, ok := e.Identity.(map[string]any); ok {
		_, claims := id["claims"]
		_, rc := id["resolverContext"]
		paths = append(paths, identitySecrets(claims, rc)...)
	}
	return paths
}

// Forward returns the response that broadcasts every published event
// unchanged, what an onPublish handler does by default.
func (e ChannelEvent) Forward() *PublishResponse {
	r := &PublishResponse{}
	for _, ev := range e.Events {
		r.Publish(ev.ID, ev.Payload)
	}
	return r
}

// PublishResponse is a function's answer to a publish (REQUEST_RESPONSE
// invocation): the events to broadcast, each with the ID of the incoming
// event it answers and its payload, or an error for that event alone; or
// an error that fails the whole request. It marshals as
// {"events": [{"id", "payload"} or {"id", "error"}, ...]} or {"error"}.
type PublishResponse struct {
	Events []OutgoingEvent
	Error  string // fails the whole request when not ""
}

// OutgoingEvent is one event of a [PublishResponse]: a payload to
// broadcast, or the error that event met.
type OutgoingEvent struct {
	ID      string
	Payload any
	Error   string // when not "", the event is not broadcast
}

// FailPublish returns the response that fails the whole publish request
// with message.
func FailPublish(message string) (*PublishResponse, error) {
	if message == "" {
		return nil, errNoMessage
	}
	return &PublishResponse{Error: message}, nil
}

// Publish adds an event to broadcast: payload, answering the incoming
// event id.
func (r *PublishResponse) Publish(id string, payload any) {
	r.Events = append(r.Events, OutgoingEvent{ID: id, Payload: payload})
}

// Fail reports that the incoming event id failed with message; it is not
// broadcast.
func (r *PublishResponse) Fail(id, message string) error {
	if message == "" {
		return errNoMessage
	}
	r.Events = append(r.Events, OutgoingEvent{ID: id, Error: message})
	return nil
}

// MarshalJSON writes {"error": ...} for a failed request, otherwise
// {"events": [...]} ([] when there is nothing to broadcast).
func (r PublishResponse) MarshalJSON() ([]byte, error) {
	if r.Error != "" {
		return json.Marshal(struct {
			Error string `json:"error"`
		}{r.Error})
	}
	events := r.Events
	if events == nil {
		events = []OutgoingEvent{}
	}
	return json.Marshal(struct {
		Events []OutgoingEvent `json:"events"`
	}{events})
}

// MarshalJSON writes {"id", "error"} for a failed event, otherwise
// {"id", "payload"}.
func (o OutgoingEvent) MarshalJSON() ([]byte, error) {
	if o.Error != "" {
		return json.Marshal(struct {
			ID    string `json:"id"`
			Error string `json:"error"`
		}{o.ID, o.Error})
	}
	return json.Marshal(struct {
		ID      string `json:"id"`
		Payload any    `json:"payload"`
	}{o.ID, o.Payload})
}

// SubscribeResponse is a function's answer to a subscribe that refuses
// it. A function that lets the subscription proceed returns a nil
// *SubscribeResponse, which marshals as null.
type SubscribeResponse struct {
	Error string `json:"error"`
}

// RefuseSubscribe returns the response that refuses the subscription with
// message.
func RefuseSubscribe(message string) (*SubscribeResponse, error) {
	if message == "" {
		return nil, errNoMessage
	}
	return &SubscribeResponse{Error: message}, nil
}

// UnauthorizedException is the error a function returns to reject a
// publish or subscribe request as unauthorized (AppSync answers 403; no
// event is broadcast, no subscription made), as Powertools for AWS Lambda
// raises an exception of that name. aws-lambda-go reports an error's type
// name as the invocation's errorType, so the name is the one AppSync reads.
type UnauthorizedException struct {
	Message string
}

// Error returns the message.
func (e *UnauthorizedException) Error() string { return e.Message }

// errNoMessage is a failure response without a message.
var errNoMessage = errors.New("appsync: an error response needs a message")
