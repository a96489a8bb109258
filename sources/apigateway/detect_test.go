package apigateway_test

import (
	"os"
	"path/filepath"
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

// urlSamples are the Lambda function URL samples. They have the payload 2.0
// shape, so in this test binary, which links only sources/apigateway and not
// sources/lambdaurl (which refines the rule), they are HTTP API events; the
// lambdaurl tests check they become aws.lambda.url.
var urlSamples = []string{
	"lambdaFunctionUrlEvent.json", "lambdaFunctionUrlEventPathTrailingSlash.json",
	"lambdaFunctionUrlEventWithHeaders.json", "lambdaFunctionUrlIAMEvent.json",
}

// own maps each reference sample this test binary claims to the source it
// is detected as: the REST and HTTP samples, and the function URL ones as
// aws.apigateway.http.
func own() map[string]string {
	m := map[string]string{}
	for _, n := range restSamples {
		m[n] = "aws.apigateway.rest"
	}
	for _, n := range httpSamples {
		m[n] = "aws.apigateway.http"
	}
	for _, n := range urlSamples {
		m[n] = "aws.apigateway.http"
	}
	return m
}

// TestEveryReferenceSample runs detection on every reference sample: the
// REST and HTTP samples (and, without sources/lambdaurl, the function URL
// ones) are claimed, no other sample (WebSocket, Lambda authorizers of every
// kind, ALB, VPC Lattice, Bedrock agents, AppSync...) is.
func TestEveryReferenceSample(t *testing.T) {
	sourcetest.ClaimsOnly(t, registry.Default, own())
}

// TestDetectMapOnEveryReferenceSample checks the map path: DetectMap on
// every reference sample decoded to a map claims the same samples as the
// same sources, and leaves every other one unknown.
func TestDetectMapOnEveryReferenceSample(t *testing.T) {
	own := own()
	names, err := filepath.Glob(filepath.Join(sourcetest.ReferenceDir(t), "*.json"))
	require.NoError(t, err)
	require.Greater(t, len(names), 100)
	for _, path := range names {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			require.NoError(t, err)
			want := own[name]
			m, isObject := sourcetest.DecodeUseNumber(t, raw).(map[string]any)
			if !isObject {
				assert.Empty(t, want, "a claimed sample is a JSON object")
				return
			}
			got, err := registry.Default.DetectMap(m)
			if want == "" {
				assert.ErrorIs(t, err, registry.ErrUnknownSource, "detected as %q", got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
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
