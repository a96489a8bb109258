// Package lossless is evplugin's JSON codec: it decodes events into typed
// Go structs and marshals them back to JSON equal to what came, unknown
// members, nulls and number digits included.
//
// A struct opts in by embedding [Extra], which keeps what the struct does not
// model and remembers which modelled members came and which were null.
// [Check] verifies that every type such a struct holds can keep the promise
// (registry.Register calls it, so a broken source type is refused at init).
// [Unmarshal] decodes bytes (the hot path, a decoder compiled once per type),
// [DecodeMapInto] and [FromValue] decoded JSON values, [Marshal] encodes;
// all three follow the same compiled codecs, so they agree, and
// lossless/refcodec, a reference decoder on go-json-experiment, holds them
// to it. Types that do not embed Extra decode through mapstructure ([Into]),
// which is not lossless.
//
// Handlers give members an explicit state with [Set], [SetNull] and
// [Remove]; tests compare values with [Equal], which ignores what an Extra
// remembers (reflect.DeepEqual does not).
//
// The package imports nothing else of this module but its JSON scanner
// and epoch parser.
package lossless
