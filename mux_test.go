package evplugin_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/cognito"
	"github.com/evplugin/evplugin/sources/dynamodb"
	"github.com/evplugin/evplugin/sources/s3"
	"github.com/evplugin/evplugin/sources/sqs"
)

const (
	sqsEvent     = "testdata/events/aws.sqs/fifo-json-body.json"
	s3Event      = "testdata/events/aws.s3/put-encoded-keys-multi.json"
	restEvent    = "testdata/events/aws.apigateway.rest/orders-repeated-query-head.json"
	cognitoEvent = "testdata/events/aws.cognito.presignup/sign-up-null-response.json"
	dynamoEvent  = "testdata/events/aws.dynamodb.stream/ttl-delete.json"
)

// newMux returns a Mux over registry.Default routing SQS, S3, REST API
// and Cognito pre sign-up events, and the sources its handlers saw.
func newMux(t *testing.T) (*evplugin.Mux, *[]string) {
	t.Helper()
	var seen []string
	m := evplugin.NewMux()
	evplugin.On(m, func(ctx context.Context, e *sqs.Event) (sqs.BatchResponse, error) {
		seen = append(seen, "sqs")
		var r sqs.BatchResponse
		r.Fail(e.Records[0])
		return r, nil
	})
	evplugin.OnErr(m, func(ctx context.Context, e *s3.Event) error {
		seen = append(seen, "s3:"+e.Records[0].S3.Bucket.Name)
		return nil
	})
	evplugin.On(m, func(ctx context.Context, e *apigateway.RESTEvent) (apigateway.RESTResponse, error) {
		seen = append(seen, "rest:"+e.Path)
		return apigateway.RESTResponse{StatusCode: 200, Body: "<b>" + e.Path + " & more</b>"}, nil
	})
	evplugin.On(m, func(ctx context.Context, e *cognito.PreSignUpEvent) (*cognito.PreSignUpEvent, error) {
		seen = append(seen, "cognito")
		e.Response.AutoConfirmUser = true
		return e, nil
	})
	return m, &seen
}

func TestMuxRoutes(t *testing.T) {
	ctx := context.Background()
	m, seen := newMux(t)

	for _, tc := range []struct {
		name, file, seen string
		check            func(t *testing.T, raw, out []byte)
	}{
		{"sqs", sqsEvent, "sqs", func(t *testing.T, raw, out []byte) {
			assert.JSONEq(t, `{"batchItemFailures":[{"itemIdentifier":"2e1424d4-f796-459a-8184-9c92662be6da"}]}`, string(out))
		}},
		{"s3 with no result", s3Event, "s3:", func(t *testing.T, raw, out []byte) {
			assert.Equal(t, "null", string(out), "as aws-lambda-go answers for a handler returning only an error")
		}},
		{"rest", restEvent, "rest:/orders/42", func(t *testing.T, raw, out []byte) {
			assert.Equal(t, `{"statusCode":200,"headers":null,"multiValueHeaders":null,"body":"<b>/orders/42 & more</b>","isBase64Encoded":false}`,
				string(out), "encoded as aws-lambda-go encodes: HTML unescaped, no newline")
		}},
		{"cognito returns the event modified", cognitoEvent, "cognito", func(t *testing.T, raw, out []byte) {
			var in, back map[string]any
			require.NoError(t, json.Unmarshal(raw, &in))
			require.NoError(t, json.Unmarshal(out, &back))
			in["response"].(map[string]any)["autoConfirmUser"] = true
			assert.Equal(t, in, back)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			*seen = nil
			raw := read(t, tc.file)
			out, err := m.Invoke(ctx, raw)
			require.NoError(t, err)
			require.Len(t, *seen, 1, "one handler is called, once")
			assert.True(t, strings.HasPrefix((*seen)[0], tc.seen), "%s routed to %s", tc.file, (*seen)[0])
			tc.check(t, raw, out)
		})
	}
}

