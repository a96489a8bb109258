package apigateway_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

var restSamples = []string{
	"apiGatewayProxyEvent.json", "apiGatewayProxyEventAnotherPath.json", "apiGatewayProxyEventNoOrigin.json",
	"apiGatewayProxyEventPathTrailingSlash.json", "apiGatewayProxyEventPrincipalId.json",
	"apiGatewayProxyEvent_noVersionAuth.json", "apiGatewayProxyOtherEvent.json",
	"apigatewayeSchemaMiddlwareInvalidEvent.json", "apigatewayeSchemaMiddlwareValidEvent.json",
}

var httpSamples = []string{
	"apiGatewayProxyV2Event.json", "apiGatewayProxyV2EventPathTrailingSlash.json", "apiGatewayProxyV2Event_GET.json",
	"apiGatewayProxyV2IamEvent.json", "apiGatewayProxyV2LambdaAuthorizerEvent.json", "apiGatewayProxyV2OtherGetEvent.json",
	"apiGatewayProxyV2SchemaMiddlwareInvalidEvent.json", "apiGatewayProxyV2SchemaMiddlwareValidEvent.json",
}

// expected names the source each reference sample must be detected as in
// this test binary, which links only sources/apigateway: "" means unknown.
// Function URL events have the payload 2.0 shape, so without
// sources/lambdaurl (which refines the rule) they are HTTP API events; the
// lambdaurl tests check they become aws.lambda.url.
func expected(name string) string {
	switch {
	case strings.HasPrefix(name, "apiGatewayProxyV2"), strings.HasPrefix(name, "lambdaFunctionUrl"):
		return "aws.apigateway.http"
	case strings.HasPrefix(name, "apiGatewayProxyEvent"), strings.HasPrefix(name, "apiGatewayProxyOtherEvent"),
		strings.HasPrefix(name, "apigatewaye"):
		return "aws.apigateway.rest"
	}
	return ""
}

// TestEveryReferenceSample runs detection on every reference sample: the
// REST and HTTP samples are claimed, no other sample (WebSocket, Lambda
// authorizers of every kind, ALB, VPC Lattice, Bedrock agents, AppSync...)
// is.
func TestEveryReferenceSample(t *testing.T) {
	names, err := filepath.Glob(filepath.Join(sourcetest.ReferenceDir(t), "*.json"))
	require.NoError(t, err)
	require.Greater(t, len(names), 100)
	claimed := map[string]int{}
	for _, path := range names {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			require.NoError(t, err)
			want := expected(name)
			got, err := registry.Default.Detect(raw)
			m, isObject := sourcetest.DecodeUseNumber(t, raw).(map[string]any)
			if want == "" {
				assert.ErrorIs(t, err, registry.ErrUnknownSource, "detected as %q", got)
				if isObject {
					_, err := registry.Default.DetectMap(m)
					assert.ErrorIs(t, err, registry.ErrUnknownSource)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, want, got)
			require.True(t, isObject)
			fromMap, err := registry.Default.DetectMap(m)
			require.NoError(t, err)
			assert.Equal(t, want, fromMap)
			claimed[want]++
		})
	}
	assert.Equal(t, map[string]int{"aws.apigateway.rest": len(restSamples), "aws.apigateway.http": len(httpSamples) + 4}, claimed)
}

func TestRulesOnNearMisses(t *testing.T) {
	tests := []struct {
		name, event, want string
	}{
		{"rest minimal", `{"resource":"/a","path":"/a","httpMethod":"GET","requestContext":{}}`, "aws.apigateway.rest"},
		{"rest with version 1.0", `{"version":"1.0","resource":"/a","path":"/a","httpMethod":"GET","requestContext":{}}`, "aws.apigateway.rest"},
		{"rest authorizer REQUEST", `{"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:1:a/b/GET/","resource":"/a","path":"/a","httpMethod":"GET","requestContext":{}}`, ""},
		{"methodArn alone", `{"methodArn":"x","resource":"/a","path":"/a","httpMethod":"GET","requestContext":{}}`, ""},
		{"alb", `{"requestContext":{"elb":{"targetGroupArn":"x"}},"httpMethod":"GET","path":"/","headers":{}}`, ""},
		{"no requestContext", `{"resource":"/a","path":"/a","httpMethod":"GET"}`, ""},
		{"http minimal", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, "aws.apigateway.http"},
		{"http lambda-url domain without lambdaurl linked", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{"domainName":"x.lambda-url.eu-west-1.on.aws","http":{"method":"GET"}}}`, "aws.apigateway.http"},
		{"version 1.0 with 2.0 keys", `{"version":"1.0","routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, ""},
		{"http authorizer v2", `{"version":"2.0","type":"REQUEST","routeArn":"arn:x","identitySource":["a"],"routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, ""},
		{"http authorizer v2 without routeArn", `{"version":"2.0","type":"REQUEST","routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET"}}}`, ""},
		{"vpc lattice v2", `{"version":"2.0","path":"/","method":"GET","headers":{},"requestContext":{"serviceArn":"x"}}`, ""},
		{"no http object", `{"version":"2.0","routeKey":"$default","rawPath":"/","requestContext":{}}`, ""},
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

func TestPayloads(t *testing.T) {
	for id, samples := range map[string][]string{"aws.apigateway.rest": restSamples, "aws.apigateway.http": httpSamples} {
		payloads := sourcetest.Payloads(t, id, samples...)
		for _, name := range sourcetest.Sorted(payloads) {
			t.Run(id+"/"+name, func(t *testing.T) {
				v := sourcetest.Check(t, registry.Default, id, payloads[name])
				switch e := v.(type) {
				case *apigateway.RESTEvent:
					assert.Equal(t, "aws.apigateway.rest", id)
					assert.NotEmpty(t, e.HTTPMethod)
					assert.NotEmpty(t, e.RequestContext.RequestID)
				case *apigateway.HTTPEvent:
					assert.Equal(t, "aws.apigateway.http", id)
					assert.Equal(t, "2.0", e.Version)
					assert.NotEmpty(t, e.Method())
				default:
					t.Fatalf("decoded %T", v)
				}
			})
		}
	}
}
