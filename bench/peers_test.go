package bench

import (
	stdjson "encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	goccy "github.com/goccy/go-json"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/registry"
)

// A peer is a typed JSON decoder compared with evplugin on aws-lambda-go's
// own samples (events/testdata of its module), unmarshalling into
// aws-lambda-go's types with its default options. Neither detects the
// source nor keeps unknown members.
type peer struct {
	name      string
	unmarshal func([]byte, any) error
}

// peers are the decoders of BenchmarkPeers besides evplugin's;
// peers_sonic_*.go adds bytedance/sonic where it runs natively.
var peers = []peer{
	{"baseline", stdjson.Unmarshal},
	{"goccy", goccy.Unmarshal},
}

// sonicMissing, if set, is why sonic is not among the peers here.
var sonicMissing = "bytedance/sonic is compared only on amd64 with AVX2, where it runs natively; not on this machine"

// lambdaType gives the aws-lambda-go type of a sample: by the longest file
// name prefix, else by the source ID evplugin detects. A sample with
// neither is left out (reported by TestLambdaSamples).
var lambdaTypes = map[string]func() any{
	// By source ID.
	"aws.mq.activemq":                   func() any { return new(events.ActiveMQEvent) },
	"aws.alb":                           func() any { return new(events.ALBTargetGroupRequest) },
	"aws.apigateway.authorizer.request": func() any { return new(events.APIGatewayCustomAuthorizerRequestTypeRequest) },
	"aws.apigateway.authorizer.token":   func() any { return new(events.APIGatewayCustomAuthorizerRequest) },
	"aws.apigateway.authorizer.http":    func() any { return new(events.APIGatewayV2CustomAuthorizerV2Request) },
	"aws.apigateway.rest":               func() any { return new(events.APIGatewayProxyRequest) },
	"aws.apigateway.http":               func() any { return new(events.APIGatewayV2HTTPRequest) },
	"aws.apigateway.websocket":          func() any { return new(events.APIGatewayWebsocketProxyRequest) },
	"aws.appsync.authorizer":            func() any { return new(events.AppSyncLambdaAuthorizerRequest) },
	"aws.eventbridge":                   func() any { return new(events.CloudWatchEvent) },
	"aws.sns":                           func() any { return new(events.SNSEvent) },
	"aws.cloudwatch.logs":               func() any { return new(events.CloudwatchLogsEvent) },
	"aws.codepipeline.job":              func() any { return new(events.CodePipelineJobEvent) },
	"aws.cognito.createauthchallenge":   func() any { return new(events.CognitoEventUserPoolsCreateAuthChallenge) },
	"aws.cognito.custommessage":         func() any { return new(events.CognitoEventUserPoolsCustomMessage) },
	"aws.cognito.defineauthchallenge":   func() any { return new(events.CognitoEventUserPoolsDefineAuthChallenge) },
	"aws.cognito.usermigration":         func() any { return new(events.CognitoEventUserPoolsMigrateUser) },
	"aws.cognito.postauthentication":    func() any { return new(events.CognitoEventUserPoolsPostAuthentication) },
	"aws.cognito.postconfirmation":      func() any { return new(events.CognitoEventUserPoolsPostConfirmation) },
	"aws.cognito.preauthentication":     func() any { return new(events.CognitoEventUserPoolsPreAuthentication) },
	"aws.cognito.presignup":             func() any { return new(events.CognitoEventUserPoolsPreSignup) },
	"aws.cognito.pretokengeneration":    func() any { return new(events.CognitoEventUserPoolsPreTokenGen) },
	"aws.cognito.pretokengeneration.v2": func() any { return new(events.CognitoEventUserPoolsPreTokenGenV2_0) },
	"aws.cognito.verifyauthchallenge":   func() any { return new(events.CognitoEventUserPoolsVerifyAuthChallenge) },
	"aws.config.rule":                   func() any { return new(events.ConfigEvent) },
	"aws.connect.contactflow":           func() any { return new(events.ConnectEvent) },
	"aws.dynamodb.stream":               func() any { return new(events.DynamoDBEvent) },
	"aws.kafka.msk":                     func() any { return new(events.KafkaEvent) },
	"aws.kinesis.stream":                func() any { return new(events.KinesisEvent) },
	"aws.kinesis.firehose":              func() any { return new(events.KinesisFirehoseEvent) },
	"aws.lambda.url":                    func() any { return new(events.LambdaFunctionURLRequest) },
	"aws.mq.rabbitmq":                   func() any { return new(events.RabbitMQEvent) },
	"aws.s3":                            func() any { return new(events.S3Event) },
	"aws.s3.batch":                      func() any { return new(events.S3BatchJobEvent) },
	"aws.s3.objectlambda":               func() any { return new(events.S3ObjectLambdaEvent) },
	"aws.secretsmanager.rotation":       func() any { return new(events.SecretsManagerSecretRotationEvent) },
	"aws.ses":                           func() any { return new(events.SimpleEmailEvent) },
	"aws.sqs":                           func() any { return new(events.SQSEvent) },
	// By file name, where aws-lambda-go has a type of its own.
	"apigw-v2-custom-authorizer-v1-request": func() any { return new(events.APIGatewayV2CustomAuthorizerV1Request) },
	"autoscaling-event":                     func() any { return new(events.AutoScalingEvent) },
	"codebuild-":                            func() any { return new(events.CodeBuildEvent) },
	"codedeploy-":                           func() any { return new(events.CodeDeployEvent) },
	"codepipeline-action-execution":         func() any { return new(events.CodePipelineEventBridgeEvent) },
	"codepipeline-execution":                func() any { return new(events.CodePipelineEventBridgeEvent) },
	"dynamodb-time-window":                  func() any { return new(events.DynamoDBTimeWindowEvent) },
	"ecr-image-push":                        func() any { return new(events.ECRImageActionEvent) },
	"ecr-image-scan":                        func() any { return new(events.ECRScanEvent) },
	"ecs-container-instance":                func() any { return new(events.ECSContainerInstanceEvent) },
	"kinesis-time-window":                   func() any { return new(events.KinesisTimeWindowEvent) },
	"s3-batch-job-event-request-2.0":        func() any { return new(events.S3BatchJobEventV2) },
}