func TestMuxUnrouted(t *testing.T) {
	ctx := context.Background()
	m, seen := newMux(t)
	dynamo := read(t, dynamoEvent)

	_, err := m.Invoke(ctx, dynamo)
	require.ErrorIs(t, err, evplugin.ErrNoRoute)
	assert.EqualError(t, err, "evplugin: no route for source aws.dynamodb.stream")

	_, err = m.Invoke(ctx, []byte(`{"nothing":"known"}`))
	require.ErrorIs(t, err, evplugin.ErrNoRoute)
	require.ErrorIs(t, err, registry.ErrUnknownSource, "no source matched")
	assert.Contains(t, err.Error(), "unknown source")

	_, err = m.Invoke(ctx, []byte(`{`))
	require.ErrorIs(t, err, registry.ErrInvalidJSON)
	assert.NotErrorIs(t, err, evplugin.ErrNoRoute)
	assert.Empty(t, *seen)

	type call struct {
		id  string
		raw string
	}
	var calls []call
	m.Fallback(func(ctx context.Context, id string, raw []byte) (any, error) {
		calls = append(calls, call{id, string(raw)})
		if id == "" {
			return nil, errors.New("not an event of ours")
		}
		return map[string]string{"skipped": id, "html": "<&>"}, nil
	})
	out, err := m.Invoke(ctx, dynamo)
	require.NoError(t, err)
	assert.Equal(t, `{"html":"<&>","skipped":"aws.dynamodb.stream"}`, string(out))
	_, err = m.Invoke(ctx, []byte(`{"nothing":"known"}`))
	assert.EqualError(t, err, "not an event of ours", "the fallback's error, as it is")
	_, err = m.Invoke(ctx, []byte(`{`))
	require.ErrorIs(t, err, registry.ErrInvalidJSON, "invalid JSON is no event: not for the fallback")
	assert.Equal(t, []call{{"aws.dynamodb.stream", string(dynamo)}, {"", `{"nothing":"known"}`}}, calls)

	// Routed events never reach the fallback.
	_, err = m.Invoke(ctx, read(t, sqsEvent))
	require.NoError(t, err)
	assert.Len(t, calls, 2)
	assert.Equal(t, []string{"sqs"}, *seen)

	m.Fallback(nil)
	_, err = m.Invoke(ctx, dynamo)
	assert.ErrorIs(t, err, evplugin.ErrNoRoute)
}

func TestMuxDuplicateRoutes(t *testing.T) {
	sqsFn := func(ctx context.Context, e *sqs.Event) (int, error) { return len(e.Records), nil }
	sqsErrFn := func(ctx context.Context, e *sqs.Event) error { return nil }

	m := evplugin.NewMux()
	evplugin.On(m, sqsFn)
	for name, again := range map[string]func(){
		"On":                 func() { evplugin.On(m, sqsFn) },
		"OnErr":              func() { evplugin.OnErr(m, sqsErrFn) },
		"OnID after On":      func() { evplugin.OnID(m, "aws.sqs", sqsFn) },
		"OnIDErr after On":   func() { evplugin.OnIDErr(m, "aws.sqs", sqsErrFn) },
		"Handle's duplicate": func() { _ = m.Handle(evplugin.NewRoute(sqsFn)) },
	} {
		t.Run(name, func(t *testing.T) {
			r := panicValue(again)
			if name == "Handle's duplicate" {
				require.Nil(t, r, "Handle returns its errors")
				assert.ErrorIs(t, m.Handle(evplugin.NewRoute(sqsFn)), evplugin.ErrDuplicateRoute)
				return
			}
			err, ok := r.(error)
			require.True(t, ok, "On panics with an error: %v", r)
			assert.ErrorIs(t, err, evplugin.ErrDuplicateRoute)
			assert.Contains(t, err.Error(), "sqs")
		})
	}

	t.Run("On after OnID", func(t *testing.T) {
		m := evplugin.NewMux()
		evplugin.OnID(m, "aws.sqs", sqsFn)
		err := m.Handle(evplugin.NewRouteErr(sqsErrFn))
		require.ErrorIs(t, err, evplugin.ErrDuplicateRoute)
		assert.EqualError(t, err, "evplugin: duplicate route: *sqs.Event: source aws.sqs is routed by ID already")
		assert.ErrorIs(t, m.Handle(evplugin.NewRoute(sqsFn).ForID("aws.sqs")), evplugin.ErrDuplicateRoute)
	})

	t.Run("all or none", func(t *testing.T) {
		m := evplugin.NewMux()
		s3Fn := func(ctx context.Context, e *s3.Event) error { return nil }
		err := m.Handle(evplugin.NewRouteErr(s3Fn), evplugin.NewRoute(sqsFn), evplugin.NewRouteErr(sqsErrFn))
		require.ErrorIs(t, err, evplugin.ErrDuplicateRoute)
		require.NoError(t, m.Handle(evplugin.NewRouteErr(s3Fn)), "the batch added nothing")
		_, err = m.Invoke(context.Background(), read(t, sqsEvent))
		assert.ErrorIs(t, err, evplugin.ErrNoRoute)
	})
}

