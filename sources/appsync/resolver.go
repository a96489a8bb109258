package appsync

import (
	"errors"
	"fmt"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
)

func init() {
	// A direct Lambda resolver receives the resolver's context: arguments
	// (always there, {} for a field without any) and info, whose fieldName
	// no other Lambda event carries. Amplify's @function directive sends
	// arguments with fieldName and typeName at the top level instead of
	// info. An AppSync Events handler event has info too, but no arguments
	// (see events.go).
	sources.Register[ResolverEvent]("aws.appsync.resolver", "AWS AppSync direct Lambda resolver", sources.PriorityShape,
		registry.All(registry.PathExists("arguments")).
			AndAny(registry.PathExists("info.fieldName"), registry.PathExists("fieldName")))
	// A batching resolver (BatchInvoke) sends a JSON array of the same
	// events.
	sources.Register[BatchEvent]("aws.appsync.resolver.batch", "AWS AppSync direct Lambda resolver, batched", sources.PriorityShape,
		registry.All(registry.PathExists("[0].arguments")).
			AndAny(registry.PathExists("[0].info.fieldName"), registry.PathExists("[0].fieldName")))
}

// ResolverEvent is the context AppSync passes to a direct Lambda resolver:
// the field's arguments, the caller, the parent object (Source), the
// request's headers, the result of the previous function of a pipeline
// resolver (Prev), the field and selection set (Info) and the pipeline's
// stash.
//
// Amplify's @function directive sends TypeName and FieldName at the top
// level and no Info (nor Stash); [ResolverEvent.Field],
// [ResolverEvent.ParentType] and [ResolverEvent.FieldInfo] read either
// shape.
type ResolverEvent struct {
	lossless.Extra
	Arguments map[string]any `json:"arguments"`
	Identity  *Identity      `json:"identity"` // nil for API key callers
	Source    map[string]any `json:"source"`   // null for a root field (Query, Mutation)
	Request   *Request       `json:"request"`
	Prev      *PrevResult    `json:"prev"`
	Info      *Info          `json:"info"`
	Stash     map[string]any `json:"stash"`
	TypeName  string         `json:"typeName"`  // Amplify @function only
	FieldName string         `json:"fieldName"` // Amplify @function only
}

// Info describes the field being resolved and the selection set the
// request asks of it.
type Info struct {
	lossless.Extra
	FieldName           string         `json:"fieldName"`
	ParentTypeName      string         `json:"parentTypeName"`
	Variables           map[string]any `json:"variables"`
	SelectionSetList    []string       `json:"selectionSetList"`
	SelectionSetGraphQL string         `json:"selectionSetGraphQL"`
}

// PrevResult is the result of the previous function of a pipeline
// resolver.
type PrevResult struct {
	lossless.Extra
	Result any `json:"result"`
}

// FieldInfo returns Info, or, for Amplify's @function shape, an Info
// holding the top-level FieldName and TypeName.
func (e ResolverEvent) FieldInfo() Info {
	if e.Info != nil {
		return *e.Info
	}
	return Info{FieldName: e.FieldName, ParentTypeName: e.TypeName}
}

// Field returns the name of the field being resolved: info.fieldName, or
// the top-level fieldName of Amplify's shape.
func (e ResolverEvent) Field() string { return e.FieldInfo().FieldName }

// ParentType returns the name of the type holding the field (Query,
// Mutation, or an object type): info.parentTypeName, or the top-level
// typeName of Amplify's shape.
func (e ResolverEvent) ParentType() string { return e.FieldInfo().ParentTypeName }

// ArgumentsInto decodes the field's arguments into v, a pointer to the
// caller's own struct (by its json tags) or map; see [lossless.Into].
func (e ResolverEvent) ArgumentsInto(v any) error { return lossless.Into(e.Arguments, v) }

// Header returns the value of a request header, its name matched
// case-insensitively.
func (e ResolverEvent) Header(name string) (string, bool) { return e.Request.Header(name) }

// DomainName returns the custom domain name the request was sent to, ""
// without one.
func (e ResolverEvent) DomainName() string { return e.Request.domain() }

// PrevResult returns the result of the previous function of a pipeline
// resolver, nil when there is none.
func (e ResolverEvent) PrevResult() any {
	if e.Prev == nil {
		return nil
	}
	return e.Prev.Result
}

// AuthType tells which authorization mode the caller used; see
// [Identity.AuthType].
func (e ResolverEvent) AuthType() AuthType { return e.Identity.AuthType() }

// SensitivePaths names, for the printer, the credential headers of the
// request (any casing) and every value of the caller's claims and of a
// Lambda authorizer's resolverContext, keeping their names.
func (e ResolverEvent) SensitivePaths() []string {
	paths := e.Request.secretPaths("request")
	if e.Identity != nil {
		paths = append(paths, identitySecrets(e.Identity.Claims != nil, e.Identity.ResolverContext != nil)...)
	}
	return paths
}

// BatchEvent is what a batching direct Lambda resolver (BatchInvoke)
// sends: one [ResolverEvent] per parent object, a top-level JSON array.
// The function answers with a [BatchResponse] of as many results, in the
// same order.
type BatchEvent []ResolverEvent

// NewResponse returns a response to b: one result per event, each with
// null data until set.
func (b BatchEvent) NewResponse() BatchResponse { return make(BatchResponse, len(b)) }

// Resolve calls resolve for each event of b, in order, and returns their
// results: the data resolve returns, or, when it fails, an error for that
// item alone (see [BatchResponse.Fail]); the error's type is the
// ErrorType of a [*ResolverError] in its chain.
func (b BatchEvent) Resolve(resolve func(e *ResolverEvent) (any, error)) BatchResponse {
	r := b.NewResponse()
	for i := range b {
		data, err := resolve(&b[i])
		if err != nil {
			var re *ResolverError
			typ := ""
			if errors.As(err, &re) {
				typ = re.Type
			}
			r[i] = BatchResult{Data: data, ErrorMessage: err.Error(), ErrorType: typ}
			continue
		}
		r[i] = BatchResult{Data: data}
	}
	return r
}

// BatchResponse is the reply to a [BatchEvent]: one result per event, in
// request order. AppSync reads each result's data, or, when it carries an
// error message, reports a GraphQL error for that item alone.
type BatchResponse []BatchResult

// BatchResult is the result of one event of a batch.
type BatchResult struct {
	Data         any    `json:"data"`
	ErrorMessage string `json:"errorMessage,omitempty"`
	ErrorType    string `json:"errorType,omitempty"`
}

// Set sets the data of the i-th result.
func (r BatchResponse) Set(i int, data any) error {
	if i < 0 || i >= len(r) {
		return fmt.Errorf("appsync: batch result %d of %d", i, len(r))
	}
	r[i] = BatchResult{Data: data}
	return nil
}

// Fail makes the i-th result an error with message and, if not "", the
// GraphQL error type errorType; its data is null.
func (r BatchResponse) Fail(i int, errorType, message string) error {
	if i < 0 || i >= len(r) {
		return fmt.Errorf("appsync: batch result %d of %d", i, len(r))
	}
	if message == "" {
		return errors.New("appsync: a failed batch result needs an error message")
	}
	r[i] = BatchResult{ErrorMessage: message, ErrorType: errorType}
	return nil
}

// ResolverError is an error with a GraphQL error type, which
// [BatchEvent.Resolve] reports as the item's errorType.
type ResolverError struct {
	Type    string // the GraphQL errorType, "NotFound" for example
	Message string
}

// Error returns the message.
func (e *ResolverError) Error() string { return e.Message }
