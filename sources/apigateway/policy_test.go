package apigateway_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// tokenEvent decodes the reference TOKEN authorizer sample.
func tokenEvent(t *testing.T) *apigateway.TokenAuthorizerEvent {
	return sourcetest.Decode[apigateway.TokenAuthorizerEvent](t, sourcetest.Reference(t, "apiGatewayAuthorizerTokenEvent.json"))
}

func TestAuthorizerResponsePolicy(t *testing.T) {
	arn, err := tokenEvent(t).ParsedMethodARN()
	require.NoError(t, err)
	r := apigateway.NewAuthorizerResponse("user-42", arn)
	r.Context = map[string]any{"tenant": "acme", "tier": 2, "admin": false, "ratio": 0.5, "n": json.Number("7")}
	r.UsageIdentifierKey = "usage-plan-key"

	require.NoError(t, r.DenyRoute(apigateway.VerbDelete, "/pets/*"))
	require.NoError(t, r.AllowRoute(apigateway.VerbGet, "/pets"))
	require.NoError(t, r.AllowRoute("post", "pets"), "lower-case verbs are normalised (the reference rejects them)")
	require.NoError(t, r.AllowRoute(apigateway.VerbPut, "/pets/1",
		apigateway.Condition{Operator: "IpAddress", Key: "aws:SourceIp", Values: []string{"203.0.113.0/24", "198.51.100.7/32"}},
		apigateway.Condition{Operator: "DateLessThan", Key: "aws:CurrentTime", Values: []string{"2030-01-01T00:00:00Z"}}))
	require.NoError(t, r.AllowRoute(apigateway.VerbGet, "/"))
	require.NoError(t, r.DenyRoute("options", "/admin",
		apigateway.Condition{Operator: "Bool", Key: "aws:SecureTransport", Values: []string{"false"}}))

	const base = "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/"
	want := `{
	  "principalId": "user-42",
	  "policyDocument": {
	    "Version": "2012-10-17",
	    "Statement": [
	      {"Action": "execute-api:Invoke", "Effect": "Allow",
	       "Resource": ["` + base + `GET/pets", "` + base + `POST/pets", "` + base + `GET/"]},
	      {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "` + base + `PUT/pets/1",
	       "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.7/32"]},
	                     "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}},
	      {"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": "` + base + `DELETE/pets/*"},
	      {"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": "` + base + `OPTIONS/admin",
	       "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
	    ]
	  },
	  "context": {"tenant": "acme", "tier": 2, "admin": false, "ratio": 0.5, "n": 7},
	  "usageIdentifierKey": "usage-plan-key"
	}`
	out, err := r.Build()
	require.NoError(t, err)
	assert.JSONEq(t, want, marshal(t, out))
	assert.JSONEq(t, want, marshal(t, r), "the builder marshals to what Build returns")
	assert.JSONEq(t, want, marshal(t, *r), "also when returned by value")
}

// The reference's from_route_arn builds every resource in partition "aws":
// a policy for an API in China or GovCloud never matches.
func TestAuthorizerResponseKeepsPartition(t *testing.T) {
	for _, partition := range []string{"aws-cn", "aws-us-gov", "aws"} {
		methodARN := fmt.Sprintf("arn:%s:execute-api:r-1:123:api/stage/GET/x", partition)
		r, err := apigateway.AuthorizerResponseFor("p", methodARN)
		require.NoError(t, err)
		require.NoError(t, r.AllowAllRoutes(apigateway.VerbAll))
		out, err := r.Build()
		require.NoError(t, err)
		assert.Equal(t, apigateway.StringOrList{"arn:" + partition + ":execute-api:r-1:123:api/stage/*/*"}, out.PolicyDocument.Statement[0].Resource)
	}
	_, err := apigateway.AuthorizerResponseFor("p", "arn:aws:lambda:r:1:function:f")
	assert.ErrorIs(t, err, apigateway.ErrMethodARN)

	// An ARN written by hand without a partition is in "aws".
	r := apigateway.NewAuthorizerResponse("p", apigateway.MethodARN{Region: "eu-west-1", AccountID: "1", APIID: "a", Stage: "s"})
	require.NoError(t, r.DenyAllRoutes(apigateway.VerbGet))
	assert.JSONEq(t, `{"principalId":"p","policyDocument":{"Version":"2012-10-17","Statement":[
		{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"arn:aws:execute-api:eu-west-1:1:a/s/GET/*"}]}}`, marshal(t, r))
}

