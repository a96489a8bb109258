package all_test

import (
	"errors"
	"flag"
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

// row is what the tests know of one source ID.
type row struct {
	// reference lists the reference samples of the source, as
	// ../shared/SOURCES.md catalogs them.
	reference []string
	// refines names the source that claims this one's samples where this
	// one is not registered, or not linked: a more generic rule this one's
	// refines (a function URL event has the HTTP API shape; an S3
	// notification through EventBridge is an EventBridge event).
	refines string
}

// table drives the per-source tests. It has a row for every registered
// source (a new source needs its row, even without reference samples) and
// for every source ID of ../shared/SOURCES.md with reference samples, and
// every reference sample is in exactly one row; "" holds the samples that
// are no event at all (a response). For each registered source, the tests
// check every reference sample of its row and every payload of
// testdata/events/<id>/: detection, lossless round trips on both decode
// paths, and the printed view against testdata/golden/<id>/.
var table = map[string]row{
	"": {reference: []string{"appSyncAuthorizerResponse.json"}},
	"aws.alb": {
		reference: []string{
			"albEvent.json", "albEventPathTrailingSlash.json", "albMultiValueHeadersEvent.json",
			"albMultiValueQueryStringEvent.json",
		},
	},
	"aws.apigateway.authorizer.http":      {reference: []string{"apiGatewayAuthorizerV2Event.json"}},
	"aws.apigateway.authorizer.request":   {reference: []string{"apiGatewayAuthorizerRequestEvent.json"}},
	"aws.apigateway.authorizer.token":     {reference: []string{"apiGatewayAuthorizerTokenEvent.json"}},
	"aws.apigateway.authorizer.websocket": {reference: []string{"apiGatewayAuthorizerWebSocketEvent.json"}},
	"aws.apigateway.http": {
		reference: []string{
			"apiGatewayProxyV2Event.json", "apiGatewayProxyV2EventPathTrailingSlash.json",
			"apiGatewayProxyV2Event_GET.json", "apiGatewayProxyV2IamEvent.json",
			"apiGatewayProxyV2LambdaAuthorizerEvent.json", "apiGatewayProxyV2OtherGetEvent.json",
			"apiGatewayProxyV2SchemaMiddlwareInvalidEvent.json",
			"apiGatewayProxyV2SchemaMiddlwareValidEvent.json",
		},
	},
	"aws.apigateway.rest": {
		reference: []string{
			"apiGatewayProxyEvent.json", "apiGatewayProxyEventAnotherPath.json",
			"apiGatewayProxyEventNoOrigin.json", "apiGatewayProxyEventPathTrailingSlash.json",
			"apiGatewayProxyEventPrincipalId.json", "apiGatewayProxyEvent_noVersionAuth.json",
			"apiGatewayProxyOtherEvent.json", "apigatewayeSchemaMiddlwareInvalidEvent.json",
			"apigatewayeSchemaMiddlwareValidEvent.json",
		},
	},
	"aws.apigateway.websocket": {
		reference: []string{
			"apiGatewayWebSocketApiConnect.json", "apiGatewayWebSocketApiDisconnect.json",
			"apiGatewayWebSocketApiMessage.json",
		},
	},
	"aws.appsync.authorizer":     {reference: []string{"appSyncAuthorizerEvent.json"}},
	"aws.appsync.events":         {reference: []string{"appSyncEventsEvent.json"}},
	"aws.appsync.resolver":       {reference: []string{"appSyncDirectResolver.json", "appSyncResolverEvent.json"}},
	"aws.appsync.resolver.batch": {reference: []string{"appSyncBatchEvent.json"}},
	"aws.bedrock.agent": {
		reference: []string{
			"bedrockAgentEvent.json", "bedrockAgentEventWithPathParams.json", "bedrockAgentPostEvent.json",
		},
	},
	"aws.bedrock.agent.function": {reference: []string{"bedrockAgentFunctionEvent.json"}},
	"aws.cloudformation.customresource": {
		reference: []string{
			"cloudformationCustomResourceCreate.json", "cloudformationCustomResourceDelete.json",
			"cloudformationCustomResourceUpdate.json",
		},
	},
	"aws.cloudwatch.alarm": {
		reference: []string{
			"cloudWatchAlarmEventCompositeMetric.json", "cloudWatchAlarmEventSingleMetric.json",
		},
	},
	"aws.cloudwatch.logs": {
		reference: []string{
			"cloudWatchLogEvent.json", "cloudWatchLogEventWithPolicyLevel.json",
		},
	},
	"aws.cloudwatch.widget": {reference: []string{"cloudWatchDashboardEvent.json"}},
	"aws.codedeploy.hook":   {reference: []string{"codeDeployLifecycleHookEvent.json"}},
	"aws.codepipeline.job": {
		reference: []string{
			"codePipelineEvent.json", "codePipelineEventData.json",
			"codePipelineEventEmptyUserParameters.json", "codePipelineEventWithEncryptionKey.json",
		},
	},
	"aws.cognito.createauthchallenge": {reference: []string{"cognitoCreateAuthChallengeEvent.json"}},
	"aws.cognito.customemailsender":   {reference: []string{"cognitoCustomEmailSenderEvent.json"}},
	"aws.cognito.custommessage":       {reference: []string{"cognitoCustomMessageEvent.json"}},
	// The Powertools SMS sample carries the email sender's request type,
	// which alone makes an event the email sender's.
	"aws.cognito.customsmssender": {
		reference: []string{"cognitoCustomSMSSenderEvent.json"},
		refines:   "aws.cognito.customemailsender",
	},
	"aws.cognito.defineauthchallenge":   {reference: []string{"cognitoDefineAuthChallengeEvent.json"}},
	"aws.cognito.postauthentication":    {reference: []string{"cognitoPostAuthenticationEvent.json"}},
	"aws.cognito.postconfirmation":      {reference: []string{"cognitoPostConfirmationEvent.json"}},
	"aws.cognito.preauthentication":     {reference: []string{"cognitoPreAuthenticationEvent.json"}},
	"aws.cognito.presignup":             {reference: []string{"cognitoPreSignUpEvent.json"}},
	"aws.cognito.pretokengeneration":    {reference: []string{"cognitoPreTokenGenerationEvent.json"}},
	"aws.cognito.pretokengeneration.v2": {reference: []string{"cognitoPreTokenV2GenerationEvent.json"}},
	"aws.cognito.usermigration":         {reference: []string{"cognitoUserMigrationEvent.json"}},
	"aws.cognito.verifyauthchallenge":   {reference: []string{"cognitoVerifyAuthChallengeResponseEvent.json"}},
	"aws.config.rule": {
		reference: []string{
			"awsConfigRuleConfigurationChanged.json", "awsConfigRuleOversizedConfiguration.json",
			"awsConfigRuleScheduled.json",
		},
	},
	"aws.connect.contactflow": {
		reference: []string{
			"connectContactFlowEventAll.json", "connectContactFlowEventMin.json",
		},
	},
	"aws.dynamodb.stream":         {reference: []string{"dynamoStreamEvent.json"}},
	"aws.eventbridge":             {reference: []string{"eventBridgeEvent.json"}},
	"aws.iot.registry.thing":      {reference: []string{"iotRegistryEventsThingEvent.json"}},
	"aws.iot.registry.thinggroup": {reference: []string{"iotRegistryEventsThingGroupEvent.json"}},
	"aws.iot.registry.thinggrouphierarchy": {
		reference: []string{
			"iotRegistryEventsAddOrDeleteFromThingGroupEvent.json",
		},
	},
	"aws.iot.registry.thinggroupmembership": {
		reference: []string{
			"iotRegistryEventsAddOrRemoveFromThingGroupEvent.json",
		},
	},
	"aws.iot.registry.thingtype": {reference: []string{"iotRegistryEventsThingTypeEvent.json"}},
	"aws.iot.registry.thingtypeassociation": {
		reference: []string{
			"iotRegistryEventsThingTypeAssociationEvent.json",
		},
	},
	"aws.kafka.msk":         {reference: []string{"kafkaEventMsk.json"}},
	"aws.kafka.selfmanaged": {reference: []string{"kafkaEventSelfManaged.json"}},
	"aws.kinesis.firehose": {
		reference: []string{
			"kinesisFirehoseKinesisEvent.json", "kinesisFirehosePutEvent.json",
			"kinesisFirehoseSQSEvent.json",
		},
	},
	"aws.kinesis.stream": {
		reference: []string{
			"kinesisStreamCloudWatchLogsEvent.json", "kinesisStreamEvent.json",
			"kinesisStreamEventOneRecord.json",
		},
	},
	"aws.lambda.url": {
		reference: []string{
			"lambdaFunctionUrlEvent.json", "lambdaFunctionUrlEventPathTrailingSlash.json",
			"lambdaFunctionUrlEventWithHeaders.json", "lambdaFunctionUrlIAMEvent.json",
		},
		refines: "aws.apigateway.http",
	},
	"aws.mq.activemq": {reference: []string{"activeMQEvent.json"}},
	"aws.mq.rabbitmq": {reference: []string{"rabbitMQEvent.json"}},
	"aws.s3": {
		reference: []string{
			"s3Event.json", "s3EventDecodedKey.json", "s3EventDeleteObject.json", "s3EventGlacier.json",
		},
	},
	"aws.s3.batch": {
		reference: []string{
			"s3BatchOperationEventSchemaV1.json", "s3BatchOperationEventSchemaV2.json",
		},
	},
	"aws.s3.eventbridge": {
		reference: []string{
			"s3EventBridgeNotificationObjectCreatedEvent.json",
			"s3EventBridgeNotificationObjectDeletedEvent.json",
			"s3EventBridgeNotificationObjectExpiredEvent.json",
			"s3EventBridgeNotificationObjectRestoreCompletedEvent.json",
		},
		refines: "aws.eventbridge",
	},
	"aws.s3.objectlambda": {
		reference: []string{
			"s3ObjectEventIAMUser.json", "s3ObjectEventTempCredentials.json",
		},
	},
	"aws.s3.test":                 {},
	"aws.secretsmanager.rotation": {reference: []string{"secretsManagerEvent.json"}},
	"aws.ses":                     {reference: []string{"sesEvent.json"}},
	"aws.sns":                     {reference: []string{"snsEvent.json"}},
	"aws.sns.envelope":            {},
	"aws.sqs": {
		reference: []string{
			"s3SqsEvent.json", "snsSqsEvent.json", "snsSqsFifoEvent.json", "sqsDlqTriggerEvent.json",
			"sqsEvent.json",
		},
	},
	"aws.transfer.authorizer": {reference: []string{"TransferFamilyAuthorizer.json"}},
	"aws.vpclattice.v1":       {reference: []string{"vpcLatticeEvent.json", "vpcLatticeEventPathTrailingSlash.json"}},
	"aws.vpclattice.v2": {
		reference: []string{
			"vpcLatticeEventV2PathTrailingSlash.json", "vpcLatticeV2Event.json",
			"vpcLatticeV2EventWithHeaders.json",
		},
	},
}

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func registeredIDs() []string {
	var ids []string
	for _, s := range registry.Default.Sources() {
		ids = append(ids, s.ID)
	}
	slices.Sort(ids)
	return ids
}

// TestTable checks the table against the reference samples on disk, the
// registered sources and the folders of testdata/events.
func TestTable(t *testing.T) {
	names, err := filepath.Glob(filepath.Join(sourcetest.ReferenceDir(t), "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, names)
	onDisk := map[string]bool{}
	for _, n := range names {
		onDisk[filepath.Base(n)] = true
	}
	inRow := map[string]string{}
	for id, r := range table {
		for _, n := range r.reference {
			assert.True(t, onDisk[n], "row %q: no reference sample %s", id, n)
			if other, dup := inRow[n]; dup {
				t.Errorf("%s is in rows %q and %q", n, other, id)
			}
			inRow[n] = id
		}
		if r.refines != "" {
			assert.Contains(t, table, r.refines, "row %q refines a source with no row", id)
		}
	}
	for n := range onDisk {
		assert.Contains(t, inRow, n, "reference sample %s is in no row of the table: add it", n)
	}
	registered := registeredIDs()
	for _, id := range registered {
		assert.Contains(t, table, id, "registered source %s has no row in the table: add one", id)
	}
	dirs, err := os.ReadDir(filepath.Join(sourcetest.Root(t), "testdata", "events"))
	require.NoError(t, err)
	for _, d := range dirs {
		if strings.HasPrefix(d.Name(), "aws.") {
			assert.Contains(t, registered, d.Name(), "testdata/events/%s names no registered source", d.Name())
		}
	}
}

// expected is the source detection names for a reference sample of row id
// when the sources registered are those of has: id itself, or else the
// nearest source it refines that is registered; "" for none.
func expected(id string, has func(string) bool) string {
	for ; id != ""; id = table[id].refines {
		if has(id) {
			return id
		}
	}
	return ""
}

// assertDetects detects every reference sample with reg, from bytes and
// from a map, and asserts that it is the source expected of its row, or
// unknown.
func assertDetects(t *testing.T, reg *registry.Registry, has func(string) bool) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for id, r := range table {
		want := expected(id, has)
		for _, name := range r.reference {
			raw := sourcetest.Reference(t, name)
			got, err := reg.Detect(raw)
			if want == "" {
				assert.True(t, errors.Is(err, registry.ErrUnknownSource), "%s: detected as %q (%v), want unknown", name, got, err)
			} else if assert.NoError(t, err, name) {
				assert.Equal(t, want, got, name)
				counts[got]++
			}
			m, isObject := sourcetest.DecodeUseNumber(t, raw).(map[string]any)
			if !isObject {
				// A batch is a top-level array, which DetectMap (objects
				// only) cannot be asked about.
				_, isArray := sourcetest.DecodeUseNumber(t, raw).([]any)
				assert.True(t, want == "" || isArray, "%s: a claimed sample is a JSON object or array", name)
				continue
			}
			fromMap, err := reg.DetectMap(m)
			if want == "" {
				assert.True(t, errors.Is(err, registry.ErrUnknownSource), "%s: DetectMap says %q (%v), want unknown", name, fromMap, err)
			} else if assert.NoError(t, err, name) {
				assert.Equal(t, want, fromMap, "%s: DetectMap", name)
			}
		}
	}
	return counts
}

// TestReferenceSamples detects every reference sample with every built-in
// source registered: each as its own source and as no other, as the source
// its row refines or unknown where its own does not exist yet.
func TestReferenceSamples(t *testing.T) {
	registered := registeredIDs()
	counts := assertDetects(t, registry.Default, func(id string) bool { return slices.Contains(registered, id) })
	for _, id := range registered {
		t.Logf("%-28s %d reference samples", id, counts[id])
	}
}

// TestEachSourceAlone detects every reference sample with one source
// registered, as in a handler that links one source package: it claims its
// own samples and those of the sources refining it, and no other.
func TestEachSourceAlone(t *testing.T) {
	for _, s := range registry.Default.Sources() {
		t.Run(s.ID, func(t *testing.T) {
			reg := registry.New()
			require.NoError(t, reg.Register(s))
			assertDetects(t, reg, func(id string) bool { return id == s.ID })
		})
	}
}

// TestSources runs the checks of sourcetest.Check on every payload of every
// registered source: the reference samples of its row and its own
// testdata/events/<id>/*.json. It compares the printed view of each own
// payload with testdata/golden/<id>/<name>.txt (not of the reference
// samples, which stay outside the repository, printed views included).
// Run `go test ./sources/all -run TestSources -update` to accept a change
// to a view, then read the diff.
func TestSources(t *testing.T) {
	golden := map[string]bool{}
	for _, id := range registeredIDs() {
		payloads := sourcetest.Payloads(t, id, table[id].reference...)
		for _, name := range sourcetest.Sorted(payloads) {
			own, isOwn := strings.CutPrefix(name, "testdata/")
			path := filepath.Join("testdata", "golden", id, strings.TrimSuffix(own, ".json")+".txt")
			if isOwn {
				golden[path] = true
			}
			t.Run(id+"/"+name, func(t *testing.T) {
				v := sourcetest.Check(t, registry.Default, id, payloads[name])
				if isOwn {
					assertGolden(t, path, sourcetest.Print(t, v))
				}
			})
		}
	}
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*", "*"))
	require.NoError(t, err)
	for _, f := range files {
		if golden[f] {
			continue
		}
		if *update {
			require.NoError(t, os.RemoveAll(f))
			continue
		}
		t.Errorf("stale golden file %s: its payload is gone (go test ./sources/all -run TestSources -update removes it)", f)
	}
}

// assertGolden compares got with the golden file at path, or with -update
// writes it.
func assertGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no golden file: run go test ./sources/all -run TestSources -update")
	assert.Equal(t, string(want), got)
}
