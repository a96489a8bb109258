// Package sources holds the built-in event sources, one package per AWS
// service (sources/sqs, sources/apigateway, ...); sources/all imports them
// all. This package holds only the conventions they share and the priority
// bands their rules use.
//
// # Types
//
// Every struct that models a JSON object embeds [lossless.Extra], which
// keeps the members the struct does not model and remembers null and absent
// ones, so a decoded event marshals back to JSON equal to its input.
// registry.Register checks the whole type with [lossless.Check] and refuses
// what cannot round-trip (a nested struct without Extra, floats, []byte,
// arrays, tag options), and sources/all's TestInvariants walks every
// registered type. Field names use Go initialisms (MessageID,
// EventSourceARN); the json tag spells the AWS key byte for byte, without
// options. Optional nested objects are pointers, header-like maps are
// map[string]string, free-form JSON is map[string]any (numbers as
// encoding/json.Number) or encoding/json.RawMessage, numbers whose digits
// matter are encoding/json.Number, integers int64, timestamps keep their
// text (a method parses them). Secrets carry the tag sensitive:"true".
//
// Every struct embedding [lossless.Extra] implements json.Marshaler and
// json.Unmarshaler with [lossless.Marshal] and [lossless.Unmarshal], so
// encoding/json (which aws-lambda-go's lambda.Start uses) is lossless on the
// event and on any type inside it alone: one SQS message, one DynamoDB
// record. The methods are generated, never written by hand: each source
// package carries the line
//
//	//go:generate go run ../internal/genlossless
//
// and commits the zz_lossless.go it writes; a test fails when a committed
// file is stale or missing.
//
// Handlers that must write a member as an explicit false or "" (or null, or
// not at all) use [lossless.Set], [lossless.SetNull] and [lossless.Remove];
// tests compare hand-built events with [lossless.Equal].
//
// # Derived values
//
// A derived value (a decoded body, a parsed ARN, a decompressed payload) is a
// method returning (T, error), or, to decode into the caller's value,
// func(v any) error. A type names the ones the printer shows beside its raw
// fields in a directive of its doc comment, and go generate writes the
// method Derived() []printer.Derived (a [printer.Deriver]) into
// zz_lossless.go, as method values the compiler checks:
//
//	//evplugin:derived Payload QueueURL
//	type Message struct { ... }
//
// A name without such a method fails go generate. A type whose derived
// values depend on its data (sns.MessageAttribute) writes Derived by hand,
// with printer.Derive and printer.DeriveInto, and so does one whose derived
// value can be far larger than the event (cloudwatch.LogsData): with
// printer.DeriveWithin, it decodes no more than the printer's budget shows.
//
// One that fails prints as "[Cannot be deserialized]", but an empty body
// decoded as JSON (body.ErrEmpty) is nothing to decode, and prints nothing. Derived methods and
// the methods they list must have no side effects. A type that defines
// Derived and embeds a type with Derived hides the embedded one's, so it
// lists them itself: append(e.Envelope.Derived(), ...). A test in
// sources/all walks every registered type and fails when one is missing.
//
// # Tests
//
// One table in sources/all (all_test.go) drives the tests every source
// shares: a row per source ID names its reference samples (and the source
// it refines, if any). For each registered source, every reference sample of
// its row and every payload of testdata/events/<id>/ is detected, alone and
// among all sources, and round-trips on both decode paths; the printed view
// of each payload of testdata/events/<id>/ is compared with
// sources/all/testdata/golden/<id>/<name>.txt, which `go test ./sources/all
// -run TestSources -update` rewrites. A new source needs its row, its
// payloads, and its golden files; its package tests only its helpers.
//
// # Priorities
//
// The highest-priority matching rule wins and equal priorities that both
// match are an error, so the bands below keep overlaps decidable:
//
//	PriorityPlugin   1000  plugins refining a built-in source
//	PriorityRecord    300  Records[0] carrying an exact eventSource
//	PriorityExact     200  an exact discriminator value at the top level
//	PrioritySpecific  150  EventBridge events with a known source and detail-type
//	PriorityShape     100  a distinctive set of keys (API Gateway, ALB, ...)
//	PriorityGeneric    10  generic shapes (any EventBridge event)
//
// A source may add a small offset inside its band to refine a sibling, for
// example a Lambda function URL (PriorityShape+10) over the HTTP API shape it
// shares.
//
// # Adding a source
//
//  1. Find the source in SOURCES.md (its ID and AWS documentation page) and
//     its package: the service's sources/<service>, or a new one, one
//     package per service. The package doc maps each type to its ID and
//     page.
//  2. Model the event as described under Types: a struct per JSON object,
//     each embedding [lossless.Extra]; registration refuses what
//     [lossless.Check] finds cannot round-trip, naming the type and field.
//  3. Register it from init, at the top of the package's main file, with
//     [Register] (see its example) and the rule constructors of package
//     registry (PathEquals, PathExists, PathAbsent, PathPrefix,
//     PathContains; All, Any, Rule.And, Rule.AndAny), at a priority from
//     the bands under Priorities.
//  4. Put //go:generate go run ../internal/genlossless under the package
//     clause of that file, run go generate ./sources/<service>, and commit
//     zz_lossless.go. Run it again whenever a type is added or renamed.
//  5. Write derived values as described under Derived values: methods,
//     named in an //evplugin:derived directive on the type.
//  6. Import no other source package, so a handler of this source links and
//     initialises nothing else; shared code goes to sources/internal. (One
//     exception stands: sources/lambdaurl reuses the request types of
//     sources/apigateway, so a function URL handler registers the API
//     Gateway sources too; and sources/s3 embeds eventbridge.Envelope in
//     its EventBridge event type, so an S3 handler registers
//     aws.eventbridge too.)
//  7. Add payloads to testdata/events/<id>/ (at least one, with the keys
//     AWS sends that the samples lack), blank-import the package in
//     sources/all, and set the source's reference samples in the table of
//     sources/all's tests.
//  8. Run go test ./sources/all -run TestSources -update and read the new
//     golden views; the table's tests then detect every payload (alone and
//     among all sources), round-trip it on both paths and through
//     encoding/json (every type inside it alone too), and TestInvariants
//     and TestDerivedValues walk the new types. The package's own tests
//     cover its helpers on real values.
//  9. Add the source to the Sources table of the README.
package sources

// Priority bands of the built-in rules; see the package documentation.
const (
	PriorityPlugin   = 1000
	PriorityRecord   = 300
	PriorityExact    = 200
	PrioritySpecific = 150
	PriorityShape    = 100
	PriorityGeneric  = 10
)
