package apigateway_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/apigateway"
)

func TestParseMethodARN(t *testing.T) {
	tests := []struct {
		arn      string
		want     apigateway.MethodARN
		routeKey string
	}{
		{
			"arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request",
			apigateway.MethodARN{Partition: "aws", Region: "us-east-1", AccountID: "123456789012", APIID: "abcdef123", Stage: "test", Verb: "GET", Resource: "request"},
			"GET /request",
		},
		{
			// The reference keeps only a fourth segment: this resource
			// came back "".
			"arn:aws:execute-api:eu-west-1:111122223333:k3x9abcd12/prod/POST/orders/42/items",
			apigateway.MethodARN{Partition: "aws", Region: "eu-west-1", AccountID: "111122223333", APIID: "k3x9abcd12", Stage: "prod", Verb: "POST", Resource: "orders/42/items"},
			"POST /orders/42/items",
		},
		{
			// Console test invocation: any stage, the root resource.
			"arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/",
			apigateway.MethodARN{Partition: "aws", Region: "us-west-2", AccountID: "123456789012", APIID: "ymy8tbxw7b", Stage: "*", Verb: "GET"},
			"GET /",
		},
		{
			// The partition is kept (the reference hard-codes "aws").
			"arn:aws-cn:execute-api:cn-north-1:210987654321:q1w2e3r4t5/v1/GET/health",
			apigateway.MethodARN{Partition: "aws-cn", Region: "cn-north-1", AccountID: "210987654321", APIID: "q1w2e3r4t5", Stage: "v1", Verb: "GET", Resource: "health"},
			"GET /health",
		},
		{
			"arn:aws-us-gov:execute-api:us-gov-west-1:1:a/b/*/pets/*",
			apigateway.MethodARN{Partition: "aws-us-gov", Region: "us-gov-west-1", AccountID: "1", APIID: "a", Stage: "b", Verb: "*", Resource: "pets/*"},
			"* /pets/*",
		},
		{
			// WebSocket $connect: a route key, no verb (the reference
			// gives http_method "$connect" and resource "").
			"arn:aws:execute-api:us-east-1:533568316194:c5jwxq709g/production/$connect",
			apigateway.MethodARN{Partition: "aws", Region: "us-east-1", AccountID: "533568316194", APIID: "c5jwxq709g", Stage: "production", Resource: "$connect"},
			"$connect",
		},
		{
			// An HTTP API's $default route.
			"arn:aws:execute-api:eu-central-1:444455556666:d3fau1tapi/$default/$default",
			apigateway.MethodARN{Partition: "aws", Region: "eu-central-1", AccountID: "444455556666", APIID: "d3fau1tapi", Stage: "$default", Resource: "$default"},
			"$default",
		},
		{
			"arn:aws:execute-api:us-east-1:1:a/$default/ANY/pets",
			apigateway.MethodARN{Partition: "aws", Region: "us-east-1", AccountID: "1", APIID: "a", Stage: "$default", Verb: "ANY", Resource: "pets"},
			"ANY /pets",
		},
		{
			// A custom WebSocket route.
			"arn:aws:execute-api:us-east-1:1:a/prod/sendmessage",
			apigateway.MethodARN{Partition: "aws", Region: "us-east-1", AccountID: "1", APIID: "a", Stage: "prod", Resource: "sendmessage"},
			"sendmessage",
		},
	}
	for _, tt := range tests {
		t.Run(tt.arn, func(t *testing.T) {
			got, err := apigateway.ParseMethodARN(tt.arn)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.arn, got.String(), "reassembled")
			assert.Equal(t, tt.routeKey, got.RouteKey())
			route, err := apigateway.ParseRouteARN(tt.arn)
			require.NoError(t, err)
			assert.Equal(t, got, route)
		})
	}
}

func TestParseMethodARNErrors(t *testing.T) {
	for _, s := range []string{
		"",
		"not an arn",
		"arn:aws:lambda:us-east-1:1:function:f",
		"arn:aws:execute-api:us-east-1:1:a",
		"arn:aws:execute-api:us-east-1:1:a/",
		"arn:aws:execute-api:us-east-1:1:a/prod",
		"arn:aws:execute-api:us-east-1:1:a/prod/",
		"arn:aws:execute-api:us-east-1:1:/prod/GET/x",
		"arn:aws:execute-api:us-east-1:1://GET/x",
	} {
		_, err := apigateway.ParseMethodARN(s)
		assert.ErrorIs(t, err, apigateway.ErrMethodARN, s)
	}
}