func TestMuxInvalidRoutes(t *testing.T) {
	type unknown struct{}
	m := evplugin.NewMux()
	for _, tc := range []struct {
		name  string
		route evplugin.Route
		want  []error
		text  string
	}{
		{"no source of the type", evplugin.NewRouteErr(func(ctx context.Context, e *unknown) error { return nil }),
			[]error{evplugin.ErrInvalidRoute, registry.ErrNoSource}, "none decodes into *evplugin_test.unknown"},
		{"nil handler", evplugin.NewRoute[sqs.Event, int](nil), []error{evplugin.ErrInvalidRoute}, "nil handler"},
		{"nil handler with no result", evplugin.NewRouteErr[sqs.Event](nil), []error{evplugin.ErrInvalidRoute}, "nil handler"},
		{"empty ID", evplugin.NewRouteErr(func(ctx context.Context, e *sqs.Event) error { return nil }).ForID(""),
			[]error{evplugin.ErrInvalidRoute}, "empty source ID"},
		{"another source's type", evplugin.NewRouteErr(func(ctx context.Context, e *s3.Event) error { return nil }).ForID("aws.sqs"),
			[]error{evplugin.ErrInvalidRoute}, "source aws.sqs decodes into *sqs.Event"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := m.Handle(tc.route)
			for _, want := range tc.want {
				require.ErrorIs(t, err, want)
			}
			assert.Contains(t, err.Error(), tc.text)
		})
	}

	// A forgotten import: the registry's hint.
	err := evplugin.NewMuxWith(registry.New()).Handle(evplugin.NewRouteErr(func(ctx context.Context, e *dynamodb.StreamEvent) error { return nil }))
	require.ErrorIs(t, err, evplugin.ErrInvalidRoute)
	assert.Contains(t, err.Error(), "forgotten import of sources/dynamodb")
}

// handlerError is a handler's own error type, which Lambda reports.
type handlerError struct{ msg string }

func (e *handlerError) Error() string { return e.msg }

func TestMuxHandlerErrorsAndPanics(t *testing.T) {
	ctx := context.Background()
	m := evplugin.NewMux()
	want := &handlerError{"poison message"}
	evplugin.OnErr(m, func(ctx context.Context, e *sqs.Event) error { return want })
	evplugin.On(m, func(ctx context.Context, e *s3.Event) (string, error) { panic("bucket gone") })

	out, err := m.Invoke(ctx, read(t, sqsEvent))
	assert.Nil(t, out)
	assert.Same(t, want, err, "returned as it is, so Lambda reports its type")

	// aws-lambda-go recovers a handler's panic and reports it with its
	// stack; the Mux lets it through to it, as a handler started alone.
	assert.PanicsWithValue(t, "bucket gone", func() { _, _ = m.Invoke(ctx, read(t, s3Event)) })

	// A decoding error never reaches the handler.
	bad := strings.Replace(string(read(t, sqsEvent)), `"body":`, `"body":1,"x":`, 1)
	_, err = m.Invoke(ctx, []byte(bad))
	var de *registry.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "aws.sqs", de.Source)

	// The context reaches the handler.
	type key struct{}
	var got any
	evplugin.OnErr(m, func(ctx context.Context, e *apigateway.RESTEvent) error { got = ctx.Value(key{}); return nil })
	_, err = m.Invoke(context.WithValue(ctx, key{}, "v"), read(t, restEvent))
	require.NoError(t, err)
	assert.Equal(t, "v", got)
}

