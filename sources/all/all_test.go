package all_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	_ "github.com/evplugin/evplugin/sources/all"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// reference maps every reference sample to the source ID it belongs to, as
// ../shared/SOURCES.md catalogs them; "" is no source at all (a response,
// not an event).
var reference = map[string]string{
	"TransferFamilyAuthorizer.json":                             "aws.transfer.authorizer",
	"activeMQEvent.json":                                        "aws.mq.activemq",
	"albEvent.json":                                             "aws.alb",
	"albEventPathTrailingSlash.json":                            "aws.alb",
	"albMultiValueHeadersEvent.json":                            "aws.alb",
	"albMultiValueQueryStringEvent.json":                        "aws.alb",
	"apiGatewayAuthorizerRequestEvent.json":                     "aws.apigateway.authorizer.request",
	"apiGatewayAuthorizerTokenEvent.json":                       "aws.apigateway.authorizer.token",
	"apiGatewayAuthorizerV2Event.json":                          "aws.apigateway.authorizer.http",
	"apiGatewayAuthorizerWebSocketEvent.json":                   "aws.apigateway.authorizer.websocket",
	"apiGatewayProxyEvent.json":                                 "aws.apigateway.rest",
	"apiGatewayProxyEventAnotherPath.json":                      "aws.apigateway.rest",
	"apiGatewayProxyEventNoOrigin.json":                         "aws.apigateway.rest",
	"apiGatewayProxyEventPathTrailingSlash.json":                "aws.apigateway.rest",
	"apiGatewayProxyEventPrincipalId.json":                      "aws.apigateway.rest",
	"apiGatewayProxyEvent_noVersionAuth.json":                   "aws.apigateway.rest",
	"apiGatewayProxyOtherEvent.json":                            "aws.apigateway.rest",
	"apiGatewayProxyV2Event.json":                               "aws.apigateway.http",
	"apiGatewayProxyV2EventPathTrailingSlash.json":              "aws.apigateway.http",
	"apiGatewayProxyV2Event_GET.json":                           "aws.apigateway.http",
	"apiGatewayProxyV2IamEvent.json":                            "aws.apigateway.http",
	"apiGatewayProxyV2LambdaAuthorizerEvent.json":               "aws.apigateway.http",
	"apiGatewayProxyV2OtherGetEvent.json":                       "aws.apigateway.http",
	"apiGatewayProxyV2SchemaMiddlwareInvalidEvent.json":         "aws.apigateway.http",
	"apiGatewayProxyV2SchemaMiddlwareValidEvent.json":           "aws.apigateway.http",
	"apiGatewayWebSocketApiConnect.json":                        "aws.apigateway.websocket",
	"apiGatewayWebSocketApiDisconnect.json":                     "aws.apigateway.websocket",
	"apiGatewayWebSocketApiMessage.json":                        "aws.apigateway.websocket",
	"apigatewayeSchemaMiddlwareInvalidEvent.json":               "aws.apigateway.rest",
	"apigatewayeSchemaMiddlwareValidEvent.json":                 "aws.apigateway.rest",
	"appSyncAuthorizerEvent.json":                               "aws.appsync.authorizer",
	"appSyncAuthorizerResponse.json":                            "",
	"appSyncBatchEvent.json":                                    "aws.appsync.resolver.batch",
	"appSyncDirectResolver.json":                                "aws.appsync.resolver",
	"appSyncEventsEvent.json":                                   "aws.appsync.events",
	"appSyncResolverEvent.json":                                 "aws.appsync.resolver",
	"awsConfigRuleConfigurationChanged.json":                    "aws.config.rule",
	"awsConfigRuleOversizedConfiguration.json":                  "aws.config.rule",
	"awsConfigRuleScheduled.json":                               "aws.config.rule",
	"bedrockAgentEvent.json":                                    "aws.bedrock.agent",
	"bedrockAgentEventWithPathParams.json":                      "aws.bedrock.agent",
	"bedrockAgentFunctionEvent.json":                            "aws.bedrock.agent.function",
	"bedrockAgentPostEvent.json":                                "aws.bedrock.agent",
	"cloudWatchAlarmEventCompositeMetric.json":                  "aws.cloudwatch.alarm",
	"cloudWatchAlarmEventSingleMetric.json":                     "aws.cloudwatch.alarm",
	"cloudWatchDashboardEvent.json":                             "aws.cloudwatch.widget",
	"cloudWatchLogEvent.json":                                   "aws.cloudwatch.logs",
	"cloudWatchLogEventWithPolicyLevel.json":                    "aws.cloudwatch.logs",
	"cloudformationCustomResourceCreate.json":                   "aws.cloudformation.customresource",
	"cloudformationCustomResourceDelete.json":                   "aws.cloudformation.customresource",
	"cloudformationCustomResourceUpdate.json":                   "aws.cloudformation.customresource",
	"codeDeployLifecycleHookEvent.json":                         "aws.codedeploy.hook",
	"codePipelineEvent.json":                                    "aws.codepipeline.job",
	"codePipelineEventData.json":                                "aws.codepipeline.job",
	"codePipelineEventEmptyUserParameters.json":                 "aws.codepipeline.job",
	"codePipelineEventWithEncryptionKey.json":                   "aws.codepipeline.job",
	"cognitoCreateAuthChallengeEvent.json":                      "aws.cognito.createauthchallenge",
	"cognitoCustomEmailSenderEvent.json":                        "aws.cognito.customemailsender",
	"cognitoCustomMessageEvent.json":                            "aws.cognito.custommessage",
	"cognitoCustomSMSSenderEvent.json":                          "aws.cognito.customsmssender",
	"cognitoDefineAuthChallengeEvent.json":                      "aws.cognito.defineauthchallenge",
	"cognitoPostAuthenticationEvent.json":                       "aws.cognito.postauthentication",
	"cognitoPostConfirmationEvent.json":                         "aws.cognito.postconfirmation",
	"cognitoPreAuthenticationEvent.json":                        "aws.cognito.preauthentication",
	"cognitoPreSignUpEvent.json":                                "aws.cognito.presignup",
	"cognitoPreTokenGenerationEvent.json":                       "aws.cognito.pretokengeneration",
	"cognitoPreTokenV2GenerationEvent.json":                     "aws.cognito.pretokengeneration.v2",
	"cognitoUserMigrationEvent.json":                            "aws.cognito.usermigration",
	"cognitoVerifyAuthChallengeResponseEvent.json":              "aws.cognito.verifyauthchallenge",
	"connectContactFlowEventAll.json":                           "aws.connect.contactflow",
	"connectContactFlowEventMin.json":                           "aws.connect.contactflow",
	"dynamoStreamEvent.json":                                    "aws.dynamodb.stream",
	"eventBridgeEvent.json":                                     "aws.eventbridge",
	"iotRegistryEventsAddOrDeleteFromThingGroupEvent.json":      "aws.iot.registry.thinggrouphierarchy",
	"iotRegistryEventsAddOrRemoveFromThingGroupEvent.json":      "aws.iot.registry.thinggroupmembership",
	"iotRegistryEventsThingEvent.json":                          "aws.iot.registry.thing",
	"iotRegistryEventsThingGroupEvent.json":                     "aws.iot.registry.thinggroup",
	"iotRegistryEventsThingTypeAssociationEvent.json":           "aws.iot.registry.thingtypeassociation",
	"iotRegistryEventsThingTypeEvent.json":                      "aws.iot.registry.thingtype",
	"kafkaEventMsk.json":                                        "aws.kafka.msk",
	"kafkaEventSelfManaged.json":                                "aws.kafka.selfmanaged",
	"kinesisFirehoseKinesisEvent.json":                          "aws.kinesis.firehose",
	"kinesisFirehosePutEvent.json":                              "aws.kinesis.firehose",
	"kinesisFirehoseSQSEvent.json":                              "aws.kinesis.firehose",
	"kinesisStreamCloudWatchLogsEvent.json":                     "aws.kinesis.stream",
	"kinesisStreamEvent.json":                                   "aws.kinesis.stream",
	"kinesisStreamEventOneRecord.json":                          "aws.kinesis.stream",
	"lambdaFunctionUrlEvent.json":                               "aws.lambda.url",
	"lambdaFunctionUrlEventPathTrailingSlash.json":              "aws.lambda.url",
	"lambdaFunctionUrlEventWithHeaders.json":                    "aws.lambda.url",
	"lambdaFunctionUrlIAMEvent.json":                            "aws.lambda.url",
	"rabbitMQEvent.json":                                        "aws.mq.rabbitmq",
	"s3BatchOperationEventSchemaV1.json":                        "aws.s3.batch",
	"s3BatchOperationEventSchemaV2.json":                        "aws.s3.batch",
	"s3Event.json":                                              "aws.s3",
	"s3EventBridgeNotificationObjectCreatedEvent.json":          "aws.s3.eventbridge",
	"s3EventBridgeNotificationObjectDeletedEvent.json":          "aws.s3.eventbridge",
	"s3EventBridgeNotificationObjectExpiredEvent.json":          "aws.s3.eventbridge",
	"s3EventBridgeNotificationObjectRestoreCompletedEvent.json": "aws.s3.eventbridge",
	"s3EventDecodedKey.json":                                    "aws.s3",
	"s3EventDeleteObject.json":                                  "aws.s3",
	"s3EventGlacier.json":                                       "aws.s3",
	"s3ObjectEventIAMUser.json":                                 "aws.s3.objectlambda",
	"s3ObjectEventTempCredentials.json":                         "aws.s3.objectlambda",
	"s3SqsEvent.json":                                           "aws.sqs",
	"secretsManagerEvent.json":                                  "aws.secretsmanager.rotation",
	"sesEvent.json":                                             "aws.ses",
	"snsEvent.json":                                             "aws.sns",
	"snsSqsEvent.json":                                          "aws.sqs",
	"snsSqsFifoEvent.json":                                      "aws.sqs",
	"sqsDlqTriggerEvent.json":                                   "aws.sqs",
	"sqsEvent.json":                                             "aws.sqs",
	"vpcLatticeEvent.json":                                      "aws.vpclattice.v1",
	"vpcLatticeEventPathTrailingSlash.json":                     "aws.vpclattice.v1",
	"vpcLatticeEventV2PathTrailingSlash.json":                   "aws.vpclattice.v2",
	"vpcLatticeV2Event.json":                                    "aws.vpclattice.v2",
	"vpcLatticeV2EventWithHeaders.json":                         "aws.vpclattice.v2",
}

