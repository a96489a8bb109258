// Package all imports every built-in source, registering each with
// registry.Default. `evplugin sources` lists their IDs.
package all

import (
	_ "github.com/evplugin/evplugin/sources/alb"
	_ "github.com/evplugin/evplugin/sources/apigateway"
	_ "github.com/evplugin/evplugin/sources/appsync"
	_ "github.com/evplugin/evplugin/sources/bedrock"
	_ "github.com/evplugin/evplugin/sources/cloudformation"
	_ "github.com/evplugin/evplugin/sources/cloudwatch"
	_ "github.com/evplugin/evplugin/sources/codedeploy"
	_ "github.com/evplugin/evplugin/sources/codepipeline"
	_ "github.com/evplugin/evplugin/sources/cognito"
	_ "github.com/evplugin/evplugin/sources/config"
	_ "github.com/evplugin/evplugin/sources/connect"
	_ "github.com/evplugin/evplugin/sources/dynamodb"
	_ "github.com/evplugin/evplugin/sources/eventbridge"
	_ "github.com/evplugin/evplugin/sources/firehose"
	_ "github.com/evplugin/evplugin/sources/iot"
	_ "github.com/evplugin/evplugin/sources/kafka"
	_ "github.com/evplugin/evplugin/sources/kinesis"
	_ "github.com/evplugin/evplugin/sources/lambdaurl"
	_ "github.com/evplugin/evplugin/sources/mq"
	_ "github.com/evplugin/evplugin/sources/s3"
	_ "github.com/evplugin/evplugin/sources/secretsmanager"
	_ "github.com/evplugin/evplugin/sources/ses"
	_ "github.com/evplugin/evplugin/sources/sns"
	_ "github.com/evplugin/evplugin/sources/sqs"
	_ "github.com/evplugin/evplugin/sources/transfer"
	_ "github.com/evplugin/evplugin/sources/vpclattice"
)