// The reference writes the literal verb ALL into the ARN ("…/s/ALL/a"),
// which matches no method.
func TestAuthorizerResponseVerbs(t *testing.T) {
	tests := []struct {
		verb apigateway.HTTPVerb
		want string
	}{
		{"ALL", "*"}, {"all", "*"}, {"*", "*"}, {"ANY", "*"}, {"get", "GET"}, {"Post", "POST"},
		{"put", "PUT"}, {"patch", "PATCH"}, {"head", "HEAD"}, {"delete", "DELETE"}, {"options", "OPTIONS"},
	}
	for _, tt := range tests {
		r := apigateway.NewAuthorizerResponse("p", apigateway.MethodARN{Partition: "aws", Region: "r", AccountID: "1", APIID: "a", Stage: "s"})
		require.NoError(t, r.AllowRoute(tt.verb, "/a"), tt.verb)
		out, err := r.Build()
		require.NoError(t, err)
		assert.Equal(t, apigateway.StringOrList{"arn:aws:execute-api:r:1:a/s/" + tt.want + "/a"}, out.PolicyDocument.Statement[0].Resource, tt.verb)
	}
}

func TestAuthorizerResponseErrors(t *testing.T) {
	api := apigateway.MethodARN{Partition: "aws", Region: "r", AccountID: "1", APIID: "a", Stage: "s"}
	r := apigateway.NewAuthorizerResponse("p", api)
	for _, verb := range []apigateway.HTTPVerb{"", "FETCH", "GET ", "CONNECT"} {
		assert.Error(t, r.AllowRoute(verb, "/a"), "verb %q", verb)
	}
	for _, resource := range []string{"", "/pets?id=1", "/a b", "/a#frag", "/caf\u00e9", "/a\tb"} {
		assert.Error(t, r.AllowRoute(apigateway.VerbGet, resource), "resource %q", resource)
	}
	for _, c := range []apigateway.Condition{
		{Key: "aws:SourceIp", Values: []string{"x"}},
		{Operator: "IpAddress", Values: []string{"x"}},
		{Operator: "IpAddress", Key: "aws:SourceIp"},
	} {
		assert.Error(t, r.AllowRoute(apigateway.VerbGet, "/a", c), "%+v", c)
	}
	dup := apigateway.Condition{Operator: "StringEquals", Key: "aws:PrincipalTag/team", Values: []string{"a"}}
	assert.Error(t, r.DenyRoute(apigateway.VerbGet, "/a", dup, dup), "one operator and key twice")

	_, err := r.Build()
	assert.Error(t, err, "nothing added: no routes")
	_, err = json.Marshal(r)
	assert.Error(t, err, "marshalling fails as Build does")

	require.NoError(t, r.AllowRoute(apigateway.VerbGet, "/a"))
	_, err = r.Build()
	require.NoError(t, err)

	// Context values API Gateway rejects (aws-lambda-go#480).
	for _, v := range []any{map[string]any{"a": 1}, []any{"a"}, []string{"a"}, nil, struct{}{}} {
		r.Context = map[string]any{"k": v}
		_, err = r.Build()
		assert.Error(t, err, "%T", v)
		r.AnyContext = true
		_, err = r.Build()
		assert.NoError(t, err, "any JSON with AnyContext: %T", v)
		r.AnyContext = false
	}
	type level string
	r.Context = map[string]any{"s": "x", "b": true, "i": int8(1), "u": uint64(2), "f": float32(1.5), "named": level("gold")}
	_, err = r.Build()
	assert.NoError(t, err)

	for _, api := range []apigateway.MethodARN{
		{Region: "", AccountID: "1", APIID: "a", Stage: "s"},
		{Region: "r", AccountID: "", APIID: "a", Stage: "s"},
		{Region: "r", AccountID: "1", APIID: "", Stage: "s"},
		{Region: "r", AccountID: "1", APIID: "a", Stage: ""},
	} {
		r := apigateway.NewAuthorizerResponse("p", api)
		require.NoError(t, r.AllowAllRoutes(apigateway.VerbAll))
		_, err := r.Build()
		assert.Error(t, err, "%+v", api)
	}
}

// Only conditional routes: no statement with an empty Resource (the
// blueprint the reference grew from wrote one, which IAM rejects).
func TestAuthorizerResponseOnlyConditional(t *testing.T) {
	r := apigateway.NewAuthorizerResponse("p", apigateway.MethodARN{Region: "r", AccountID: "1", APIID: "a", Stage: "s"})
	require.NoError(t, r.AllowRoute(apigateway.VerbGet, "/a", apigateway.Condition{Operator: "IpAddress", Key: "aws:SourceIp", Values: []string{"192.0.2.0/24"}}))
	assert.JSONEq(t, `{"principalId":"p","policyDocument":{"Version":"2012-10-17","Statement":[
		{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:r:1:a/s/GET/a",
		 "Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}}`, marshal(t, r))
}