// expected is what detection must say of a reference sample today: its ID
// when that source is registered; otherwise aws.eventbridge for an
// EventBridge-shaped event (until its specific source claims it), or
// unknown ("").
func expected(t *testing.T, name string, raw []byte, registered map[string]bool) string {
	t.Helper()
	id, ok := reference[name]
	require.True(t, ok, "sample %s is not in the table: add it", name)
	if registered[id] {
		return id
	}
	m, isObject := sourcetest.DecodeUseNumber(t, raw).(map[string]any)
	if isObject && registered["aws.eventbridge"] {
		_, s := m["source"]
		_, dt := m["detail-type"]
		_, d := m["detail"]
		if s && dt && d {
			return "aws.eventbridge"
		}
	}
	return ""
}

func registeredIDs() map[string]bool {
	ids := map[string]bool{}
	for _, s := range registry.Default.Sources() {
		ids[s.ID] = true
	}
	return ids
}

// TestReferenceSamples detects every reference sample: each as its own
// source and as no other, unknown where its source does not exist yet.
func TestReferenceSamples(t *testing.T) {
	dir := sourcetest.ReferenceDir(t)
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	require.Len(t, names, len(reference), "reference samples on disk vs the table")
	registered := registeredIDs()
	counts := map[string]int{}
	for _, path := range names {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			require.NoError(t, err)
			want := expected(t, name, raw, registered)
			got, err := registry.Default.Detect(raw)
			if want == "" {
				require.Error(t, err, "claimed as %s", got)
				assert.True(t, errors.Is(err, registry.ErrUnknownSource), "%v", err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, want, got)
			counts[got]++
		})
	}
	for _, id := range slices.Sorted(func(yield func(string) bool) {
		for id := range counts {
			if !yield(id) {
				return
			}
		}
	}) {
		t.Logf("%-28s %d reference samples", id, counts[id])
	}
}

// TestOwnTestdata detects every payload under testdata/events/<id>/ as id,
// for every built-in source; each built-in source has payloads.
func TestOwnTestdata(t *testing.T) {
	root := filepath.Join(sourcetest.Root(t), "testdata", "events")
	registered := registeredIDs()
	for id := range registered {
		t.Run(id, func(t *testing.T) {
			payloads := sourcetest.Testdata(t, id)
			for name, raw := range payloads {
				got, err := registry.Default.Detect(raw)
				require.NoError(t, err, name)
				assert.Equal(t, id, got, name)
			}
		})
	}
	dirs, err := os.ReadDir(root)
	require.NoError(t, err)
	for _, d := range dirs {
		if strings.HasPrefix(d.Name(), "aws.") {
			assert.True(t, registered[d.Name()], "testdata/events/%s names no registered source", d.Name())
		}
	}
}

// TestRoundTripEverything decodes every reference sample of a registered
// source and every testdata payload through the shared checks.
func TestRoundTripEverything(t *testing.T) {
	registered := registeredIDs()
	for name, id := range reference {
		if !registered[id] {
			continue
		}
		t.Run(name, func(t *testing.T) {
			sourcetest.Check(t, registry.Default, id, sourcetest.Reference(t, name))
		})
	}
}