// hook is the document of the test's plugin-like sources.
const (
	hookEvent  = `{"hook":"push","repository":"evplugin"}`
	otherEvent = `{"hook":"ping"}`
)

// pluginLike is a source as a plugin registers one: a Decode and no New,
// decoding into *plugins.Event as every plugin source does. decodes counts
// its calls.
func pluginLike(id string, rule registry.Rule, decodes *int) registry.Source {
	return registry.Source{ID: id, Rule: rule, Origin: "/plugins/evplugin-test", Decode: func(raw []byte) (any, error) {
		*decodes++
		e := &plugins.Event{Source: id, Plugin: "evplugin-test"}
		return e, e.UnmarshalJSON(raw)
	}}
}

func TestMuxPluginSourcesByID(t *testing.T) {
	ctx := context.Background()
	reg := registry.New()
	var decodes int
	require.NoError(t, reg.RegisterAll([]registry.Source{
		pluginLike("test.hook.push", registry.All(registry.PathEquals("hook", "push")), &decodes),
		pluginLike("test.hook.ping", registry.All(registry.PathEquals("hook", "ping")), &decodes),
	}))

	m := evplugin.NewMuxWith(reg)
	err := m.Handle(evplugin.NewRouteErr(func(ctx context.Context, e *plugins.Event) error { return nil }))
	require.ErrorIs(t, err, evplugin.ErrInvalidRoute, "several plugin sources share *plugins.Event: routed by ID")
	assert.Contains(t, err.Error(), "routed by ID (OnID)")

	evplugin.OnID(m, "test.hook.push", func(ctx context.Context, e *plugins.Event) (string, error) {
		return "push to " + e.Document["repository"].(string) + " via " + e.Source, nil
	})
	out, err := m.Invoke(ctx, []byte(hookEvent))
	require.NoError(t, err)
	assert.Equal(t, `"push to evplugin via test.hook.push"`, string(out))
	assert.Equal(t, 1, decodes, "decoded once")

	// The other source sharing the type is not routed: an error naming it,
	// without decoding.
	_, err = m.Invoke(ctx, []byte(otherEvent))
	assert.EqualError(t, err, "evplugin: no route for source test.hook.ping")
	assert.Equal(t, 1, decodes, "an unrouted event is not decoded")
	m.Fallback(func(ctx context.Context, id string, raw []byte) (any, error) { return id, nil })
	out, err = m.Invoke(ctx, []byte(otherEvent))
	require.NoError(t, err)
	assert.Equal(t, `"test.hook.ping"`, string(out))
	assert.Equal(t, 1, decodes, "nor for the fallback")

	evplugin.OnIDErr(m, "test.hook.ping", func(ctx context.Context, e *plugins.Event) error { return errors.New("pong") })
	_, err = m.Invoke(ctx, []byte(otherEvent))
	assert.EqualError(t, err, "pong")

	// A source registered after its route (a plugin opened later).
	evplugin.OnID(m, "test.late", func(ctx context.Context, e *plugins.Event) (string, error) { return e.Source, nil })
	late := `{"late":true}`
	out, err = m.Invoke(ctx, []byte(late))
	require.NoError(t, err)
	assert.Equal(t, `""`, string(out), "not registered yet: the fallback")
	require.NoError(t, reg.Register(pluginLike("test.late", registry.All(registry.PathExists("late")), &decodes)))
	out, err = m.Invoke(ctx, []byte(late))
	require.NoError(t, err)
	assert.Equal(t, `"test.late"`, string(out))

	// A route by ID whose type the source does not decode into is an error
	// when the event comes (a Decode's type is known only then).
	evplugin.OnIDErr(m, "test.wrong", func(ctx context.Context, e *sqs.Event) error { return nil })
	require.NoError(t, reg.Register(pluginLike("test.wrong", registry.All(registry.PathExists("wrong")), &decodes)))
	_, err = m.Invoke(ctx, []byte(`{"wrong":1}`))
	assert.EqualError(t, err, "evplugin: mux: route test.wrong (*sqs.Event), but source test.wrong decoded a *plugins.Event")
}

