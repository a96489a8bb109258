package apigateway_test

import (
	"testing"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func TestRulesOnNearMisses(t *testing.T) {
	tests := []struct{ name, event, want string }{
		{"rest minimal", `{"resource":"/a","path":"/a","httpMethod":"GET","requestContext":{}}`, "aws.apigateway.rest"},
		{"rest with version 1.0", `{"version":"1.0","resource":"/a","path":"/a","httpMethod":"GET","requestContext":{}}`, "aws.apigateway.rest"},
		{"rest authorizer REQUEST", `{"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:1:a/b/GET/","resource":"/a","path":"/a","httpMethod":"GET","requestContext":{}}`, ""},
		{"methodArn alone", `{"methodArn":"x","resource":"/a","path":"/a","httpMethod":"GET","requestContext":{}}`, ""},
		{"alb", `{"requestContext":{"elb":{"targetGroupArn":"x"}},"httpMethod":"GET","path":"/","headers":{}}`, ""},
		{"no requestContext", `{"resource":"/a","path":"/a","httpMethod":"GET"}`, ""},
		{"http minimal", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, "aws.apigateway.http"},
		{"http lambda-url domain without lambdaurl linked", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{"domainName":"x.lambda-url.eu-west-1.on.aws","http":{"method":"GET"}}}`, "aws.apigateway.http"},
		{"http without routeKey (function URLs may omit it)", `{"version":"2.0","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, "aws.apigateway.http"},
		{"version 1.0 with 2.0 keys", `{"version":"1.0","routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, ""},
		{"http authorizer v2", `{"version":"2.0","type":"REQUEST","routeArn":"arn:x","identitySource":["a"],"routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, ""},
		{"http authorizer v2 without routeArn", `{"version":"2.0","type":"REQUEST","routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, ""},
		{"vpc lattice v2", `{"version":"2.0","path":"/","method":"GET","headers":{},"requestContext":{"serviceArn":"x"}}`, ""},
		{"no http object", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{}}`, ""},
	}
	for _, tt := range tests {
		sourcetest.Detects(t, registry.Default, tt.name, tt.event, tt.want)
	}
}
