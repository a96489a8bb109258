// Package examples holds runnable Lambda handlers written with evplugin,
// one main package per directory, each tested through aws-lambda-go's
// lambda.NewHandler(...).Invoke with a realistic payload:
//
//   - sqs-batch: an SQS queue with partial batch failures (sources/batch);
//   - http-api: an HTTP API in front of a net/http mux (evplugin.HTTPHandler);
//   - cognito-presignup: a Cognito trigger returning the event it was given,
//     modified;
//   - custom-source: a source of your own, a plain tagged struct registered
//     in-process;
//   - plugin: a plugin loaded at start (plugins.Open), its events decoded
//     and logged masked.
//
// It is a module of its own, so the main module does not depend on
// aws-lambda-go. Run the tests with `cd examples && go test ./...`.
package examples