// shared is a type several test sources decode into.
type shared struct {
	Kind string `json:"kind"`
}

func sharedSource(id, kind string) registry.Source {
	return registry.Source{ID: id, New: func() any { return new(shared) }, Rule: registry.All(registry.PathEquals("kind", kind))}
}

// TestMuxSharedType: events of sources sharing a type are routed by the
// detected ID: all to the route by type, or each to its route by ID.
func TestMuxSharedType(t *testing.T) {
	ctx := context.Background()
	reg := registry.New()
	require.NoError(t, reg.RegisterAll([]registry.Source{sharedSource("test.a", "a"), sharedSource("test.b", "b")}))
	a, b := []byte(`{"kind":"a"}`), []byte(`{"kind":"b"}`)

	byType := evplugin.NewMuxWith(reg)
	evplugin.On(byType, func(ctx context.Context, e *shared) (string, error) { return "type:" + e.Kind, nil })
	byID := evplugin.NewMuxWith(reg)
	for _, id := range []string{"test.a", "test.b"} {
		evplugin.OnID(byID, id, func(ctx context.Context, e *shared) (string, error) { return id + ":" + e.Kind, nil })
	}
	for _, tc := range []struct {
		m    *evplugin.Mux
		raw  []byte
		want string
	}{
		{byType, a, `"type:a"`}, {byType, b, `"type:b"`},
		{byID, a, `"test.a:a"`}, {byID, b, `"test.b:b"`},
	} {
		out, err := tc.m.Invoke(ctx, tc.raw)
		require.NoError(t, err)
		assert.Equal(t, tc.want, string(out))
	}

	// The route by type claims both sources: routing one by ID too is a
	// duplicate, in either order.
	err := byType.Handle(evplugin.NewRoute(func(ctx context.Context, e *shared) (int, error) { return 0, nil }).ForID("test.b"))
	require.ErrorIs(t, err, evplugin.ErrDuplicateRoute)
	assert.EqualError(t, err, "evplugin: duplicate route: test.b is routed by its type *evplugin_test.shared already")
	err = byID.Handle(evplugin.NewRouteErr(func(ctx context.Context, e *shared) error { return nil }))
	require.ErrorIs(t, err, evplugin.ErrDuplicateRoute)

	// A source of the type registered later is routed by type; if a
	// route by ID names it too, that route wins, as registration could
	// not see the clash.
	evplugin.OnID(byType, "test.c", func(ctx context.Context, e *shared) (string, error) { return "id:" + e.Kind, nil })
	require.NoError(t, reg.RegisterAll([]registry.Source{sharedSource("test.c", "c"), sharedSource("test.d", "d")}))
	for raw, want := range map[string]string{`{"kind":"c"}`: `"id:c"`, `{"kind":"d"}`: `"type:d"`} {
		out, err := byType.Invoke(ctx, []byte(raw))
		require.NoError(t, err)
		assert.Equal(t, want, string(out))
	}
}

// TestMuxConcurrent: invocations run alongside each other and alongside
// registration (run with -race).
func TestMuxConcurrent(t *testing.T) {
	m := evplugin.NewMux()
	evplugin.On(m, func(ctx context.Context, e *sqs.Event) (int, error) { return len(e.Records), nil })
	raw := read(t, sqsEvent)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 8 {
		wg.Go(func() {
			for range 8 {
				if _, err := m.Invoke(context.Background(), raw); err != nil {
					errs <- err
				}
			}
		})
	}
	evplugin.OnErr(m, func(ctx context.Context, e *s3.Event) error { return nil })
	m.Fallback(func(ctx context.Context, id string, raw []byte) (any, error) { return nil, nil })
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	_, err := m.Invoke(context.Background(), read(t, s3Event))
	assert.NoError(t, err)
}

// panicValue runs f and returns what it panicked with, nil if it did not.
func panicValue(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}