func lambdaType(file, id string) func() any {
	best := ""
	for k := range lambdaTypes {
		if strings.HasPrefix(file, k) && len(k) > len(best) {
			best = k
		}
	}
	if best == "" {
		best = id
	}
	return lambdaTypes[best]
}

// lambdaSample is one aws-lambda-go sample of a registered source.
type lambdaSample struct {
	file string
	raw  []byte
	new  func() any // its aws-lambda-go type
}

// sourceSamples are the samples of one source ID.
type sourceSamples struct {
	id      string
	samples []lambdaSample
}

var lambdaSamples = sync.OnceValues(func() (lambdaLoad, error) {
	srcs, left, err := loadLambdaSamples()
	return lambdaLoad{srcs, left}, err
})

type lambdaLoad struct {
	sources []sourceSamples
	left    []string // the samples left out, with the reason
}

// lambdaSamplesDir is aws-lambda-go's events/testdata, in the module
// cache (EVPLUGIN_LAMBDA_SAMPLES overrides it).
func lambdaSamplesDir() (string, error) {
	if d := os.Getenv("EVPLUGIN_LAMBDA_SAMPLES"); d != "" {
		return d, nil
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/aws/aws-lambda-go").Output()
	if err != nil {
		return "", fmt.Errorf("locating aws-lambda-go (set EVPLUGIN_LAMBDA_SAMPLES): %v", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "events", "testdata"), nil
}

// loadLambdaSamples reads every aws-lambda-go sample evplugin detects as a
// registered source and decodes, and that the baseline decodes into its
// aws-lambda-go type, grouped by source ID in ID order; the others are
// returned as reasons.
func loadLambdaSamples() ([]sourceSamples, []string, error) {
	dir, err := lambdaSamplesDir()
	if err != nil {
		return nil, nil, err
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		return nil, nil, fmt.Errorf("no samples in %s: %v", dir, err)
	}
	byID := map[string]*sourceSamples{}
	var left []string
	for _, f := range files {
		name := filepath.Base(f)
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		id, err := evplugin.Detect(raw)
		if err != nil {
			left = append(left, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		if _, err := evplugin.Decode(raw); err != nil {
			left = append(left, fmt.Sprintf("%s: %s: %v", name, id, err))
			continue
		}
		newT := lambdaType(name, id)
		if newT == nil {
			left = append(left, fmt.Sprintf("%s: %s has no aws-lambda-go type here", name, id))
			continue
		}
		if err := stdjson.Unmarshal(raw, newT()); err != nil {
			left = append(left, fmt.Sprintf("%s: baseline: %v", name, err))
			continue
		}
		s := byID[id]
		if s == nil {
			s = &sourceSamples{id: id}
			byID[id] = s
		}
		s.samples = append(s.samples, lambdaSample{name, raw, newT})
	}
	var out []sourceSamples
	for _, s := range byID {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b sourceSamples) int { return strings.Compare(a.id, b.id) })
	return out, left, nil
}

// TestLambdaSamples holds BenchmarkPeers to its promise: the aws-lambda-go
// samples it leaves out are those of no registered source (no response
// payloads, no event evplugin has no source for) or invalid JSON, and
// every peer decodes
// the rest.
func TestLambdaSamples(t *testing.T) {
	l, err := lambdaSamples()
	if err != nil {
		t.Fatal(err)
	}
	srcs, left := l.sources, l.left
	n := 0
	for _, s := range srcs {
		n += len(s.samples)
		for _, x := range s.samples {
			for _, p := range peers {
				if err := p.unmarshal(x.raw, x.new()); err != nil {
					t.Errorf("%s: %s: %v", x.file, p.name, err)
				}
			}
			if _, err := registry.Default.DecodeAs(s.id, x.raw); err != nil {
				t.Errorf("%s: DecodeAs(%s): %v", x.file, s.id, err)
			}
		}
	}
	for _, why := range left {
		if !strings.Contains(why, "unknown source") && !strings.Contains(why, "invalid JSON") {
			t.Errorf("left out: %s", why)
		}
	}
	t.Logf("%d samples of %d sources; %d samples of no registered source left out", n, len(srcs), len(left))
	if len(srcs) < 30 {
		t.Errorf("only %d sources have aws-lambda-go samples", len(srcs))
	}
}

// BenchmarkPeers decodes every aws-lambda-go sample of each registered
// source, all of one source in each loop: with the baseline, the peers
// (goccy/go-json, bytedance/sonic) into aws-lambda-go's types, and with
// evplugin: Decode (detection and lossless decoding), DecodeAs (the type
// known, no check of the rule) and Handle (the type known, the source's
// rule checked: Registry.DecodeMatch, as evplugin.Handle does). The decoders of one source run
// one after the other, so that a busy machine slows them alike;
// cmd/ratios reports evplugin's times as ratios to the peers'.
func BenchmarkPeers(b *testing.B) {
	l, err := lambdaSamples()
	if err != nil {
		b.Fatal(err)
	}
	srcs := l.sources
	reg := registry.Default
	for _, s := range srcs {
		b.Run(s.id, func(b *testing.B) {
			size := 0
			for _, x := range s.samples {
				size += len(x.raw)
			}
			run := func(name string, fn func(x *lambdaSample) error) {
				b.Run(name, func(b *testing.B) {
					// A first pass outside the timing: sonic compiles
					// its decoder of a type on first use.
					for i := range s.samples {
						if err := fn(&s.samples[i]); err != nil {
							b.Fatalf("%s: %v", s.samples[i].file, err)
						}
					}
					b.ReportAllocs()
					b.SetBytes(int64(size))
					for b.Loop() {
						for i := range s.samples {
							if err := fn(&s.samples[i]); err != nil {
								b.Fatalf("%s: %v", s.samples[i].file, err)
							}
						}
					}
				})
			}
			for _, p := range peers {
				run(p.name, func(x *lambdaSample) error { return p.unmarshal(x.raw, x.new()) })
			}
			if sonicMissing != "" {
				b.Run("sonic", func(b *testing.B) { b.Skip(sonicMissing) })
			}
			run("decode", func(x *lambdaSample) error { _, err := evplugin.Decode(x.raw); return err })
			run("decodeas", func(x *lambdaSample) error { _, err := reg.DecodeAs(s.id, x.raw); return err })
			run("handle", func(x *lambdaSample) error { _, err := reg.DecodeMatch(s.id, x.raw); return err })
		})
	}
}
