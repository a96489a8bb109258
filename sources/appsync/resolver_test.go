package appsync_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/appsync"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func TestRulesOnNearMisses(t *testing.T) {
	tests := []struct {
		name, event, want string
	}{
		{"resolver minimal", `{"arguments":{},"info":{"fieldName":"f","parentTypeName":"Query"}}`, "aws.appsync.resolver"},
		{"resolver without identity, source, request, prev, stash", `{"arguments":{"id":"1"},"info":{"fieldName":"f"}}`, "aws.appsync.resolver"},
		{"amplify @function", `{"typeName":"Query","fieldName":"echo","arguments":{},"identity":null,"source":null,"request":{"headers":{}},"prev":null}`, "aws.appsync.resolver"},
		{"info without arguments", `{"info":{"fieldName":"f","parentTypeName":"Query"},"stash":{}}`, ""},
		{"arguments alone", `{"arguments":{}}`, ""},
		{"batch", `[{"arguments":{},"info":{"fieldName":"f"}},{"arguments":{},"info":{"fieldName":"f"}}]`, "aws.appsync.resolver.batch"},
		{"batch of amplify events", `[{"arguments":{},"fieldName":"f","typeName":"T"}]`, "aws.appsync.resolver.batch"},
		{"empty batch", `[]`, ""},
		{"array of other things", `[{"id":1}]`, ""},
		{"authorizer minimal", `{"authorizationToken":"t","requestContext":{"apiId":"a"}}`, "aws.appsync.authorizer"},
		{"api gateway TOKEN authorizer", `{"type":"TOKEN","authorizationToken":"t","methodArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/"}`, ""},
		{"api gateway token authorizer with a requestContext", `{"type":"TOKEN","authorizationToken":"t","methodArn":"m","requestContext":{"apiId":"a"}}`, ""},
		{"http authorizer with a token header", `{"version":"2.0","type":"REQUEST","routeArn":"r","authorizationToken":"t","requestContext":{"apiId":"a"}}`, ""},
		{"authorizer response", `{"isAuthorized":true,"resolverContext":{"a":"b"},"deniedFields":["Mutation.x"],"ttlOverride":15}`, ""},
		{"events publish", `{"info":{"channel":{"path":"/a/b","segments":["a","b"]},"channelNamespace":{"name":"a"},"operation":"PUBLISH"},"events":[]}`, "aws.appsync.events"},
		{"events subscribe", `{"identity":null,"info":{"channel":{"path":"/a","segments":["a"]},"channelNamespace":{"name":"a"},"operation":"SUBSCRIBE"}}`, "aws.appsync.events"},
		{"events shape with arguments", `{"arguments":{},"info":{"channel":{"path":"/a"},"channelNamespace":{"name":"a"},"operation":"PUBLISH"}}`, ""},
		{"events without operation", `{"info":{"channel":{"path":"/a"},"channelNamespace":{"name":"a"}}}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := registry.Default.Detect([]byte(tt.event))
			if tt.want == "" {
				assert.ErrorIs(t, err, registry.ErrUnknownSource, "detected as %q", got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func decodeResolver(t *testing.T, raw string) *appsync.ResolverEvent {
	t.Helper()
	return sourcetest.Decode[appsync.ResolverEvent](t, []byte(raw))
}

// Which authorization mode an identity comes from follows the members
// present, not "sub" alone: the reference files an OpenID Connect identity
// (sub, no username) under Cognito and a Lambda authorizer's under IAM.
func TestIdentityAuthType(t *testing.T) {
	tests := []struct {
		name, identity string
		want           appsync.AuthType
	}{
		{"api key", `null`, appsync.AuthAPIKey},
		{"cognito", `{"sub":"s","issuer":"i","username":"u","claims":{},"sourceIp":["1.2.3.4"],"defaultAuthStrategy":"ALLOW","groups":null}`, appsync.AuthCognito},
		{"cognito, sub and username only", `{"sub":"s","username":"u"}`, appsync.AuthCognito},
		{"oidc", `{"sub":"s","issuer":"i","claims":{"iss":"i"}}`, appsync.AuthOIDC},
		{"iam", `{"accountId":"1","cognitoIdentityPoolId":null,"cognitoIdentityId":null,"sourceIp":["1.2.3.4"],"username":"AIDA","userArn":"arn:aws:iam::1:user/u","cognitoIdentityAuthType":null,"cognitoIdentityAuthProvider":null}`, appsync.AuthIAM},
		{"iam, its members null", `{"accountId":null,"userArn":null,"username":"u"}`, appsync.AuthIAM},
		{"lambda", `{"resolverContext":{"tenant":"acme"}}`, appsync.AuthLambda},
		{"lambda, empty context", `{"resolverContext":{}}`, appsync.AuthLambda},
		{"empty object", `{}`, appsync.AuthUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := decodeResolver(t, `{"arguments":{},"info":{"fieldName":"f"},"identity":`+tt.identity+`}`)
			assert.Equal(t, tt.want, e.AuthType())
			assert.Equal(t, tt.want, e.Identity.AuthType())
		})
	}
	// Built by hand: the members set decide.
	assert.Equal(t, appsync.AuthIAM, (&appsync.Identity{AccountID: "1", Username: "u"}).AuthType())
	assert.Equal(t, appsync.AuthCognito, (&appsync.Identity{Sub: "s", Username: "u"}).AuthType())
	assert.Equal(t, appsync.AuthOIDC, (&appsync.Identity{Sub: "s"}).AuthType())
	assert.Equal(t, appsync.AuthLambda, (&appsync.Identity{ResolverContext: map[string]any{}}).AuthType())
	var none *appsync.Identity
	assert.Equal(t, appsync.AuthAPIKey, none.AuthType())
	_, ok := none.Claim("sub")
	assert.False(t, ok)
	assert.False(t, none.InGroup("admins"))
}

func TestIdentityOfTheReferenceSamples(t *testing.T) {
	e := sourcetest.Decode[appsync.ResolverEvent](t, sourcetest.Reference(t, "appSyncDirectResolver.json"))
	assert.Equal(t, appsync.AuthCognito, e.AuthType())
	assert.Nil(t, e.Identity.Groups, "groups: null")
	assert.False(t, e.Identity.InGroup("admins"))
	email, ok := e.Identity.Claim("email")
	assert.True(t, ok)
	assert.Equal(t, "jdoe@email.com", email)

	b := sourcetest.Decode[appsync.BatchEvent](t, sourcetest.Reference(t, "appSyncBatchEvent.json"))
	require.Len(t, *b, 2)
	for _, e := range *b {
		assert.Equal(t, appsync.AuthCognito, e.AuthType(), "sub and username")
		assert.Equal(t, "createSomething", e.Field())
		assert.Equal(t, "Mutation", e.ParentType())
	}
	assert.Equal(t, "1", (*b)[0].Arguments["user_id"])
	assert.Equal(t, "2", (*b)[1].Arguments["user_id"], "request order kept")
}

func TestFieldAndTypeOfBothShapes(t *testing.T) {
	direct := sourcetest.Decode[appsync.ResolverEvent](t, sourcetest.Reference(t, "appSyncDirectResolver.json"))
	assert.Equal(t, "createSomething", direct.Field())
	assert.Equal(t, "Mutation", direct.ParentType())
	assert.Equal(t, []string{"id", "field1", "field2"}, direct.FieldInfo().SelectionSetList)
	assert.Nil(t, direct.Source, "source: null")
	assert.Nil(t, direct.PrevResult(), "prev: null")

	amplify := sourcetest.Decode[appsync.ResolverEvent](t, sourcetest.Reference(t, "appSyncResolverEvent.json"))
	assert.Nil(t, amplify.Info)
	assert.Equal(t, "locations", amplify.Field())
	assert.Equal(t, "Merchant", amplify.ParentType())
	assert.Equal(t, appsync.Info{FieldName: "locations", ParentTypeName: "Merchant"}, amplify.FieldInfo())
	assert.Equal(t, map[string]any{}, amplify.PrevResult())
	assert.Equal(t, "Value", amplify.Source["name"])
	var args struct {
		Page int    `json:"page"`
		Size int    `json:"size"`
		Name string `json:"name"`
	}
	require.NoError(t, amplify.ArgumentsInto(&args))
	assert.Equal(t, 2, args.Page)
	assert.Equal(t, "value", args.Name)
}

func TestResolverHeaders(t *testing.T) {
	e := sourcetest.DecodeTestdata[appsync.ResolverEvent](t, "aws.appsync.resolver", "iam-pipeline-nested.json")
	host, ok := e.Header("host")
	assert.True(t, ok)
	assert.Equal(t, "graphql.example.cn", host)
	_, ok = e.Header("X-Missing")
	assert.False(t, ok)
	assert.Equal(t, "graphql.example.cn", e.DomainName())
	assert.Equal(t, appsync.AuthIAM, e.AuthType())
	assert.Equal(t, map[string]any{"customer": map[string]any{"id": "cust-77", "tier": "gold"}, "allowed": true}, e.PrevResult())

	var bare appsync.ResolverEvent
	_, ok = bare.Header("host")
	assert.False(t, ok, "no request at all")
	assert.Empty(t, bare.DomainName())
	assert.Empty(t, bare.Field())
}

// The claims of a caller's token and a Lambda authorizer's context print
// masked, names kept, also with the printer's default masks off, as do the
// credential headers; sub, username and the rest of the identity stay.
func TestResolverMasks(t *testing.T) {
	e := decodeResolver(t, `{"arguments":{},"info":{"fieldName":"f"},
	  "identity":{"sub":"user-1","username":"alice","claims":{"email":"CANARY-1","custom:tier":"CANARY-2"}},
	  "request":{"headers":{"Authorization":"CANARY-3","COOKIE":"CANARY-4","accept":"*/*"}}}`)
	for _, opts := range [][]printer.Option{nil, {printer.WithoutDefaultMasks()}} {
		out := sourcetest.Print(t, e, opts...)
		assert.NotContains(t, out, "CANARY")
		assert.Contains(t, out, `"email": "[SENSITIVE]"`)
		assert.Contains(t, out, `"sub": "user-1"`)
		assert.Contains(t, out, `"accept": "*/*"`)
	}
	l := decodeResolver(t, `{"arguments":{},"info":{"fieldName":"f"},"identity":{"resolverContext":{"tenant":"CANARY-1"}}}`)
	sourcetest.AssertPrinted(t, l, []string{`"tenant": "[SENSITIVE]"`}, []string{"CANARY"})
}

func TestBatchResponse(t *testing.T) {
	b := sourcetest.Decode[appsync.BatchEvent](t, sourcetest.Reference(t, "appSyncBatchEvent.json"))
	r := b.NewResponse()
	require.Len(t, r, 2)
	require.NoError(t, r.Set(1, map[string]any{"id": "2"}))
	require.NoError(t, r.Fail(0, "NotFound", "no user 1"))
	assert.Error(t, r.Set(2, nil), "out of range")
	assert.Error(t, r.Set(-1, nil), "out of range")
	assert.Error(t, r.Fail(2, "", "m"), "out of range")
	assert.Error(t, r.Fail(0, "T", ""), "an error needs a message")
	out, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `[{"data":null,"errorMessage":"no user 1","errorType":"NotFound"},{"data":{"id":"2"}}]`, string(out))

	calls := 0
	r = b.Resolve(func(e *appsync.ResolverEvent) (any, error) {
		calls++
		switch e.Arguments["user_id"] {
		case "1":
			return nil, fmt.Errorf("lookup: %w", &appsync.ResolverError{Type: "NotFound", Message: "no user 1"})
		case "2":
			return map[string]any{"id": "2"}, nil
		}
		return nil, errors.New("unexpected")
	})
	assert.Equal(t, 2, calls)
	out, err = json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `[{"data":null,"errorMessage":"lookup: no user 1","errorType":"NotFound"},{"data":{"id":"2"}}]`, string(out),
		"results in request order, the failed item alone an error")

	r = appsync.BatchEvent{{}}.Resolve(func(*appsync.ResolverEvent) (any, error) { return nil, errors.New("boom") })
	out, err = json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `[{"data":null,"errorMessage":"boom"}]`, string(out), "no errorType without a ResolverError")
}

// A handler of batches takes *BatchEvent, a top-level JSON array, like
// any other event type, and refuses a single resolver event.
func TestBatchHandler(t *testing.T) {
	h := evplugin.Handle(func(_ context.Context, b *appsync.BatchEvent) (appsync.BatchResponse, error) {
		return b.Resolve(func(e *appsync.ResolverEvent) (any, error) { return e.Arguments["user_id"], nil }), nil
	})
	r, err := h(context.Background(), sourcetest.Reference(t, "appSyncBatchEvent.json"))
	require.NoError(t, err)
	assert.Equal(t, appsync.BatchResponse{{Data: "1"}, {Data: "2"}}, r)

	_, err = h(context.Background(), sourcetest.Reference(t, "appSyncDirectResolver.json"))
	assert.ErrorContains(t, err, "aws.appsync.resolver.batch")
}
