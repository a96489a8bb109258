// Package evplugin gives AWS Lambda handlers typed, self-describing events
// for every AWS service that can invoke a function.
//
// Given the raw bytes of any event, [Detect] names its source and [Decode]
// decodes it, losslessly, into the source's Go type (*sqs.Event,
// *apigateway.RESTEvent, ...); [Sprint] renders it for people with secrets
// masked. [Handle] adapts a typed handler for aws-lambda-go's lambda.Start;
// a [Mux] routes the events of several sources to typed handlers, one
// function behind many triggers.
//
// These functions use [registry.Default], where each source package
// registers itself when it is imported; the same operations exist as methods
// on any [*registry.Registry]. This package imports no source: a handler
// importing sources/sqs links and initialises the SQS source alone, and
// detects and decodes SQS events only. To detect and decode every built-in
// source (a router, a debugging tool), import them all:
//
//	import _ "github.com/evplugin/evplugin/sources/all"
//
// # HTTP
//
// [HTTPHandler] serves HTTP request events (API Gateway REST and HTTP APIs,
// function URLs, Application Load Balancers, VPC Lattice) with a standard
// net/http handler, and [HTTPStreamHandler]
// streams its responses. The bridge knows no source either: it serves any
// event whose type implements [HTTPRequestEvent], two methods over
// standard library types,
//
//	HTTPRequest(ctx context.Context) (*http.Request, error)
//	HTTPResponse(status int, header http.Header, body []byte) (any, error)
//
// and streams for those implementing [HTTPStreamEvent] (HTTPStreamPrelude
// besides). The handler finds the decoded event in the request
// ([EventFromRequest], [RequestEvent]).
package evplugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
)

// Detect returns the ID of the source of raw, a JSON event, without
// decoding it. It skips, without validating them, the values no rule's
// path reaches, so it may name a source for invalid JSON that [Decode]
// then rejects; see [registry.Registry.Detect] and DetectStrict.
func Detect(raw []byte) (string, error) { return registry.Default.Detect(raw) }

// Decode detects the source of raw and decodes it into the source's type;
// the result is a pointer such as *sqs.Event.
func Decode(raw []byte) (any, error) { return registry.Default.Decode(raw) }

// DecodeMap is Decode for an event already decoded into a map (numbers
// preferably as json.Number, as a json.Decoder with UseNumber gives).
func DecodeMap(m map[string]any) (any, error) { return registry.Default.DecodeMap(m) }

// Sprint renders any value as indented JSON with secrets masked and derived
// values shown; see package printer.
func Sprint(v any) string { return printer.Sprint(v) }

// Handle turns a typed handler into one over raw JSON that aws-lambda-go's
// lambda.Start accepts. Events are decoded through evplugin (fast and
// lossless) as the source whose type E is, found on the first event, and
// checked against that source's rule alone, without detecting: an event
// the rule does not accept is an error naming the source and the
// condition it lacks, and the handler is not called.
//
//	lambda.Start(evplugin.Handle(func(ctx context.Context, e *sqs.Event) (sqs.BatchResponse, error) { ... }))
func Handle[E any, R any](fn func(context.Context, *E) (R, error)) func(context.Context, json.RawMessage) (R, error) {
	return HandleWith(registry.Default, fn)
}

// HandleWith is [Handle] with the sources of reg. The source decoding into
// *E is looked up on the first event ([registry.Registry.LookupType]), so
// it may register after HandleWith returns, as a plugin's does.
func HandleWith[E any, R any](reg *registry.Registry, fn func(context.Context, *E) (R, error)) func(context.Context, json.RawMessage) (R, error) {
	want := reflect.TypeFor[*E]()
	var source atomic.Pointer[string] // the ID of E's source, once found
	return func(ctx context.Context, raw json.RawMessage) (R, error) {
		var zero R
		id := source.Load()
		if id == nil {
			src, err := reg.LookupType(want)
			if err != nil {
				return zero, fmt.Errorf("evplugin: handler takes %v: %w", want, err)
			}
			id = &src.ID
			source.Store(id)
		}
		// One pass: the rule is checked on the decoded event.
		v, err := reg.DecodeMatch(*id, raw)
		if err != nil {
			var unknown *registry.UnknownError
			var syntax *registry.SyntaxError
			if errors.As(err, &unknown) || errors.As(err, &syntax) {
				return zero, fmt.Errorf("evplugin: handler takes %v (%s): %w", want, *id, err)
			}
			return zero, err
		}
		e, ok := v.(*E)
		if !ok {
			return zero, fmt.Errorf("evplugin: handler takes %v, but source %s decoded a %T", want, *id, v)
		}
		return fn(ctx, e)
	}
}
