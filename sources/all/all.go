// Package all imports every built-in source, registering each with
// registry.Default.
package all

import (
	_ "github.com/evplugin/evplugin/sources/apigateway"  // aws.apigateway.rest, aws.apigateway.http
	_ "github.com/evplugin/evplugin/sources/cloudwatch"  // aws.cloudwatch.logs
	_ "github.com/evplugin/evplugin/sources/cognito"     // aws.cognito.presignup
	_ "github.com/evplugin/evplugin/sources/dynamodb"    // aws.dynamodb.stream
	_ "github.com/evplugin/evplugin/sources/eventbridge" // aws.eventbridge
	_ "github.com/evplugin/evplugin/sources/firehose"    // aws.kinesis.firehose
	_ "github.com/evplugin/evplugin/sources/kinesis"     // aws.kinesis.stream
	_ "github.com/evplugin/evplugin/sources/lambdaurl"   // aws.lambda.url
	_ "github.com/evplugin/evplugin/sources/s3"          // aws.s3, aws.s3.test
	_ "github.com/evplugin/evplugin/sources/sns"         // aws.sns
	_ "github.com/evplugin/evplugin/sources/sqs"         // aws.sqs
)
