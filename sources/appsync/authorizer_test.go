package appsync_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources/appsync"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func TestAuthorizerEvent(t *testing.T) {
	e := sourcetest.Decode[appsync.AuthorizerEvent](t, sourcetest.Reference(t, "appSyncAuthorizerEvent.json"))
	assert.Equal(t, "BE9DC5E3-D410-4733-AF76-70178092E681", e.AuthorizationToken)
	assert.Equal(t, "MyNewTask", e.RequestContext.OperationName)
	assert.Equal(t, map[string]any{"desc": "Foo"}, e.RequestContext.Variables)
	assert.Nil(t, e.RequestHeaders, "the sample predates requestHeaders")

	h := sourcetest.DecodeTestdata[appsync.AuthorizerEvent](t, "aws.appsync.authorizer", "with-request-headers.json")
	tenant, ok := h.Header("x-tenant")
	assert.True(t, ok)
	assert.Equal(t, "acme", tenant)

	anon := sourcetest.DecodeTestdata[appsync.AuthorizerEvent](t, "aws.appsync.authorizer", "anonymous-operation.json")
	assert.Empty(t, anon.RequestContext.OperationName, "operationName is optional")
	_, ok = anon.Header("authorization")
	assert.False(t, ok)
}

func TestAuthorizerMasks(t *testing.T) {
	e := sourcetest.Decode[appsync.AuthorizerEvent](t, []byte(`{"authorizationToken":"CANARY-1",
	  "requestContext":{"apiId":"a","queryString":"{ x }"},"requestHeaders":{"AUTHORIZATION":"CANARY-2","x-api-key":"CANARY-3","host":"h"}}`))
	for _, opts := range [][]printer.Option{nil, {printer.WithoutDefaultMasks()}} {
		out := sourcetest.Print(t, e, opts...)
		assert.NotContains(t, out, "CANARY")
		assert.Contains(t, out, `"host": "h"`)
	}
}

func TestAuthorizerResponse(t *testing.T) {
	tests := []struct {
		name string
		r    func(t *testing.T) *appsync.AuthorizerResponse
		want string
	}{
		{"deny", func(*testing.T) *appsync.AuthorizerResponse { return appsync.Deny() }, `{"isAuthorized":false}`},
		{"allow", func(*testing.T) *appsync.AuthorizerResponse { return appsync.Allow() }, `{"isAuthorized":true}`},
		{"ttl 0 kept", func(t *testing.T) *appsync.AuthorizerResponse {
			r := appsync.Allow()
			require.NoError(t, r.SetTTL(0))
			return r
		}, `{"isAuthorized":true,"ttlOverride":0}`},
		{"everything", func(t *testing.T) *appsync.AuthorizerResponse {
			r := appsync.Allow().WithContext("name", "Foo Man").WithContext("balance", 100)
			require.NoError(t, r.DenyFields("Mutation.createEvent"))
			require.NoError(t, r.SetTTL(15*time.Second))
			return r
		}, `{"isAuthorized":true,"resolverContext":{"name":"Foo Man","balance":100},"deniedFields":["Mutation.createEvent"],"ttlOverride":15}`},
		{"empty context and fields left out", func(*testing.T) *appsync.AuthorizerResponse {
			return &appsync.AuthorizerResponse{IsAuthorized: true, ResolverContext: map[string]any{}, DeniedFields: []string{}}
		}, `{"isAuthorized":true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := json.Marshal(tt.r(t))
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, string(out))
		})
	}
	// The reference sample of a response is what the builder writes.
	r := appsync.Allow().WithContext("name", "Foo Man").WithContext("balance", 100)
	require.NoError(t, r.DenyFields("Mutation.createEvent"))
	require.NoError(t, r.SetTTL(15*time.Second))
	out, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, string(sourcetest.Reference(t, "appSyncAuthorizerResponse.json")), string(out))
}

func TestAuthorizerResponseRefusesBadInput(t *testing.T) {
	r := appsync.Allow()
	assert.Error(t, r.SetTTL(-time.Second))
	assert.Error(t, r.SetTTL(1500*time.Millisecond), "whole seconds")
	assert.Nil(t, r.TTLOverride)
	for _, f := range []string{
		"Query.getPost",
		"arn:aws:appsync:us-east-1:111122223333:apis/GraphQLApiId/types/Query/fields/getPost",
		"arn:aws-cn:appsync:cn-north-1:111122223333:apis/abc/types/Mutation/fields/createEvent",
	} {
		assert.NoError(t, r.DenyFields(f), f)
	}
	for _, f := range []string{
		"", "Query", ".getPost", "Query.", "Query.getPost.id",
		"arn:aws:appsync:us-east-1:1:apis/abc/types/Query",
		"arn:aws:lambda:us-east-1:1:apis/abc/types/Query/fields/x",
		"arn:aws:appsync:us-east-1:1:apis//types/Query/fields/x",
		"arn:bad",
	} {
		assert.Error(t, r.DenyFields(f), "%q", f)
	}
	assert.Len(t, r.DeniedFields, 3, "refused fields are not added")
}
