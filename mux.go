package evplugin

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/evplugin/evplugin/registry"
)

var (
	// ErrNoRoute reports an event no route of a [Mux] claims, when the
	// Mux has no fallback: one of a source nobody routed (the error names
	// its ID), or one no source matched (the error wraps the registry's,
	// [registry.ErrUnknownSource]).
	ErrNoRoute = errors.New("evplugin: no route")
	// ErrDuplicateRoute reports a second route for a source: a second
	// route by the same type or the same ID, or a route by ID for a source
	// that a route by type claims already.
	ErrDuplicateRoute = errors.New("evplugin: duplicate route")
	// ErrInvalidRoute reports a route that cannot work: no handler, an
	// empty ID, an event type no registered source decodes into, or one
	// other than the type of the source it names.
	ErrInvalidRoute = errors.New("evplugin: invalid route")
)

// Mux routes each event to the handler registered for its source: one
// Lambda function behind several triggers. Its Invoke method is what
// aws-lambda-go's lambda.Start takes, so the main module need not import
// aws-lambda-go:
//
//	m := evplugin.NewMux()
//	evplugin.On(m, func(ctx context.Context, e *sqs.Event) (sqs.BatchResponse, error) { ... })
//	evplugin.OnErr(m, func(ctx context.Context, e *s3.Event) error { ... })
//	evplugin.OnID(m, "github.webhook", func(ctx context.Context, e *plugins.Event) (any, error) { ... })
//	lambda.Start(m)
//
// A route claims sources by type ([On], [OnErr]: every source whose
// events decode into *E) or by ID ([OnID], [OnIDErr]: the one source,
// which is how plugin sources are routed, as several decode into
// *plugins.Event). For each event, Invoke detects its source once, picks
// the route by the detected ID (a route by ID first, else the route by
// the type that ID decodes into), decodes the event once, as that source,
// and calls the handler: events of several sources sharing a type go to
// the one route by type, or each to its route by ID.
//
// An event no route claims goes to the fallback ([Mux.Fallback]) if set;
// otherwise it is an error wrapping [ErrNoRoute], naming the detected ID,
// or wrapping the registry's error when no source matched. Detection
// errors other than that (invalid JSON, an ambiguous event) and decoding
// errors are returned as they are, wrapped; the handler is not called.
//
// Registering two routes for one source is an error at registration
// ([ErrDuplicateRoute]): [Mux.Handle] returns it, the On functions panic
// with it, as net/http's ServeMux panics on a duplicate pattern, since
// routes are set up once at start. A source registered after the routes
// (a plugin's) cannot be checked then; if it is claimed both by ID and by
// type, the route by ID wins.
//
// Responses are encoded as aws-lambda-go encodes a handler's (HTML
// characters unescaped, no trailing newline); a handler returning only an
// error answers null, as with aws-lambda-go. A handler's error is returned
// as it is, unwrapped, so Lambda reports its type as for a handler started
// alone. A handler's panic is not recovered: it reaches aws-lambda-go,
// which reports it with its stack, as for any handler. Responses are JSON:
// for streamed HTTP responses, use [HTTPStreamHandler].
//
// A Mux is safe for concurrent use, registration included.
type Mux struct {
	reg    *registry.Registry
	mu     sync.Mutex // serialises registration
	routes atomic.Pointer[muxRoutes]
	types  sync.Map // source ID → reflect.Type its New returns (nil: decided by Decode)
}

// muxRoutes is an immutable snapshot of a Mux's routes.
type muxRoutes struct {
	byID     map[string]*Route
	byType   map[reflect.Type]*Route
	fallback func(ctx context.Context, id string, raw []byte) (any, error)
}

// NewMux returns a Mux with no routes, detecting and decoding with the
// sources of [registry.Default].
func NewMux() *Mux { return NewMuxWith(registry.Default) }

// NewMuxWith returns a Mux with no routes, detecting and decoding with
// the sources of reg.
func NewMuxWith(reg *registry.Registry) *Mux {
	m := &Mux{reg: reg}
	m.routes.Store(&muxRoutes{byID: map[string]*Route{}, byType: map[reflect.Type]*Route{}})
	return m
}

// Route is a typed handler with what it claims, for [Mux.Handle]: the
// sources whose events decode into its event type, or the one source
// ([Route.ForID]). [NewRoute] and [NewRouteErr] return one.
type Route struct {
	byID bool         // the route claims the source id alone, else every source decoding into typ
	id   string       // the source claimed
	typ  reflect.Type // *E
	call func(ctx context.Context, v any) (any, error)
}

