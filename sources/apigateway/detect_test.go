package apigateway_test

import (
	"testing"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// websocketAuthorizer is the source of a $connect authorizer's input; the
// tests accept it unknown where it is not registered.
const websocketAuthorizer = "aws.apigateway.authorizer.websocket"

func TestRulesOnNearMisses(t *testing.T) {
	tests := []struct{ name, event, want string }{
		{"rest minimal", `{"resource":"/a","path":"/a","httpMethod":"GET","requestContext":{}}`, "aws.apigateway.rest"},
		{"rest with version 1.0", `{"version":"1.0","resource":"/a","path":"/a","httpMethod":"GET","requestContext":{}}`, "aws.apigateway.rest"},
		{"rest authorizer REQUEST", `{"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:1:a/b/GET/","resource":"/a","path":"/a","httpMethod":"GET","requestContext":{}}`, "aws.apigateway.authorizer.request"},
		{"methodArn alone", `{"methodArn":"x","resource":"/a","path":"/a","httpMethod":"GET","requestContext":{}}`, ""},
		{"alb", `{"requestContext":{"elb":{"targetGroupArn":"x"}},"httpMethod":"GET","path":"/","headers":{}}`, ""},
		{"no requestContext", `{"resource":"/a","path":"/a","httpMethod":"GET"}`, ""},
		{"http minimal", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, "aws.apigateway.http"},
		{"http lambda-url domain without lambdaurl linked", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{"domainName":"x.lambda-url.eu-west-1.on.aws","http":{"method":"GET"}}}`, "aws.apigateway.http"},
		{"http without routeKey (function URLs may omit it)", `{"version":"2.0","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, "aws.apigateway.http"},
		{"version 1.0 with 2.0 keys", `{"version":"1.0","routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, ""},
		{"http authorizer v2", `{"version":"2.0","type":"REQUEST","routeArn":"arn:x","identitySource":["a"],"routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, "aws.apigateway.authorizer.http"},
		{"http authorizer v2 without routeArn", `{"version":"2.0","type":"REQUEST","routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, ""},
		{"token authorizer", `{"type":"TOKEN","authorizationToken":"t","methodArn":"arn:aws:execute-api:us-east-1:1:a/b/GET/"}`, "aws.apigateway.authorizer.token"},
		{"token authorizer without a token", `{"type":"TOKEN","methodArn":"arn:aws:execute-api:us-east-1:1:a/b/GET/"}`, "aws.apigateway.authorizer.token"},
		{"token without methodArn", `{"type":"TOKEN","authorizationToken":"t"}`, ""},
		{"token type with a routeArn", `{"type":"TOKEN","routeArn":"arn:aws:execute-api:us-east-1:1:a/b/GET/"}`, ""},
		{"request authorizer, REST minimal", `{"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:1:a/b/GET/x"}`, "aws.apigateway.authorizer.request"},
		{"request authorizer, null maps", `{"type":"REQUEST","methodArn":"m","resource":"/","path":"/","httpMethod":"GET","headers":null,"queryStringParameters":null,"pathParameters":null,"stageVariables":null,"requestContext":{"stage":"p"}}`, "aws.apigateway.authorizer.request"},
		{"request authorizer, HTTP API payload 1.0", `{"version":"1.0","type":"REQUEST","methodArn":"m","identitySource":"a","authorizationToken":"a","requestContext":{}}`, "aws.apigateway.authorizer.request"},
		{"websocket $connect authorizer", `{"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:1:a/p/$connect","requestContext":{"connectionId":"c","eventType":"CONNECT"}}`, websocketAuthorizer},
		{"request type without an ARN", `{"type":"REQUEST","headers":{}}`, ""},
		{"http authorizer v2 without identity source, cookies, headers, query", `{"version":"2.0","type":"REQUEST","routeArn":"arn:aws:execute-api:us-east-1:1:a/$default/$default","routeKey":"$default","rawPath":"/","rawQueryString":"","requestContext":{"http":{"method":"GET"}}}`, "aws.apigateway.authorizer.http"},
		{"http authorizer v2 with a methodArn", `{"version":"2.0","type":"REQUEST","routeArn":"r","methodArn":"m"}`, "aws.apigateway.authorizer.request"},
		{"http authorizer, version 1.0 with a routeArn", `{"version":"1.0","type":"REQUEST","routeArn":"r"}`, ""},
		{"authorizer policy response", `{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:1:a/b/GET/"}]},"context":{"type":"TOKEN"}}`, ""},
		{"simple response", `{"isAuthorized":true,"context":{"methodArn":"m"}}`, ""},
		{"vpc lattice v2", `{"version":"2.0","path":"/","method":"GET","headers":{},"requestContext":{"serviceArn":"x"}}`, ""},
		{"no http object", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{}}`, ""},
	}
	for _, tt := range tests {
		sourcetest.Detects(t, registry.Default, tt.name, tt.event, tt.want)
	}
}