func TestWebSocketAuthorizerResponse(t *testing.T) {
	raw := sourcetest.Reference(t, "apiGatewayAuthorizerWebSocketEvent.json")
	var in struct {
		MethodArn string `json:"methodArn"`
	}
	require.NoError(t, json.Unmarshal(raw, &in))
	arn, err := apigateway.ParseMethodARN(in.MethodArn)
	require.NoError(t, err)

	r := apigateway.NewWebSocketAuthorizerResponse("leo", arn)
	r.Context = map[string]any{"user": "leo", "level": 3}
	require.NoError(t, r.AllowRoute("/$connect"), "a leading / is dropped")
	require.NoError(t, r.AllowRoute("sendmessage", apigateway.Condition{Operator: "IpAddress", Key: "aws:SourceIp", Values: []string{"93.108.161.0/24"}}))
	require.NoError(t, r.DenyRoute("$disconnect"))
	const base = "arn:aws:execute-api:us-east-1:533568316194:c5jwxq709g/production/"
	assert.JSONEq(t, `{"principalId":"leo","policyDocument":{"Version":"2012-10-17","Statement":[
		{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"`+base+`$connect"},
		{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"`+base+`sendmessage",
		 "Condition":{"IpAddress":{"aws:SourceIp":"93.108.161.0/24"}}},
		{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"`+base+`$disconnect"}]},
		"context":{"user":"leo","level":3}}`, marshal(t, r))

	all := apigateway.NewWebSocketAuthorizerResponse("leo", arn)
	require.NoError(t, all.AllowAllRoutes())
	require.NoError(t, all.DenyAllRoutes())
	out, err := all.Build()
	require.NoError(t, err)
	assert.Equal(t, apigateway.StringOrList{base + "*"}, out.PolicyDocument.Statement[0].Resource)
	assert.Equal(t, "Deny", out.PolicyDocument.Statement[1].Effect)

	assert.Error(t, all.AllowRoute(""))
	assert.Error(t, all.AllowRoute("a b"))
	all.Context = map[string]any{"nested": map[string]any{}}
	_, err = all.Build()
	assert.Error(t, err, "WebSocket APIs take primitive context values only")
	_, err = json.Marshal(apigateway.NewWebSocketAuthorizerResponse("p", arn))
	assert.Error(t, err, "no routes")
}

func TestDenyAllResponse(t *testing.T) {
	assert.JSONEq(t, `{"principalId":"deny-all-user","policyDocument":{"Version":"2012-10-17",
		"Statement":[{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"*"}]}}`, marshal(t, apigateway.DenyAllResponse()))
}

func TestSimpleAuthorizerResponse(t *testing.T) {
	assert.JSONEq(t, `{"isAuthorized":false}`, marshal(t, apigateway.SimpleAuthorizerResponse{}))
	assert.JSONEq(t, `{"isAuthorized":true}`, marshal(t, apigateway.SimpleAuthorizerResponse{IsAuthorized: true, Context: map[string]any{}}),
		"an empty context is left out")
	assert.JSONEq(t, `{"isAuthorized":true,"context":{"user":"u","n":1,"ok":true,"list":["a"],"map":{"k":"v"}}}`,
		marshal(t, apigateway.SimpleAuthorizerResponse{IsAuthorized: true, Context: map[string]any{
			"user": "u", "n": 1, "ok": true, "list": []string{"a"}, "map": map[string]string{"k": "v"}}}))
}

func TestErrUnauthorized(t *testing.T) {
	assert.Equal(t, "Unauthorized", apigateway.ErrUnauthorized.Error(), "API Gateway matches the message exactly")
	assert.True(t, errors.Is(apigateway.ErrUnauthorized, apigateway.ErrUnauthorized))
	assert.NotEqual(t, "Unauthorized", fmt.Errorf("check: %w", apigateway.ErrUnauthorized).Error(), "wrapped, it no longer answers 401")
}

func TestStringOrList(t *testing.T) {
	var s apigateway.StringOrList
	require.NoError(t, json.Unmarshal([]byte(`"a"`), &s))
	assert.Equal(t, apigateway.StringOrList{"a"}, s)
	require.NoError(t, json.Unmarshal([]byte(`["a","b"]`), &s))
	assert.Equal(t, apigateway.StringOrList{"a", "b"}, s)
	assert.Error(t, json.Unmarshal([]byte(`1`), &s))
	assert.Error(t, json.Unmarshal([]byte(`[1]`), &s))
	assert.Equal(t, `[]`, marshal(t, apigateway.StringOrList{}))
	assert.Equal(t, `"a"`, marshal(t, apigateway.StringOrList{"a"}))
	assert.Equal(t, `["a","b"]`, marshal(t, apigateway.StringOrList{"a", "b"}))

	// A policy written with either form reads back.
	var out apigateway.AuthorizerOutput
	require.NoError(t, json.Unmarshal([]byte(`{"principalId":"p","policyDocument":{"Version":"2012-10-17","Statement":[
		{"Action":["execute-api:Invoke"],"Effect":"Allow","Resource":"arn:x",
		 "Condition":{"IpAddress":{"aws:SourceIp":["1.2.3.4/32"]}}}]}}`), &out))
	assert.Equal(t, apigateway.StringOrList{"execute-api:Invoke"}, out.PolicyDocument.Statement[0].Action)
	assert.Equal(t, apigateway.StringOrList{"1.2.3.4/32"}, out.PolicyDocument.Statement[0].Condition["IpAddress"]["aws:SourceIp"])
}