// NewRoute returns a route calling fn with the events of the sources
// whose type is *E; its result is the response.
func NewRoute[E any, R any](fn func(context.Context, *E) (R, error)) Route {
	if fn == nil {
		return Route{typ: reflect.TypeFor[*E]()}
	}
	return Route{typ: reflect.TypeFor[*E](), call: func(ctx context.Context, v any) (any, error) {
		return fn(ctx, v.(*E))
	}}
}

// NewRouteErr is [NewRoute] for a handler with no result: the response is
// null.
func NewRouteErr[E any](fn func(context.Context, *E) error) Route {
	if fn == nil {
		return Route{typ: reflect.TypeFor[*E]()}
	}
	return Route{typ: reflect.TypeFor[*E](), call: func(ctx context.Context, v any) (any, error) {
		return nil, fn(ctx, v.(*E))
	}}
}

// ForID returns the route claiming the source id alone, whose events
// must decode into the route's type: routing by ID is how plugin sources
// are routed (each decodes into *plugins.Event), and how sources sharing a
// type get handlers of their own. The source need not be registered yet:
// a plugin may be opened after the routes are set.
func (r Route) ForID(id string) Route {
	r.byID, r.id = true, id
	return r
}

// String describes the route: "aws.sqs (*sqs.Event)" or "*sqs.Event".
func (r Route) String() string {
	if !r.byID {
		return fmt.Sprint(r.typ)
	}
	return fmt.Sprintf("%s (%v)", r.id, r.typ)
}

// On routes to fn the events of the sources whose type is *E (usually
// one: *sqs.Event is aws.sqs's). It panics, at registration, if a route
// claims one of those sources already ([ErrDuplicateRoute]) or if no
// registered source decodes into *E (a forgotten import of the source's
// package; [ErrInvalidRoute]). See [Mux.Handle] for a variant returning
// the error.
func On[E any, R any](m *Mux, fn func(context.Context, *E) (R, error)) {
	m.mustHandle(NewRoute(fn))
}

// OnErr is [On] for a handler with no result: the response is null.
func OnErr[E any](m *Mux, fn func(context.Context, *E) error) {
	m.mustHandle(NewRouteErr(fn))
}

// OnID routes to fn the events of the source id, such as a plugin's
// ("github.webhook", whose events are *plugins.Event), which need not be
// registered yet. It panics if a route claims id already
// ([ErrDuplicateRoute]) or if id is registered with a type other than *E
// ([ErrInvalidRoute]); an event of a source registered later that decodes
// into another type is an error at invocation.
func OnID[E any, R any](m *Mux, id string, fn func(context.Context, *E) (R, error)) {
	m.mustHandle(NewRoute(fn).ForID(id))
}

// OnIDErr is [OnID] for a handler with no result: the response is null.
func OnIDErr[E any](m *Mux, id string, fn func(context.Context, *E) error) {
	m.mustHandle(NewRouteErr(fn).ForID(id))
}

func (m *Mux) mustHandle(r Route) {
	if err := m.Handle(r); err != nil {
		panic(err)
	}
}

// Handle adds routes, all of them or, on the first error, none: the
// variant of the On functions returning their errors rather than
// panicking.
func (m *Mux) Handle(routes ...Route) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	old := m.routes.Load()
	next := &muxRoutes{byID: make(map[string]*Route, len(old.byID)), byType: make(map[reflect.Type]*Route, len(old.byType)), fallback: old.fallback}
	for id, r := range old.byID {
		next.byID[id] = r
	}
	for t, r := range old.byType {
		next.byType[t] = r
	}
	srcs := m.sourceTypes()
	for _, r := range routes {
		if err := next.add(&r, srcs); err != nil {
			return err
		}
	}
	m.routes.Store(next)
	return nil
}

// add adds r to the snapshot being built, checking it against the routes
// there and the sources registered.
func (t *muxRoutes) add(r *Route, srcs sourceTypes) error {
	switch {
	case r.call == nil:
		return fmt.Errorf("%w %v: nil handler", ErrInvalidRoute, r)
	case r.byID && r.id == "":
		return fmt.Errorf("%w %v: empty source ID", ErrInvalidRoute, r)
	case !r.byID:
		if t.byType[r.typ] != nil {
			return fmt.Errorf("%w: %v is routed already", ErrDuplicateRoute, r.typ)
		}
		if len(srcs.ids[r.typ]) == 0 {
			return fmt.Errorf("%w %v: %w", ErrInvalidRoute, r, srcs.missing(r.typ))
		}
		for _, id := range srcs.ids[r.typ] {
			if t.byID[id] != nil {
				return fmt.Errorf("%w: %v: source %s is routed by ID already", ErrDuplicateRoute, r.typ, id)
			}
		}
		t.byType[r.typ] = r
	default:
		if t.byID[r.id] != nil {
			return fmt.Errorf("%w: %s is routed already", ErrDuplicateRoute, r.id)
		}
		if typ, ok := srcs.types[r.id]; ok && typ != nil {
			if typ != r.typ {
				return fmt.Errorf("%w %v: source %s decodes into %v", ErrInvalidRoute, r, r.id, typ)
			}
			if t.byType[typ] != nil {
				return fmt.Errorf("%w: %s is routed by its type %v already", ErrDuplicateRoute, r.id, typ)
			}
		}
		t.byID[r.id] = r
	}
	return nil
}

// sourceTypes is what registration checks routes against: the types of
// the registered sources.
type sourceTypes struct {
	types   map[string]reflect.Type   // source ID → type (nil: decided by Decode)
	ids     map[reflect.Type][]string // type → the sources decoding into it
	decoded int                       // sources whose type only Decode knows
	reg     *registry.Registry
}

// missing explains why no source decodes into t: the registry's words,
// which hint at a forgotten import, and a word on routing by ID.
func (st sourceTypes) missing(t reflect.Type) error {
	_, err := st.reg.LookupType(t)
	if err == nil { // registered meanwhile
		err = fmt.Errorf("%w: none decoded into %v when the route was added", registry.ErrNoSource, t)
	}
	if st.decoded > 0 {
		err = fmt.Errorf("%w; sources whose type their Decode decides, as plugins', are routed by ID (OnID)", err)
	}
	return err
}

func (m *Mux) sourceTypes() sourceTypes {
	st := sourceTypes{reg: m.reg, types: map[string]reflect.Type{}, ids: map[reflect.Type][]string{}}
	for _, s := range m.reg.Sources() {
		var t reflect.Type
		if s.New != nil {
			t = reflect.TypeOf(s.New())
			st.ids[t] = append(st.ids[t], s.ID)
		} else {
			st.decoded++
		}
		st.types[s.ID] = t
	}
	return st
}

// Fallback sets the handler of the events no route claims: id is the
// detected source's, or "" when no source matched; raw is the event; the
// result is the response. A nil fn removes the fallback; setting it again
// replaces it.
func (m *Mux) Fallback(fn func(ctx context.Context, id string, raw []byte) (any, error)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	next := *m.routes.Load()
	next.fallback = fn
	m.routes.Store(&next)
}

// Invoke handles one event, the JSON payload of a Lambda invocation, with
// the route of its source, and returns the response as JSON: the method
// aws-lambda-go's lambda.Start calls (its lambda.Handler interface). See
// [Mux] for the routing and the errors.
func (m *Mux) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	t := m.routes.Load()
	id, err := m.reg.Detect(payload)
	if err != nil {
		if !errors.Is(err, registry.ErrUnknownSource) {
			return nil, fmt.Errorf("evplugin: mux: %w", err)
		}
		if t.fallback != nil {
			return respond(t.fallback(ctx, "", payload))
		}
		return nil, fmt.Errorf("%w: %w", ErrNoRoute, err)
	}
	r := t.byID[id]
	if r == nil {
		r = t.byType[m.typeOf(id)]
	}
	if r == nil {
		if t.fallback != nil {
			return respond(t.fallback(ctx, id, payload))
		}
		return nil, fmt.Errorf("%w for source %s", ErrNoRoute, id)
	}
	v, err := m.reg.DecodeAs(id, payload)
	if err != nil {
		return nil, fmt.Errorf("evplugin: mux: %w", err)
	}
	if got := reflect.TypeOf(v); got != r.typ {
		m.types.Delete(id) // in case the source was registered anew, with another type
		return nil, fmt.Errorf("evplugin: mux: route %v, but source %s decoded a %v", r, id, got)
	}
	return respond(r.call(ctx, v))
}

// typeOf returns the type the source id decodes into, nil if only its
// Decode knows, remembered per ID.
func (m *Mux) typeOf(id string) reflect.Type {
	if v, ok := m.types.Load(id); ok {
		t, _ := v.(reflect.Type)
		return t
	}
	var t reflect.Type
	if s, err := m.reg.Lookup(id); err == nil && s.New != nil {
		t = reflect.TypeOf(s.New())
	}
	m.types.Store(id, t)
	return t
}

// respond encodes a handler's result, returning its error as it is.
func respond(v any, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	return marshal(v)
}
